export * from './k3s-vm';
export * from './k3s-sandbox';
