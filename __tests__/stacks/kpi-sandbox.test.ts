import { AllSettings } from '../../lib/settings';
import { exampleSettings, StackJson, synthSandbox } from '../helpers/repo';

let settings: AllSettings['kpi-sandbox'];
let json: StackJson;
beforeAll(async () => {
  settings = (await exampleSettings())['kpi-sandbox'];
  json = synthSandbox(settings);
});

const addresses = (s: StackJson) =>
  Object.entries(s.resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)).sort();

describe('kpi-sandbox stack', () => {
  it('per node: a disk cloned from the base image, a cloud-init disk and a domain, at stable addresses', () => {
    expect(addresses(json)).toEqual([
      'libvirt_cloudinit_disk.k3s_cp_01_cloudinit', 'libvirt_cloudinit_disk.k3s_worker_01_cloudinit', 'libvirt_cloudinit_disk.k3s_worker_02_cloudinit',
      'libvirt_domain.k3s_cp_01', 'libvirt_domain.k3s_worker_01', 'libvirt_domain.k3s_worker_02',
      'libvirt_volume.k3s_cp_01_disk', 'libvirt_volume.k3s_worker_01_disk', 'libvirt_volume.k3s_worker_02_disk',
      'random_password.agent_token', 'random_password.cluster_token',
    ]);
  });

  it('sizes and wiring of seed 003: 6 vCPU, 10240 MiB, 80 GiB in bytes, static address, serial console, guest agent', () => {
    const disk = json.resource.libvirt_volume.k3s_worker_01_disk;
    expect(disk).toMatchObject({ size: 85899345920, pool: 'libvirt_images', base_volume_name: 'k3s-node-ubuntu-24.04.qcow2', base_volume_pool: 'libvirt_images' });
    const vm = json.resource.libvirt_domain.k3s_worker_01;
    expect(vm).toMatchObject({ name: 'k3s-worker-01', vcpu: 6, memory: 10240, qemu_agent: true, autostart: true });
    expect(vm.disk).toEqual([{ volume_id: '${libvirt_volume.k3s_worker_01_disk.id}' }]);
    expect(vm.cloudinit).toBe('${libvirt_cloudinit_disk.k3s_worker_01_cloudinit.id}');
    expect(vm.network_interface).toEqual([expect.objectContaining({ network_name: 'default', addresses: ['192.168.122.11'], wait_for_lease: false })]);
    expect(vm.console).toEqual([{ type: 'pty', target_type: 'serial', target_port: '0' }]);
  });

  it('VMs are independent in Terraform, so the three build in parallel', () => {
    for (const type of ['libvirt_domain', 'libvirt_volume', 'libvirt_cloudinit_disk']) {
      for (const r of Object.values<any>(json.resource[type])) expect(r.depends_on).toBeUndefined();
    }
    // Only the own disks are referenced: no domain mentions another node.
    expect(JSON.stringify(json.resource.libvirt_domain.k3s_worker_02)).not.toMatch(/k3s_(cp_01|worker_01)/);
  });

  it('a base image given as a path or URL is uploaded once and cloned by every disk', () => {
    const withPath = synthSandbox({ ...settings, baseImage: '/var/lib/libvirt/images/k3s-node-ubuntu-24.04.qcow2' });
    expect(withPath.resource.libvirt_volume.base_image).toMatchObject({
      name: 'k3s-node-ubuntu-24.04.qcow2', pool: 'libvirt_images', source: '/var/lib/libvirt/images/k3s-node-ubuntu-24.04.qcow2',
    });
    expect(withPath.resource.libvirt_volume.k3s_cp_01_disk.base_volume_id).toBe('${libvirt_volume.base_image.id}');
    const withUrl = synthSandbox({ ...settings, baseImage: 'https://images.example/k3s-node-ubuntu-24.04.qcow2?v=2' });
    expect(withUrl.resource.libvirt_volume.base_image.name).toBe('k3s-node-ubuntu-24.04.qcow2');
  });

  it('the construct refuses a base image URL with credentials, naming itself and masking the secret', () => {
    expect(() => synthSandbox({ ...settings, baseImage: 'https://me:s3cr3t@nas.lan/k3s.qcow2' }))
      .toThrow(/sandbox: baseImage = "https:\/\/me:\*\*\*@nas\.lan\/k3s\.qcow2": must not carry a password or token/);
    expect(() => synthSandbox({ ...settings, baseImage: 'https://me:s3cr3t@nas.lan/k3s.qcow2' })).not.toThrow(/s3cr3t/);
  });

  it('state, provider pins and the libvirt URI', () => {
    expect(json.terraform.backend.local.path).toBe('../../../terraform/environments/kpi-sandbox/terraform.tfstate');
    expect(json.terraform.required_providers).toEqual({
      libvirt: { source: 'dmacvicar/libvirt', version: '0.8.3' },
      random: { source: 'hashicorp/random', version: '3.7.2' },
    });
    expect(json.provider.libvirt).toEqual([{ uri: 'qemu:///system' }]);
  });

  it('outputs: names and addresses, SSH commands, API endpoint; the token is sensitive', () => {
    expect(json.output.node_ips.value).toEqual({ 'k3s-cp-01': '192.168.122.10', 'k3s-worker-01': '192.168.122.11', 'k3s-worker-02': '192.168.122.12' });
    expect((json.output.ssh_commands.value as any)['k3s-worker-02']).toBe('ssh ubuntu@192.168.122.12');
    expect(json.output.api_endpoint).toMatchObject({ value: 'https://192.168.122.10:6443', sensitive: false });
    expect(json.output.cluster_token).toMatchObject({ value: '${random_password.cluster_token.result}', sensitive: true });
    for (const [name, o] of Object.entries(json.output)) if (name !== 'cluster_token' && name !== 'agent_token') expect(JSON.stringify(o.value)).not.toContain('random_password');
  });

  it('the tokens are only referenced, inside the user data templatefile(); workers get only the agent token', () => {
    const text = JSON.stringify(json);
    const uses = (ref: string) => text.split(ref).length - 1;
    // The server token: the control plane's user data and the output; the agent token: all three user data and the output.
    expect(uses('random_password.cluster_token.result')).toBe(2);
    expect(uses('random_password.agent_token.result')).toBe(4);
    for (const [name, disk] of Object.entries<any>(json.resource.libvirt_cloudinit_disk)) {
      expect(disk.user_data).toMatch(/^\$\{templatefile\("assets\/.+\/k3s-(cp|worker)\.yml\.tpl", \{/);
      if (name.startsWith('k3s_cp')) {
        expect(disk.user_data).toContain('"token" = random_password.cluster_token.result');
        expect(disk.user_data).toContain('"agent-token" = random_password.agent_token.result');
      } else {
        expect(disk.user_data).toContain('"token" = random_password.agent_token.result');
        expect(disk.user_data).not.toContain('cluster_token');
      }
      expect(disk.network_config).not.toContain('random_password');
    }
    expect(json.output.agent_token.sensitive).toBe(true);
  });
});
