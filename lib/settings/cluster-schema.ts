import { z } from 'zod';
import { isWaitSeconds, WAIT_SECONDS_RULE } from '../rules/quantities';
import { DEFAULT_SSH_PORT, DEFAULT_SSH_TIMEOUT_SECONDS, DEFAULT_SSH_WAIT_SECONDS } from '../rules/ssh-connection';
import { alertingKeys } from './alerting-settings';
import { apiEndpointSchema } from './api-endpoint-settings';
import { etcdSnapshotSchema } from './etcd-snapshot-settings';
import { platformSchema } from './platform-settings';
import {
  dnsLabel, ipv4, k3sVersion, matching, nonEmptyString, posixUser, prometheusDuration, secretsEncryption, sshHostKey, storageQuantity, tcpPort,
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
      ip_address: ipv4.describe("IPv4 address, static or a DHCP reservation: the node's K3s `node-ip` and where SSH connects."),
      ssh_user: posixUser.describe("A user name (lowercase letters, digits, _, -; never an ssh option): root or a user with passwordless sudo."),
      ssh_key_path: nonEmptyString.describe("Private key on the operator's machine (~ allowed), read only at apply: plan in CI needs no key."),
      /** Changing it (like ip_address, ssh_user, ssh_key_path) changes nothing on the node. */
      ssh_port: tcpPort.default(DEFAULT_SSH_PORT).describe("SSH port. Changing it, ip_address, ssh_user or ssh_key_path changes nothing on the node (updated in place)."),
      ssh_host_key: sshHostKey.optional().describe("The node's SSH host public key line (ssh-ed25519 AAAA..., as ssh-keyscan prints it without the host name): every SSH connection to the node accepts only this key. Unset: not verified (synth and review warn). Changing it changes nothing on the node. See docs/ssh-and-tokens.md."),
      remove: z.boolean({ invalid_type_error: 'must be true or false' }).optional().describe("true removes this node at the next apply and changes nothing else: it is drained, its Node deleted (a server leaves etcd after a quorum check) and K3s uninstalled; keep its connection details until that apply is done, then delete the entry. One server per apply. See docs/day2.md."),
    })
    .strict();

const serverNode = sshNode(matching(/^master[1-3]$/, 'must match master[1-3] (control-plane hostnames of seed 000)').describe("master1-master3: the K3s node name and the resource address (null_resource.<hostname>_install)."));
const agentNode = sshNode(matching(/^nodo[1-3]$/, 'must match nodo[1-3] (worker hostnames of seed 000)').describe("nodo1-nodo3: the K3s node name and the resource address."));

/**
 * Where the K3s installer comes from. By default the official install script
 * at the tag of `k3s_version`; a local (air-gapped) script, and optionally the
 * k3s binary, are uploaded over SSH instead when set.
 */
export const installerKeys = {
  k3s_install_script_path: nonEmptyString.optional().describe("A local installer with the get.k3s.io interface, uploaded instead of downloading the official script at the tag k3s_version (air-gapped installs). Relative to the settings file."),
  k3s_binary_path: nonEmptyString.optional().describe("A k3s binary uploaded instead of downloaded (INSTALL_K3S_SKIP_DOWNLOAD). Relative to the settings file."),
};

/**
 * install-k3s.sh refuses a K3s downgrade and a jump of more than one minor
 * version; `true` lets one apply do either (the rare, deliberate case).
 */
export const versionGuardKeys = {
  allow_k3s_version_skew: z.boolean({ invalid_type_error: 'must be true or false' }).default(false).describe("true lets one apply downgrade K3s or skip a minor version, which the version guard on each node refuses otherwise; set it for one apply, then remove it."),
};

const waitSeconds = z.number({ invalid_type_error: 'must be a number' }).refine(isWaitSeconds, WAIT_SECONDS_RULE);

