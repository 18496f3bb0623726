import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { loadAllSettings } from '../lib/settings';
import { buildApp, countBlocks } from '../main';
import { settingsWithWorkers } from '../tools/scale-settings';
import { ROOT, SETTINGS_DIR, tempDir } from './helpers/repo';

/**
 * The synth's summary (resources and outputs per stack) is counted in the
 * bytes of cdktf's two-space layout instead of parsing the JSON (4 MB at
 * 300 nodes): the counts must be those of the parsed JSON. (The patches of
 * cdktf's internals this file used to compare with plain cdktf are gone:
 * docs/development.md, "Speed".)
 */
async function synth(settingsDir: string): Promise<string> {
  const settings = await loadAllSettings({ settingsDir, cacheDir: join(ROOT, 'node_modules/.cache/k3s-tfvars') });
  const out = tempDir('synth');
  buildApp(settings, { root: ROOT, settingsDir, outdir: out }).synth();
  return out;
}

function expectCounts(out: string): void {
  const stacks = readdirSync(join(out, 'stacks')).sort();
  expect(stacks).toEqual(['chocolandiadc', 'chocolandiadc-mvp', 'k3s-gitops', 'k3s-homelab', 'kpi-sandbox']);
  for (const s of stacks) {
    const text = readFileSync(join(out, 'stacks', s, 'cdk.tf.json'), 'utf8');
    const json = JSON.parse(text);
    const resources = Object.values<object>(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
    const counts = { resources, outputs: Object.keys(json.output ?? {}).length };
    expect([s, countBlocks(text)]).toEqual([s, counts]);
    expect([s, countBlocks(readFileSync(join(out, 'stacks', s, 'cdk.tf.json')))]).toEqual([s, counts]);
  }
}

describe('synth summary', () => {
  it('summary counts follow the JSON whatever its layout', () => {
    const compact = JSON.stringify({ resource: { a: { x: {}, y: {} }, b: { z: {} } }, output: { o: {} } });
    expect(countBlocks(compact)).toEqual({ resources: 3, outputs: 1 });
    expect(countBlocks(Buffer.from(compact))).toEqual({ resources: 3, outputs: 1 });
    expect(countBlocks(JSON.stringify({ resource: { a: { x: {} } } }, null, 2))).toEqual({ resources: 1, outputs: 0 });
    expect(countBlocks('{}')).toEqual({ resources: 0, outputs: 0 });
  });

  it('counts what the JSON holds for every stack of the example settings', async () => {
    expectCounts(await synth(SETTINGS_DIR));
  });

  it('counts what the JSON holds with k3s-gitops at 3 servers + 297 workers', async () => {
    const out = await synth(settingsWithWorkers(ROOT, tempDir('scale'), 297));
    expectCounts(out);
    const gitops = JSON.parse(readFileSync(join(out, 'stacks/k3s-gitops/cdk.tf.json'), 'utf8'));
    expect(Object.keys(gitops.resource.null_resource).filter((k) => /^worker\d+_install$/.test(k))).toHaveLength(297);
  });
});
