export * from './cloud-init-files';
