import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LibvirtProvider } from '../lib/libvirt/bindings/providers/libvirt/provider';
import { K3sSandbox } from '../lib/libvirt';
import { SandboxSettings, EnvironmentSettings } from '../lib/settings';
import { EnvironmentPaths, stateBackend, pinProviders } from './common';

/** `kpi-sandbox` (seed 003): libvirt VMs from the Packer image, K3s installed by cloud-init. */
export class KpiSandboxStack extends TerraformStack {
  constructor(scope: Construct, id: string, settings: SandboxSettings & EnvironmentSettings, paths: EnvironmentPaths) {
    super(scope, id);
    stateBackend(this, paths, settings.backend);
    pinProviders(this, [new LibvirtProvider(this, 'libvirt', { uri: settings.libvirtUri }), new RandomProvider(this, 'random')]);
    new K3sSandbox(this, 'sandbox', {
      k3sVersion: settings.k3sVersion,
      nodes: settings.nodes,
      pool: settings.storagePool,
      baseImage: settings.baseImage,
      networkName: settings.network.name,
      prefixLength: settings.network.prefixLength,
      gateway: settings.network.gateway,
      dnsServers: settings.network.dnsServers,
      sshAuthorizedKeys: settings.sshAuthorizedKeys,
      secretsEncryption: settings.secretsEncryption,
      configTemplate: paths.configTemplate,
      cloudInitDir: paths.cloudInitDir,
      bootstrapDir: paths.bootstrapDir,
    });

    new TerraformOutput(this, 'cluster_name', { value: settings.clusterName, description: 'K3s cluster name', sensitive: false, staticId: true });
  }
}
