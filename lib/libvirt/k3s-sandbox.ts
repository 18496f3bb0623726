import { Construct } from 'constructs';
import { basename } from 'path';
import { K3sClusterToken, K3sConfigTemplate, nodeConfig } from '../k3s';
import { ADDRESSES } from '../core/addresses';
import { stackOutput } from '../core/outputs';
import { validator } from '../core/validation';
import { K3S_VERSION_RULE, isK3sVersion } from '../rules/k3s-version';
import { DNS_LABEL_RULE, isDnsLabel, isIpv4 } from '../rules/network';
import { hasUrlCredentials, maskUrlPassword, URL_CREDENTIALS_RULE } from '../rules/url-credentials';
import { Volume } from './bindings/providers/libvirt/volume';
import { CloudInitFiles } from '../cloud-init/cloud-init-files';
import { BaseVolume, K3sVirtualMachine } from './k3s-vm';

export interface SandboxNode {
  readonly name: string;
  readonly role: 'server' | 'agent';
  readonly ipAddress: string;
  readonly vcpu: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
}

export interface K3sSandboxProps {
  readonly k3sVersion: string;
  /** Exactly one server (it initializes the cluster); agents join it. */
  readonly nodes: readonly SandboxNode[];
  readonly pool: string;
  /**
   * The Packer image: a volume name already in `pool`, or a path/URL that the
   * provider uploads once into `pool` as `libvirt_volume.base_image`.
   */
  readonly baseImage: string;
  readonly networkName: string;
  readonly prefixLength: number;
  readonly gateway: string;
  readonly dnsServers: readonly string[];
  readonly sshAuthorizedKeys: readonly string[];
  /** bootstrap/cluster-config.yaml, parsed. */
  readonly configTemplate: K3sConfigTemplate;
  readonly cloudInitDir: string;
  readonly bootstrapDir: string;
  /**
   * The server encrypts Secrets at rest from its first start.
   * @default true
   */
  readonly secretsEncryption?: boolean;
}


/** Where `kubeconfig_command` writes the sandbox's kubeconfig (`npm run doctor -- kpi-sandbox` reads it there). */
export const SANDBOX_KUBECONFIG = '~/.kube/kpi.yaml';
/**
 * A K3s cluster of libvirt VMs configured entirely by cloud-init: the VMs are
 * independent in Terraform (they build in parallel); workers wait for the
 * control plane inside cloud-init, not in the dependency graph. It defines
 * seed 003's outputs: `node_ips`, `ssh_commands`, `api_endpoint`,
 * `kubeconfig_command`, `cluster_token` and `agent_token`.
 */
export class K3sSandbox extends Construct {
  /** The server token (`random_password.cluster_token`). */
  public readonly token: K3sClusterToken;
  /** The agent token (`random_password.agent_token`): the only one the workers' user data holds. */
  public readonly agentToken: K3sClusterToken;
  public readonly vms: readonly K3sVirtualMachine[];
  public readonly server: SandboxNode;
  public readonly apiEndpoint: string;

