import { z } from 'zod';
import { isKubeletNodeLabelKey, isLabelKey, isLabelValue, KUBELET_NODE_LABEL_RULE, LABEL_KEY_RULE, LABEL_VALUE_RULE } from '../rules/kubernetes-labels';
import { longhornBackupSchema, LonghornBackupSettings, toLonghornBackupSettings } from './longhorn-backup-settings';
import { JOIN_TOKEN_FILE_INSTALLED_RULE, KUBECONFIG_REQUIRED_RULE } from '../rules/homelab-server';
import { SettingsProblem } from './problems';
import { dnsLabel, gitUrl, ipv4, ipv4Network, k3sVersion, matching, nonEmptyString, plainString, posixUser, secretsEncryption, sshHostKey, sshPublicKey } from './rules';

/**
 * Settings of `k3s-homelab` (seed 002): a running (or to-be-installed)
 * server k3s1, nodes onboarded with cloud-init, Longhorn disks, NGINX
 * ingress and the Flux bootstrap. Secrets are never here: the join token is
 * a sensitive variable or a file path, the SOPS age key a file path.
 */

const longhornDiskPath = matching(/^\/mnt\/longhorn\/[a-z0-9][a-z0-9._-]*$/,
  'must be a Longhorn disk mount point /mnt/longhorn/<disk> (seed 002)');

// A node's own labels (K3s node-label): kubelet's rule on kubernetes.io and k8s.io keys too.
const nodeLabelKey = plainString.refine(isLabelKey, LABEL_KEY_RULE).refine(isKubeletNodeLabelKey, KUBELET_NODE_LABEL_RULE);
const labelValue = plainString.refine(isLabelValue, LABEL_VALUE_RULE);

const serverSchema = z
  .object({
    hostname: dnsLabel.describe("The node's hostname: its K3s node name (DNS label); unique with the server's and the other nodes'."),
    ip_address: ipv4.describe("The server's IPv4 address: where SSH connects and the kubeconfig points."),
    ssh_user: posixUser.describe("SSH user of the server (root or passwordless sudo)."),
    ssh_key_path: nonEmptyString.describe("Private key on the operator's machine (~ allowed), read only at apply."),
    ssh_host_key: sshHostKey.optional().describe("The server's SSH host public key line (ssh-ed25519 AAAA..., as ssh-keyscan prints it without the host name): every SSH connection to the server accepts only this key. Unset: not verified (synth and review warn). Changing it changes nothing on the server. See docs/ssh-and-tokens.md."),
    existing: z.boolean({ invalid_type_error: 'must be true (adopt the running server) or false (install it)' }).describe("true adopts the running k3s1 (nothing installed or changed on it over SSH); false installs it (null_resource.k3s1_install, embedded etcd)."),
    longhorn_disk_paths: z.array(longhornDiskPath).describe("Longhorn disk mount points on the server, /mnt/longhorn/<disk> (/mnt/longhorn/sdh1)."),
  })
  .strict();

const nodeSchema = z
  .object({
    hostname: dnsLabel.describe("The node's hostname: its K3s node name (DNS label); unique with the server's and the other nodes'."),
    ip_address: ipv4.optional().describe("K3s's node-ip when the node's address is fixed; seed 002 uses DHCP (unset)."),
    labels: z.record(nodeLabelKey, labelValue).default({}).describe("Kubernetes labels the node registers with (plus node.longhorn.io/create-default-disk=config). Keys under kubernetes.io or k8s.io only as kubelet allows them: node.kubernetes.io/*, kubelet.kubernetes.io/*, kubernetes.io/hostname|os|arch, topology.kubernetes.io/zone|region (node-role.kubernetes.io/* is refused: kubelet would not start)."),
    longhorn_disk_paths: z.array(longhornDiskPath).min(1, 'must list at least one disk (the node joins for Longhorn storage)').describe("Longhorn disk mount points on the node, /mnt/longhorn/<disk>; at least one."),
    joined: z.boolean({ invalid_type_error: 'must be true once the node has joined, else false' }).default(false).describe("true once the node is in the cluster: Terraform then manages its Longhorn disks annotation."),
  })
  .strict();

