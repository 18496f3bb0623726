import { Testing, TerraformStack } from 'cdktf';
import { K3sVirtualMachine, K3sVirtualMachineProps } from '../../lib/libvirt';

const base: K3sVirtualMachineProps = {
  name: 'k3s-cp-01', vcpu: 2, memoryMiB: 2048, diskGiB: 20, pool: 'p', baseVolume: { name: 'b.qcow2', pool: 'p' },
  networkName: 'default', ipAddress: '10.0.0.2', userData: 'x', networkConfig: 'y',
};

function synth(over: Partial<K3sVirtualMachineProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 's');
  new K3sVirtualMachine(stack, 'vm', { ...base, ...over });
  return JSON.parse(Testing.synth(stack)).resource;
}

describe('K3sVirtualMachine', () => {
  it('is a disk, a cloud-init ISO and a domain at <name>_disk, <name>_cloudinit, <name> (- as _)', () => {
    const r = synth();
    expect(Object.keys(r.libvirt_volume)).toEqual(['k3s_cp_01_disk']);
    expect(Object.keys(r.libvirt_cloudinit_disk)).toEqual(['k3s_cp_01_cloudinit']);
    expect(Object.keys(r.libvirt_domain)).toEqual(['k3s_cp_01']);
    expect(r.libvirt_volume.k3s_cp_01_disk).toMatchObject({ size: 20 * 1024 ** 3, base_volume_name: 'b.qcow2', base_volume_pool: 'p', format: 'qcow2' });
    expect(r.libvirt_domain.k3s_cp_01).toMatchObject({ vcpu: 2, memory: 2048, qemu_agent: true, autostart: true });
    expect(r.libvirt_domain.k3s_cp_01.network_interface[0]).toMatchObject({ addresses: ['10.0.0.2'], hostname: 'k3s-cp-01' });
  });

  it('rebuilds disk and domain when the cloud-init changes (cloud-init runs on first boot only)', () => {
    const r = synth();
    expect(r.libvirt_volume.k3s_cp_01_disk.lifecycle.replace_triggered_by).toEqual(['libvirt_cloudinit_disk.k3s_cp_01_cloudinit']);
    expect(r.libvirt_domain.k3s_cp_01.lifecycle.replace_triggered_by).toEqual(['libvirt_cloudinit_disk.k3s_cp_01_cloudinit']);
  });

  it.each([
    [{ name: 'VM_1' }, 'name = "VM_1": must be DNS-compliant'],
    [{ diskGiB: 0 }, 'diskGiB = 0: must be a positive integer'],
    [{ memoryMiB: 256 }, 'memoryMiB = 256: must be at least 512'],
    [{ vcpu: 1.5 }, 'vcpu = 1.5: must be a positive integer'],
    [{ ipAddress: '10.0.0.256' }, 'ipAddress = "10.0.0.256": must be an IPv4 address'],
    [{ pool: '' }, 'pool = "": must not be empty'],
  ])('refuses %j naming the construct path, the field, the value and the rule', (over, message) => {
    expect(() => synth(over)).toThrow(`s/vm: ${message}`);
  });
});
