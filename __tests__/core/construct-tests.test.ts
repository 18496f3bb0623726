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

/**
 * Whether a test's source builds the construct: `new Name(` outside comments.
 * An import or a mention in a comment or a string title is no test of it.
 */
function builds(name: string, testSource: string): boolean {
  const code = testSource.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  return new RegExp(`\\bnew ${name}\\(`).test(code);
}

describe('a test per construct', () => {
  it('finds the constructs (the check is not vacuous)', () => {
    expect(constructs().map((c) => c.name)).toEqual(expect.arrayContaining(['K3sCluster', 'K3sNodeOnboarding', 'LonghornDisks', 'AdoptedK3sServer', 'KubePrometheusStack']));
  });

  it('an import, a comment or a title naming the construct is not building it (#25 item 13)', () => {
    expect(builds('K3sCluster', "import { K3sCluster } from '../../lib/k3s/cluster';\nit('K3sCluster works', () => {});")).toBe(false);
    expect(builds('K3sCluster', '// new K3sCluster(stack, ...)\n/* new K3sCluster( */')).toBe(false);
    expect(builds('K3sCluster', 'const c = new K3sCluster(stack, \'c\', props);')).toBe(true);
    expect(builds('K3sCluster', 'new K3sClusterToken(stack, \'t\');')).toBe(false);
  });

  it('every construct in lib/<area>/<file>.ts is built by __tests__/<area>/<file>.test.ts', () => {
    const missing = constructs()
      .filter((c) => !existsSync(c.test) || !builds(c.name, readFileSync(c.test, 'utf8')))
      .map((c) => `${c.name} (lib/${c.source}): no ${relative(ROOT, c.test)} building it (new ${c.name}(...))`);
    expect(missing).toEqual([]);
  });
});
