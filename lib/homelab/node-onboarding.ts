import { SensitiveFile } from '@cdktf/provider-local/lib/sensitive-file';
import { Annotations } from '@cdktf/provider-kubernetes/lib/annotations';
import { Labels } from '@cdktf/provider-kubernetes/lib/labels';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { dependOn } from '../core/depends-on';
import { stackOutput } from '../core/outputs';
import { validator } from '../core/validation';
import { AGENT_JOIN_TOKEN_RULE, SERVER_TOKEN_IN_TEXT_REGEX } from '../rules/k3s-token';
import { K3S_VERSION_RULE, isK3sVersion } from '../rules/k3s-version';
import { DNS_LABEL_RULE, isDnsLabel, isIpv4 } from '../rules/network';
import { isKubeletNodeLabelKey, isLabelKey, isLabelValue, KUBELET_NODE_LABEL_RULE, LABEL_KEY_RULE, LABEL_VALUE_RULE } from '../rules/kubernetes-labels';
import { K3sConfigTemplate, nodeConfig } from '../k3s';
import { CloudInitFiles } from '../cloud-init/cloud-init-files';

export interface K3sNodeOnboardingProps {
  readonly hostname: string;
  /** K3s' node-ip. @default - the address of the default route (DHCP) */
  readonly ipAddress?: string;
  readonly k3sVersion: string;
  /** https://<server>:6443 */
  readonly serverUrl: string;
  /** The join token as a Terraform reference (variable, file() or generated), never a literal. */
  readonly token: string;
  /** Labels the node registers with, besides Longhorn's `node.longhorn.io/create-default-disk=config`. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Longhorn disk mount points on the node, e.g. `/mnt/longhorn/sdb1`. */
  readonly longhornDiskPaths: readonly string[];
  /** Public keys for the `ubuntu` user. @default - none (the image's own access) */
  readonly sshAuthorizedKeys?: readonly string[];
  /** True once the node has joined: its Longhorn disks annotation is managed. @default false */
  readonly joined?: boolean;
  readonly configTemplate: K3sConfigTemplate;
  readonly files: CloudInitFiles;
  /** Where the user data is written, relative to the stack directory: `<envDir>/user-data.<hostname>`. */
  readonly userDataPath: string;
}

/** What Longhorn's `create-default-disk=config` label reads: the node's disks, as JSON. */
export function longhornDisksAnnotation(paths: readonly string[]): string {
  return JSON.stringify(paths.map((path) => ({ path, allowScheduling: true, storageReserved: 0 })));
}

export const LONGHORN_DISKS_ANNOTATION = 'node.longhorn.io/default-disks-config';
export const LONGHORN_CONFIG_LABEL = 'node.longhorn.io/create-default-disk=config';

/**
 * The labels a Longhorn node carries: Longhorn's `create-default-disk=config`
 * (createDefaultDiskLabeledNodes) and `storage=longhorn`, which the disk
 * discovery DaemonSet of gitops/infrastructure/storage selects (a test keeps
 * both equal).
 */
export const LONGHORN_NODE_LABELS: Readonly<Record<string, string>> = {
  'node.longhorn.io/create-default-disk': 'config',
  storage: 'longhorn',
};

/**
 * A machine joining the cluster as an agent through cloud-init (seed 002's
 * k3s2): its user data, rendered into `local_sensitive_file.user_data_<n>`
 * (0600; it holds the token) for the operator to boot it with; and, once it
 * has joined, `kubernetes_annotations.<n>_longhorn_disks`.
 */
export class K3sNodeOnboarding extends Construct {
  /**
   * The documented output `user_data_files`: each node's user data file, by
   * hostname, as an absolute path to boot the node with.
   */
  public static userDataFilesOutput(scope: Construct, nodes: readonly K3sNodeOnboarding[]): void {
    stackOutput(scope, 'user_data_files', {
      value: Object.fromEntries(nodes.map((n) => [n.hostname, `\${abspath(${n.userData.fqn}.filename)}`])),
      description: 'cloud-init user data (0600, holds the join token) to boot each onboarded node with',
    });
  }

  public readonly hostname: string;
  public readonly userData: SensitiveFile;
  public readonly longhornDisks?: LonghornDisks;