const fluxSchema = z
  .object({
    repository_url: gitUrl(/^(https:\/\/|ssh:\/\/)[^\s]+$/, 'must be an https:// or ssh:// Git URL').describe("The Git repository Flux syncs (https:// or ssh://), without a password or token."),
    branch: nonEmptyString.describe("Branch Flux follows."),
    path: matching(/^\.\/[^\s]*$/, 'must be a path inside the repository starting with ./').describe("Path inside the repository, starting with ./ ."),
    sops_age_key_file: nonEmptyString.describe("File holding the SOPS age key Flux decrypts secrets with (becomes the sops-age Secret)."),
  })
  .strict();

export const homelabSchema = z
  .object({
    cluster_name: dnsLabel.describe("DNS label: names the kubeconfig's cluster, context and user."),
    k3s_version: k3sVersion.describe("What onboarded nodes (and k3s1 when installed) run: keep it equal to k3s1's."),
    secrets_encryption: secretsEncryption,
    server: serverSchema.describe("The server k3s1 { hostname, ip_address, ssh_user, ssh_key_path, existing, longhorn_disk_paths }."),
    kubeconfig_path: nonEmptyString.optional().describe("Kubeconfig of the running cluster (~ allowed), required with server.existing: configures the kubernetes and helm providers."),
    join_token_file: nonEmptyString.optional().describe("A file holding the running cluster's agent token (/var/lib/rancher/k3s/server/agent-token on k3s1 once agent-token is set there, docs/ssh-and-tokens.md; node-token is the server token), only with server.existing. Unset: the sensitive variable k3s_join_token (TF_VAR_k3s_join_token)."),
    ssh_authorized_keys: z.array(sshPublicKey).default([]).describe("Public keys for an ubuntu user on onboarded nodes; default none (the image's own access)."),
    nodes: z.array(nodeSchema).describe("Nodes to onboard { hostname, ip_address, labels, longhorn_disk_paths, joined }: their cloud-init joins them to k3s1."),
    flux: fluxSchema.describe("Flux's source { repository_url, branch, path, sops_age_key_file }."),
    tailscale_subnet_router: z.boolean({ invalid_type_error: 'must be true or false' }).default(false).describe("true makes k3s1 a Tailscale subnet router (auth key: TF_VAR_tailscale_auth_key)."),
    ingress_controller: z.enum(['nginx', 'traefik'], {
      errorMap: () => ({ message: 'must be "nginx" (seed 002: ingress-nginx, retired upstream) or "traefik" (K3s\' bundled Traefik), both on NodePorts 30080/30443' }),
    }).default('nginx')
      .describe('Who serves NodePorts 30080/30443: "nginx" (seed 002, ingress-nginx installed by Terraform; retired upstream) or "traefik" (K3s\' bundled Traefik, given those NodePorts by Flux from gitops/infrastructure/ingress/traefik-nodeports/); see docs/platform.md.'),
    tailscale_routes: z.array(ipv4Network(32, 'must be an IPv4 network like 192.168.86.71/32 (prefix 8-32)')).min(1, 'must list at least one network (leave it out for the default)').optional()
      .describe("IPv4 networks the Tailscale subnet router advertises. Default: the server's address and each node's fixed ip_address as /32 (the API server, the ingress NodePorts). The pod and service networks (10.42.0.0/16, 10.43.0.0/16, seed 002) expose every ClusterIP service, Longhorn's UI without authentication included, to the tailnet: add them only knowingly (docs/security.md)."),
    longhorn_backup: longhornBackupSchema.optional().describe("Longhorn's backups: an NFS or S3 target and recurring snapshot and backup jobs for every volume; S3 keys from credentials_file or TF_VAR_longhorn_backup_credentials, never here. Unset: no backups. See docs/operations.md."),
  })
  .strict();

export type HomelabInput = z.infer<typeof homelabSchema>;

export interface OnboardNodeSettings {
  readonly hostname: string;
  /** The node's address when it is fixed (DHCP reservation or static); K3s' node-ip. */
  readonly ipAddress?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly longhornDiskPaths: readonly string[];
  /** Once true, Terraform manages the node's Longhorn disks annotation (the Node object exists). */
  readonly joined: boolean;
}

