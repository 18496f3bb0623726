import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { LocalProvider } from '@cdktf/provider-local/lib/provider';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { join } from 'path';
import { FluxBootstrap } from '../lib/gitops/flux-bootstrap';
import { K3sNodeOnboarding, k3sHomelabServer, LonghornDisks, TailscaleSubnetRouter } from '../lib/homelab';
import { nodePortIngress } from '../lib/ingress/node-port-ingress';
import { LonghornBackup } from '../lib/platform/longhorn-backup';
import { CloudInitFiles } from '../lib/cloud-init/cloud-init-files';
import { HomelabSettings, EnvironmentSettings } from '../lib/settings';
import { EnvironmentPaths, longhornBackupProps, stateBackend, pinProviders } from './common';

/**
 * `k3s-homelab` (seed 002): Terraform owns node join and cluster bootstrap
 * (k3s1 adopted or installed, k3s2's user data, Longhorn disks annotations,
 * NGINX ingress, Flux); Flux owns in-cluster configuration from Git (gitops/).
 */
export class K3sHomelabStack extends TerraformStack {
  constructor(scope: Construct, id: string, settings: HomelabSettings & EnvironmentSettings, paths: EnvironmentPaths) {
    super(scope, id);
    stateBackend(this, paths, settings.backend);
    const s = settings.server;
    const serverEndpoint = { hostname: s.hostname, host: s.ipAddress, user: s.sshUser, keyPath: s.sshKeyPath, hostKey: s.sshHostKey };
    new LocalProvider(this, 'local');
    const server = k3sHomelabServer(this, {
      clusterName: settings.clusterName,
      k3sVersion: settings.k3sVersion,
      server: serverEndpoint,
      existing: s.existing,
      existingKubeconfigPath: settings.kubeconfigPath,
      joinTokenFile: settings.joinTokenFile,
      secretsEncryption: settings.secretsEncryption,
      configTemplate: paths.configTemplate,
      bootstrapDir: paths.bootstrapDir,
      kubeconfigPath: `${paths.envDir}/kubeconfig`,
      fetchedKubeconfigPath: `${paths.envDir}/.kubeconfig.fetched`,
    });
    new KubernetesProvider(this, 'kubernetes', server.kubernetes);
    new HelmProvider(this, 'helm', { kubernetes: server.kubernetes });
    const after = [...server.after];

    const files = new CloudInitFiles(this, 'cloud-init', { cloudInitDir: paths.cloudInitDir, bootstrapDir: paths.bootstrapDir });
    new LonghornDisks(this, `${s.hostname}-longhorn`, { nodeName: s.hostname, diskPaths: s.longhornDiskPaths, after, labelNode: true });
    const onboarded = settings.nodes.map((n) => new K3sNodeOnboarding(this, n.hostname, {
      hostname: n.hostname,
      ipAddress: n.ipAddress,
      k3sVersion: settings.k3sVersion,
      serverUrl: server.serverUrl,
      token: server.joinToken,
      labels: n.labels,
      longhornDiskPaths: n.longhornDiskPaths,
      sshAuthorizedKeys: settings.sshAuthorizedKeys,
      joined: n.joined,
      configTemplate: paths.configTemplate,
      files,
      userDataPath: `${paths.envDir}/user-data.${n.hostname}`,
    }));
    K3sNodeOnboarding.userDataFilesOutput(this, onboarded);

    // NGINX from Terraform (seed 002), or K3s' Traefik given the same NodePorts from Git.
    const ingress = nodePortIngress(this, { controller: settings.ingressController, host: s.ipAddress, after });
    new FluxBootstrap(this, 'flux', {
      repositoryUrl: settings.flux.repositoryUrl,
      branch: settings.flux.branch,
      path: settings.flux.path,
      sopsAgeKeyFile: settings.flux.sopsAgeKeyFile,
      extraPaths: ingress.gitOpsPaths,
      after,
      sourceOutput: 'flux_source',
    });

    const backup = longhornBackupProps(this, settings.longhornBackup);
    if (backup) new LonghornBackup(this, 'longhorn-backup', { ...backup, after });

    if (settings.tailscaleSubnetRouter) {
      // Only the first set-up logs in with it: later plans (k3s1 logged in) need none, so it defaults to empty.
      const authKey = new TerraformVariable(this, 'tailscale_auth_key', {
        type: 'string', sensitive: true, nullable: false, default: '',
        description: 'Tailscale auth key for the subnet router on the server, needed only when it first logs in (creating null_resource.tailscale_subnet_router); export TF_VAR_tailscale_auth_key then',
      });
      new TailscaleSubnetRouter(this, 'tailscale', {
        node: serverEndpoint,
        authKey: authKey.stringValue,
        routes: settings.tailscaleRoutes,
        scriptPath: join(paths.bootstrapDir, 'tailscale-subnet-router.sh'),
      });
    }
    pinProviders(this);
  }
}
