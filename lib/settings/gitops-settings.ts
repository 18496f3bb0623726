import { z } from 'zod';
import { AlertingSettings, alertingKeys, toAlertingSettings } from './alerting-settings';
import { etcdSnapshotKeys, installerKeys, recoveryKeys, secretsEncryptionKeys, sshNode, sshTimingKeys, versionGuardKeys } from './cluster-schema';
import { toApiEndpointSettings } from './api-endpoint-settings';
import { toEtcdSnapshotSettings } from './etcd-snapshot-settings';
import { checkUnique, ClusterSettings, staying, toInstaller, toNode } from './cluster-settings';
import { checkPlatform, platformSchema, PlatformSettings, toPlatformSettings } from './platform-settings';
import { longhornBackupSchema, LonghornBackupSettings, toLonghornBackupSettings } from './longhorn-backup-settings';
import { SettingsProblem } from './problems';
import { dnsLabel, ipv4Network, k3sVersion } from './rules';

/**
 * `k3s-gitops` (seed 004): the cluster of phase 1 (installed over SSH with
 * the bootstrap scripts, seed 004's cluster configuration schema: network
 * CIDRs, default storage class) and the platform of phases 2 and 3.
 */

const cidr = ipv4Network(28, 'must be an IPv4 network like 10.42.0.0/16');

const node = sshNode(dnsLabel.describe('DNS label: the K3s node name and the resource address (null_resource.<hostname>_install).'));

export const gitopsSchema = z
  .object({
    cluster_name: dnsLabel.describe("DNS label: names the kubeconfig's cluster, context and user."),
    k3s_version: k3sVersion.describe("A K3s release tag like v1.33.5+k3s1; changing it upgrades in place, one minor at a time."),
    ...versionGuardKeys,
    ...sshTimingKeys,
    // A local (air-gapped) installer, as on chocolandiadc.
    ...installerKeys,
    ...recoveryKeys,
    ...etcdSnapshotKeys,
    ...secretsEncryptionKeys,
    control_plane_nodes: z.array(node).min(1, 'must list at least one server').describe("K3s servers over SSH (any DNS-label hostnames): 1 (SQLite) or an odd number (embedded etcd); the first bootstraps. Going from 1 to more on a running cluster needs its server converted to embedded etcd first (docs/day2.md#from-one-sqlite-server-to-embedded-etcd; npm run review warns)."),
    worker_nodes: z.array(node).default([]).describe("K3s agents over SSH; may be []."),
    cluster_cidr: cidr.default('10.42.0.0/16').describe("Seed 004's network.cidr: K3s's cluster-cidr (pods); must differ from service_cidr."),
    service_cidr: cidr.default('10.43.0.0/16').describe("Seed 004's network.serviceCidr: K3s's service-cidr."),
    default_storage_class: dnsLabel.default('local-path').describe("Seed 004's storage.defaultClass. Another name than K3s's local-path disables K3s's class; that class must come from gitops/infrastructure/base/storage."),
    platform: platformSchema.describe("Seed 004's platform: Argo CD app-of-apps from gitops/, dashboard, ingress routes with TLS."),
    /** Who Alertmanager (installed by Argo CD) notifies. */
    ...alertingKeys,
    longhorn_backup: longhornBackupSchema.optional().describe("Longhorn's backups: an NFS or S3 target and recurring snapshot and backup jobs for every volume, passed to Argo CD's operator-longhorn Application by the root Application; S3 keys from credentials_file or TF_VAR_longhorn_backup_credentials, never here. Unset: no backups. See docs/operations.md."),
  })
  .strict();

export type GitopsInput = z.infer<typeof gitopsSchema>;

export interface GitopsSettings extends ClusterSettings {
  readonly clusterCidr: string;
  readonly serviceCidr: string;
  readonly defaultStorageClass: string;
  readonly platform: PlatformSettings;
  /** Alertmanager's receivers. @default - none: alerts reach no one */
  readonly alerting?: AlertingSettings;
  /** Longhorn's backup target and recurring jobs; unset: no backups. */
  readonly longhornBackup?: LonghornBackupSettings;
}

type Check = (problem: Omit<SettingsProblem, 'file'>) => void;

export function checkGitops(input: GitopsInput, report: Check): void {
  const servers = input.control_plane_nodes.length;
  const stay = staying(input.control_plane_nodes).length;
  if (stay === 0) report({ path: 'control_plane_nodes', value: `${servers} node(s), all remove = true`, rule: 'at least one server must stay' });
  else if (servers > 1 && stay < 3) {
    report({ path: 'control_plane_nodes', value: `${stay} node(s) staying`, rule: 'an embedded-etcd cluster keeps at least 3 servers (etcd quorum)' });
  } else if (servers > 1 && stay % 2 === 0 && stay === servers) {
    // An even number is a step of a shrink (one server per apply, the others remove = true), never where it ends.
    report({ path: 'control_plane_nodes', value: `${servers} node(s)`, rule: 'embedded etcd needs an odd number of servers (1, 3, 5)' });
  }
  if (input.etcd_snapshots && servers < 3) {
    report({ path: 'etcd_snapshots', value: `${servers} server(s)`, rule: 'needs embedded etcd (3 or more servers); a single server keeps SQLite, which has no etcd snapshots' });
  }
  if (input.cluster_cidr === input.service_cidr) report({ path: 'service_cidr', value: input.service_cidr, rule: 'must differ from cluster_cidr' });
  checkUnique(input, report);
  checkPlatform(input.platform, report);
}

export function toGitopsSettings(input: GitopsInput, settingsDir: string): GitopsSettings {
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
    ...(input.etcd_snapshots ? { etcdSnapshots: toEtcdSnapshotSettings(input.etcd_snapshots) } : {}),
    secretsEncryption: input.secrets_encryption,
    clusterCidr: input.cluster_cidr,
    serviceCidr: input.service_cidr,
    defaultStorageClass: input.default_storage_class,
    platform: toPlatformSettings(input.platform),
    ...(input.alerting ? { alerting: toAlertingSettings(input.alerting) } : {}),
    ...(input.longhorn_backup ? { longhornBackup: toLonghornBackupSettings(input.longhorn_backup) } : {}),
  };
}