/** How long SSH steps wait for a node (slow boots, slow links); changing them changes nothing on the nodes. */
export const sshTimingKeys = {
  ssh_wait_seconds: waitSeconds.default(DEFAULT_SSH_WAIT_SECONDS).describe("How long the installer's steps wait for a node's SSH port before failing with the node's name (a booting node)."),
  ssh_timeout_seconds: waitSeconds.default(DEFAULT_SSH_TIMEOUT_SECONDS).describe("Terraform's SSH connection timeout: how long each connection retries (an unreachable node, a refused host key) before the apply fails."),
};

/** Day-2 keys of the clusters installed over SSH (all optional; unset keeps the seeds' layout). */
export const recoveryKeys = {
  /** One API address that survives the first server (kube-vip virtual IP or a DNS name). */
  api_endpoint: apiEndpointSchema.optional().describe("One Kubernetes API address that survives the first server: in every server's tls-san, used by agents, joining servers, the kubeconfig and the api_endpoint output. Unset: the first server's IP. See docs/recovery.md."),
};

/** Scheduled etcd snapshots (embedded-etcd clusters only). */
export const etcdSnapshotKeys = {
  etcd_snapshots: etcdSnapshotSchema.optional().describe("K3s's scheduled etcd snapshots and an optional S3-compatible copy (embedded etcd only). A change restarts K3s on the servers one at a time. See docs/recovery.md."),
};

/** Servers encrypt Secrets at rest from their first start (an installed server stays as it started). */
export const secretsEncryptionKeys = { secrets_encryption: secretsEncryption };

const clusterKeys = {
  cluster_name: dnsLabel.describe("DNS label (lowercase letters, digits, hyphens, at most 63 characters): names the kubeconfig's cluster, context and user."),
  k3s_version: k3sVersion.describe("A K3s release tag like v1.28.3+k3s1. Changing it upgrades in place: a snapshot first (embedded etcd), servers one at a time, then agents; one minor at a time, never down."),
  ...versionGuardKeys,
  ...sshTimingKeys,
  ...secretsEncryptionKeys,
  ...installerKeys,
  ...recoveryKeys,
};

export const haClusterSchema = z
  .object({
    ...clusterKeys,
    ...etcdSnapshotKeys,
    control_plane_nodes: z.array(serverNode).describe("K3s servers; the first bootstraps the cluster, the others join in this order. chocolandiadc: an odd number, at least 3 (embedded etcd quorum); chocolandiadc-mvp: exactly 1 (SQLite)."),
    worker_nodes: z.array(agentNode).max(3, 'at most 3 worker nodes (nodo1-nodo3)').describe("K3s agents, joined once the servers are Ready. chocolandiadc: at most 3; chocolandiadc-mvp: at most 1; may be []."),
    monitoring_namespace: dnsLabel.describe("DNS label: the namespace created for kube-prometheus-stack."),
    prometheus_retention: prometheusDuration.describe("Prometheus duration (15d, 30d, 1w2d; units ms s m h d w y)."),
    prometheus_storage_size: storageQuantity.describe("Positive Kubernetes quantity (10Gi, 512Mi): Prometheus's volume."),
    grafana_admin_user: nonEmptyString.describe("Grafana's admin user; the password is generated (sensitive output grafana_admin_password)."),
    /** Who Alertmanager notifies (receivers; credentials from variables or files). */
    ...alertingKeys,
    /** Seed 004's platform layer, switched on for this cluster. */
    platform: platformSchema.optional().describe("Seed 004's platform (Argo CD app-of-apps, dashboard, ingress routes with TLS) on this cluster, next to its kube-prometheus-stack. Keys as in k3s-gitops."),
  })
  .strict();

export const mvpClusterSchema = z
  .object({
    ...clusterKeys,
    control_plane_nodes: z.array(serverNode).describe("K3s servers; the first bootstraps the cluster, the others join in this order. chocolandiadc: an odd number, at least 3 (embedded etcd quorum); chocolandiadc-mvp: exactly 1 (SQLite)."),
    worker_nodes: z.array(agentNode).describe("K3s agents, joined once the servers are Ready. chocolandiadc: at most 3; chocolandiadc-mvp: at most 1; may be []."),
  })
  .strict();

export type HaClusterInput = z.infer<typeof haClusterSchema>;
export type MvpClusterInput = z.infer<typeof mvpClusterSchema>;
