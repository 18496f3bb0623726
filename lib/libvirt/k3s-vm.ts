import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { validator } from '../core/validation';
import { DNS_LABEL_RULE, isDnsLabel, isIpv4 } from '../rules/network';
import { CloudinitDisk } from './bindings/providers/libvirt/cloudinit-disk';
import { Domain } from './bindings/providers/libvirt/domain';
import { Volume } from './bindings/providers/libvirt/volume';

/** The volume a VM's disk is a copy-on-write clone of. */
export type BaseVolume =
  | { readonly id: string }
  | { readonly name: string; readonly pool: string };

export interface K3sVirtualMachineProps {
  /** Domain and host name (a DNS label), e.g. `k3s-cp-01`. */
  readonly name: string;
  readonly vcpu: number;
  readonly memoryMiB: number;
  readonly diskGiB: number;
  /** Storage pool of the disk and the cloud-init ISO. */
  readonly pool: string;
  readonly baseVolume: BaseVolume;
  /** libvirt network the VM's interface joins. */
  readonly networkName: string;
  /** The static address cloud-init configures (also registered with the libvirt network). */
  readonly ipAddress: string;
  /** Rendered cloud-init user data (a templatefile() expression). */
  readonly userData: string;
  /** Rendered cloud-init network config. */
  readonly networkConfig: string;
}


/**
 * One K3s VM: `libvirt_volume.<n>_disk` (a clone of the base image sized to
 * `diskGiB`), `libvirt_cloudinit_disk.<n>_cloudinit` and `libvirt_domain.<n>`,
 * where `<n>` is the name with `-` as `_`. The base image provides cloud-init
 * and the QEMU guest agent; the serial console shows boot and cloud-init.
 */
export class K3sVirtualMachine extends Construct {
  public readonly volume: Volume;
  public readonly cloudinit: CloudinitDisk;
  public readonly domain: Domain;

  constructor(scope: Construct, id: string, props: K3sVirtualMachineProps) {
    super(scope, id);
    validate(this, props);
    const vm = { hostname: props.name };
    const base = 'id' in props.baseVolume
      ? { baseVolumeId: props.baseVolume.id }
      : { baseVolumeName: props.baseVolume.name, baseVolumePool: props.baseVolume.pool };

    // cloud-init only runs on a VM's first boot: a changed user data or
    // network config (new K3s version, keys, address) rebuilds the VM and its
    // disk from the base image, as seed 003 rebuilds rather than mutates.
    this.cloudinit = new CloudinitDisk(this, 'cloudinit', {
      name: `${props.name}-cloudinit.iso`,
      pool: props.pool,
      userData: props.userData,
      networkConfig: props.networkConfig,
    });
    this.cloudinit.overrideLogicalId(ADDRESSES.vmCloudinit.name(vm));
    // A plain reference: cdktf 0.21 renders a resource here as "${...}", which Terraform refuses.
    const rebuildOnNewCloudInit = { replaceTriggeredBy: [ADDRESSES.vmCloudinit.address(vm)] };

    this.volume = new Volume(this, 'disk', {
      lifecycle: rebuildOnNewCloudInit,
      name: `${props.name}.qcow2`,
      pool: props.pool,
      format: 'qcow2',
      size: props.diskGiB * 1024 ** 3,
      ...base,
    });
    this.volume.overrideLogicalId(ADDRESSES.vmDisk.name(vm));

    this.domain = new Domain(this, 'domain', {
      lifecycle: rebuildOnNewCloudInit,
      name: props.name,
      vcpu: props.vcpu,
      memory: props.memoryMiB,
      qemuAgent: true,
      autostart: true,
      cloudinit: this.cloudinit.id,
      cpu: { mode: 'host-passthrough' },
      disk: [{ volumeId: this.volume.id }],
      networkInterface: [{ networkName: props.networkName, hostname: props.name, addresses: [props.ipAddress], waitForLease: false }],
      console: [{ type: 'pty', targetType: 'serial', targetPort: '0' }],
    });
    this.domain.overrideLogicalId(ADDRESSES.vm.name(vm));
  }
}

function validate(scope: Construct, props: K3sVirtualMachineProps): void {
  const { fail } = validator(scope);
  if (!isDnsLabel(props.name)) fail('name', props.name, DNS_LABEL_RULE);
  for (const [field, v] of [['vcpu', props.vcpu], ['memoryMiB', props.memoryMiB], ['diskGiB', props.diskGiB]] as const) {
    if (!Number.isInteger(v) || v <= 0) fail(field, v, 'must be a positive integer');
  }
  if (props.memoryMiB < 512) fail('memoryMiB', props.memoryMiB, 'must be at least 512 (K3s needs 512 MiB)');
  if (!props.pool) fail('pool', props.pool, 'must not be empty');
  if (!props.networkName) fail('networkName', props.networkName, 'must not be empty');
  if (!isIpv4(props.ipAddress)) fail('ipAddress', props.ipAddress, 'must be an IPv4 address');
}
