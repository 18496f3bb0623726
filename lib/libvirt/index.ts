export * from './cloud-init-files';
export * from './k3s-vm';
export * from './k3s-sandbox';
