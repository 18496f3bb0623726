import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { withPlainResolve } from '../lib/core/plain-resolve';
import { loadAllSettings } from '../lib/settings';
import { buildApp, countBlocks } from '../main';
import { settingsWithWorkers } from '../tools/scale-settings';
import { ROOT, SETTINGS_DIR, tempDir } from './helpers/repo';

/**
 * What main.ts synthesizes through its fast path (lib/core/plain-resolve.ts)
 * must be byte for byte what plain cdktf writes for the same app.
 */
async function synthBothWays(settingsDir: string): Promise<{ fast: string; plain: string }> {
  const settings = await loadAllSettings({ settingsDir, cacheDir: join(ROOT, 'node_modules/.cache/k3s-tfvars') });
  const fast = tempDir('fast');
  const plain = tempDir('plain');
  const fastApp = buildApp(settings, { root: ROOT, settingsDir, outdir: fast });
  withPlainResolve(() => fastApp.synth());
  buildApp(settings, { root: ROOT, settingsDir, outdir: plain }).synth();
  return { fast, plain };
}

/** The first line where two outputs differ, or undefined. */
function firstDifference(a: string, b: string): string | undefined {
  if (a === b) return undefined;
  const al = a.split('\n');
  const bl = b.split('\n');
  const i = al.findIndex((l, n) => l !== bl[n]);
  return `line ${i + 1}: fast ${al[i]} | plain ${bl[i]}`;
}

function expectSameFiles(fast: string, plain: string): void {
  const stacks = readdirSync(join(plain, 'stacks')).sort();
  expect(readdirSync(join(fast, 'stacks')).sort()).toEqual(stacks);
  expect(stacks).toEqual(['chocolandiadc', 'chocolandiadc-mvp', 'k3s-gitops', 'k3s-homelab', 'kpi-sandbox']);
  for (const s of stacks) {
    const read = (dir: string) => readFileSync(join(dir, 'stacks', s, 'cdk.tf.json'), 'utf8');
    expect([s, firstDifference(read(fast), read(plain))]).toEqual([s, undefined]);
    // The summary counts without parsing: the same numbers as the parsed JSON.
    const json = JSON.parse(read(fast));
    const resources = Object.values<object>(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    const counts = { resources, outputs: Object.keys(json.output ?? {}).length };
    expect([s, countBlocks(read(fast))]).toEqual([s, counts]);
    expect([s, countBlocks(readFileSync(join(fast, 'stacks', s, 'cdk.tf.json')))]).toEqual([s, counts]);
  }
  expect(firstDifference(readFileSync(join(fast, 'manifest.json'), 'utf8'), readFileSync(join(plain, 'manifest.json'), 'utf8'))).toBeUndefined();
}

describe('synth fast path', () => {
  it('summary counts follow the JSON whatever its layout', () => {
    const compact = JSON.stringify({ resource: { a: { x: {}, y: {} }, b: { z: {} } }, output: { o: {} } });
    expect(countBlocks(compact)).toEqual({ resources: 3, outputs: 1 });
    expect(countBlocks(Buffer.from(compact))).toEqual({ resources: 3, outputs: 1 });
    expect(countBlocks(JSON.stringify({ resource: { a: { x: {} } } }, null, 2))).toEqual({ resources: 1, outputs: 0 });
    expect(countBlocks('{}')).toEqual({ resources: 0, outputs: 0 });
  });

  it('writes the same bytes as plain cdktf for every stack of the example settings', async () => {
    const { fast, plain } = await synthBothWays(SETTINGS_DIR);
    expectSameFiles(fast, plain);
  });

  it('writes the same bytes as plain cdktf with k3s-gitops at 3 servers + 297 workers', async () => {
    const settingsDir = settingsWithWorkers(ROOT, tempDir('scale'), 297);
    const { fast, plain } = await synthBothWays(settingsDir);
    expectSameFiles(fast, plain);
    const gitops = JSON.parse(readFileSync(join(fast, 'stacks/k3s-gitops/cdk.tf.json'), 'utf8'));
    expect(Object.keys(gitops.resource.null_resource).filter((k) => /^worker\d+_install$/.test(k))).toHaveLength(297);
  });
});
