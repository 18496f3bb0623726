import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { Fn, ITerraformDependable, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { stackOutput } from '../core/outputs';
import { stackProvider } from '../core/providers';
import { validator } from '../core/validation';
import { K3sCluster, K3sConfigTemplate, KubernetesCredentials, SshEndpoint } from '../k3s';
import { DNS_LABEL_RULE, isDnsLabel, isIpv4 } from '../rules/network';
import { JOIN_TOKEN_FILE_INSTALLED_RULE, KUBECONFIG_REQUIRED_RULE } from '../rules/homelab-server';

/** How Terraform reaches the cluster's API: a kubeconfig file, or client credentials. */
export type KubernetesAccess = { readonly configPath: string } | KubernetesCredentials;

/** The homelab's server as everything after it sees it, whether adopted or installed. */
export interface IHomelabServer {
  /** https://<server>:6443 */
  readonly serverUrl: string;
  /** What onboarded nodes join with: the cluster's agent token, as a reference (never a literal). */
  readonly joinToken: string;
  /** Configuration of the kubernetes provider (and the helm provider's `kubernetes` block). */
  readonly kubernetes: KubernetesAccess;
  /** What in-cluster resources must wait for: the install and the kubeconfig; nothing for an adopted server. */
  readonly after: readonly ITerraformDependable[];
  /** The installed cluster. @default - none (adopted) */
  readonly cluster?: K3sCluster;
}

export interface K3sHomelabServerProps {
  readonly clusterName: string;
  /** What an installed server runs. */
  readonly k3sVersion: string;
  /** The server, over SSH (installed) or by name and address (adopted). */
  readonly server: SshEndpoint;
  /**
   * Adopt the running server: nothing on it is installed or changed over
   * SSH; Terraform reaches it with `existingKubeconfigPath`.
   * @default false (installed: `null_resource.<hostname>_install`, embedded etcd)
   */
  readonly existing?: boolean;
  /** Kubeconfig of the running cluster (~ allowed), read at plan. Required when `existing`. @default - none */
  readonly existingKubeconfigPath?: string;
  /**
   * A file holding the running cluster's agent token (~ allowed), read at
   * plan; only when `existing`.
   * @default - the sensitive variable `k3s_join_token` (adopted) or the generated `random_password.agent_token` (installed)
   */
  readonly joinTokenFile?: string;
  /** An installed server encrypts Secrets at rest. @default - K3sCluster's default */
  readonly secretsEncryption?: boolean;
  /** bootstrap/cluster-config.yaml, parsed (installed). */
  readonly configTemplate: K3sConfigTemplate;
  /** Directory of the node scripts (installed). */
  readonly bootstrapDir: string;
  /** Where the generated kubeconfig is written, relative to the stack directory (installed). */
  readonly kubeconfigPath: string;
  /** Where the server's raw kubeconfig is fetched to (installed). */
  readonly fetchedKubeconfigPath: string;
}

/**
 * Seed 002's server k3s1, adopted or installed, and its documented outputs
 * (`cluster_name`, `api_endpoint`; installed also `cluster_token`,
 * `agent_token`, `kubeconfig_path`).
 *
 * Adopted, it is `AdoptedK3sServer` at `<scope>/server`; installed, a
 * `K3sCluster` at `<scope>/cluster`, whose addresses (`null_resource.k3s1_install`,
 * `random_password.agent_token`, `local_file.kubeconfig`) stay where they were
 * documented. Installed, the stack also gets the null and random providers
 * the cluster's resources need.
 */
export function k3sHomelabServer(scope: Construct, props: K3sHomelabServerProps): IHomelabServer {
  const s = props.server;
  stackOutput(scope, 'cluster_name', { value: props.clusterName, description: 'K3s cluster name' });
  stackOutput(scope, 'api_endpoint', { value: `https://${s.host}:6443`, description: `Kubernetes API endpoint (${s.hostname})` });
  if (props.existing) {
    return new AdoptedK3sServer(scope, 'server', {
      hostname: s.hostname,
      ipAddress: s.host,
      kubeconfigPath: props.existingKubeconfigPath!,
      joinTokenFile: props.joinTokenFile,
    });
  }
  return installedServer(scope, props);
}

function installedServer(scope: Construct, props: K3sHomelabServerProps): IHomelabServer {
  const { check } = validator(scope);
  check('joinTokenFile', props.joinTokenFile, props.joinTokenFile === undefined, JOIN_TOKEN_FILE_INSTALLED_RULE);
  const cluster = new K3sCluster(scope, 'cluster', {
    clusterName: props.clusterName,
    k3sVersion: props.k3sVersion,
    servers: [props.server],
    embeddedEtcd: true,
    secretsEncryption: props.secretsEncryption,
    configTemplate: props.configTemplate,
    bootstrapDir: props.bootstrapDir,
    kubeconfigPath: props.kubeconfigPath,
    fetchedKubeconfigPath: props.fetchedKubeconfigPath,
  });
  stackProvider(scope, 'null', (stack, id) => new NullProvider(stack, id));
  stackProvider(scope, 'random', (stack, id) => new RandomProvider(stack, id));
  // Onboarded nodes are agents: they get the agent token only.
  const joinToken = cluster.agentToken.value;
  stackOutput(scope, 'cluster_token', { value: cluster.token.value, sensitive: true, description: 'K3s server token: joins servers, encrypts bootstrap data' });
  stackOutput(scope, 'agent_token', { value: joinToken, sensitive: true, description: 'K3s agent token: what onboarded nodes join with' });
  stackOutput(scope, 'kubeconfig_path', {
    value: `\${abspath(${cluster.kubeconfig.file.fqn}.filename)}`, sensitive: true, description: 'Absolute path of the generated kubeconfig (0600)',
  });
  return {
    serverUrl: `https://${props.server.host}:6443`,
    joinToken,
    kubernetes: cluster.kubeconfig.credentials,
    after: [...cluster.installs, cluster.kubeconfig.file],
    cluster,
  };
}

export interface AdoptedK3sServerProps {
  /** The server's node name (for the token's description). */
  readonly hostname: string;
  readonly ipAddress: string;
  /** Kubeconfig of the running cluster (~ allowed), read at plan. */
  readonly kubeconfigPath: string;
  /** A file holding the running cluster's agent token (~ allowed), read at plan. @default - the sensitive variable `k3s_join_token` */
  readonly joinTokenFile?: string;
}

/**
 * A running K3s server Terraform does not manage: nothing on it is installed
 * or changed over SSH. Nodes join it with its agent token, from a file or
 * from `var.k3s_join_token` (sensitive, TF_VAR_k3s_join_token); Terraform
 * reaches its API with the operator's kubeconfig.
 */
export class AdoptedK3sServer extends Construct implements IHomelabServer {
  public readonly serverUrl: string;
  public readonly joinToken: string;
  public readonly kubernetes: KubernetesAccess;
  public readonly after: readonly ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: AdoptedK3sServerProps) {
    super(scope, id);
    const { check } = validator(this);
    check('hostname', props.hostname, isDnsLabel(props.hostname), DNS_LABEL_RULE);
    check('ipAddress', props.ipAddress, isIpv4(props.ipAddress), 'must be an IPv4 address');
    check('kubeconfigPath', props.kubeconfigPath, typeof props.kubeconfigPath === 'string' && props.kubeconfigPath.trim() !== '', KUBECONFIG_REQUIRED_RULE);
    if (props.joinTokenFile !== undefined) check('joinTokenFile', props.joinTokenFile, props.joinTokenFile.trim() !== '', 'must be a file path, or unset for the variable k3s_join_token');
    this.serverUrl = `https://${props.ipAddress}:6443`;
    if (props.joinTokenFile !== undefined) {
      this.joinToken = Fn.trimspace(Fn.file(Fn.pathexpand(props.joinTokenFile)));
    } else {
      const variable = new TerraformVariable(this, 'k3s_join_token', {
        type: 'string',
        sensitive: true,
        nullable: false,
        description: `Agent token of the running cluster (on ${props.hostname}: sudo cat /var/lib/rancher/k3s/server/agent-token once agent-token is set there, docs/ssh-and-tokens.md); export TF_VAR_k3s_join_token`,
      });
      variable.overrideLogicalId('k3s_join_token');
      this.joinToken = variable.stringValue;
    }
    this.kubernetes = { configPath: Fn.pathexpand(props.kubeconfigPath) };
  }
}
