import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ROOT, runSynth, tempDir } from './helpers/repo';

/**
 * The supported Node.js lines (22 and 24, README "Prerequisites") run the
 * user's commands without a warning the user did not cause. A Node 24
 * binary: this one when the tests run on 24, else tools/ci/node24.sh
 * ($K3S_NODE24, or the npm registry's `node@24`, installed once).
 */
function node24(): { bin?: string; why?: string } {
  if (process.versions.node.startsWith('24.')) return { bin: process.execPath };
  const r = spawnSync('bash', [join(ROOT, 'tools/ci/node24.sh')], { encoding: 'utf8', timeout: 300_000 });
  return r.status === 0 ? { bin: r.stdout.trim() } : { why: `no Node 24 binary (tools/ci/node24.sh: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()})` };
}

const NODE24 = node24();
if (!NODE24.bin) process.stderr.write(`SKIPPED: synth on Node 24 with --throw-deprecation: ${NODE24.why}\n`);
const onNode24 = NODE24.bin ? it : it.skip;

/** A scratch copy of the project sharing node_modules, with no dist/: as after a fresh clone. */
function project(): string {
  const dir = tempDir('node24');
  cpSync(ROOT, dir, { recursive: true, filter: (src) => !/\/(node_modules|dist|\.git|cdktf\.out)$/.test(src) });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

describe('supported Node.js lines', () => {
  onNode24('npm run synth on Node 24 with deprecations as errors: no warning, the same JSON as the machine Node writes', () => {
    const dir = project();
    const run = spawnSync(NODE24.bin!, ['--throw-deprecation', 'tools/synth.js'], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, K3S_SETTINGS_CACHE_DIR: '', K3S_COMPILE_CACHE_DIR: '', K3S_NO_COMPILE_CACHE: '' },
    });
    expect(run.stderr).not.toMatch(/Warning|DEP\d{4}/);
    expect(run.status).toBe(0);
    // The same bytes as the compiled entry on this machine's Node (relative state paths: the same layout).
    const reference = tempDir('reference');
    cpSync(join(dir, 'terraform/environments'), join(reference, 'terraform/environments'), { recursive: true });
    expect(runSynth(join(reference, 'cdktf.out'), join(reference, 'terraform/environments')).status).toBe(0);
    for (const stack of ['chocolandiadc', 'chocolandiadc-mvp', 'k3s-gitops', 'k3s-homelab', 'kpi-sandbox']) {
      const json = (root: string) => readFileSync(join(root, 'cdktf.out/stacks', stack, 'cdk.tf.json'), 'utf8');
      expect(json(dir)).toBe(json(reference));
    }
  }, 300_000);

  onNode24('the compiled entry (node dist/main.js, as the tests and the bench run it) is as quiet', () => {
    const run = spawnSync(NODE24.bin!, ['--throw-deprecation', join(ROOT, 'dist/main.js')], {
      encoding: 'utf8', env: { ...process.env, CDKTF_OUTDIR: tempDir('entry'), K3S_SETTINGS_CACHE_DIR: '' },
    });
    expect(run.stderr).not.toMatch(/Warning|DEP\d{4}/);
    expect(run.status).toBe(0);
  }, 300_000);

  /** Runs `code` after tools/known-warnings.js is installed, from a file at `at` (relative to a scratch dir), with --throw-deprecation. */
  function withFilter(at: string, code: string) {
    const dir = tempDir('warnings');
    const file = join(dir, at);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `${code}\n`);
    const main = `require(${JSON.stringify(join(ROOT, 'tools/known-warnings.js'))}).install(); require(${JSON.stringify(file)});`;
    return spawnSync(NODE24.bin ?? process.execPath, ['--throw-deprecation', '-e', main], { encoding: 'utf8' });
  }

  onNode24("drops exactly cdktf's DEP0044 (util.isArray in terraform-output.js), no other warning", () => {
    // cdktf's call, from where cdktf has it: silent.
    const cdktf = withFilter('node_modules/cdktf/lib/terraform-output.js', "require('util').isArray([]);");
    expect(cdktf.stderr).toBe('');
    expect(cdktf.status).toBe(0);
    // The same call from any other file: Node's warning, an error under --throw-deprecation.
    const ours = withFilter('lib/ours.js', "require('util').isArray([]);");
    expect(ours.stderr).toMatch(/DEP0044|util\.isArray/);
    expect(ours.status).not.toBe(0);
    // Another deprecation from inside cdktf's file: not dropped either.
    const other = withFilter('node_modules/cdktf/lib/terraform-output.js', "process.emitWarning('old API', 'DeprecationWarning', 'DEP0005');");
    expect(other.stderr).toMatch(/old API/);
    expect(other.status).not.toBe(0);
  });
});
