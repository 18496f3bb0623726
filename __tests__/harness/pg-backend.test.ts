import { spawn } from 'child_process';
import { existsSync, writeFileSync } from 'fs';
import { join } from 'path';
import { AllSettings, BackendSettings } from '../../lib/settings';
import { Postgres, startPostgres } from '../../tools/harness/postgres';
import { prepareMirror, providersOf, TERRAFORM, terraformEnv, terraformSync } from '../../tools/harness/terraform';
import { exampleSettings, StackJson, synthMvp, tempDir } from '../helpers/repo';

/**
 * The state backends against a real PostgreSQL (Debian's server, started on
 * a Unix socket in a temporary directory for this file and stopped after)
 * and the real Terraform core with the stub providers. Resources that need
 * no host (the generated join token) stand in for a whole stack, so state
 * lands where the backend says. Terraform cannot show OpenTofu's state
 * encryption: docs/team.md says what it adds.
 */
let pg: Postgres;
let settings: AllSettings['chocolandiadc-mvp'];
beforeAll(async () => {
  settings = (await exampleSettings())['chocolandiadc-mvp'];
  pg = startPostgres();
}, 60_000);
afterAll(() => pg?.stop());

const TARGET = '-target=random_password.cluster_token';

/** A working directory holding the stack's JSON with `backend` and a provider mirror. */
function stack(backend: BackendSettings, localPath?: string) {
  const json: StackJson = synthMvp({ ...settings, backend });
  if (localPath) json.terraform.backend.local.path = localPath;
  const dir = tempDir('backend');
  const write = (j: StackJson) => writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(j, null, 2));
  write(json);
  const env = terraformEnv(prepareMirror(join(dir, 'tf'), providersOf(json)), { PG_CONN_STR: pg.connStr });
  const tf = (...args: string[]) => terraformSync([...args, '-no-color'], dir, env);
  return { dir, json, env, tf, write };
}

function ok(r: { status: number | null; stdout: string; stderr: string }) {
  if (r.status !== 0) throw new Error(`terraform failed:\n${r.stderr}${r.stdout}`);
  return r;
}

/** The state's resources as Terraform holds them (what migration must keep). */
const resources = (tf: (...a: string[]) => { stdout: string }) => JSON.parse(tf('state', 'pull').stdout).resources;

describe('pg backend (real PostgreSQL)', () => {
  it('state lands in the environment\'s schema; the connection string is nowhere in the JSON', () => {
    const s = stack({ type: 'pg', schemaName: 'chocolandiadc_mvp' });
    expect(s.json.terraform.backend).toEqual({ pg: { schema_name: 'chocolandiadc_mvp' } });
    ok(s.tf('init', '-input=false'));
    ok(s.tf('apply', '-auto-approve', '-input=false', TARGET));
    expect(pg.psql('select name from chocolandiadc_mvp.states').trim()).toBe('default');
    expect(pg.psql("select data::json->'resources'->0->>'type' from chocolandiadc_mvp.states").trim()).toBe('random_password');
    expect(existsSync(join(s.dir, 'terraform.tfstate'))).toBe(false);
    expect(s.tf('state', 'list').stdout.trim()).toBe('random_password.cluster_token');
  }, 120_000);

  it('a second run fails at once with the lock error while the first holds the lock, and works once it is released', async () => {
    const s = stack({ type: 'pg', schemaName: 'lock_test' });
    ok(s.tf('init', '-input=false'));
    ok(s.tf('apply', '-auto-approve', '-input=false', TARGET));
    // The first run holds the lock while it waits for its approval.
    const first = spawn(TERRAFORM, ['apply', '-input=true', '-no-color', TARGET, '-replace=random_password.cluster_token'],
      { cwd: s.dir, env: { ...s.env, TF_INPUT: '1' } });
    let out = '';
    first.stdout.on('data', (d) => (out += d));
    first.stderr.on('data', (d) => (out += d));
    const closed = new Promise<number | null>((resolve) => first.on('close', resolve));
    const deadline = Date.now() + 60_000;
    while (!out.includes('Enter a value') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(out).toContain('Enter a value');

    const second = s.tf('plan', '-input=false', '-lock-timeout=0');
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('Error acquiring the state lock');

    first.stdin.end('no\n');
    expect(await closed).toBe(1);
    expect(out).toContain('Apply cancelled');
    ok(s.tf('plan', '-input=false', '-lock-timeout=0'));
  }, 120_000);

  it('migrates local → pg → local with -migrate-state, nothing lost', () => {
    const s = stack({ type: 'local' }, 'terraform.tfstate');
    ok(s.tf('init', '-input=false'));
    ok(s.tf('apply', '-auto-approve', '-input=false', TARGET));
    const original = resources(s.tf);
    expect(original.map((r: any) => `${r.type}.${r.name}`)).toEqual(['random_password.cluster_token']);

    s.write({ ...s.json, terraform: { ...s.json.terraform, backend: { pg: { schema_name: 'migration_test' } } } });
    ok(s.tf('init', '-input=false', '-migrate-state', '-force-copy'));
    expect(resources(s.tf)).toEqual(original);
    expect(pg.psql('select count(*) from migration_test.states').trim()).toBe('1');

    s.write({ ...s.json, terraform: { ...s.json.terraform, backend: { local: { path: 'back.tfstate' } } } });
    ok(s.tf('init', '-input=false', '-migrate-state', '-force-copy'));
    expect(resources(s.tf)).toEqual(original);
    expect(existsSync(join(s.dir, 'back.tfstate'))).toBe(true);
  }, 180_000);
});

describe('s3 backend', () => {
  it('Terraform accepts the synthesized configuration: init gets as far as asking the endpoint (a closed loopback port)', () => {
    const s = stack({ type: 's3', bucket: 'tofu-state', key: 'mvp/terraform.tfstate', region: 'us-east-1', endpoint: 'http://127.0.0.1:9', usePathStyle: true, useLockfile: true });
    const r = terraformSync(['init', '-input=false', '-no-color'], s.dir, { ...s.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_MAX_ATTEMPTS: '1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Unable to list objects in S3 bucket "tofu-state"[\s\S]*127\.0\.0\.1:9/);
    expect(r.stderr).not.toMatch(/Unsupported argument|Invalid backend configuration/);
  }, 120_000);
});
