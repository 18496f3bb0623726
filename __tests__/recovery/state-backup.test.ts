import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { copyExampleSettings, ROOT, tempDir } from '../helpers/repo';

/** `npm run state:backup` / `state:restore` (tools/state-backup.sh) with a scratch HOME and settings. */
describe('state backups', () => {
  const SECRET = 'token-that-must-never-be-readable-0123456789';
  const state = (serial: number) => JSON.stringify({ version: 4, serial, lineage: 'e2e-lineage', outputs: { cluster_token: { value: SECRET, sensitive: true } }, resources: [] });
  let settings: string; let home: string;
  const run = (...args: string[]) => runWith({}, ...args);
  const runWith = (env: Record<string, string>, ...args: string[]) =>
    spawnSync('bash', [join(ROOT, 'tools/state-backup.sh'), ...args], {
      encoding: 'utf8', input: '',
      env: { ...process.env, HOME: home, TMPDIR: join(home, 'tmp'), K3S_SETTINGS_DIR: settings, CDKTF_OUTDIR: join(home, 'no-synth'), STATE_BACKUP_KEY: '', ...env },
    });
  const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

  beforeEach(() => {
    settings = copyExampleSettings();
    home = tempDir('home');
    mkdirSync(join(home, 'tmp'));
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

  describe('an age that fails (full disk, a broken install): nothing is reported that was not written, nothing replaced', () => {
    /**
     * `age` on PATH in front of the real one: decrypting (-d) is the real
     * age; encrypting fails as age does on a full disk (its error, exit 1),
     * "succeeds" without writing anything, or writes bytes that are no age
     * file. Simplifies: the real age's failure modes are its exit status and
     * what it leaves at -o (age-encryption.org, cmd/age: it writes -o as it goes).
     */
    const brokenAge = (mode: 'fails' | 'writes-nothing' | 'writes-garbage') => {
      const bin = join(home, `bin-${mode}`);
      mkdirSync(bin, { recursive: true });
      writeFileSync(join(bin, 'age'), `#!/usr/bin/env bash
for a in "$@"; do [ "$a" != -d ] || exec /usr/bin/age "$@"; done
while [ $# -gt 0 ]; do [ "$1" = -o ] && out="$2"; shift; done
case ${mode} in
  fails) : > "$out"; echo "age: error: failed to write output: write $out: no space left on device" >&2; exit 1 ;;
  writes-nothing) exit 0 ;;
  writes-garbage) printf 'not an age file' > "$out"; exit 0 ;;
esac
`);
      chmodSync(join(bin, 'age'), 0o755);
      return { PATH: `${bin}:${process.env.PATH}` };
    };
    const backups = () => (existsSync(join(settings, 'chocolandiadc/backups')) ? readdirSync(join(settings, 'chocolandiadc/backups')) : []);
    const serial = () => JSON.parse(readFileSync(join(settings, 'chocolandiadc/terraform.tfstate'), 'utf8')).serial;

    it.each([
      ['fails', /age could not encrypt the state of chocolandiadc .*no backup was written/],
      ['writes-nothing', /age wrote no backup of chocolandiadc .*no backup was written/],
      ['writes-garbage', /the backup of chocolandiadc does not decrypt with .*state-backup\.key to the state it copies; no backup was written/],
    ] as const)('backup: an age that %s fails the backup and leaves no file', (mode, message) => {
      const r = runWith(brokenAge(mode), 'backup', 'chocolandiadc');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain('state backed up');
      expect(r.status).toBe(1);
      expect(backups()).toEqual([]);
      // No plain copy of the state outlives the run.
      expect(readdirSync(join(home, 'tmp'))).toEqual([]);
    });

    it('backup: a key file age-keygen -y reads nothing from fails the backup, naming the key', () => {
      const key = join(home, 'bad.key');
      writeFileSync(key, 'this is not an age identity\\n', { mode: 0o600 });
      const r = runWith({ STATE_BACKUP_KEY: key }, 'backup', 'chocolandiadc');
      expect(r.stderr).toMatch(/the backup key .*bad\.key holds no age identity \(age-keygen -y .* gives no public key\)/);
      expect(r.stderr).not.toContain('state backed up');
      expect(r.status).toBe(1);
      expect(backups()).toEqual([]);
      // No plain copy of the state outlives the run.
      expect(readdirSync(join(home, 'tmp'))).toEqual([]);
    });

    it.each(['fails', 'writes-nothing', 'writes-garbage'] as const)(
      'restore: with an age that %s on encrypting, the current state stays (no copy of it, no replacement)', (mode) => {
        expect(run('backup', 'chocolandiadc').status).toBe(0);
        const [file] = backups();
        writeFileSync(join(settings, 'chocolandiadc/terraform.tfstate'), state(99), { mode: 0o600 });
        const r = runWith(brokenAge(mode), 'restore', 'chocolandiadc', join(settings, 'chocolandiadc/backups', file), '--yes');
        expect(r.stderr).toContain('chocolandiadc: could not keep a copy of the state it would replace (message above); nothing was replaced');
        expect(r.stderr).not.toContain('the state it replaces is kept in');
        expect(r.status).toBe(1);
        expect(serial()).toBe(99);
        expect(backups()).toEqual([file]);
        expect(readdirSync(join(home, 'tmp'))).toEqual([]);
      });
  });
});
