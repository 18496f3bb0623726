export * from './ssh';
export * from './bootstrap-scripts';
export * from './node-config';
export * from './token';
export * from './node';
export * from './kubeconfig';
export * from './cluster';
