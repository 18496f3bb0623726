/**
 * Every resource address a stack can hold: users rely on them (`-target`,
 * `-replace`, `tofu state mv`, moved blocks, the docs), so they are made in
 * one place and read back in the same place. Constructs name their resources
 * with `SHAPE.name(...)`; the review, the e2e harness and the other tools
 * ask `classifyAddress` what an address is (a node's install, its upgrade,
 * ...) instead of matching names of their own. A new kind of address is a
 * new shape here, and `__tests__/core/addresses.test.ts` fails on any
 * synthesized address no shape knows.
 *
 * Plain data: no cdktf, no providers (tools import it).
 */

export type NodeRole = 'server' | 'agent';

/** What an address is; the review and the harness decide by it. */
export type AddressKind =
  // lib/k3s
  | 'node-install' | 'node-upgrade' | 'cluster-token' | 'agent-token'
  | 'kubeconfig-fetch' | 'kubeconfig-fetched' | 'kubeconfig' | 'kubeconfig-endpoint'
  // lib/monitoring
  | 'monitoring-namespace' | 'kube-prometheus-stack' | 'grafana-admin-password' | 'alertmanager-receivers'
  // lib/platform
  | 'platform-namespace' | 'default-deny' | 'cert-manager' | 'argocd' | 'argocd-apps' | 'grafana-admin-secret' | 'route'
  | 'longhorn-backup-values' | 'longhorn-backup-credentials'
  // lib/gitops, lib/ingress, lib/homelab
  | 'flux' | 'flux-sync' | 'sops-age' | 'ingress-nginx' | 'longhorn-disks' | 'longhorn-labels' | 'user-data' | 'tailscale-subnet-router'
  // lib/libvirt
  | 'base-image' | 'vm-disk' | 'vm-cloudinit' | 'vm';

/**
 * What fills a name template's placeholders:
 * - `{hostname}`: a node's hostname as it is (`k3s-node_install`);
 * - `{node_}`: a node's or VM's name with `-` written `_` (DNS labels have no `_`, so it reads back exactly);
 * - `{role}`: `server` or `agent`;
 * - `{namespace_}`, `{route_}`: a namespace's or route's name with `-` written `_`.
 */
export interface AddressParams {
  readonly hostname?: string;
  readonly role?: NodeRole;
  readonly namespace?: string;
  readonly route?: string;
}

/** What an address says about itself. */
export interface ClassifiedAddress {
  readonly kind: AddressKind;
  /** The node (hostname) or VM the resource belongs to. */
  readonly node?: string;
  /** A node install's role, when its name says it (seed 001's `_k3s_server`/`_k3s_agent`). */
  readonly role?: NodeRole;
  /** The namespace (platform-namespace, default-deny) or route (route) it is named after. */
  readonly name?: string;
}

const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const LABEL_ = '[a-z0-9](?:[a-z0-9_]*[a-z0-9])?';
const PLACEHOLDERS: Record<string, { readonly re: string; readonly param: keyof AddressParams; readonly underscored: boolean }> = {
  '{hostname}': { re: LABEL, param: 'hostname', underscored: false },
  '{node_}': { re: LABEL_, param: 'hostname', underscored: true },
  '{role}': { re: 'server|agent', param: 'role', underscored: false },
  '{namespace_}': { re: LABEL_, param: 'namespace', underscored: true },
  '{route_}': { re: LABEL_, param: 'route', underscored: true },
};

/** One shape of address: a resource type and a name template. */
export class AddressShape {
  private readonly re: RegExp;
  private readonly params: (keyof AddressParams)[] = [];

