import { z } from 'zod';
import { SettingsProblem } from './problems';
import { dnsLabel, ipv4, ipv4Network, k3sVersion, matching, nonEmptyString, secretsEncryption, sshPublicKey, withoutCredentials } from './rules';

/**
 * Settings of the libvirt sandbox (seed 003, `kpi-sandbox`): VMs on a KVM
 * host, cloned from the Packer base image, configured by cloud-init with
 * static addresses. Unknown keys are refused.
 */

const positiveInt = (what: string) =>
  z.number({ invalid_type_error: 'must be a number' }).int(`must be a whole number of ${what}`).positive(`must be a positive number of ${what}`);

const cidr = ipv4Network(30, 'must be an IPv4 network like 192.168.122.0/24 (prefix 8-30)');

/** A libvirt URI: local (qemu:///system) or remote over SSH (qemu+ssh://user@host/system). */
const libvirtUri = matching(/^qemu(\+ssh|\+tcp|\+tls|\+unix)?:\/\/[^\s]*\/(system|session)(\?[^\s]*)?$/,
  'must be a libvirt URI like qemu:///system or qemu+ssh://user@host/system');

const vmNode = z
  .object({
    name: dnsLabel.describe("VM and K3s node name: DNS label, unique."),
    ip_address: ipv4.describe("Static IPv4 inside network_cidr, not the gateway, unique."),
    role: z.enum(['server', 'agent'], { errorMap: () => ({ message: 'must be "server" (control plane) or "agent" (worker)' }) }).describe("server (the one control plane, seed 003) or agent (worker); exactly one server."),
    vcpu: positiveInt('vCPUs').optional().describe("vCPUs of this VM; default node_vcpu."),
    memory_mib: positiveInt('MiB').optional().describe("Memory of this VM in MiB; default node_memory_mib."),
    disk_gib: positiveInt('GiB').optional().describe("Disk of this VM in GiB; default node_disk_gib."),
  })
  .strict();

export const sandboxSchema = z
  .object({
    cluster_name: dnsLabel.describe("DNS label: names the cluster in outputs and the kubeconfig command."),
    k3s_version: k3sVersion.describe("A K3s release tag (v1.34.3+k3s1 in seed 003), installed by cloud-init from the official script at that tag."),
    secrets_encryption: secretsEncryption,
    libvirt_uri: libvirtUri.default('qemu:///system').describe("qemu:///system on the hypervisor, or remote, e.g. qemu+ssh://user@host/system (from a laptop, seed 003)."),
    storage_pool: nonEmptyString.describe("The libvirt pool of disks and cloud-init ISOs (libvirt_images)."),
    // A URL here is in the JSON, plans and state: no credentials in it.
    base_image: withoutCredentials(nonEmptyString, 'serve the image without credentials (e.g. on the LAN) or put it into the storage pool and give its name').describe("The Packer image: a volume name already in the pool (each disk is a copy-on-write clone of it), or a path or URL (without a user's password or token) uploaded once into the pool as libvirt_volume.base_image."),
    network_name: nonEmptyString.describe("The libvirt network (default)."),
    network_cidr: cidr.describe("IPv4 network, prefix 8-30 (192.168.122.0/24)."),
    network_gateway: ipv4.describe("IPv4 gateway inside network_cidr (192.168.122.1)."),
    dns_servers: z.array(ipv4).min(1, 'must list at least one DNS server').describe("At least one IPv4 DNS server."),
    ssh_authorized_keys: z.array(sshPublicKey).min(1, 'must list at least one public key (the only way into the VMs)').describe("At least one OpenSSH public key line for the ubuntu user (a private key is refused)."),
    node_vcpu: positiveInt('vCPUs').describe("vCPUs per VM (6 in seed 003)."),
    node_memory_mib: positiveInt('MiB').describe("Memory per VM in MiB (10240 in seed 003)."),
    node_disk_gib: positiveInt('GiB').describe("Disk per VM in GiB (80 in seed 003)."),
    nodes: z.array(vmNode).min(1, 'must list at least one node').describe("The VMs { name, ip_address, role, vcpu, memory_mib, disk_gib }."),
  })
  .strict();

