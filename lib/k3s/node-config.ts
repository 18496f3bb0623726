import { stringify } from 'yaml';
import { K3S_METRICS_PORTS, metricsBindings } from '../rules/k3s-metrics';

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
  /**
   * The token the node joins with, as a Terraform reference (never a
   * literal): the server token for a server, the agent token for an agent.
   */
  readonly token: string;
  /**
   * Servers: the cluster's agent token (`agent-token`), the only token
   * agents get; it cannot join a server (docs.k3s.io/cli/token).
   * @default - none: agents would need the server token
   */
  readonly agentToken?: string;
  /** Extra Subject Alternative Names for the API certificate (servers). */
  readonly tlsSans?: readonly string[];
  /**
   * An embedded-etcd server whose `server`/`cluster-init` key is decided on
   * the node by install-k3s.sh (it joins the servers that are up): neither
   * key is written here.
   * @default false
   */
  readonly joinDecidedOnNode?: boolean;
  /**
   * Servers encrypt Secrets at rest (`secrets-encryption`). K3s only
   * supports it from a server's first start (docs.k3s.io/cli/secrets-encrypt):
   * install-k3s.sh keeps an installed server as it was started.
   * @default true
   */
  readonly secretsEncryption?: boolean;
  /**
   * Serve the control-plane metrics a Prometheus in the cluster scrapes on
   * `nodeIp` (never 0.0.0.0), as lib/rules/k3s-metrics.ts says:
   * kube-proxy's metrics (every node), the controller-manager and scheduler
   * (servers) and embedded etcd's metrics (`etcd-expose-metrics`, which K3s
   * binds to the node address). Without it they stay on 127.0.0.1, K3s'
   * default.
   * @default false
   */
  readonly controlPlaneMetrics?: boolean;
}

/** kube-proxy's default metrics port; kube-prometheus-stack's kubeProxy job scrapes it. */
export const KUBE_PROXY_METRICS_PORT = K3S_METRICS_PORTS.proxy;

/**
 * The node's /etc/rancher/k3s/config.yaml, built as data and written by the
 * `yaml` package. The token must be YAML-safe as a plain scalar: the cluster
 * token construct only generates letters and digits.
 */
export function renderNodeConfig(input: NodeConfigInput): string {
  return renderFlatYaml(nodeConfig(input));
}

const YAML_OPTIONS = { lineWidth: 0 } as const;
const renderedPairs = new Map<string, string>();

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0));

/**
 * `stringify(config, { lineWidth: 0 })`, the same text, faster for many
 * nodes: a block map of scalars and lists of scalars is its pairs' text one
 * after the other, and a pair (`node-ip: 10.0.0.4`, `token: ...`) recurs or
 * is rendered once by `yaml` and kept. Anything else is rendered whole.
 * Rendering a 300-node cluster's configs took ~100 ms of a ~0.8 s synth.
 */
export function renderFlatYaml(config: Record<string, unknown>): string {
  const keys = Object.keys(config);
  const flat = keys.length > 0 && keys.every((k) => {
    const v = config[k];
    return isScalar(v) || (Array.isArray(v) && v.every(isScalar));
  });
  if (!flat) return stringify(config, YAML_OPTIONS);
  let text = '';
  for (const key of keys) {
    const value = config[key];
    const memoKey = `${key}\0${JSON.stringify(value)}`;
    let pair = renderedPairs.get(memoKey);
    if (pair === undefined) {
      pair = stringify({ [key]: value }, YAML_OPTIONS);
      renderedPairs.set(memoKey, pair);
    }
    text += pair;
  }
  return text;
}

/** The node's K3s config as data (for Terraform's yamlencode() in cloud-init templates). */
export function nodeConfig(input: NodeConfigInput): Record<string, unknown> {
  const t = input.template;
  const isServer = input.role === 'server';
  if (input.controlPlaneMetrics && input.nodeIp === undefined) {
    throw new Error(`controlPlaneMetrics of node ${input.nodeName} needs nodeIp (metrics are bound to the node address), got undefined`);
  }
  const metrics = input.controlPlaneMetrics ? metricsBindings(input.nodeIp!, isServer, input.embeddedEtcd) : {};
  const config: Record<string, unknown> = {
    ...(t.common ?? {}),
    ...((isServer ? t.server : t.agent) ?? {}),
    ...(isServer && input.embeddedEtcd ? t.etcd ?? {} : {}),
    ...(isServer ? { 'secrets-encryption': input.secretsEncryption ?? true } : {}),
    ...metrics,
    'node-name': input.nodeName,
    ...(input.nodeIp !== undefined ? { 'node-ip': input.nodeIp } : {}),
    ...(input.nodeLabels?.length ? { 'node-label': [...input.nodeLabels] } : {}),
  };
  if (isServer) {
    config['tls-san'] = [...new Set([...(input.nodeIp !== undefined ? [input.nodeIp] : []), ...(input.tlsSans ?? [])])];
    if (input.embeddedEtcd && input.serverUrl === undefined && !input.joinDecidedOnNode) config['cluster-init'] = true;
  }
  if (input.agentToken !== undefined && !isServer) {
    throw new Error(`agentToken of node ${input.nodeName} is only for servers (an agent joins with token), got an agent`);
  }
  if (input.serverUrl !== undefined) config.server = input.serverUrl;
  config.token = input.token;
  if (input.agentToken !== undefined) config['agent-token'] = input.agentToken;
  return config;
}
