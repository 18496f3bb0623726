export * from './node-onboarding';
export * from './tailscale-subnet-router';
