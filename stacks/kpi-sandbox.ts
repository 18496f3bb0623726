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
    const sandbox = new K3sSandbox(this, 'sandbox', {
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

    const out = (outputId: string, value: unknown, description: string, sensitive = false) =>
      new TerraformOutput(this, outputId, { value, description, sensitive, staticId: true });
    const cp = sandbox.server;
    out('cluster_name', settings.clusterName, 'K3s cluster name');
    out('node_ips', Object.fromEntries(settings.nodes.map((n) => [n.name, n.ipAddress])), 'Static address of each VM');
    out('ssh_commands', Object.fromEntries(settings.nodes.map((n) => [n.name, `ssh ubuntu@${n.ipAddress}`])),
      'SSH into each VM (user ubuntu, your key); cloud-init logs: sudo cat /var/log/cloud-init-output.log');
    out('api_endpoint', sandbox.apiEndpoint, `Kubernetes API endpoint (${cp.name}), ready about 5 minutes after apply`);
    out('kubeconfig_command',
      `ssh ubuntu@${cp.ipAddress} 'sudo cat /etc/rancher/k3s/k3s.yaml' | sed 's/127.0.0.1/${cp.ipAddress}/' > ~/.kube/kpi.yaml && chmod 600 ~/.kube/kpi.yaml`,
      'Fetch the kubeconfig once cloud-init is done (seed 003)');
    out('cluster_token', sandbox.token.value, 'K3s server token: joins servers, encrypts bootstrap data (tofu output -raw cluster_token)', true);
    out('agent_token', sandbox.agentToken.value, 'K3s agent token: joins agents only (tofu output -raw agent_token)', true);
  }
}
