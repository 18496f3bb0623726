/**
 * `npm run bench`: synth time of all stacks (settings parsing included)
 * against the floor `node -e "require('cdktf')"`, measured alternately in
 * one run so both see the same machine load. Reports medians and the ratio;
 * the target is <= 2.0 with a warm parse cache.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function time(args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed:\n${run.stderr}`);
  return seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const out = mkdtempSync(join(tmpdir(), 'bench-out-'));
  const cold = mkdtempSync(join(tmpdir(), 'bench-cache-'));
  const synthEnv = { ...process.env, CDKTF_OUTDIR: out };
  const floor: number[] = [];
  const warm: number[] = [];
  const coldRuns: number[] = [];
  try {
    time(['dist/main.js'], synthEnv); // fills the parse cache and the OS file cache
    for (let i = 0; i < RUNS; i++) {
      floor.push(time(['-e', "require('cdktf')"], process.env));
      warm.push(time(['dist/main.js'], synthEnv));
      rmSync(cold, { recursive: true, force: true });
      coldRuns.push(time(['dist/main.js'], { ...synthEnv, K3S_SETTINGS_CACHE_DIR: cold }));
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(cold, { recursive: true, force: true });
  }
  const f = median(floor);
  const w = median(warm);
  const c = median(coldRuns);
  console.log(`runs: ${RUNS} each, medians`);
  console.log(`floor  node -e "require('cdktf')"      ${f.toFixed(3)} s`);
  console.log(`synth  all stacks, parse cache warm    ${w.toFixed(3)} s  ratio ${(w / f).toFixed(2)} (target <= 2.0)`);
  console.log(`synth  all stacks, parse cache cold    ${c.toFixed(3)} s  ratio ${(c / f).toFixed(2)} (first run after a settings edit)`);
}

main();
