/**
 * `npm run bench`: how long users wait for a synth, against the floor
 * `node -e "require('cdktf')"`, every figure measured alternately in one run
 * so all see the same machine load (medians of BENCH_RUNS, default 7):
 *
 * - user path: `node tools/synth.js` (cdktf.json's app, `npm run synth`),
 *   all stacks, no source change since the last run (goal <= 2.0x floor);
 * - the user path with its V8 compile cache off (K3S_NO_COMPILE_CACHE=1,
 *   tools/compile-cache.js), for reference;
 * - after an edit: the same right after one file under lib/ changed (a
 *   real edit, so swc and the compile cache both see new code; goal <= 3.0x
 *   floor);
 * - compiled entry: `node dist/main.js` alone;
 * - scale: k3s-gitops with 3 servers + 297 workers against 3 + 1, all five
 *   stacks, compiled entry (goal <= 2.5).
 *
 * The user path runs in a scratch copy of the project (node_modules shared),
 * so the edit never touches this checkout.
 */
import { spawnSync } from 'child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { loadavg, tmpdir } from 'os';
import { join, resolve } from 'path';
import { settingsWithWorkers } from './scale-settings';

const ROOT = resolve(__dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function time(args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed:\n${run.stderr}`);
  return seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const project = join(scratch, 'project');
    cpSync(ROOT, project, { recursive: true, filter: (src) => !/\/(node_modules|\.git|cdktf\.out)$/.test(src) });
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
    const edited = join(project, 'lib/k3s/token.ts');
    const out = join(scratch, 'out');
    const env = { ...process.env, CDKTF_OUTDIR: out, K3S_COMPILE_CACHE_DIR: '', K3S_NO_COMPILE_CACHE: '' };
    const original = readFileSync(edited, 'utf8');
    const small = settingsWithWorkers(ROOT, scratch, 1);
    const large = settingsWithWorkers(ROOT, scratch, 297);

    const floor: number[] = [];
    const user: number[] = [];
    const noCache: number[] = [];
    const afterEdit: number[] = [];
    const compiled: number[] = [];
    const four: number[] = [];
    const three100: number[] = [];
    // Warm-up: fills dist/ of the copy, its compile cache, the settings parse cache and the OS file cache.
    time(['tools/synth.js'], project, env);
    for (const s of [small, large]) time([join(ROOT, 'dist/main.js')], ROOT, { ...env, K3S_SETTINGS_DIR: s });
    for (let i = 0; i < RUNS; i++) {
      floor.push(time(['-e', "require('cdktf')"], ROOT, process.env));
      user.push(time(['tools/synth.js'], project, env));
      noCache.push(time(['tools/synth.js'], project, { ...env, K3S_NO_COMPILE_CACHE: '1' }));
      writeFileSync(edited, original);
      appendFileSync(edited, `export const benchEdit = ${i};\n`);
      afterEdit.push(time(['tools/synth.js'], project, env));
      compiled.push(time([join(ROOT, 'dist/main.js')], ROOT, env));
      four.push(time([join(ROOT, 'dist/main.js')], ROOT, { ...env, K3S_SETTINGS_DIR: small }));
      three100.push(time([join(ROOT, 'dist/main.js')], ROOT, { ...env, K3S_SETTINGS_DIR: large }));
    }
    const f = median(floor);
    const row = (name: string, xs: number[], goal?: number) => {
      const r = median(xs) / f;
      return `${name.padEnd(44)} ${median(xs).toFixed(3)} s  ${r.toFixed(2)}x floor${goal ? `  (goal <= ${goal.toFixed(1)}: ${r <= goal ? 'met' : 'NOT met'})` : ''}`;
    };
    const scale = median(three100) / median(four);
    console.log(`node ${process.version}, runs: ${RUNS} each, medians, measured alternately; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    console.log(`${'floor: node -e "require(\'cdktf\')"'.padEnd(44)} ${f.toFixed(3)} s`);
    console.log(row('user path: tools/synth.js, no change', user, 2.0));
    console.log(row('  the same, compile cache off', noCache));
    console.log(row('user path: right after editing lib/ (1 file)', afterEdit, 3.0));
    console.log(row('compiled entry: node dist/main.js', compiled));
    console.log(`${'scale: k3s-gitops 3+297 nodes vs 3+1'.padEnd(44)} ${median(three100).toFixed(3)} s vs ${median(four).toFixed(3)} s: ${scale.toFixed(2)}  (goal <= 2.5: ${scale <= 2.5 ? 'met' : 'NOT met'})`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
