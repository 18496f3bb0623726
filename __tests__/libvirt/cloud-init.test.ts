/**
 * The cloud-init files exactly as a sandbox VM receives them: the stack's own
 * templatefile() expressions, evaluated by the real Terraform (offline, no
 * provider) with a stand-in token, then checked with cloud-init's validators.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/repo';
import { cloudInitSchema, renderWithTerraform, tool } from '../helpers/render';

const TOKEN = 'StandInTokenForTests0123456789abcdefABCDEF012345';
const AGENT_TOKEN = 'StandInAgentTokenForTests0123456789abcdefABCDEF';

interface Rendered { [output: string]: string }

/** Renders kpi-sandbox's cloud-init expressions with Terraform, as a VM would receive them. */
function render(editTfvars?: (s: string) => string, editAsset?: [string, (s: string) => string]): { dir: string; out: Rendered } {
  return renderWithTerraform({
    stack: 'kpi-sandbox',
    pick: (json) => Object.fromEntries(Object.entries<any>(json.resource.libvirt_cloudinit_disk).flatMap(([name, disk]) =>
      ['user_data', 'network_config'].map((key) => [`${name}__${key}`, disk[key] as string]))),
    replace: { 'random_password.cluster_token.result': TOKEN, 'random_password.agent_token.result': AGENT_TOKEN },
    editTfvars,
    editAsset,
  });
}

let rendered: { dir: string; out: Rendered };
beforeAll(() => { rendered = render(); }, 60_000);

describe.each([['k3s_cp_01', 'server'], ['k3s_worker_01', 'agent'], ['k3s_worker_02', 'agent']])('%s user data', (vm, role) => {
  const userData = () => rendered.out[`${vm}_cloudinit__user_data`];
  const doc = () => parse(userData());

  it('passes cloud-init schema and yamllint', () => {
    const r = cloudInitSchema(rendered.dir, vm, userData());
    expect(r.stdout + r.stderr).toMatch(/Valid cloud-config/);
    expect(r.status).toBe(0);
    const file = join(rendered.dir, `${vm}.user-data`);
    const lint = tool('yamllint', ['-d', '{extends: relaxed, rules: {line-length: disable}}', file], 'yamllint');
    expect(lint.stdout).toBe('');
    expect(lint.status).toBe(0);
  });

  it('has the hostname, the keys, no password login, and a 0600 K3s config holding its tokens (workers: the agent token only)', () => {
    const d = doc();
    const name = vm.replace(/_/g, '-');
    expect(d.hostname).toBe(name);
    expect(d.ssh_pwauth).toBe(false);
    expect(d.users[0]).toMatchObject({ name: 'ubuntu', lock_passwd: true });
    expect(d.users[0].ssh_authorized_keys[0]).toMatch(/^ssh-ed25519 /);
    const config = d.write_files.find((f: any) => f.path.endsWith('/config.yaml'));
    expect(config.permissions).toBe('0600');
    const k3s = parse(config.content);
    if (role === 'agent') {
      expect(k3s).toMatchObject({ token: AGENT_TOKEN, 'node-name': name, server: 'https://192.168.122.10:6443' });
      expect(userData()).not.toContain(TOKEN);
    } else {
      expect(k3s).toMatchObject({ token: TOKEN, 'agent-token': AGENT_TOKEN, 'secrets-encryption': true, 'node-name': name });
      expect(k3s).not.toHaveProperty('server');
    }
  });

  it('installs the pinned version with the shared node scripts, waiting for the control plane on workers', () => {
    const d = doc();
    const run = d.runcmd[d.runcmd.length - 1] as string[];
    expect(run).toEqual(expect.arrayContaining(['--role', role, '--version', 'v1.34.3+k3s1']));
    if (role === 'agent') expect(run).toEqual(expect.arrayContaining(['--server-url', 'https://192.168.122.10:6443']));
    const carried = (suffix: string) => d.write_files.find((f: any) => f.path.endsWith(suffix))?.content;
    expect(carried('/install-k3s.sh')).toBe(readFileSync(join(ROOT, 'bootstrap/install-k3s.sh'), 'utf8'));
    expect(carried('/k3s-vm-bootstrap.sh')).toBe(readFileSync(join(ROOT, 'cloud-init/k3s-vm-bootstrap.sh'), 'utf8'));
    // The token never reaches a command line.
    expect(JSON.stringify(d.runcmd)).not.toContain(TOKEN);
    expect(JSON.stringify(d.runcmd)).not.toContain(AGENT_TOKEN);
  });
});

describe('network config', () => {
  it.each([['k3s_cp_01', '192.168.122.10'], ['k3s_worker_02', '192.168.122.12']])('%s: static %s/24, gateway and DNS, no DHCP (cloud-init net-convert)', (vm, ip) => {
    const file = join(rendered.dir, `${vm}.network-config`);
    const text = rendered.out[`${vm}_cloudinit__network_config`];
    writeFileSync(file, text);
    expect(parse(text).ethernets.primary.dhcp4).toBe(false);
    const out = join(rendered.dir, `${vm}-networkd`);
    const r = tool('cloud-init', ['devel', 'net-convert', '-p', file, '-k', 'yaml', '-d', out, '-D', 'ubuntu', '-O', 'networkd'], 'cloud-init');
    expect(r.stderr).not.toMatch(/ERROR|Traceback|WARNING/);
    expect(r.status).toBe(0);
    const unit = readFileSync(join(out, 'etc/systemd/network/10-cloud-init-primary.network'), 'utf8');
    expect(unit).toContain(`Address=${ip}/24`);
    expect(unit).toContain('Gateway=192.168.122.1');
    expect(unit).toMatch(/DNS=8\.8\.8\.8 1\.1\.1\.1/);
    expect(unit).not.toMatch(/DHCP=(yes|ipv4)/);
  });
});

describe('a broken template fails', () => {
  it('an unknown cloud-config key is refused by cloud-init schema', () => {
    const broken = render(undefined, ['k3s-worker.yml.tpl', (s) => s.replace('ssh_pwauth: false', 'ssh_pwauth: false\nruncmds: []\nhostname: [1]')]);
    const r = cloudInitSchema(broken.dir, 'broken', broken.out.k3s_worker_01_cloudinit__user_data);
    expect(r.status).not.toBe(0);
  }, 60_000);

  it('a YAML syntax error is refused', () => {
    const broken = render(undefined, ['k3s-cp.yml.tpl', (s) => s.replace('manage_etc_hosts: true', 'manage_etc_hosts: [true')]);
    const r = cloudInitSchema(broken.dir, 'broken', broken.out.k3s_cp_01_cloudinit__user_data);
    expect(r.status).not.toBe(0);
  }, 60_000);
});