export interface HomelabSettings {
  readonly clusterName: string;
  readonly k3sVersion: string;
  /** A server Terraform installs encrypts Secrets at rest (an adopted one stays as it is). */
  readonly secretsEncryption: boolean;
  readonly server: {
    readonly hostname: string;
    readonly ipAddress: string;
    readonly sshUser: string;
    readonly sshKeyPath: string;
    /** The server's SSH host public key line; unset means not verified (a warning). */
    readonly sshHostKey?: string;
    /** Adopt the running server (no reinstall) instead of installing it. */
    readonly existing: boolean;
    readonly longhornDiskPaths: readonly string[];
  };
  /** Kubeconfig of the running cluster; set when `server.existing`. */
  readonly kubeconfigPath?: string;
  /** A file holding the join token; unset means the sensitive variable `k3s_join_token`. */
  readonly joinTokenFile?: string;
  readonly sshAuthorizedKeys: readonly string[];
  readonly nodes: readonly OnboardNodeSettings[];
  readonly flux: { readonly repositoryUrl: string; readonly branch: string; readonly path: string; readonly sopsAgeKeyFile: string };
  readonly tailscaleSubnetRouter: boolean;
  /**
   * Who serves the NodePorts 30080/30443: ingress-nginx installed by
   * Terraform (seed 002), or K3s' bundled Traefik given those NodePorts
   * from Git (gitops/infrastructure/ingress/traefik-nodeports/).
   */
  readonly ingressController: 'nginx' | 'traefik';
  /**
   * Networks the Tailscale subnet router advertises: `tailscale_routes`, by
   * default the server's and the fixed-address nodes' own addresses (/32):
   * the API server and the ingress NodePorts, never the pod or service
   * networks (Longhorn's UI has no authentication).
   */
  readonly tailscaleRoutes: readonly string[];
  /** Longhorn's backup target and recurring jobs; unset: no backups. */
  readonly longhornBackup?: LonghornBackupSettings;
}

type Check = (problem: Omit<SettingsProblem, 'file'>) => void;

export function checkHomelab(input: HomelabInput, report: Check): void {
  if (input.server.existing && !input.kubeconfig_path) {
    report({ path: 'kubeconfig_path', rule: KUBECONFIG_REQUIRED_RULE });
  }
  if (!input.server.existing && input.join_token_file) {
    report({ path: 'join_token_file', value: input.join_token_file, rule: JOIN_TOKEN_FILE_INSTALLED_RULE });
  }
  const seen = { hostname: new Map<string, string>([[input.server.hostname, 'server']]), ip_address: new Map<string, string>([[input.server.ip_address, 'server']]) };
  input.nodes.forEach((n, i) => {
    for (const key of ['hostname', 'ip_address'] as const) {
      const value = n[key];
      if (value === undefined) continue;
      const first = seen[key].get(value);
      if (first) report({ path: `nodes[${i}].${key}`, value, rule: `must be unique, already used by ${first}` });
      else seen[key].set(value, `nodes[${i}]`);
    }
  });
}

export function toHomelabSettings(input: HomelabInput): HomelabSettings {
  return {
    clusterName: input.cluster_name,
    k3sVersion: input.k3s_version,
    secretsEncryption: input.secrets_encryption,
    server: {
      hostname: input.server.hostname,
      ipAddress: input.server.ip_address,
      sshUser: input.server.ssh_user,
      sshKeyPath: input.server.ssh_key_path,
      ...(input.server.ssh_host_key !== undefined ? { sshHostKey: input.server.ssh_host_key } : {}),
      existing: input.server.existing,
      longhornDiskPaths: input.server.longhorn_disk_paths,
    },
    kubeconfigPath: input.kubeconfig_path,
    joinTokenFile: input.join_token_file,
    sshAuthorizedKeys: input.ssh_authorized_keys,
    nodes: input.nodes.map((n) => ({
      hostname: n.hostname,
      ...(n.ip_address !== undefined ? { ipAddress: n.ip_address } : {}),
      labels: n.labels,
      longhornDiskPaths: n.longhorn_disk_paths,
      joined: n.joined,
    })),
    flux: {
      repositoryUrl: input.flux.repository_url,
      branch: input.flux.branch,
      path: input.flux.path,
      sopsAgeKeyFile: input.flux.sops_age_key_file,
    },
    tailscaleSubnetRouter: input.tailscale_subnet_router,
    ingressController: input.ingress_controller,
    tailscaleRoutes: input.tailscale_routes ?? [input.server.ip_address, ...input.nodes.flatMap((n) => (n.ip_address ? [n.ip_address] : []))].map((ip) => `${ip}/32`),
    ...(input.longhorn_backup ? { longhornBackup: toLonghornBackupSettings(input.longhorn_backup) } : {}),
  };
}
