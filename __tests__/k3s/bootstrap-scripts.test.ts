import { cpSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Testing, TerraformStack } from 'cdktf';
import { K3sBootstrapScripts, K3sBootstrapScriptsProps } from '../../lib/k3s';

const BOOTSTRAP = join(__dirname, '../../bootstrap');

function scripts(props: Partial<K3sBootstrapScriptsProps> = {}) {
  return new K3sBootstrapScripts(new TerraformStack(Testing.app(), 'stack'), 'scripts', { bootstrapDir: BOOTSTRAP, ...props });
}

describe('K3sBootstrapScripts', () => {
  it('copies the bootstrap directory once, as one bundle; each script runs from it, next to what it sources', () => {
    const s = scripts();
    expect(s.bundle).toMatch(/^assets\/scripts_bundle_[0-9A-F]+\/[0-9A-F]+$/);
    for (const name of ['post-install.sh', 'check-node.sh', 'fetch-kubeconfig.sh', 'leave-cluster.sh', 'ssh-host-keys.sh'] as const) {
      expect(s.path(name)).toBe(`${s.bundle}/${name}`);
    }
    expect(s.installerScript).toBeUndefined();
    expect(s.k3sBinary).toBeUndefined();
  });

  it('a local installer and a k3s binary become assets of their own', () => {
    const s = scripts({ installerScriptPath: join(BOOTSTRAP, 'install-k3s.sh'), k3sBinaryPath: join(BOOTSTRAP, 'post-install.sh') });
    expect(s.installerScript).toMatch(/^assets\/scripts_installer_[0-9A-F]+\/[0-9A-F]+\/install-k3s\.sh$/);
    expect(s.k3sBinary).toMatch(/^assets\/scripts_k3s-binary_[0-9A-F]+\/[0-9A-F]+\/post-install\.sh$/);
  });

  it.each(['post-install.sh', 'check-node.sh', 'fetch-kubeconfig.sh', 'leave-cluster.sh', 'ssh-host-keys.sh', 'install-k3s.sh'])(
    'refuses a bootstrap directory without %s, naming the construct path', (file) => {
      const dir = mkdtempSync(join(tmpdir(), 'bootstrap-'));
      cpSync(BOOTSTRAP, dir, { recursive: true });
      rmSync(join(dir, file));
      expect(() => scripts({ bootstrapDir: dir })).toThrow(`stack/scripts: bootstrapDir = ${JSON.stringify(dir)}: must hold ${file}`);
    });

  it.each([
    [{ installerScriptPath: '/nonexistent/install.sh' }, 'installerScriptPath = "/nonexistent/install.sh": must be an existing file'],
    [{ k3sBinaryPath: '/nonexistent/k3s' }, 'k3sBinaryPath = "/nonexistent/k3s": must be an existing file'],
  ])('refuses %j', (props, message) => {
    expect(() => scripts(props)).toThrow(`stack/scripts: ${message}`);
  });
});
