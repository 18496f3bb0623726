import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import { ROOT } from '../helpers/repo';

/** ../shared/ARCHITECTURE.md's layering rules, checked on the imports. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'bindings' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)].map((m) => m[1]);

describe('layers', () => {
  it('constructs (lib/, outside lib/settings) never import lib/settings, stacks or main.ts', () => {
    const offending = sources(join(ROOT, 'lib'))
      .filter((f) => !f.includes('/lib/settings/'))
      .flatMap((f) => imports(f).filter((i) => /(^|\/)settings(\/|$)|stacks|\/main$/.test(i)).map((i) => `${relative(ROOT, f)} imports ${i}`));
    expect(offending).toEqual([]);
  });

  it('lib/settings, lib/rules and the address module are plain data: no cdktf, constructs or providers', () => {
    const offending = [...sources(join(ROOT, 'lib/settings')), ...sources(join(ROOT, 'lib/rules')), join(ROOT, 'lib/platform/catalogue.ts'), join(ROOT, 'lib/core/addresses.ts')]
      .flatMap((f) => imports(f).filter((i) => /^(cdktf|constructs|@cdktf\/)/.test(i) || /\/(k3s|platform\/k3s-platform|monitoring|homelab|libvirt|gitops|ingress)(\/|$)/.test(i)).map((i) => `${relative(ROOT, f)} imports ${i}`));
    expect(offending).toEqual([]);
  });
});