  constructor(scope: Construct, id: string, props: K3sSandboxProps) {
    super(scope, id);
    const { check, fail } = validator(this);
    const servers = props.nodes.filter((n) => n.role === 'server');
    check('nodes', props.nodes.map((n) => `${n.name} (${n.role})`), servers.length === 1, 'must hold exactly one server');
    const names = props.nodes.map((n) => n.name);
    props.nodes.forEach((n, i) => {
      check(`nodes[${i}].name`, n.name, isDnsLabel(n.name) && names.indexOf(n.name) === i, `${DNS_LABEL_RULE}, unique among the nodes`);
      check(`nodes[${i}].ipAddress`, n.ipAddress, isIpv4(n.ipAddress), 'must be an IPv4 address');
    });
    check('k3sVersion', props.k3sVersion, isK3sVersion(props.k3sVersion), K3S_VERSION_RULE);
    check('sshAuthorizedKeys', props.sshAuthorizedKeys, props.sshAuthorizedKeys.length > 0, 'must hold at least one key (the VMs have no password)');
    // Shown masked: the secret must not reach the error either.
    if (hasUrlCredentials(props.baseImage)) fail('baseImage', maskUrlPassword(props.baseImage), `${URL_CREDENTIALS_RULE} (it would be in the JSON, plans and state)`);
    this.server = servers[0];
    this.apiEndpoint = `https://${this.server.ipAddress}:6443`;
    this.token = new K3sClusterToken(this, 'token');
    this.agentToken = new K3sClusterToken(this, 'agent-token', { address: ADDRESSES.agentToken.name() });
    const files = new CloudInitFiles(this, 'cloud-init', { cloudInitDir: props.cloudInitDir, bootstrapDir: props.bootstrapDir });
    const baseVolume = this.baseVolume(props);

    this.vms = props.nodes.map((n) => {
      const k3sConfig = nodeConfig({
        template: props.configTemplate,
        role: n.role,
        nodeName: n.name,
        nodeIp: n.ipAddress,
        serverUrl: n.role === 'agent' ? this.apiEndpoint : undefined,
        embeddedEtcd: false,
        token: n.role === 'server' ? this.token.value : this.agentToken.value,
        agentToken: n.role === 'server' ? this.agentToken.value : undefined,
        secretsEncryption: props.secretsEncryption,
      });
      return new K3sVirtualMachine(this, n.name, {
        name: n.name,
        vcpu: n.vcpu,
        memoryMiB: n.memoryMiB,
        diskGiB: n.diskGiB,
        pool: props.pool,
        baseVolume,
        networkName: props.networkName,
        ipAddress: n.ipAddress,
        userData: files.userData(n.role, {
          hostname: n.name,
          ssh_authorized_keys: props.sshAuthorizedKeys,
          k3s_version: props.k3sVersion,
          k3s_config: k3sConfig,
          ...(n.role === 'agent' ? { server_url: this.apiEndpoint } : {}),
        }),
        networkConfig: files.networkConfig({
          ip_address: n.ipAddress,
          prefix_length: props.prefixLength,
          gateway: props.gateway,
          dns_servers: props.dnsServers,
        }),
      });
    });

    const cp = this.server;
    const byNode = (f: (n: SandboxNode) => string) => Object.fromEntries(props.nodes.map((n) => [n.name, f(n)]));
    stackOutput(this, 'node_ips', { value: byNode((n) => n.ipAddress), description: 'Static address of each VM', sensitive: false });
    stackOutput(this, 'ssh_commands', {
      value: byNode((n) => `ssh ubuntu@${n.ipAddress}`), sensitive: false,
      description: 'SSH into each VM (user ubuntu, your key); cloud-init logs: sudo cat /var/log/cloud-init-output.log',
    });
    stackOutput(this, 'api_endpoint', { value: this.apiEndpoint, description: `Kubernetes API endpoint (${cp.name}), ready about 5 minutes after apply`, sensitive: false });
    stackOutput(this, 'kubeconfig_command', {
      value: `ssh ubuntu@${cp.ipAddress} 'sudo cat /etc/rancher/k3s/k3s.yaml' | sed 's/127.0.0.1/${cp.ipAddress}/' > ${SANDBOX_KUBECONFIG} && chmod 600 ${SANDBOX_KUBECONFIG}`,
      description: 'Fetch the kubeconfig once cloud-init is done (seed 003)', sensitive: false,
    });
    stackOutput(this, 'cluster_token', { value: this.token.value, description: 'K3s server token: joins servers, encrypts bootstrap data (tofu output -raw cluster_token)', sensitive: true });
    stackOutput(this, 'agent_token', { value: this.agentToken.value, description: 'K3s agent token: joins agents only (tofu output -raw agent_token)', sensitive: true });
  }

  private baseVolume(props: K3sSandboxProps): BaseVolume {
    if (!/[/:]/.test(props.baseImage)) return { name: props.baseImage, pool: props.pool };
    const base = new Volume(this, 'base-image', {
      name: basename(props.baseImage.replace(/[?#].*$/, '')),
      pool: props.pool,
      source: props.baseImage,
      format: 'qcow2',
    });
    base.overrideLogicalId(ADDRESSES.baseImage.name());
    return { id: base.id };
  }
}
