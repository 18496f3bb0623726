import { spawnSync } from 'child_process';
import { readdirSync } from 'fs';
import { join } from 'path';
import { ROOT } from '../helpers/repo';

/** Every shell file of the project, wherever it lives (node scripts, packer, tools). */
function shellFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', '.git', 'cdktf.out', 'dist'].includes(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.sh')) found.push(p);
    }
  };
  walk(ROOT);
  return found;
}

describe('shell', () => {
  it('finds the node scripts', () => {
    const names = shellFiles().map((f) => f.slice(ROOT.length + 1));
    expect(names).toEqual(expect.arrayContaining([
      'bootstrap/install-k3s.sh', 'bootstrap/post-install.sh', 'bootstrap/check-node.sh', 'bootstrap/fetch-kubeconfig.sh', 'bootstrap/leave-cluster.sh',
    ]));
  });

  it.each(shellFiles().map((f) => [f.slice(ROOT.length + 1), f]))('%s passes shellcheck', (_name, file) => {
    const run = spawnSync('shellcheck', ['--external-sources', file], { encoding: 'utf8' });
    if (run.error) throw new Error('shellcheck is not installed (Debian package shellcheck); npm test installs it when run as root');
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
