import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { dependOn } from '../core/depends-on';
import { validator } from '../core/validation';
import { isTcpPort, TCP_PORT_RULE } from '../rules/network';

export interface DefaultDenyIngressProps {
  /** The namespaces to close, by name (each policy waits for its namespace). */
  readonly namespaces: Readonly<Record<string, NamespaceV1>>;
  /** The ingress controller's namespace: its pods may reach every namespace. */
  readonly ingressControllerNamespace: string;
  /**
   * A port per namespace that host processes may reach from any address:
   * the API server (a host process, from any server's address) calling a webhook.
   * @default - none
   */
  readonly hostPorts?: Readonly<Record<string, number>>;
}

/**
 * `kubernetes_network_policy_v1.default_deny_<namespace>`: ingress traffic
 * denied in each namespace except from the namespace itself, the ingress
 * controller and, on its one port, the host. Resources of `scope` (see
 * platformNamespaces).
 */
export function defaultDenyIngress(scope: Construct, props: DefaultDenyIngressProps): NetworkPolicyV1[] {
  const { fail } = validator(scope);
  for (const [name, port] of Object.entries(props.hostPorts ?? {})) {
    if (!props.namespaces[name]) fail('hostPorts', name, `must name a namespace of the policies: ${Object.keys(props.namespaces).join(', ')}`);
    if (!isTcpPort(port)) fail(`hostPorts.${name}`, port, TCP_PORT_RULE);
  }
  return Object.entries(props.namespaces).map(([name, namespace]) => {
    const hostPort = props.hostPorts?.[name];
    const policy = new NetworkPolicyV1(scope, `deny-${name}`, {
      metadata: { name: 'default-deny-ingress', namespace: name },
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { podSelector: {} },
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': props.ingressControllerNamespace } } },
            ],
          },
          ...(hostPort !== undefined ? [{
            from: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
            ports: [{ port: String(hostPort), protocol: 'TCP' }],
          }] : []),
        ],
      },
    });
    policy.overrideLogicalId(ADDRESSES.defaultDeny.name({ namespace: name }));
    dependOn(policy, [namespace]);
    return policy;
  });
}