  constructor(
    readonly kind: AddressKind,
    /** The resource type, e.g. `null_resource`. */
    readonly type: string,
    /** The resource name, with placeholders (see AddressParams). */
    readonly template: string,
    /** A data source (`data.<type>.<name>`). */
    readonly data = false,
  ) {
    const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[a-z_]+\}/g, (p) => {
      const ph = PLACEHOLDERS[p];
      if (!ph) throw new Error(`address template ${template}: unknown placeholder ${p}`);
      this.params.push(ph.param);
      return `(${ph.re})`;
    });
    this.re = new RegExp(`^${data ? 'data\\.' : ''}${type}\\.${source}$`);
  }

  /** The resource name (the logical id a construct sets), e.g. `master1_install`. */
  name(params: AddressParams = {}): string {
    return this.template.replace(/\{[a-z_]+\}/g, (p) => {
      const ph = PLACEHOLDERS[p];
      const value = params[ph.param];
      if (value === undefined) throw new Error(`address ${this.template} needs ${ph.param}`);
      return ph.underscored ? value.replace(/-/g, '_') : value;
    });
  }

  /** The full address, e.g. `null_resource.master1_install`. */
  address(params: AddressParams = {}): string {
    return `${this.data ? 'data.' : ''}${this.type}.${this.name(params)}`;
  }

  /** What `address` says, when it has this shape. */
  match(address: string): ClassifiedAddress | undefined {
    const m = this.re.exec(address);
    if (!m) return undefined;
    const values: Record<string, string> = {};
    this.params.forEach((param, i) => (values[param] = m[i + 1].replace(/_/g, '-')));
    return {
      kind: this.kind,
      ...(values.hostname !== undefined ? { node: values.hostname } : {}),
      ...(values.role !== undefined ? { role: values.role as NodeRole } : {}),
      ...((values.namespace ?? values.route) !== undefined ? { name: values.namespace ?? values.route } : {}),
    };
  }
}

/** Install name templates: the default, and seed 001's (chocolandiadc-mvp: `master1_k3s_server`, `nodo1_k3s_agent`). */
export const INSTALL_NAME = '{hostname}_install';
export const INSTALL_NAME_SEED_001 = '{hostname}_k3s_{role}';
export type InstallNameTemplate = typeof INSTALL_NAME | typeof INSTALL_NAME_SEED_001;

const shape = (kind: AddressKind, type: string, template: string, data = false) => new AddressShape(kind, type, template, data);

