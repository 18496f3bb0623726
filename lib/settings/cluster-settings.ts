import { isAbsolute, resolve } from 'path';
import { AlertingSettings, toAlertingSettings } from './alerting-settings';
import { ApiEndpointInput, ApiEndpointSettings, checkApiEndpoint, toApiEndpointSettings } from './api-endpoint-settings';
import { HaClusterInput, MvpClusterInput } from './cluster-schema';
import { EtcdSnapshotSettings, toEtcdSnapshotSettings } from './etcd-snapshot-settings';
import { checkPlatform, PlatformSettings, toPlatformSettings } from './platform-settings';
import { SettingsProblem } from './problems';
import { SQLITE_SINGLE_SERVER_RULE } from '../rules/k3s-datastore';

/** A node reached over SSH, as the stacks see it. */
export interface SshNodeSettings {
  readonly hostname: string;
  readonly ipAddress: string;
  readonly sshUser: string;
  /** Private key path on the operator's machine; read only at apply. */
  readonly sshKeyPath: string;
  readonly sshPort: number;
  /** The node's SSH host public key line; unset means not verified (a warning). */
  readonly sshHostKey?: string;
  /** Leaves the cluster at the next apply (`remove = true`): drained, deleted, uninstalled; nothing else changes. */
  readonly remove?: boolean;
}

/** The nodes that stay (no `remove = true`). */
export const staying = <T extends { readonly remove?: boolean }>(nodes: readonly T[]): T[] => nodes.filter((n) => n.remove !== true);

/** Where the K3s installer comes from; both unset means the official script. */
export interface InstallerSettings {
  /** Absolute path of a local install script (get.k3s.io interface). */
  readonly scriptPath?: string;
  /** Absolute path of a k3s binary to upload instead of downloading it. */
  readonly binaryPath?: string;
}

export interface ClusterSettings {
  readonly clusterName: string;
  readonly k3sVersion: string;
  /** The first entry bootstraps the cluster; the others join in this order. */
  readonly controlPlaneNodes: readonly SshNodeSettings[];
  readonly workerNodes: readonly SshNodeSettings[];
  readonly installer: InstallerSettings;
  /** install-k3s.sh may downgrade or skip minor versions (its guard refuses both by default). */
  readonly allowVersionSkew: boolean;
  /** How long SSH steps wait for a node's port. */
  readonly sshWaitSeconds: number;
  /** Terraform's SSH connection timeout. */
  readonly sshTimeoutSeconds: number;
  /** @default - the first server's IP address */
  readonly apiEndpoint?: ApiEndpointSettings;
  /** K3s's scheduled etcd snapshots (embedded etcd). @default - K3s's defaults, no S3 copy */
  readonly etcdSnapshots?: EtcdSnapshotSettings;
  /** Servers encrypt Secrets at rest from their first start. */
  readonly secretsEncryption: boolean;
}

export interface MonitoringSettings {
  readonly namespace: string;
  readonly prometheusRetention: string;
  readonly prometheusStorageSize: string;
  readonly grafanaAdminUser: string;
}

export interface HaClusterSettings extends ClusterSettings {
  readonly monitoring: MonitoringSettings;
  /** Alertmanager's receivers. @default - none: alerts reach no one */
  readonly alerting?: AlertingSettings;
  /** Seed 004's platform (Argo CD, dashboard, routes), when switched on. */
  readonly platform?: PlatformSettings;
}

type NodeInput = HaClusterInput['control_plane_nodes'][number];
type Check = (problem: Omit<SettingsProblem, 'file'>) => void;

/** Rules that span fields: node counts, and no hostname or IP used twice. */
export function checkHaTopology(input: HaClusterInput, report: Check): void {
  if (input.platform) checkPlatform(input.platform, report);
  const servers = staying(input.control_plane_nodes).length;
  const removing = servers < input.control_plane_nodes.length;
  // An even number is a step of a shrink (one server per apply), never where it ends.
  if (servers < 3 || (servers % 2 === 0 && !removing)) {
    report({
      path: 'control_plane_nodes',
      value: `${servers} node(s)${removing ? ' staying (the others remove = true)' : ''}`,
      rule: 'embedded etcd needs an odd number of servers, at least 3 (seed 000: exactly 3 for this 4-node setup)',
    });
  }
  checkUnique(input, report);
}

