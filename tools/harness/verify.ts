/**
 * `npm run verify [-- --no-synth] [-- <stack> ...]`: proves every synthesized
 * stack is accepted by a real Terraform core. For each stack in cdktf.out:
 * a scratch copy with its own empty local state (the real state under
 * terraform/environments is never touched), stub providers for exactly the
 * provider versions it requires, then `terraform init`, `validate`, `plan`.
 * Prints one line per stack and exits 1 if any step fails, with
 * Terraform's diagnostics.
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { repoRoot } from '../../lib/core/repo-root';
import { prepareMirror, providersOf, terraform, terraformEnv } from './terraform';

export interface StackResult {
  readonly stack: string;
  readonly ok: boolean;
  /** `ok, N to add` or the failed step. */
  readonly summary: string;
  /** Terraform's output of the failing step. */
  readonly diagnostics: string;
}

/** Copies a synthesized stack to `dir` with a scratch backend; returns its parsed JSON. */
export function scratchCopy(stackDir: string, dir: string): any {
  cpSync(stackDir, dir, { recursive: true, filter: (src) => !/\.terraform(\.lock\.hcl)?$|terraform\.tfstate/.test(src) });
  const file = join(dir, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  json.terraform.backend = { local: { path: join(dir, 'scratch.tfstate') } };
  writeFileSync(file, JSON.stringify(json, null, 2));
  return json;
}

/**
 * What the operator supplies at plan time, as stand-ins: a value for every
 * variable without a default (TF_VAR_*), and a file for every
 * `file(pathexpand("~/..."))` the stack reads (under a scratch HOME), so
 * that a plan in CI needs none of the operator's secrets.
 */
export function operatorStandIns(json: any, home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { HOME: home };
  for (const [name, v] of Object.entries<any>(json.variable ?? {})) {
    if (v.default === undefined) env[`TF_VAR_${name}`] = String(v.type ?? '').startsWith('map(') ? '{}' : `verify-stand-in-${name}`;
  }
  for (const m of JSON.stringify(json).matchAll(/file\(pathexpand\(\\"~\/([^"\\]+)\\"\)\)/g)) {
    const file = join(home, m[1]);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `verify stand-in for ~/${m[1]}\n`, { mode: 0o600 });
  }
  return env;
}

/** `env` is added to Terraform's environment last (a test's TF_VAR_ values). */
export async function verifyStack(stack: string, stackDir: string, env: NodeJS.ProcessEnv = {}): Promise<StackResult> {
  const scratch = mkdtempSync(join(tmpdir(), `verify-${stack}-`));
  try {
    const work = join(scratch, 'stack');
    const json = scratchCopy(stackDir, work);
    const tfEnv = terraformEnv(prepareMirror(scratch, providersOf(json)), { ...operatorStandIns(json, join(scratch, 'home')), ...env });
    const steps: [string, string[]][] = [
      ['init', ['init', '-input=false', '-no-color']],
      ['validate', ['validate', '-no-color']],
      ['plan', ['plan', '-input=false', '-lock=false', '-no-color']],
    ];
    let planOut = '';
    for (const [name, args] of steps) {
      const r = await terraform(args, work, tfEnv);
      if (r.status !== 0) return { stack, ok: false, summary: `${name} failed`, diagnostics: `${r.stderr}${r.stdout}`.trim() };
      planOut = r.stdout;
    }
    const plan = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(planOut);
    const summary = plan ? `ok, ${plan[1]} to add` : /No changes/.test(planOut) ? 'ok, no changes' : 'ok';
    return { stack, ok: true, summary, diagnostics: '' };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function verifyAll(outdir: string, only: string[] = []): Promise<StackResult[]> {
  const stacksDir = join(outdir, 'stacks');
  if (!existsSync(stacksDir)) throw new Error(`${stacksDir} does not exist: run npm run synth (or drop --no-synth)`);
  const stacks = readdirSync(stacksDir).filter((s) => existsSync(join(stacksDir, s, 'cdk.tf.json')) && (only.length === 0 || only.includes(s)));
  const missing = only.filter((s) => !stacks.includes(s));
  if (missing.length) throw new Error(`no synthesized stack named ${missing.join(', ')} in ${stacksDir}`);
  return Promise.all(stacks.sort().map((s) => verifyStack(s, join(stacksDir, s))));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const root = repoRoot();
  const outdir = process.env.CDKTF_OUTDIR ?? join(root, 'cdktf.out');
  if (!args.includes('--no-synth')) {
    const synth = spawnSync(process.execPath, [join(root, 'dist/main.js')], { stdio: ['inherit', 'ignore', 'inherit'], env: { ...process.env, CDKTF_OUTDIR: outdir } });
    if (synth.status !== 0) process.exit(1);
  }
  const results = await verifyAll(outdir, args.filter((a) => !a.startsWith('--')));
  for (const r of results) {
    console.log(`${r.stack}: ${r.summary}`);
    if (!r.ok) console.log(r.diagnostics.replace(/^/gm, '  '));
  }
  if (results.some((r) => !r.ok)) process.exit(1);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`verify: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
