import { z } from 'zod';
import { apiEndpointSchema } from './api-endpoint-settings';
import { etcdSnapshotSchema } from './etcd-snapshot-settings';
import { platformSchema } from './platform-settings';
import {
  dnsLabel, ipv4, k3sVersion, matching, nonEmptyString, posixUser, prometheusDuration, storageQuantity, tcpPort,
} from './rules';

/**
 * Settings of the SSH-provisioned clusters, `terraform.tfvars` exactly as
 * seed 000 ("OpenTofu Variables") writes it, plus the optional installer
 * source. Unknown keys are refused: a typo must not be silently ignored.
 */

/** A node reached over SSH; `hostname` carries the environment's naming rule. */
export const sshNode = (hostname: z.ZodType<string, z.ZodTypeDef, unknown>) =>
  z
    .object({
      hostname,
      ip_address: ipv4,
      ssh_user: posixUser,
      ssh_key_path: nonEmptyString,
      /** Changing it (like ip_address, ssh_user, ssh_key_path) changes nothing on the node. */
      ssh_port: tcpPort.default(22),
    })
    .strict();

const serverNode = sshNode(matching(/^master[1-3]$/, 'must match master[1-3] (control-plane hostnames of seed 000)'));
const agentNode = sshNode(matching(/^nodo[1-3]$/, 'must match nodo[1-3] (worker hostnames of seed 000)'));

/**
 * Where the K3s installer comes from. By default the official install script
 * at the tag of `k3s_version`; a local (air-gapped) script, and optionally the
 * k3s binary, are uploaded over SSH instead when set.
 */
const installerKeys = {
  k3s_install_script_path: nonEmptyString.optional(),
  k3s_binary_path: nonEmptyString.optional(),
};

/**
 * install-k3s.sh refuses a K3s downgrade and a jump of more than one minor
 * version; `true` lets one apply do either (the rare, deliberate case).
 */
export const versionGuardKeys = {
  allow_k3s_version_skew: z.boolean({ invalid_type_error: 'must be true or false' }).default(false),
};

/** Day-2 keys of the clusters installed over SSH (all optional; unset keeps the seeds' layout). */
export const recoveryKeys = {
  /** One API address that survives the first server (kube-vip virtual IP or a DNS name). */
  api_endpoint: apiEndpointSchema.optional(),
};

/** Scheduled etcd snapshots (embedded-etcd clusters only). */
export const etcdSnapshotKeys = {
  etcd_snapshots: etcdSnapshotSchema.optional(),
};

const clusterKeys = {
  cluster_name: dnsLabel,
  k3s_version: k3sVersion,
  ...versionGuardKeys,
  ...installerKeys,
  ...recoveryKeys,
};

export const haClusterSchema = z
  .object({
    ...clusterKeys,
    ...etcdSnapshotKeys,
    control_plane_nodes: z.array(serverNode),
    worker_nodes: z.array(agentNode).max(3, 'at most 3 worker nodes (nodo1-nodo3)'),
    monitoring_namespace: dnsLabel,
    prometheus_retention: prometheusDuration,
    prometheus_storage_size: storageQuantity,
    grafana_admin_user: nonEmptyString,
    /** Seed 004's platform layer, switched on for this cluster. */
    platform: platformSchema.optional(),
  })
  .strict();

export const mvpClusterSchema = z
  .object({
    ...clusterKeys,
    control_plane_nodes: z.array(serverNode),
    worker_nodes: z.array(agentNode),
  })
  .strict();

export type HaClusterInput = z.infer<typeof haClusterSchema>;
export type MvpClusterInput = z.infer<typeof mvpClusterSchema>;