  constructor(scope: Construct, id: string, props: K3sNodeOnboardingProps) {
    super(scope, id);
    const { check } = validator(this);
    check('hostname', props.hostname, isDnsLabel(props.hostname), DNS_LABEL_RULE);
    if (props.ipAddress !== undefined) check('ipAddress', props.ipAddress, isIpv4(props.ipAddress), 'must be an IPv4 address (K3s\' node-ip)');
    check('k3sVersion', props.k3sVersion, isK3sVersion(props.k3sVersion), K3S_VERSION_RULE);
    check('serverUrl', props.serverUrl, /^https:\/\/[^/\s]+:\d+$/.test(props.serverUrl), 'must be https://<host>:<port>');
    check('longhornDiskPaths', props.longhornDiskPaths, props.longhornDiskPaths.length > 0, 'must list at least one disk');
    for (const [key, value] of Object.entries(props.labels ?? {})) {
      check(`labels["${key}"]`, key, isLabelKey(key), LABEL_KEY_RULE);
      check(`labels["${key}"]`, key, isKubeletNodeLabelKey(key), KUBELET_NODE_LABEL_RULE);
      check(`labels["${key}"]`, value, isLabelValue(value), LABEL_VALUE_RULE);
    }
    this.hostname = props.hostname;
    const labels = [LONGHORN_CONFIG_LABEL, ...Object.entries(props.labels ?? {}).map(([k, v]) => `${k}=${v}`)];
    const k3sConfig = nodeConfig({
      template: props.configTemplate,
      role: 'agent',
      nodeName: props.hostname,
      nodeIp: props.ipAddress,
      serverUrl: props.serverUrl,
      embeddedEtcd: false,
      token: props.token,
      nodeLabels: [...new Set(labels)],
    });
    this.userData = new SensitiveFile(this, 'user-data', {
      filename: props.userDataPath,
      content: props.files.onboardUserData({
        hostname: props.hostname,
        ssh_authorized_keys: props.sshAuthorizedKeys ?? [],
        k3s_version: props.k3sVersion,
        k3s_config: k3sConfig,
        server_url: props.serverUrl,
      }),
      filePermission: '0600',
      directoryPermission: '0700',
      // Checked at plan on what the file would hold. A postcondition on the
      // content, not a validation of var.k3s_join_token: Terraform (1.11)
      // prints a sensitive variable's value in a failed validation's
      // diagnostic (content is sensitive: never printed), and it covers
      // join_token_file and whatever else puts a token there.
      lifecycle: {
        postcondition: [{
          condition: `\${!can(regex(${JSON.stringify(SERVER_TOKEN_IN_TEXT_REGEX)}, self.content))}`,
          errorMessage: `The user data of ${props.hostname} would hold the K3s server token (from TF_VAR_k3s_join_token or join_token_file); the join token ${AGENT_JOIN_TOKEN_RULE}.`,
        }],
      },
    });
    this.userData.overrideLogicalId(ADDRESSES.userData.name({ hostname: props.hostname }));
    if (props.joined) this.longhornDisks = new LonghornDisks(this, 'longhorn-disks', { nodeName: props.hostname, diskPaths: props.longhornDiskPaths });
  }
}

export interface LonghornDisksProps {
  readonly nodeName: string;
  readonly diskPaths: readonly string[];
  /** What must exist first (the node's install). @default - nothing */
  readonly after?: ITerraformDependable[];
  /**
   * Also set LONGHORN_NODE_LABELS through the API
   * (`kubernetes_labels.<node>_longhorn_labels`): for a node whose kubelet
   * does not register them (the server k3s1, adopted or installed; onboarded
   * nodes register them with their K3s config).
   * @default false
   */
  readonly labelNode?: boolean;
}

/**
 * `kubernetes_annotations.<node>_longhorn_disks`: the node's Longhorn disks,
 * on its Node object (which must exist); with `labelNode`, also
 * `kubernetes_labels.<node>_longhorn_labels`, without which the disk
 * discovery DaemonSet never runs there and Longhorn ignores the annotation.
 */
export class LonghornDisks extends Construct {
  public readonly annotations: Annotations;
  public readonly labels?: Labels;

  constructor(scope: Construct, id: string, props: LonghornDisksProps) {
    super(scope, id);
    const { check } = validator(this);
    check('nodeName', props.nodeName, isDnsLabel(props.nodeName), DNS_LABEL_RULE);
    check('diskPaths', props.diskPaths, props.diskPaths.length > 0, 'must list at least one disk');
    this.annotations = new Annotations(this, 'annotation', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: props.nodeName },
      annotations: { [LONGHORN_DISKS_ANNOTATION]: longhornDisksAnnotation(props.diskPaths) },
    });
    this.annotations.overrideLogicalId(ADDRESSES.longhornDisks.name({ hostname: props.nodeName }));
    dependOn(this.annotations, props.after);
    if (props.labelNode) {
      this.labels = new Labels(this, 'labels', {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: props.nodeName },
        labels: { ...LONGHORN_NODE_LABELS },
        // Server-side apply: take these two keys over if someone set them by hand (kubectl label), and only them.
        force: true,
      });
      this.labels.overrideLogicalId(ADDRESSES.longhornLabels.name({ hostname: props.nodeName }));
      dependOn(this.labels, props.after);
    }
  }
}
