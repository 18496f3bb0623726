import { missingHostKeyWarning } from '../rules/ssh-key';
import { AllSettings, EnvironmentName } from './load';

/** A node Terraform reaches over SSH without a host key to verify. */
export interface UnverifiedSshNode {
  readonly environment: EnvironmentName;
  readonly hostname: string;
  readonly address: string;
  /** One sentence: what is at risk and how to fix it. */
  readonly warning: string;
}

/**
 * Every node the stacks reach over SSH whose settings have no
 * `ssh_host_key`: the SSH clusters' nodes, and k3s-homelab's server when
 * Terraform installs it or runs the Tailscale subnet router on it.
 */
export function sshNodesWithoutHostKey(all: AllSettings): UnverifiedSshNode[] {
  const nodes: { environment: EnvironmentName; hostname: string; address: string; hostKey?: string }[] = [];
  for (const environment of ['chocolandiadc', 'chocolandiadc-mvp', 'k3s-gitops'] as const) {
    const s = all[environment];
    for (const n of [...s.controlPlaneNodes, ...s.workerNodes]) nodes.push({ environment, hostname: n.hostname, address: n.ipAddress, hostKey: n.sshHostKey });
  }
  const homelab = all['k3s-homelab'];
  if (!homelab.server.existing || homelab.tailscaleSubnetRouter) {
    const s = homelab.server;
    nodes.push({ environment: 'k3s-homelab', hostname: s.hostname, address: s.ipAddress, hostKey: s.sshHostKey });
  }
  return nodes.filter((n) => n.hostKey === undefined).map(({ environment, hostname, address }) => ({
    environment, hostname, address, warning: missingHostKeyWarning(hostname, address),
  }));
}
