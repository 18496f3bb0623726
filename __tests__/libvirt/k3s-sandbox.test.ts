import { Password } from '@cdktf/provider-random/lib/password';
import { Testing, TerraformStack } from 'cdktf';
import { join } from 'path';
import { K3sSandbox, K3sSandboxProps, SandboxNode } from '../../lib/libvirt';
import '../helpers/cdktf-matchers';

const ROOT = join(__dirname, '../..');
const node = (name: string, role: SandboxNode['role'], i: number): SandboxNode => ({ name, role, ipAddress: `10.0.1.${i}`, vcpu: 2, memoryMiB: 2048, diskGiB: 20 });
const base: K3sSandboxProps = {
  k3sVersion: 'v1.34.3+k3s1', nodes: [node('cp', 'server', 10), node('w-1', 'agent', 11)], pool: 'p', baseImage: 'base.qcow2',
  networkName: 'default', prefixLength: 24, gateway: '10.0.1.1', dnsServers: ['10.0.1.1'],
  sshAuthorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGz4ustkkH4RUBdeJLV09Jnyynhf0ofYyqdPexXpGMNO me'],
  configTemplate: {}, cloudInitDir: join(ROOT, 'cloud-init'), bootstrapDir: join(ROOT, 'bootstrap'),
};
function synth(over: Partial<K3sSandboxProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new K3sSandbox(stack, 'sandbox', { ...base, ...over });
  return Testing.synth(stack);
}
const addresses = (json: any) => Object.entries<Record<string, unknown>>(json.resource).flatMap(([t, by]) => Object.keys(by).map((n) => `${t}.${n}`)).sort();

describe('K3sSandbox', () => {
  const synthesized = synth();
  const json = JSON.parse(synthesized);

  it('per node a disk, a cloud-init disk and a domain; the two generated tokens; no dependency between VMs', () => {
    expect(addresses(json)).toEqual([
      'libvirt_cloudinit_disk.cp_cloudinit', 'libvirt_cloudinit_disk.w_1_cloudinit', 'libvirt_domain.cp', 'libvirt_domain.w_1',
      'libvirt_volume.cp_disk', 'libvirt_volume.w_1_disk', 'random_password.agent_token', 'random_password.cluster_token',
    ]);
    expect(synthesized).toHaveResourceWithProperties(Password, { length: 48, special: false });
    for (const type of ['libvirt_domain', 'libvirt_volume', 'libvirt_cloudinit_disk']) {
      for (const r of Object.values<any>(json.resource[type])) expect(r.depends_on).toBeUndefined();
    }
  });

  it('the server gets the server token and the agent token; agents only the agent token and the server\'s URL', () => {
    const cp = json.resource.libvirt_cloudinit_disk.cp_cloudinit.user_data;
    const w = json.resource.libvirt_cloudinit_disk.w_1_cloudinit.user_data;
    expect(cp).toContain('"token" = random_password.cluster_token.result');
    expect(cp).toContain('"agent-token" = random_password.agent_token.result');
    expect(cp).toMatch(/k3s-cp\.yml\.tpl/);
    expect(w).toContain('"token" = random_password.agent_token.result');
    expect(w).not.toContain('cluster_token');
    expect(w).toContain('"server" = "https://10.0.1.10:6443"');
    expect(w).toMatch(/k3s-worker\.yml\.tpl/);
  });

  it('a base image path is uploaded once as libvirt_volume.base_image; a bare name is a volume in the pool', () => {
    const path = JSON.parse(synth({ baseImage: '/images/base.qcow2' })).resource.libvirt_volume;
    expect(path.base_image).toMatchObject({ name: 'base.qcow2', source: '/images/base.qcow2', pool: 'p', format: 'qcow2' });
    expect(path.w_1_disk.base_volume_id).toBe('${libvirt_volume.base_image.id}');
    expect(json.resource.libvirt_volume.base_image).toBeUndefined();
    expect(json.resource.libvirt_volume.w_1_disk).toMatchObject({ base_volume_name: 'base.qcow2', base_volume_pool: 'p' });
  });

  it('defines seed 003\'s outputs; only the tokens are sensitive', () => {
    expect(Object.fromEntries(Object.entries<any>(json.output).map(([k, o]) => [k, o.sensitive]))).toEqual({
      node_ips: false, ssh_commands: false, api_endpoint: false, kubeconfig_command: false, cluster_token: true, agent_token: true,
    });
    expect(json.output.node_ips.value).toEqual({ cp: '10.0.1.10', 'w-1': '10.0.1.11' });
    expect(json.output.ssh_commands.value).toEqual({ cp: 'ssh ubuntu@10.0.1.10', 'w-1': 'ssh ubuntu@10.0.1.11' });
    expect(json.output.api_endpoint.value).toBe('https://10.0.1.10:6443');
    expect(json.output.kubeconfig_command.value).toContain("ssh ubuntu@10.0.1.10 'sudo cat /etc/rancher/k3s/k3s.yaml' | sed 's/127.0.0.1/10.0.1.10/'");
    expect(json.output.agent_token.value).toBe('${random_password.agent_token.result}');
  });

  it.each([
    [{ nodes: [node('w-1', 'agent', 11)] }, 'nodes = ["w-1 (agent)"]: must hold exactly one server'],
    [{ nodes: [node('cp', 'server', 10), node('cp2', 'server', 12)] }, 'nodes = ["cp (server)","cp2 (server)"]: must hold exactly one server'],
    [{ nodes: [node('cp', 'server', 10), node('cp', 'agent', 11)] }, 'nodes[1].name = "cp": must be DNS-compliant'],
    [{ nodes: [node('cp', 'server', 10), node('W_1', 'agent', 11)] }, 'nodes[1].name = "W_1": must be DNS-compliant'],
    [{ nodes: [node('cp', 'server', 10), { ...node('w-1', 'agent', 11), ipAddress: '10.0.1' }] }, 'nodes[1].ipAddress = "10.0.1": must be an IPv4 address'],
    [{ k3sVersion: 'latest' }, 'k3sVersion = "latest": must be a K3s release like v1.28.3+k3s1'],
    [{ sshAuthorizedKeys: [] }, 'sshAuthorizedKeys = []: must hold at least one key'],
    [{ baseImage: 'https://me:s3cr3t@nas.lan/k3s.qcow2' }, 'baseImage = "https://me:***@nas.lan/k3s.qcow2": must not carry a password or token'],
  ])('refuses %j naming the construct path, the field, the value and the rule', (over, message) => {
    expect(() => synth(over as Partial<K3sSandboxProps>)).toThrow(`stack/sandbox: ${message}`);
  });
});
