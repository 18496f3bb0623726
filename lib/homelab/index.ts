export * from './homelab-server';
export * from './node-onboarding';
export * from './tailscale-subnet-router';
