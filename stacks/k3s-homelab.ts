import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { LocalProvider } from '@cdktf/provider-local/lib/provider';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { Fn, ITerraformDependable, TerraformOutput, TerraformProvider, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { join } from 'path';
import { FluxBootstrap } from '../lib/gitops/flux-bootstrap';
import { K3sNodeOnboarding, LonghornDisks, TailscaleSubnetRouter } from '../lib/homelab';
import { NginxIngress, SEED_002_NODE_PORTS, TRAEFIK_NODE_PORTS_PATH } from '../lib/ingress/nginx-ingress';
import { LonghornBackup } from '../lib/platform/longhorn-backup';
import { K3sCluster } from '../lib/k3s';
import { CloudInitFiles } from '../lib/libvirt/cloud-init-files';
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
    const serverUrl = `https://${s.ipAddress}:6443`;
    const serverEndpoint = { hostname: s.hostname, host: s.ipAddress, user: s.sshUser, keyPath: s.sshKeyPath, hostKey: s.sshHostKey };
    const providers: TerraformProvider[] = [new LocalProvider(this, 'local')];
    let token: string;
    let after: ITerraformDependable[] = [];

    if (s.existing) {
      // Adopted: nothing on k3s1 is installed or changed over SSH.
      if (settings.joinTokenFile) {
        token = Fn.trimspace(Fn.file(Fn.pathexpand(settings.joinTokenFile)));
      } else {
        token = new TerraformVariable(this, 'k3s_join_token', {
          type: 'string',
          sensitive: true,
          nullable: false,
          description: `Agent token of the running cluster (on ${s.hostname}: sudo cat /var/lib/rancher/k3s/server/agent-token once agent-token is set there, docs/ssh-and-tokens.md); export TF_VAR_k3s_join_token`,
        }).stringValue;
      }
      const configPath = Fn.pathexpand(settings.kubeconfigPath!);
      providers.push(new KubernetesProvider(this, 'kubernetes', { configPath }), new HelmProvider(this, 'helm', { kubernetes: { configPath } }));
    } else {
      const cluster = new K3sCluster(this, 'cluster', {
        clusterName: settings.clusterName,
        k3sVersion: settings.k3sVersion,
        servers: [serverEndpoint],
        embeddedEtcd: true,
        secretsEncryption: settings.secretsEncryption,
        configTemplate: paths.configTemplate,
        bootstrapDir: paths.bootstrapDir,
        kubeconfigPath: `${paths.envDir}/kubeconfig`,
        fetchedKubeconfigPath: `${paths.envDir}/.kubeconfig.fetched`,
      });
      // Onboarded nodes are agents: they get the agent token only.
      token = cluster.agentToken.value;
      after = [...cluster.installs, cluster.kubeconfig.file];
      const creds = cluster.kubeconfig.credentials;
      providers.push(new NullProvider(this, 'null'), new RandomProvider(this, 'random'),
        new KubernetesProvider(this, 'kubernetes', creds), new HelmProvider(this, 'helm', { kubernetes: creds }));
      new TerraformOutput(this, 'cluster_token', { value: cluster.token.value, sensitive: true, staticId: true, description: 'K3s server token: joins servers, encrypts bootstrap data' });
      new TerraformOutput(this, 'agent_token', { value: token, sensitive: true, staticId: true, description: 'K3s agent token: what onboarded nodes join with' });
      new TerraformOutput(this, 'kubeconfig_path', {
        value: `\${abspath(${cluster.kubeconfig.file.fqn}.filename)}`, sensitive: true, staticId: true, description: 'Absolute path of the generated kubeconfig (0600)',
      });
    }

    const files = new CloudInitFiles(this, 'cloud-init', { cloudInitDir: paths.cloudInitDir, bootstrapDir: paths.bootstrapDir });
    new LonghornDisks(this, `${s.hostname}-longhorn`, { nodeName: s.hostname, diskPaths: s.longhornDiskPaths, after });
    const onboarded = settings.nodes.map((n) => new K3sNodeOnboarding(this, n.hostname, {
      hostname: n.hostname,
      ipAddress: n.ipAddress,
      k3sVersion: settings.k3sVersion,
      serverUrl,
      token,
      labels: n.labels,
      longhornDiskPaths: n.longhornDiskPaths,
      sshAuthorizedKeys: settings.sshAuthorizedKeys,
      joined: n.joined,
      configTemplate: paths.configTemplate,
      files,
      userDataPath: `${paths.envDir}/user-data.${n.hostname}`,
    }));

    // NGINX from Terraform (seed 002), or K3s' Traefik given the same NodePorts from Git.
    const traefik = settings.ingressController === 'traefik';
    const ingress = traefik ? SEED_002_NODE_PORTS : new NginxIngress(this, 'ingress', { after });
    new FluxBootstrap(this, 'flux', {
      repositoryUrl: settings.flux.repositoryUrl,
      branch: settings.flux.branch,
      path: settings.flux.path,
      sopsAgeKeyFile: settings.flux.sopsAgeKeyFile,
      ...(traefik ? { extraPaths: [TRAEFIK_NODE_PORTS_PATH] } : {}),
      after,
    });

    const backup = longhornBackupProps(this, settings.longhornBackup);
    if (backup) new LonghornBackup(this, 'longhorn-backup', { ...backup, after });

    if (settings.tailscaleSubnetRouter) {
      const authKey = new TerraformVariable(this, 'tailscale_auth_key', {
        type: 'string', sensitive: true, nullable: false,
        description: 'Tailscale auth key for the subnet router on the server; export TF_VAR_tailscale_auth_key',
      });
      new TailscaleSubnetRouter(this, 'tailscale', {
        node: serverEndpoint,
        authKey: authKey.stringValue,
        routes: settings.tailscaleRoutes,
        scriptPath: join(paths.bootstrapDir, 'tailscale-subnet-router.sh'),
      });
      if (!providers.some((p) => p.terraformResourceType === 'null')) providers.push(new NullProvider(this, 'null'));
    }
    pinProviders(this, providers);

    const out = (outputId: string, value: unknown, description: string) => new TerraformOutput(this, outputId, { value, description, staticId: true });
    out('cluster_name', settings.clusterName, 'K3s cluster name');
    out('api_endpoint', serverUrl, `Kubernetes API endpoint (${s.hostname})`);
    out('user_data_files', Object.fromEntries(onboarded.map((o, i) => [settings.nodes[i].hostname, `\${abspath(${o.userData.fqn}.filename)}`])),
      'cloud-init user data (0600, holds the join token) to boot each onboarded node with');
    const controller = traefik ? 'Traefik (K3s)' : 'NGINX ingress';
    out('ingress_http_url', `http://${s.ipAddress}:${ingress.httpNodePort}`, `${controller} over HTTP (NodePort, on every node)`);
    out('ingress_https_url', `https://${s.ipAddress}:${ingress.httpsNodePort}`, `${controller} over HTTPS (NodePort, on every node)`);
    out('flux_source', `${settings.flux.repositoryUrl}@${settings.flux.branch}:${settings.flux.path}`, 'What Flux reconciles');
  }
}
