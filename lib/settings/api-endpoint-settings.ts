import { z } from 'zod';
import { API_ADDRESS_RULE, INTERFACE_RULE, isDnsName, isInterfaceName, isIpv4 } from '../rules/network';
import { plainString } from './rules';

/**
 * The optional `api_endpoint` block of the SSH clusters: one address for
 * the Kubernetes API that survives the loss of the first server. Either a
 * virtual IP that kube-vip announces from the servers (`kube_vip`), or a
 * DNS name / load balancer the user runs. Unset: the first server's IP, as
 * the seeds have it.
 */
export const apiEndpointSchema = z
  .object({
    address: plainString.refine((s) => isIpv4(s) || isDnsName(s), API_ADDRESS_RULE).describe("IPv4 address or DNS name (no scheme, no port) of the API, port 6443. With kube_vip: a free address on the servers' LAN, not a node's own."),
    /** kube-vip on the servers announces `address` (ARP) on this interface. */
    kube_vip: z.object({ interface: plainString.refine(isInterfaceName, INTERFACE_RULE).describe("The servers' network interface that holds the address (eth0, enp1s0).") }).strict().optional().describe("kube-vip on the servers announces address by ARP (pinned image, RBAC and DaemonSet in K3s's auto-deploy directory). Omit it for a DNS name or a load balancer you run."),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.kube_vip && !isIpv4(e.address)) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'must be an IPv4 address when kube_vip announces it (a free address on the servers\' network)' });
    }
  });

export type ApiEndpointInput = z.infer<typeof apiEndpointSchema>;

export interface ApiEndpointSettings {
  /** IPv4 address or DNS name of the Kubernetes API (port 6443). */
  readonly address: string;
  /** Set when kube-vip on the servers announces `address`. */
  readonly kubeVipInterface?: string;
}

export function toApiEndpointSettings(input: ApiEndpointInput): ApiEndpointSettings {
  return { address: input.address, ...(input.kube_vip ? { kubeVipInterface: input.kube_vip.interface } : {}) };
}

/** The address must not be one of the nodes' own. */
export function checkApiEndpoint(input: ApiEndpointInput, nodeIps: readonly string[], report: (p: { path: string; value: unknown; rule: string }) => void): void {
  if (input.kube_vip && nodeIps.includes(input.address)) {
    report({ path: 'api_endpoint.address', value: input.address, rule: 'must be a free address, not a node\'s own: kube-vip moves it between the servers' });
  }
}
