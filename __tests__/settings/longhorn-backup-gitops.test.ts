import { appendFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { loadAllSettings, SettingsError, SettingsProblem } from '../../lib/settings';
import { buildLikeArgoCd } from '../helpers/gitops';
import { verifyStack } from '../../tools/harness/verify';
import { copyExampleSettings, exampleSettings, runSynth, StackJson, synthGitops, tempDir } from '../helpers/repo';

/**
 * k3s-gitops: Argo CD installs Longhorn (operator-longhorn in
 * gitops/argocd/bootstrap-apps/operators/), so the backup values reach it
 * through the root Application's patches; the S3 keys through a Secret
 * Terraform writes into longhorn-system.
 */
const S3 = `
longhorn_backup = {
  target = "s3://longhorn-backups@us-east-1/k3s-gitops"
  backup = { cron = "30 2 * * *", retain = 14 }
}
`;

function settingsDirWith(text: string): string {
  const dir = copyExampleSettings();
  appendFileSync(join(dir, 'k3s-gitops', 'terraform.tfvars'), text);
  return dir;
}

const gitopsWith = async (text: string) => (await loadAllSettings({ settingsDir: settingsDirWith(text) }))['k3s-gitops'];

async function problemsWith(text: string): Promise<SettingsProblem[]> {
  try {
    await gitopsWith(text);
  } catch (err) {
    if (err instanceof SettingsError) return [...err.problems];
    throw err;
  }
  return [];
}

/** The root Application's source, from the argocd-apps release values in the JSON. */
const rootSource = (json: StackJson) => parse((json.resource.helm_release as any).argocd_apps.values[0]).applications['bootstrap-apps'].source;
/** operator-longhorn as Argo CD renders it from the root Application (kubectl kustomize with its patches). */
const longhornApp = (json: StackJson) => buildLikeArgoCd(rootSource(json)).find((a) => a.metadata.name === 'operator-longhorn');

describe('longhorn_backup settings (k3s-gitops)', () => {
  it('maps to the same settings as k3s-homelab', async () => {
    expect((await gitopsWith(S3)).longhornBackup).toEqual({
      target: 's3://longhorn-backups@us-east-1/k3s-gitops',
      pollIntervalSeconds: 300,
      snapshot: { cron: '0 */6 * * *', retain: 4, concurrency: 1 },
      backup: { cron: '30 2 * * *', retain: 14, concurrency: 1 },
    });
  });

  it.each([
    ['{ target = "s3://b-1@us-east-1/", secret_key = "hunter2" }', 'longhorn_backup.secret_key', /^must not be in the settings: put it in credentials_file/],
    ['{ target = "s3://longhorn-backups/k3s" }', 'longhorn_backup.target', /must be a Longhorn backup target/],
    ['{ target = "nfs://nas.lan:/export", backup = { retain = 0 } }', 'longhorn_backup.backup.retain', /must be a whole number from 1 to 100/],
  ])('refuses longhorn_backup = %s', async (block, path, rule) => {
    const problems = await problemsWith(`longhorn_backup = ${block}\n`);
    expect(problems.map((p) => p.path)).toEqual([path]);
    expect(problems[0].rule).toMatch(rule);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });

  it('the operator-longhorn Application gets the backup target and the RecurringJobs next to its values in Git', async () => {
    const json = synthGitops(await gitopsWith(S3));
    const values = longhornApp(json).spec.source.helm.valuesObject;
    // Kept from Git.
    expect(values.persistence).toEqual({ defaultClass: false, defaultClassReplicaCount: 1 });
    expect(values.defaultSettings).toEqual({ defaultReplicaCount: 1 });
    expect(values.defaultBackupStore).toEqual({
      backupTarget: 's3://longhorn-backups@us-east-1/k3s-gitops/', backupTargetCredentialSecret: 'longhorn-backup-credentials', pollInterval: '300',
    });
    expect(values.extraObjects.map((j: any) => [j.kind, j.metadata.name, j.metadata.namespace, j.spec.task, j.spec.cron, j.spec.retain, j.spec.groups]))
      .toEqual([['RecurringJob', 'default-snapshot', 'longhorn-system', 'snapshot', '0 */6 * * *', 4, ['default']], ['RecurringJob', 'default-backup', 'longhorn-system', 'backup', '30 2 * * *', 14, ['default']]]);
    // Flux's ConfigMap is not made: nothing reads it here.
    expect(json.resource.kubernetes_config_map_v1).toBeUndefined();
  });

  it('S3 from the sensitive variable: the Secret in longhorn-system, which Terraform creates first and never deletes', async () => {
    const json = synthGitops(await gitopsWith(S3));
    const r = json.resource as any;
    expect((json as any).variable!.longhorn_backup_credentials).toMatchObject({ type: 'map(string)', sensitive: true, nullable: false });
    const secret = r.kubernetes_secret_v1.longhorn_backup_credentials;
    expect(secret.metadata).toMatchObject({ name: 'longhorn-backup-credentials', namespace: 'longhorn-system' });
    expect(secret.data).toBe('${var.longhorn_backup_credentials}');
    expect(secret.depends_on).toEqual(['kubernetes_namespace_v1.platform_namespace_longhorn_system']);
    const ns = r.kubernetes_namespace_v1.platform_namespace_longhorn_system;
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(ns.lifecycle).toEqual({ prevent_destroy: true });
    // network_policies (on in the example) closes the platform's namespaces, not Longhorn's.
    expect(r.kubernetes_network_policy_v1.default_deny_argocd).toBeDefined();
    expect(r.kubernetes_network_policy_v1.default_deny_longhorn_system).toBeUndefined();
    // Before Argo CD syncs operator-longhorn (whose CreateNamespace=true then finds it).
    expect(r.helm_release.argocd_apps.depends_on).toContain('kubernetes_namespace_v1.platform_namespace_longhorn_system');
    expect(longhornApp(json).spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
    expect(JSON.stringify(json)).not.toMatch(/AWS_SECRET_ACCESS_KEY"\s*:\s*"[^$]/);
  });

  it('S3 from credentials_file: read at plan, no variable', async () => {
    const json = synthGitops(await gitopsWith(S3.replace('target =', 'credentials_file = "~/.config/k3s-gitops/longhorn-backup.json"\n  target =')));
    expect((json as any).variable?.longhorn_backup_credentials).toBeUndefined();
    expect((json.resource as any).kubernetes_secret_v1.longhorn_backup_credentials.data)
      .toBe('${jsondecode(sensitive(file(pathexpand("~/.config/k3s-gitops/longhorn-backup.json"))))}');
  });

  it('NFS: the target in the Application; no Secret, no variable, no namespace of Terraform\'s', async () => {
    const json = synthGitops(await gitopsWith('longhorn_backup = { target = "nfs://192.168.4.5:/export/longhorn" }\n'));
    expect(longhornApp(json).spec.source.helm.valuesObject.defaultBackupStore).toEqual({ backupTarget: 'nfs://192.168.4.5:/export/longhorn', pollInterval: '300' });
    expect((json as any).variable?.longhorn_backup_credentials).toBeUndefined();
    expect((json.resource as any).kubernetes_secret_v1?.longhorn_backup_credentials).toBeUndefined();
    expect((json.resource as any).kubernetes_namespace_v1.platform_namespace_longhorn_system).toBeUndefined();
  });

  it('unset (the example): operator-longhorn keeps its values from Git only', async () => {
    const gitops = (await exampleSettings())['k3s-gitops'];
    expect(gitops.longhornBackup).toBeUndefined();
    const values = longhornApp(synthGitops(gitops)).spec.source.helm.valuesObject;
    expect(Object.keys(values).sort()).toEqual(['defaultSettings', 'persistence', 'preUpgradeChecker']);
  });

  // Terraform core with stub providers (tools/harness/verify.ts; needs `npm run build`).
  it('Terraform plans it with the keys given (prevent_destroy included), and stops when one is missing', async () => {
    const out = tempDir('longhorn-backup-gitops-synth');
    expect(runSynth(out, settingsDirWith(S3)).status).toBe(0);
    const stack = join(out, 'stacks/k3s-gitops');
    const env = (creds: object) => ({ TF_VAR_longhorn_backup_credentials: JSON.stringify(creds) });
    const ok = await verifyStack('k3s-gitops', stack, env({ AWS_ACCESS_KEY_ID: 'AKIATEST', AWS_SECRET_ACCESS_KEY: 'test-secret' }));
    expect([ok.summary, ok.diagnostics]).toEqual([expect.stringMatching(/^ok, \d+ to add$/), '']);
    const bad = await verifyStack('k3s-gitops', stack, env({ AWS_ACCESS_KEY_ID: 'AKIATEST' }));
    expect(bad.summary).toBe('plan failed');
    expect(bad.diagnostics.replace(/\s+/g, ' ')).toContain('The Longhorn backup credentials must have the keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
  }, 300_000);
});