export type SandboxInput = z.infer<typeof sandboxSchema>;

export interface VmNodeSettings {
  readonly name: string;
  readonly ipAddress: string;
  readonly role: 'server' | 'agent';
  readonly vcpu: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
}

export interface SandboxSettings {
  readonly clusterName: string;
  readonly k3sVersion: string;
  readonly libvirtUri: string;
  readonly storagePool: string;
  /** A volume name in `storagePool`, or a path/URL the provider uploads. */
  readonly baseImage: string;
  readonly network: {
    readonly name: string;
    readonly cidr: string;
    readonly prefixLength: number;
    readonly gateway: string;
    readonly dnsServers: readonly string[];
  };
  readonly sshAuthorizedKeys: readonly string[];
  /** The server encrypts Secrets at rest (from its first start). */
  readonly secretsEncryption: boolean;
  /** The control plane first, then the workers, in settings order. */
  readonly nodes: readonly VmNodeSettings[];
}

type Check = (problem: Omit<SettingsProblem, 'file'>) => void;

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
}

function inNetwork(ip: string, cidrText: string): boolean {
  const [net, len] = cidrText.split('/');
  const size = 2 ** (32 - Number(len));
  const base = Math.floor(ipToInt(net) / size) * size;
  const n = ipToInt(ip);
  // Neither the network address nor the broadcast address.
  return n > base && n < base + size - 1;
}

/** Rules spanning fields: one control plane, addresses inside the network and unique, names unique. */
export function checkSandbox(input: SandboxInput, report: Check): void {
  const servers = input.nodes.filter((n) => n.role === 'server').length;
  if (servers !== 1) {
    report({ path: 'nodes', value: `${servers} server(s)`, rule: 'needs exactly one node with role = "server" (seed 003: one control plane, workers join it)' });
  }
  if (!inNetwork(input.network_gateway, input.network_cidr)) {
    report({ path: 'network_gateway', value: input.network_gateway, rule: `must be inside network_cidr ${input.network_cidr}` });
  }
  const seen = { name: new Map<string, string>(), ip_address: new Map<string, string>() };
  input.nodes.forEach((n, i) => {
    const at = `nodes[${i}]`;
    if (!inNetwork(n.ip_address, input.network_cidr)) {
      report({ path: `${at}.ip_address`, value: n.ip_address, rule: `must be a host address inside network_cidr ${input.network_cidr}` });
    }
    if (n.ip_address === input.network_gateway) {
      report({ path: `${at}.ip_address`, value: n.ip_address, rule: 'must not be the gateway address' });
    }
    for (const key of ['name', 'ip_address'] as const) {
      const first = seen[key].get(n[key]);
      if (first) report({ path: `${at}.${key}`, value: n[key], rule: `must be unique, already used by ${first}` });
      else seen[key].set(n[key], at);
    }
  });
}

export function toSandboxSettings(input: SandboxInput): SandboxSettings {
  const node = (n: SandboxInput['nodes'][number]): VmNodeSettings => ({
    name: n.name,
    ipAddress: n.ip_address,
    role: n.role,
    vcpu: n.vcpu ?? input.node_vcpu,
    memoryMiB: n.memory_mib ?? input.node_memory_mib,
    diskGiB: n.disk_gib ?? input.node_disk_gib,
  });
  return {
    clusterName: input.cluster_name,
    k3sVersion: input.k3s_version,
    libvirtUri: input.libvirt_uri,
    storagePool: input.storage_pool,
    baseImage: input.base_image,
    network: {
      name: input.network_name,
      cidr: input.network_cidr,
      prefixLength: Number(input.network_cidr.split('/')[1]),
      gateway: input.network_gateway,
      dnsServers: input.dns_servers,
    },
    sshAuthorizedKeys: input.ssh_authorized_keys,
    secretsEncryption: input.secrets_encryption,
    nodes: [...input.nodes.filter((n) => n.role === 'server'), ...input.nodes.filter((n) => n.role === 'agent')].map(node),
  };
}
