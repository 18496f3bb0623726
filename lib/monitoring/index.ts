export * from './alert-rules';
export * from './alertmanager-receivers';
export * from './k3s-components';
export * from './kube-prometheus-stack';
export * from './monitor-selection';
