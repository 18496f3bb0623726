import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { copyExampleSettings, ROOT, tempDir } from '../helpers/repo';

/** `npm run state:backup` / `state:restore` (tools/state-backup.sh) with a scratch HOME and settings. */
describe('state backups', () => {
  const SECRET = 'token-that-must-never-be-readable-0123456789';
  const state = (serial: number) => JSON.stringify({ version: 4, serial, lineage: 'e2e-lineage', outputs: { cluster_token: { value: SECRET, sensitive: true } }, resources: [] });
  let settings: string; let home: string;
  const run = (...args: string[]) =>
    spawnSync('bash', [join(ROOT, 'tools/state-backup.sh'), ...args], {
      encoding: 'utf8', input: '',
      env: { ...process.env, HOME: home, K3S_SETTINGS_DIR: settings, CDKTF_OUTDIR: join(home, 'no-synth'), STATE_BACKUP_KEY: '' },
    });
  const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

  beforeEach(() => {
    settings = copyExampleSettings();
    home = tempDir('home');
    writeFileSync(join(settings, 'chocolandiadc/terraform.tfstate'), state(7), { mode: 0o600 });
  });

  it('writes an encrypted copy (0600, in a 0700 backups/ directory) with a key outside the repository, created 0600', () => {
    const r = run('backup', 'chocolandiadc');
    expect(r.stderr).toMatch(/created the backup key .*state-backup.key \(0600\)/);
    expect(r.status).toBe(0);
    const key = join(home, '.config/k3s-homelab/state-backup.key');
    expect(mode(key)).toBe('600');
    const dir = join(settings, 'chocolandiadc/backups');
    expect(mode(dir)).toBe('700');
    const [file] = readdirSync(dir);
    expect(file).toMatch(/^terraform\.tfstate\.\d{8}T\d{6}Z\.age$/);
    expect(mode(join(dir, file))).toBe('600');
    expect(readFileSync(join(dir, file)).toString('latin1')).not.toContain(SECRET);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('restores a backup, keeping an encrypted copy of the state it replaces, and asks first', () => {
    expect(run('backup', 'chocolandiadc').status).toBe(0);
    const dir = join(settings, 'chocolandiadc/backups');
    const [file] = readdirSync(dir);
    writeFileSync(join(settings, 'chocolandiadc/terraform.tfstate'), state(9));

    const asked = run('restore', 'chocolandiadc', join(dir, file));
    expect(asked.status).not.toBe(0);
    expect(asked.stderr).toMatch(/run it in a terminal, or add --yes/);
    expect(JSON.parse(readFileSync(join(settings, 'chocolandiadc/terraform.tfstate'), 'utf8')).serial).toBe(9);

    const r = run('restore', 'chocolandiadc', join(dir, file), '--yes');
    expect(r.status).toBe(0);
    const restored = join(settings, 'chocolandiadc/terraform.tfstate');
    expect(JSON.parse(readFileSync(restored, 'utf8')).serial).toBe(7);
    expect(mode(restored)).toBe('600');
    expect(readdirSync(dir).filter((f) => f.includes('before-restore'))).toHaveLength(1);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('refuses a backup the key cannot read, and an environment without state, changing nothing', () => {
    expect(run('backup', 'chocolandiadc').status).toBe(0);
    const dir = join(settings, 'chocolandiadc/backups');
    const [file] = readdirSync(dir);
    const other = tempDir('other-home');
    mkdirSync(join(other, '.config/k3s-homelab'), { recursive: true });
    spawnSync('age-keygen', ['-o', join(other, '.config/k3s-homelab/state-backup.key')]);
    const wrong = spawnSync('bash', [join(ROOT, 'tools/state-backup.sh'), 'restore', 'chocolandiadc', join(dir, file), '--yes'], {
      encoding: 'utf8', env: { ...process.env, HOME: other, K3S_SETTINGS_DIR: settings, CDKTF_OUTDIR: join(other, 'x') },
    });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/cannot be decrypted/);
    const none = run('backup', 'chocolandiadc-mvp');
    expect(none.status).not.toBe(0);
    expect(none.stderr).toMatch(/has no state at/);
    expect(existsSync(join(settings, 'chocolandiadc-mvp/backups'))).toBe(false);
  });
});
