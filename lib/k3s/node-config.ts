import { stringify } from 'yaml';

/** bootstrap/cluster-config.yaml, parsed: K3s config keys by section. */
export interface K3sConfigTemplate {
  readonly common?: Record<string, unknown>;
  readonly server?: Record<string, unknown>;
  readonly agent?: Record<string, unknown>;
  /** Written on servers of an embedded-etcd cluster only. */
  readonly etcd?: Record<string, unknown>;
}

export interface NodeConfigInput {
  readonly template: K3sConfigTemplate;
  readonly role: 'server' | 'agent';
  readonly nodeName: string;
  /** @default - K3s picks the address of the default route (a DHCP node) */
  readonly nodeIp?: string;
  /** Labels the node registers with (`node-label`), e.g. `storage=longhorn`. @default - none */
  readonly nodeLabels?: readonly string[];
  /** Join URL; unset for the first server, which bootstraps the cluster. */
  readonly serverUrl?: string;
  /** Embedded etcd (HA); false means the single server keeps SQLite. */
  readonly embeddedEtcd: boolean;
  /** The join token, as a Terraform reference (never a literal). */
  readonly token: string;
  /** Extra Subject Alternative Names for the API certificate (servers). */
  readonly tlsSans?: readonly string[];
  /**
   * An embedded-etcd server whose `server`/`cluster-init` key is decided on
   * the node by install-k3s.sh (it joins the servers that are up): neither
   * key is written here.
   * @default false
   */
  readonly joinDecidedOnNode?: boolean;
}

/**
 * The node's /etc/rancher/k3s/config.yaml, built as data and written by the
 * `yaml` package. The token must be YAML-safe as a plain scalar: the cluster
 * token construct only generates letters and digits.
 */
export function renderNodeConfig(input: NodeConfigInput): string {
  return stringify(nodeConfig(input), { lineWidth: 0 });
}

/** The node's K3s config as data (for Terraform's yamlencode() in cloud-init templates). */
export function nodeConfig(input: NodeConfigInput): Record<string, unknown> {
  const t = input.template;
  const isServer = input.role === 'server';
  const config: Record<string, unknown> = {
    ...(t.common ?? {}),
    ...((isServer ? t.server : t.agent) ?? {}),
    ...(isServer && input.embeddedEtcd ? t.etcd ?? {} : {}),
    'node-name': input.nodeName,
    ...(input.nodeIp !== undefined ? { 'node-ip': input.nodeIp } : {}),
    ...(input.nodeLabels?.length ? { 'node-label': [...input.nodeLabels] } : {}),
  };
  if (isServer) {
    config['tls-san'] = [...new Set([...(input.nodeIp !== undefined ? [input.nodeIp] : []), ...(input.tlsSans ?? [])])];
    if (input.embeddedEtcd && input.serverUrl === undefined && !input.joinDecidedOnNode) config['cluster-init'] = true;
  }
  if (input.serverUrl !== undefined) config.server = input.serverUrl;
  config.token = input.token;
  return config;
}
