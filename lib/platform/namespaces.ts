import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { dependOn } from '../core/depends-on';
import { validator } from '../core/validation';
import { DNS_LABEL_RULE, isDnsLabel } from '../rules/network';
import { PlatformOptions } from './catalogue';

export interface PlatformNamespacesProps {
  /** The namespaces to create, each once. */
  readonly names: readonly string[];
  /** The Pod Security level enforced in them (seed 004's security.podSecurityStandard); `restricted` is always warned about. */
  readonly podSecurityStandard: PlatformOptions['podSecurityStandard'];
  /**
   * Namespaces that enforce `privileged` whatever the level: node-exporter
   * (monitoring) needs the host's namespaces and paths.
   * @default ['monitoring']
   */
  readonly privileged?: readonly string[];
  /** What must exist first (the cluster and its kubeconfig). @default - nothing */
  readonly after?: ITerraformDependable[];
}

/**
 * The platform's namespaces, `kubernetes_namespace_v1.platform_namespace_<name>`,
 * with Pod Security admission labels. Resources of `scope` (not a construct
 * of their own): their construct paths, and so the JSON, stay as they were
 * when K3sPlatform created them itself.
 */
export function platformNamespaces(scope: Construct, props: PlatformNamespacesProps): Readonly<Record<string, NamespaceV1>> {
  const { fail } = validator(scope);
  const seen = new Set<string>();
  for (const name of props.names) {
    if (!isDnsLabel(name)) fail('namespaces', name, DNS_LABEL_RULE);
    if (seen.has(name)) fail('namespaces', name, 'must be listed once, used twice');
    seen.add(name);
  }
  const privileged = new Set(props.privileged ?? ['monitoring']);
  return Object.fromEntries(props.names.map((name) => {
    const ns = new NamespaceV1(scope, `ns-${name}`, {
      metadata: {
        name,
        labels: {
          'pod-security.kubernetes.io/enforce': privileged.has(name) ? 'privileged' : props.podSecurityStandard,
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    });
    ns.overrideLogicalId(ADDRESSES.platformNamespace.name({ namespace: name }));
    dependOn(ns, props.after ?? []);
    return [name, ns];
  }));
}
