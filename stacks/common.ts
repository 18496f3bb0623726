import { LocalProvider } from '@cdktf/provider-local/lib/provider';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { AlertingSettings, BackendSettings, ClusterSettings, LonghornBackupSettings, PlatformSettings, routeTo, staying } from '../lib/settings';
import { Fn, LocalBackend, PgBackend, PgBackendConfig, S3Backend, TerraformOutput, TerraformProvider, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { AlertReceiver, credentialMeaning, needsCredential } from '../lib/rules/alerting';
import { K3sCluster, K3sClusterProps, K3sConfigTemplate } from '../lib/k3s';
import { EtcdSnapshotOptions } from '../lib/k3s/etcd-snapshots';
import { LonghornBackupProps } from '../lib/platform/longhorn-backup';
import { parseBackupTarget } from '../lib/rules/longhorn-backup';
import { stackProviders } from '../lib/core/providers';

/** Where a stack finds its files; paths are relative to the stack's output directory. */
export interface EnvironmentPaths {
  /** terraform/environments/<env>, relative to cdktf.out/stacks/<env>. */
  readonly envDir: string;
  /** Absolute path of bootstrap/. */
  readonly bootstrapDir: string;
  /** bootstrap/cluster-config.yaml, parsed. */
  readonly configTemplate: K3sConfigTemplate;
  /** Absolute path of cloud-init/. */
  readonly cloudInitDir: string;
}

/**
 * Pins every provider of the stack to exactly the version its prebuilt
 * bindings were generated from (the bindings only say `~> major`), so that
 * `tofu init` cannot pick a provider whose schema differs from the code.
 * Without a list, every provider the stack declares so far.
 */
export function pinProviders(stack: TerraformStack, providers: TerraformProvider[] = stackProviders(stack)): void {
  for (const p of providers) {
    const meta = p.terraformGeneratorMetadata;
    if (!meta?.providerVersion) throw new Error(`provider ${p.terraformResourceType} has no generator version to pin`);
    const name = p.terraformResourceType;
    // Written out in full (`hashicorp/null`, not `null`) so reviewers see exactly what is installed.
    const source = p.terraformProviderSource?.includes('/') ? p.terraformProviderSource : `hashicorp/${name}`;
    stack.addOverride(`terraform.required_providers.${name}`, { source, version: meta.providerVersion });
  }
}

/** The providers every SSH-provisioned cluster uses. */
export function clusterProviders(stack: TerraformStack): TerraformProvider[] {
  return [new NullProvider(stack, 'null'), new LocalProvider(stack, 'local'), new RandomProvider(stack, 'random')];
}

/**
 * Where the stack's state lives: by default next to the settings, at the
 * path the documents give; or PostgreSQL or an S3-compatible bucket, both
 * with locking. Credentials never reach the JSON: OpenTofu reads them from
 * the environment (PG_CONN_STR; AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
 */
export function stateBackend(stack: TerraformStack, paths: EnvironmentPaths, backend: BackendSettings): void {
  switch (backend.type) {
    case 'local':
      new LocalBackend(stack, { path: `${paths.envDir}/terraform.tfstate` });
      return;
    case 'pg':
      // conn_str left out on purpose: the pg backend then reads PG_CONN_STR.
      new PgBackend(stack, { schemaName: backend.schemaName } as PgBackendConfig);
      return;
    case 's3': {
      const custom = backend.endpoint !== undefined;
      new S3Backend(stack, {
        bucket: backend.bucket,
        key: backend.key,
        region: backend.region,
        usePathStyle: backend.usePathStyle,
        ...(custom ? {
          endpoints: { s3: backend.endpoint },
          // Not AWS: no STS, IAM, region list or instance metadata to ask.
          skipCredentialsValidation: true,
          skipRegionValidation: true,
          skipRequestingAccountId: true,
          skipMetadataApiCheck: true,
        } : {}),
      });
      // S3-native locking (a .tflock object next to the state; OpenTofu 1.10+, Terraform 1.10+).
      if (backend.useLockfile) stack.addOverride('terraform.backend.s3.use_lockfile', true);
    }
  }
}

/**
 * The etcd snapshot settings as props; the bucket's keys come from two
 * sensitive variables (TF_VAR_etcd_s3_access_key, TF_VAR_etcd_s3_secret_key),
 * declared only when an S3 copy is configured.
 */
export function etcdSnapshotProps(stack: TerraformStack, settings: ClusterSettings): EtcdSnapshotOptions | undefined {
  const s = settings.etcdSnapshots;
  if (!s) return undefined;
  const key = (id: string, what: string) =>
    new TerraformVariable(stack, id, {
      type: 'string', sensitive: true, nullable: false,
      description: `${what} of the etcd snapshot bucket: export TF_VAR_${id}=... (never in terraform.tfvars)`,
    }).stringValue;
  return {
    scheduleCron: s.scheduleCron,
    retention: s.retention,
    directory: s.directory,
    ...(s.s3 ? { s3: { ...s.s3, accessKey: key('etcd_s3_access_key', 'Access key'), secretKey: key('etcd_s3_secret_key', 'Secret key') } } : {}),
  };
}

/**
 * Alertmanager's receivers and their credentials: each from its
 * `credential_file` (read at plan) or from the sensitive map variable
 * `alerting_credentials`, keyed by receiver name (declared only when a
 * receiver reads it; plan stops with the missing names otherwise).
 */
export function alertingProps(stack: TerraformStack, alerting: AlertingSettings | undefined):
  { receivers: AlertReceiver[]; credentials: Record<string, string> } | undefined {
  if (!alerting) return undefined;
  const receivers = alerting.receivers.map(({ credentialFile: _f, ...r }) => r);
  const fromVariable = alerting.receivers.filter((r) => needsCredential(r) && r.credentialFile === undefined);
  const variable = fromVariable.length === 0 ? undefined : new TerraformVariable(stack, 'alerting_credentials', {
    type: 'map(string)', sensitive: true, nullable: false,
    description: `Alert receivers' credentials by receiver name (${fromVariable.map((r) => `${r.name}: ${credentialMeaning(r)}`).join('; ')}): ` +
      `export TF_VAR_alerting_credentials='{"${fromVariable[0].name}":"..."}' (never in terraform.tfvars)`,
    validation: [{
      condition: `\${alltrue([for k in ${JSON.stringify(fromVariable.map((r) => r.name))} : contains(keys(var.alerting_credentials), k)])}`,
      errorMessage: `alerting_credentials must have a key for each of: ${fromVariable.map((r) => r.name).join(', ')}.`,
    }],
  });
  const credentials: Record<string, string> = {};
  for (const r of alerting.receivers.filter(needsCredential)) {
    credentials[r.name] = r.credentialFile !== undefined
      ? Fn.sensitive(Fn.trimspace(Fn.file(Fn.pathexpand(r.credentialFile))))
      : Fn.lookup(variable!.value, r.name);
  }
  return { receivers, credentials };
}

/**
 * Longhorn's backup settings as props. An S3 target's credentials: the
 * JSON file `credentialsFile` (read at plan), or else the sensitive map
 * variable longhorn_backup_credentials (declared only then); an NFS target
 * has none.
 */
export function longhornBackupProps(stack: TerraformStack, s: LonghornBackupSettings | undefined): LonghornBackupProps | undefined {
  if (!s) return undefined;
  const parsed = parseBackupTarget(s.target);
  const s3 = 'target' in parsed && parsed.target.kind === 's3';
  const credentials = !s3 ? undefined : s.credentialsFile !== undefined
    ? Token.asStringMap(Fn.jsondecode(Fn.sensitive(Fn.file(Fn.pathexpand(s.credentialsFile)))))
    : Token.asStringMap(new TerraformVariable(stack, 'longhorn_backup_credentials', {
      type: 'map(string)', sensitive: true, nullable: false,
      description: 'Keys of the Longhorn backup target\'s credential Secret, as Longhorn names them: ' +
        'export TF_VAR_longhorn_backup_credentials=\'{"AWS_ACCESS_KEY_ID":"...","AWS_SECRET_ACCESS_KEY":"...","AWS_ENDPOINTS":"https://minio.lan:9000"}\' (never in terraform.tfvars)',
    }).value);
  return {
    target: s.target,
    ...(credentials ? { credentials } : {}),
    pollIntervalSeconds: s.pollIntervalSeconds,
    snapshotJob: s.snapshot,
    backupJob: s.backup,
  };
}

/** Cluster props shared by the SSH stacks, mapped from settings. */
export function clusterProps(settings: ClusterSettings, paths: EnvironmentPaths): K3sClusterProps {
  const endpoint = (n: ClusterSettings['controlPlaneNodes'][number]) => ({
    hostname: n.hostname, host: n.ipAddress, user: n.sshUser, keyPath: n.sshKeyPath, port: n.sshPort, hostKey: n.sshHostKey,
  });
  return {
    clusterName: settings.clusterName,
    k3sVersion: settings.k3sVersion,
    // A node with `remove = true` leaves at the next apply (removed blocks); the others stay as they are.
    servers: staying(settings.controlPlaneNodes).map(endpoint),
    agents: staying(settings.workerNodes).map(endpoint),
    removedServers: settings.controlPlaneNodes.filter((n) => n.remove === true).map(endpoint),
    removedAgents: settings.workerNodes.filter((n) => n.remove === true).map(endpoint),
    configTemplate: paths.configTemplate,
    bootstrapDir: paths.bootstrapDir,
    installerScriptPath: settings.installer.scriptPath,
    k3sBinaryPath: settings.installer.binaryPath,
    allowVersionSkew: settings.allowVersionSkew,
    sshWaitSeconds: settings.sshWaitSeconds,
    sshTimeoutSeconds: settings.sshTimeoutSeconds,
    apiAddress: settings.apiEndpoint?.address,
    kubeVipInterface: settings.apiEndpoint?.kubeVipInterface,
    secretsEncryption: settings.secretsEncryption,
    kubeconfigPath: `${paths.envDir}/kubeconfig`,
    fetchedKubeconfigPath: `${paths.envDir}/.kubeconfig.fetched`,
  };
}

/** Outputs of seed 000/001 that every SSH cluster has. */
export function clusterOutputs(stack: TerraformStack, settings: ClusterSettings, cluster: K3sCluster): void {
  const out = (id: string, value: string, description: string, sensitive = false) =>
    new TerraformOutput(stack, id, { value, description, sensitive, staticId: true });
  out('cluster_name', settings.clusterName, 'K3s cluster name');
  const via = settings.apiEndpoint
    ? (settings.apiEndpoint.kubeVipInterface ? 'virtual IP announced by kube-vip on the servers' : 'api_endpoint setting')
    : staying(settings.controlPlaneNodes)[0].hostname;
  out('api_endpoint', cluster.apiEndpoint, `Kubernetes API endpoint (${via})`);
  out('kubeconfig_path', `\${abspath(${cluster.kubeconfig.file.fqn}.filename)}`,
    'Absolute path of the generated kubeconfig (0600): export KUBECONFIG=$(tofu output -raw kubeconfig_path)', true);
  out('cluster_token', cluster.token.value, 'K3s server token: joins servers, encrypts bootstrap data (tofu output -raw cluster_token)', true);
  out('agent_token', cluster.agentToken.value, 'K3s agent token: joins agents only (tofu output -raw agent_token)', true);
}

/** Where the platform's UIs are, and how to read Argo CD's initial password (never printed by Terraform). */
export function platformOutputs(stack: TerraformStack, platform: PlatformSettings): void {
  const out = (id: string, value: string, description: string) => new TerraformOutput(stack, id, { value, description, staticId: true });
  const url = (service: string) => {
    const r = routeTo(platform, service);
    return r && { subdomain: `${r.tls ? 'https' : 'http'}://${r.name}.${platform.domain}${r.path}`, domain: `${r.tls ? 'https' : 'http'}://${platform.domain}${r.path}` };
  };
  const argocd = url('argocd-server');
  if (argocd) out('argocd_url', argocd.subdomain, `Argo CD (also ${argocd.domain}); user admin`);
  const dashboard = url('headlamp');
  if (dashboard) out('dashboard_url', dashboard.subdomain, `Cluster dashboard (Headlamp, also ${dashboard.domain}): it acts with the token you sign in with; read-only: kubectl -n dashboard create token dashboard-viewer`);
  out('argocd_admin_password_command', "kubectl -n argocd get secret argocd-initial-admin-secret -o jsonpath='{.data.password}' | base64 -d; echo",
    'Prints Argo CD\'s initial admin password on your terminal; change it, then delete that Secret');
}