export function checkMvpTopology(input: MvpClusterInput, report: Check): void {
  if (input.control_plane_nodes.length !== 1 || staying(input.control_plane_nodes).length !== 1) {
    report({
      path: 'control_plane_nodes',
      value: `${staying(input.control_plane_nodes).length} node(s)${staying(input.control_plane_nodes).length !== input.control_plane_nodes.length ? ' staying' : ''}`,
      rule: SQLITE_SINGLE_SERVER_RULE,
    });
  }
  if (input.worker_nodes.length > 1) {
    report({
      path: 'worker_nodes',
      value: `${input.worker_nodes.length} node(s)`,
      rule: 'the MVP has at most one worker (2 nodes in total, seed 001)',
    });
  }
  checkUnique(input, report);
}

/** No hostname or IP address used twice across servers and workers; the API address is none of them. */
export function checkUnique(input: { control_plane_nodes: NodeInput[]; worker_nodes: NodeInput[]; api_endpoint?: ApiEndpointInput }, report: Check): void {
  if (input.api_endpoint) checkApiEndpoint(input.api_endpoint, [...input.control_plane_nodes, ...input.worker_nodes].map((n) => n.ip_address), report);
  const nodes = [
    ...input.control_plane_nodes.map((n, i) => ({ n, at: `control_plane_nodes[${i}]` })),
    ...input.worker_nodes.map((n, i) => ({ n, at: `worker_nodes[${i}]` })),
  ];
  for (const key of ['hostname', 'ip_address'] as const) {
    const seen = new Map<string, string>();
    for (const { n, at } of nodes) {
      const first = seen.get(n[key]);
      if (first) report({ path: `${at}.${key}`, value: n[key], rule: `must be unique in the cluster, already used by ${first}` });
      else seen.set(n[key], at);
    }
  }
}

export function toNode(n: NodeInput): SshNodeSettings {
  return {
    hostname: n.hostname, ipAddress: n.ip_address, sshUser: n.ssh_user, sshKeyPath: n.ssh_key_path, sshPort: n.ssh_port,
    ...(n.ssh_host_key !== undefined ? { sshHostKey: n.ssh_host_key } : {}),
    ...(n.remove === true ? { remove: true } : {}),
  };
}

/** Relative installer paths are relative to the settings file's directory. */
export function toInstaller(input: { k3s_install_script_path?: string; k3s_binary_path?: string }, settingsDir: string): InstallerSettings {
  const abs = (p?: string) => (p === undefined ? undefined : isAbsolute(p) ? p : resolve(settingsDir, p));
  return { scriptPath: abs(input.k3s_install_script_path), binaryPath: abs(input.k3s_binary_path) };
}

export function toClusterSettings(input: MvpClusterInput, settingsDir: string): ClusterSettings {
  return {
    clusterName: input.cluster_name,
    k3sVersion: input.k3s_version,
    controlPlaneNodes: input.control_plane_nodes.map(toNode),
    workerNodes: input.worker_nodes.map(toNode),
    installer: toInstaller(input, settingsDir),
    allowVersionSkew: input.allow_k3s_version_skew,
    sshWaitSeconds: input.ssh_wait_seconds,
    sshTimeoutSeconds: input.ssh_timeout_seconds,
    ...(input.api_endpoint ? { apiEndpoint: toApiEndpointSettings(input.api_endpoint) } : {}),
    secretsEncryption: input.secrets_encryption,
  };
}

export function toHaClusterSettings(input: HaClusterInput, settingsDir: string): HaClusterSettings {
  return {
    ...toClusterSettings(input, settingsDir),
    ...(input.etcd_snapshots ? { etcdSnapshots: toEtcdSnapshotSettings(input.etcd_snapshots) } : {}),
    monitoring: {
      namespace: input.monitoring_namespace,
      prometheusRetention: input.prometheus_retention,
      prometheusStorageSize: input.prometheus_storage_size,
      grafanaAdminUser: input.grafana_admin_user,
    },
    ...(input.alerting ? { alerting: toAlertingSettings(input.alerting) } : {}),
    ...(input.platform ? { platform: toPlatformSettings(input.platform) } : {}),
  };
}
