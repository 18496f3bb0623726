export * from './problems';
export * from './cluster-settings';
export * from './load';
export * from './environment-kind';
export * from './sandbox-settings';
export * from './homelab-settings';
export * from './platform-settings';
export * from './gitops-settings';
