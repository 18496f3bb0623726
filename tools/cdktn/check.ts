/**
 * `npm run cdktn:check`: the CDK Terrain switch. CDKTF is archived upstream;
 * CDK Terrain (`cdktn`) is its maintained fork. This copies the project to a
 * scratch directory, replaces `cdktf` with `cdktn` through an npm override
 * (the prebuilt provider bindings then run on it too), installs, builds,
 * synthesizes every stack and compares the JSON with this checkout's synth.
 * Prints one line per stack; exits non-zero only when the switch does not
 * install, build or synthesize. Needs the npm registry.
 *
 *   CDKTN_VERSION (default 0.24.0), CONSTRUCTS_VERSION (default 10.6.0: cdktn needs >=10.6)
 */
import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { repoRoot } from '../../lib/core/repo-root';

/** The JSON without cdktf's metadata block (it names the library version). */
export function comparable(text: string): string {
  return JSON.stringify(JSON.parse(text), (k, v) => (k === '//' ? undefined : v));
}

/** One line per stack: identical, differing (first differing line), or missing on a side. */
export function compareOutputs(a: string, b: string): string[] {
  const stacks = (d: string) => readdirSync(join(d, 'stacks')).sort();
  const names = [...new Set([...stacks(a), ...stacks(b)])].sort();
  return names.map((s) => {
    let x: string; let y: string;
    try { x = comparable(readFileSync(join(a, 'stacks', s, 'cdk.tf.json'), 'utf8')); } catch { return `${s}: only with cdktn`; }
    try { y = comparable(readFileSync(join(b, 'stacks', s, 'cdk.tf.json'), 'utf8')); } catch { return `${s}: missing with cdktn`; }
    if (x === y) return `${s}: identical (apart from the metadata block)`;
    const xl = JSON.stringify(JSON.parse(x), null, 1).split('\n');
    const yl = JSON.stringify(JSON.parse(y), null, 1).split('\n');
    const i = xl.findIndex((l, n) => l !== yl[n]);
    return `${s}: DIFFERS at line ${i + 1}: cdktf ${xl[i]?.trim()} | cdktn ${yl[i]?.trim()}`;
  });
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${(r.stderr || r.stdout).slice(-3000)}`);
}

function main(): void {
  const root = repoRoot();
  const version = process.env.CDKTN_VERSION ?? '0.24.0';
  const constructs = process.env.CONSTRUCTS_VERSION ?? '10.6.0';
  const scratch = mkdtempSync(join(tmpdir(), 'cdktn-'));
  try {
    const copy = join(scratch, 'project');
    cpSync(root, copy, { recursive: true, filter: (src) => !/\/(node_modules|dist|cdktf\.out|\.git)(\/|$)/.test(src.slice(root.length)) });
    const pkg = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8'));
    pkg.dependencies.cdktf = `npm:cdktn@${version}`;
    pkg.dependencies.constructs = constructs;
    pkg.overrides = { cdktf: `npm:cdktn@${version}`, constructs };
    writeFileSync(join(copy, 'package.json'), JSON.stringify(pkg, null, 2));
    rmSync(join(copy, 'package-lock.json'), { force: true });
    console.log(`installing cdktn ${version} (constructs ${constructs}) in a scratch copy...`);
    run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], copy);
    run(process.execPath, [join(copy, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], copy);
    const settings = { K3S_SETTINGS_DIR: join(root, 'terraform/environments'), K3S_SETTINGS_CACHE_DIR: '' };
    const ours = join(scratch, 'out-cdktf');
    const theirs = join(scratch, 'out-cdktn');
    run(process.execPath, [join(root, 'dist/main.js')], root, { ...process.env, ...settings, CDKTF_OUTDIR: ours });
    run(process.execPath, [join(copy, 'dist/main.js')], copy, { ...process.env, ...settings, CDKTF_OUTDIR: theirs });
    const lib = JSON.parse(readFileSync(join(copy, 'node_modules/cdktf/package.json'), 'utf8'));
    console.log(`synthesized with ${lib.name} ${lib.version}:`);
    for (const line of compareOutputs(ours, theirs)) console.log(`  ${line}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(`cdktn:check: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
