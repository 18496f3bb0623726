import { cpSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Testing, TerraformOutput, TerraformStack } from 'cdktf';
import { CloudInitFiles, CloudInitFilesProps, TEMPLATES, UserDataVars } from '../../lib/cloud-init/cloud-init-files';

const ROOT = join(__dirname, '../..');
const dirs: CloudInitFilesProps = { cloudInitDir: join(ROOT, 'cloud-init'), bootstrapDir: join(ROOT, 'bootstrap') };
const vars: UserDataVars = { hostname: 'n1', ssh_authorized_keys: [], k3s_version: 'v1.34.3+k3s1', k3s_config: { 'node-name': 'n1' } };

function files(props: CloudInitFilesProps = dirs) {
  return new CloudInitFiles(new TerraformStack(Testing.app(), 'stack'), 'cloud-init', props);
}

/** A copy of a directory without one file. */
function without(dir: string, file: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'cloud-init-files-'));
  cpSync(dir, copy, { recursive: true });
  rmSync(join(copy, file));
  return copy;
}

/** The files, with their expressions resolved as the synthesized JSON holds them. */
function resolved() {
  const f = files();
  const stack = TerraformStack.of(f);
  let n = 0;
  const r = (x: string): string => {
    const id = `o${n++}`;
    new TerraformOutput(stack, id, { value: x });
    return JSON.parse(Testing.synth(stack)).output[id].value;
  };
  return {
    userData: (role: 'server' | 'agent', v: UserDataVars) => r(f.userData(role, v)),
    onboardUserData: (v: UserDataVars) => r(f.onboardUserData(v)),
    networkConfig: (v: Parameters<CloudInitFiles['networkConfig']>[0]) => r(f.networkConfig(v)),
  };
}

describe('CloudInitFiles', () => {
  const f = resolved();

  it('user data is a templatefile() of the role\'s template, from the copied templates directory, rendered at apply', () => {
    expect(f.userData('server', vars)).toMatch(/^\$\{templatefile\("assets\/cloud-init_templates_[0-9A-F]+\/[0-9A-F]+\/k3s-cp\.yml\.tpl", \{"hostname" = "n1"/);
    expect(f.userData('agent', { ...vars, server_url: 'https://10.0.0.1:6443' })).toContain('/k3s-worker.yml.tpl"');
    expect(f.onboardUserData({ ...vars, server_url: 'https://10.0.0.1:6443' })).toContain('/k3s-node-onboard.yml.tpl"');
  });

  it('carries the node scripts as file() of the copied bootstrap directory; only a server checks its own readiness', () => {
    const server = f.userData('server', vars);
    expect(server).toMatch(/"install_script" = file\("assets\/cloud-init_scripts_[0-9A-F]+\/[0-9A-F]+\/install-k3s\.sh"\)/);
    expect(server).toContain('/post-install.sh")');
    expect(server).toContain('/k3s-vm-bootstrap.sh")');
    const agent = f.userData('agent', { ...vars, server_url: 'https://10.0.0.1:6443' });
    expect(agent).toContain('/install-k3s.sh")');
    expect(agent).not.toContain('post_install_script');
    expect(f.onboardUserData({ ...vars, server_url: 'https://10.0.0.1:6443' })).not.toContain('post_install_script');
  });

  it('network config is a templatefile() of the static network template', () => {
    expect(f.networkConfig({ ip_address: '10.0.0.5', prefix_length: 24, gateway: '10.0.0.1', dns_servers: ['1.1.1.1'] }))
      .toMatch(/^\$\{templatefile\("assets\/[^"]+\/network-config\.yml\.tpl", \{"ip_address" = "10\.0\.0\.5", "prefix_length" = 24/);
  });

  it.each([...Object.values(TEMPLATES), 'k3s-vm-bootstrap.sh'])('refuses a cloud-init directory without %s, naming the construct path', (file) => {
    const dir = without(dirs.cloudInitDir, file);
    expect(() => files({ ...dirs, cloudInitDir: dir })).toThrow(`stack/cloud-init: cloudInitDir = ${JSON.stringify(dir)}: must hold ${file}`);
  });

  it.each(['install-k3s.sh', 'post-install.sh'])('refuses a bootstrap directory without %s', (file) => {
    const dir = without(dirs.bootstrapDir, file);
    expect(() => files({ ...dirs, bootstrapDir: dir })).toThrow(`stack/cloud-init: bootstrapDir = ${JSON.stringify(dir)}: must hold ${file}`);
  });

  it('refuses an agent\'s or a joining node\'s user data without the server URL', () => {
    expect(() => f.userData('agent', vars)).toThrow('stack/cloud-init: server_url = (unset): is required for an agent\'s user data');
    expect(() => f.onboardUserData(vars)).toThrow('stack/cloud-init: server_url = (unset): is required for a joining node\'s user data');
    expect(() => f.userData('server', vars)).not.toThrow();
  });
});
