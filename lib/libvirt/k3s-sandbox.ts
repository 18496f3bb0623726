import { Construct } from 'constructs';
import { basename } from 'path';
import { K3sClusterToken, K3sConfigTemplate, nodeConfig } from '../k3s';
import { ADDRESSES } from '../core/addresses';
import { validator } from '../core/validation';
import { hasUrlCredentials, maskUrlPassword, URL_CREDENTIALS_RULE } from '../rules/url-credentials';
import { Volume } from './bindings/providers/libvirt/volume';
import { CloudInitFiles } from './cloud-init-files';
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

/**
 * A K3s cluster of libvirt VMs configured entirely by cloud-init: the VMs are
 * independent in Terraform (they build in parallel); workers wait for the
 * control plane inside cloud-init, not in the dependency graph.
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
    const servers = props.nodes.filter((n) => n.role === 'server');
    if (servers.length !== 1) throw new Error(`nodes must hold exactly one server, got ${servers.length}`);
    if (props.sshAuthorizedKeys.length === 0) throw new Error('sshAuthorizedKeys must not be empty, got []');
    // Shown masked: the secret must not reach the error either.
    if (hasUrlCredentials(props.baseImage)) validator(this).fail('baseImage', maskUrlPassword(props.baseImage), `${URL_CREDENTIALS_RULE} (it would be in the JSON, plans and state)`);
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
