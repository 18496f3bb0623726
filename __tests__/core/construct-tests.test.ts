import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import { ROOT } from '../helpers/repo';

/** lib/ sources, the generated bindings left out. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'bindings' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Each construct of lib/<area>/<file>.ts, with the test that must hold it: __tests__/<area>/<file>.test.ts. */
function constructs(): { name: string; source: string; test: string }[] {
  return sources(join(ROOT, 'lib')).flatMap((file) => {
    const rel = relative(join(ROOT, 'lib'), file);
    const test = join(ROOT, '__tests__', rel.replace(/\.ts$/, '.test.ts'));
    return [...readFileSync(file, 'utf8').matchAll(/^export class (\w+) extends Construct\b/gm)].map((m) => ({ name: m[1], source: rel, test }));
  });
}

describe('a test per construct', () => {
  it('finds the constructs (the check is not vacuous)', () => {
    expect(constructs().map((c) => c.name)).toEqual(expect.arrayContaining(['K3sCluster', 'K3sNodeOnboarding', 'LonghornDisks', 'AdoptedK3sServer', 'KubePrometheusStack']));
  });

  it('every construct in lib/<area>/<file>.ts is built by __tests__/<area>/<file>.test.ts', () => {
    const missing = constructs()
      .filter((c) => !existsSync(c.test) || !new RegExp(`new ${c.name}\\(|\\b${c.name}\\b`).test(readFileSync(c.test, 'utf8')))
      .map((c) => `${c.name} (lib/${c.source}): no ${relative(ROOT, c.test)} naming it`);
    expect(missing).toEqual([]);
  });
});
