import { appendFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { loadAllSettings, SettingsError, SettingsProblem } from '../../lib/settings';
import { verifyStack } from '../../tools/harness/verify';
import { copyExampleSettings, exampleSettings, runSynth, synthHomelab, tempDir } from '../helpers/repo';

const S3 = `
longhorn_backup = {
  target = "s3://longhorn-backups@us-east-1/k3s-homelab"
  backup = { cron = "30 2 * * *", retain = 14 }
}
`;

function settingsDirWith(text: string): string {
  const dir = copyExampleSettings();
  appendFileSync(join(dir, 'k3s-homelab', 'terraform.tfvars'), text);
  return dir;
}

const homelabWith = async (text: string) => (await loadAllSettings({ settingsDir: settingsDirWith(text) }))['k3s-homelab'];

async function problemsWith(text: string): Promise<SettingsProblem[]> {
  try {
    await homelabWith(text);
  } catch (err) {
    if (err instanceof SettingsError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('longhorn_backup settings (k3s-homelab)', () => {
  it('maps to settings with Longhorn-sized defaults for what is left out', async () => {
    expect((await homelabWith(S3)).longhornBackup).toEqual({
      target: 's3://longhorn-backups@us-east-1/k3s-homelab',
      pollIntervalSeconds: 300,
      snapshot: { cron: '0 */6 * * *', retain: 4, concurrency: 1 },
      backup: { cron: '30 2 * * *', retain: 14, concurrency: 1 },
    });
  });

  it('S3 from the sensitive variable: a map variable, the Secret and the values ConfigMap; nothing secret in the JSON', async () => {
    const json = synthHomelab(await homelabWith(S3));
    expect(json.variable!.longhorn_backup_credentials).toMatchObject({ type: 'map(string)', sensitive: true, nullable: false });
    expect(json.variable!.longhorn_backup_credentials.description).toContain('TF_VAR_longhorn_backup_credentials');
    expect(json.resource.kubernetes_secret_v1.longhorn_backup_credentials.data).toBe('${var.longhorn_backup_credentials}');
    const values = parse(json.resource.kubernetes_config_map_v1.longhorn_backup_values.data['values.yaml']);
    expect(values.defaultBackupStore.backupTarget).toBe('s3://longhorn-backups@us-east-1/k3s-homelab/');
    expect(values.extraObjects.map((j: any) => [j.spec.task, j.spec.cron, j.spec.retain])).toEqual([['snapshot', '0 */6 * * *', 4], ['backup', '30 2 * * *', 14]]);
  });

  it('S3 from credentials_file: read at plan, no variable', async () => {
    const json = synthHomelab(await homelabWith(S3.replace('target =', 'credentials_file = "~/.config/k3s-homelab/longhorn-backup.json"\n  target =')));
    expect(json.variable!.longhorn_backup_credentials).toBeUndefined();
    expect(json.resource.kubernetes_secret_v1.longhorn_backup_credentials.data)
      .toBe('${jsondecode(sensitive(file(pathexpand("~/.config/k3s-homelab/longhorn-backup.json"))))}');
  });

  it('NFS: no Secret, no variable', async () => {
    const json = synthHomelab(await homelabWith('longhorn_backup = { target = "nfs://192.168.4.5:/export/longhorn" }\n'));
    expect(json.variable!.longhorn_backup_credentials).toBeUndefined();
    expect(json.resource.kubernetes_secret_v1.longhorn_backup_credentials).toBeUndefined();
    expect(parse(json.resource.kubernetes_config_map_v1.longhorn_backup_values.data['values.yaml']).defaultBackupStore)
      .toEqual({ backupTarget: 'nfs://192.168.4.5:/export/longhorn', pollInterval: '300' });
  });

  it('unset (the example): no Longhorn backup resource, no variable', async () => {
    const homelab = (await exampleSettings())['k3s-homelab'];
    expect(homelab.longhornBackup).toBeUndefined();
    const json = synthHomelab(homelab);
    expect(json.resource.kubernetes_config_map_v1).toBeUndefined();
    expect(Object.keys(json.variable ?? {})).toEqual(['k3s_join_token']);
  });

  it('refuses keys in the settings, naming the variable, never echoing them', async () => {
    for (const key of ['access_key', 'secret_key', 'endpoint']) {
      const problems = await problemsWith(`longhorn_backup = { target = "s3://b-1@us-east-1/", ${key} = "hunter2-${key}" }\n`);
      expect(problems.map((p) => p.path)).toEqual([`longhorn_backup.${key}`]);
      expect(problems[0].rule).toMatch(/^must not be in the settings: put it in credentials_file, or in the sensitive variable longhorn_backup_credentials \(TF_VAR_longhorn_backup_credentials=/);
      expect(JSON.stringify(problems)).not.toContain('hunter2');
    }
  });

  it.each([
    ['{ target = "s3://longhorn-backups/k3s" }', 'longhorn_backup.target', /must be a Longhorn backup target: nfs:\/\/<host>:\/<export path> \(NFSv4\) or s3:\/\/<bucket>@<region>/],
    ['{ target = "s3://Backups@us-east-1/" }', 'longhorn_backup.target', /the bucket "Backups" must be an S3 bucket name/],
    ['{ target = "nfs://nas.lan:/export", credentials_file = "~/creds.json" }', 'longhorn_backup.credentials_file', /must be unset for an nfs:\/\/ target/],
    ['{ target = "nfs://nas.lan:/export", snapshot = { cron = "@every 6h" } }', 'longhorn_backup.snapshot.cron', /must be a cron schedule like "0 3 \* \* \*"/],
    ['{ target = "nfs://nas.lan:/export", backup = { retain = 0 } }', 'longhorn_backup.backup.retain', /must be a whole number from 1 to 100/],
    ['{ target = "nfs://nas.lan:/export", backup = { retain = 250 } }', 'longhorn_backup.backup.retain', /must be a whole number from 1 to 100/],
    ['{ target = "nfs://nas.lan:/export", backup = { concurrency = 0 } }', 'longhorn_backup.backup.concurrency', /at least 1/],
    ['{ target = "nfs://nas.lan:/export", poll_interval_seconds = 1.5 }', 'longhorn_backup.poll_interval_seconds', /whole number of seconds/],
    ['{ target = "nfs://nas.lan:/export", schedule = "daily" }', 'longhorn_backup.schedule', /unknown setting/],
  ])('refuses longhorn_backup = %s', async (block, path, rule) => {
    const problems = await problemsWith(`longhorn_backup = ${block}\n`);
    expect(problems.map((p) => p.path)).toEqual([path]);
    expect(problems[0].rule).toMatch(rule);
  });

  // Terraform core with stub providers (tools/harness/verify.ts; needs `npm run build`).
  it('Terraform plans it with the keys given, and stops when one is missing or unknown', async () => {
    const out = tempDir('longhorn-backup-synth');
    expect(runSynth(out, settingsDirWith(S3)).status).toBe(0);
    const stack = join(out, 'stacks/k3s-homelab');
    const env = (creds: object) => ({ TF_VAR_k3s_join_token: 'K10test', TF_VAR_longhorn_backup_credentials: JSON.stringify(creds) });
    const ok = await verifyStack('k3s-homelab', stack, env({ AWS_ACCESS_KEY_ID: 'AKIATEST', AWS_SECRET_ACCESS_KEY: 'test-secret', AWS_ENDPOINTS: 'https://minio.lan:9000' }));
    expect([ok.summary, ok.diagnostics]).toEqual(['ok, 9 to add', '']);
    for (const creds of [{ AWS_ACCESS_KEY_ID: 'AKIATEST' }, { AWS_ACCESS_KEY_ID: 'AKIATEST', AWS_SECRET_ACCESS_KEY: 'test-secret', AWS_ENDPOINT: 'https://minio.lan:9000' }]) {
      const bad = await verifyStack('k3s-homelab', stack, env(creds));
      expect(bad.summary).toBe('plan failed');
      expect(bad.diagnostics.replace(/\s+/g, ' ')).toContain('The Longhorn backup credentials must have the keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
      expect(bad.diagnostics).not.toContain('test-secret');
    }
  }, 300_000);
});