/** Every address a stack can hold, by shape. */
export const ADDRESSES = {
  // A node's install: replaced only when its identity changes (that reinstalls K3s), so the review warns.
  nodeInstall: shape('node-install', 'null_resource', INSTALL_NAME),
  nodeInstallSeed001: shape('node-install', 'null_resource', INSTALL_NAME_SEED_001),
  nodeUpgrade: shape('node-upgrade', 'null_resource', '{hostname}_upgrade'),
  clusterToken: shape('cluster-token', 'random_password', 'cluster_token'),
  agentToken: shape('agent-token', 'random_password', 'agent_token'),
  kubeconfigFetch: shape('kubeconfig-fetch', 'null_resource', 'kubeconfig_fetch'),
  kubeconfigFetched: shape('kubeconfig-fetched', 'local_sensitive_file', 'kubeconfig_fetched', true),
  kubeconfig: shape('kubeconfig', 'local_file', 'kubeconfig'),
  /** With an announced API address (kube-vip): points the fetched copy, and so the providers, at it once it answers. */
  kubeconfigEndpoint: shape('kubeconfig-endpoint', 'null_resource', 'kubeconfig_endpoint'),

  monitoringNamespace: shape('monitoring-namespace', 'kubernetes_namespace', 'monitoring'),
  kubePrometheusStack: shape('kube-prometheus-stack', 'helm_release', 'kube_prometheus_stack'),
  /** kube-prometheus-stack's (chocolandiadc) or the platform's (k3s-gitops): one per stack. */
  grafanaAdminPassword: shape('grafana-admin-password', 'random_password', 'grafana_admin_password'),
  alertmanagerReceivers: shape('alertmanager-receivers', 'kubernetes_secret_v1', 'alertmanager_receivers'),

  platformNamespace: shape('platform-namespace', 'kubernetes_namespace_v1', 'platform_namespace_{namespace_}'),
  defaultDeny: shape('default-deny', 'kubernetes_network_policy_v1', 'default_deny_{namespace_}'),
  certManager: shape('cert-manager', 'helm_release', 'cert_manager'),
  argocd: shape('argocd', 'helm_release', 'argocd'),
  argocdApps: shape('argocd-apps', 'helm_release', 'argocd_apps'),
  grafanaAdminSecret: shape('grafana-admin-secret', 'kubernetes_secret_v1', 'grafana_admin'),
  /** <name>.<domain>; listed before `route`, whose template also matches it. */
  routeSubdomain: shape('route', 'kubernetes_ingress_v1', 'route_{route_}_subdomain'),
  route: shape('route', 'kubernetes_ingress_v1', 'route_{route_}'),
  /** Longhorn chart values (backup target, recurring jobs) the Git HelmRelease reads; the review describes its changes. */
  longhornBackupValues: shape('longhorn-backup-values', 'kubernetes_config_map_v1', 'longhorn_backup_values'),
  longhornBackupCredentials: shape('longhorn-backup-credentials', 'kubernetes_secret_v1', 'longhorn_backup_credentials'),

  flux: shape('flux', 'helm_release', 'flux2'),
  fluxSync: shape('flux-sync', 'helm_release', 'flux2_sync'),
  sopsAge: shape('sops-age', 'kubernetes_secret_v1', 'sops_age'),
  ingressNginx: shape('ingress-nginx', 'helm_release', 'ingress_nginx'),
  longhornDisks: shape('longhorn-disks', 'kubernetes_annotations', '{node_}_longhorn_disks'),
  longhornLabels: shape('longhorn-labels', 'kubernetes_labels', '{node_}_longhorn_labels'),
  userData: shape('user-data', 'local_sensitive_file', 'user_data_{node_}'),
  tailscaleSubnetRouter: shape('tailscale-subnet-router', 'null_resource', 'tailscale_subnet_router'),

  baseImage: shape('base-image', 'libvirt_volume', 'base_image'),
  vmDisk: shape('vm-disk', 'libvirt_volume', '{node_}_disk'),
  vmCloudinit: shape('vm-cloudinit', 'libvirt_cloudinit_disk', '{node_}_cloudinit'),
  vm: shape('vm', 'libvirt_domain', '{node_}'),
} as const;

/** Every shape, in the order classifyAddress tries them (the first that matches wins). */
export const ADDRESS_SHAPES: readonly AddressShape[] = Object.values(ADDRESSES);

/** The name templates a K3sCluster may give its nodes' installs. */
export const INSTALL_NAME_TEMPLATES: readonly string[] = ADDRESS_SHAPES.filter((s) => s.kind === 'node-install').map((s) => s.template);

/** What `address` (`type.name` or `data.type.name`) is; undefined for an address no shape knows. */
export function classifyAddress(address: string): ClassifiedAddress | undefined {
  for (const s of ADDRESS_SHAPES) {
    const c = s.match(address);
    if (c) return c;
  }
  return undefined;
}

/** A K3s node's install resource (replacing it uninstalls and reinstalls K3s there). */
export const isNodeInstall = (address: string): boolean => classifyAddress(address)?.kind === 'node-install';

/** The install address of `hostname` under a K3sCluster's name template. */
export function nodeInstallAddress(hostname: string, role?: NodeRole, template: InstallNameTemplate = INSTALL_NAME): string {
  return installShape(template).address({ hostname, role });
}

/** The install's resource name (logical id) of `hostname` under a K3sCluster's name template. */
export function nodeInstallName(hostname: string, role: NodeRole, template: InstallNameTemplate = INSTALL_NAME): string {
  return installShape(template).name({ hostname, role });
}

function installShape(template: string): AddressShape {
  const s = ADDRESS_SHAPES.find((x) => x.kind === 'node-install' && x.template === template);
  if (!s) throw new Error(`install name template ${template}: must be one of ${INSTALL_NAME_TEMPLATES.join(', ')}`);
  return s;
}
