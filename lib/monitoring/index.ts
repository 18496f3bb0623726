export * from './kube-prometheus-stack';
