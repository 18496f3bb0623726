import { spawnSync } from 'child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from '@cdktf/hcl2json';
import { loadAllSettings } from '../../lib/settings';
import { ROOT, SETTINGS_DIR, tempDir } from '../helpers/repo';

const DIR = join(ROOT, 'packer/k3s-node');
const CHECKSUM = `sha256:${'0'.repeat(64)}`;

function packer(args: string[], cwd: string) {
  // A private network namespace: validation must never reach the network.
  const r = spawnSync('unshare', ['--net', 'packer', ...args], { cwd, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (r.error) throw new Error(`cannot run packer: ${r.error.message} (Debian package packer; npm test installs it when run as root)`);
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('packer/k3s-node', () => {
  it('passes `packer validate` (Packer 1.6.6 from Debian), offline', () => {
    const r = packer(['validate', '-var', `ubuntu_image_checksum=${CHECKSUM}`, '.'], DIR);
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
  });

  it('refuses to build an unpinned image: the checksum has no default', () => {
    const r = packer(['validate', '.'], DIR);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/Unset variable "ubuntu_image_checksum"/);
  });

  it('a broken template fails validation', () => {
    const copy = tempDir('packer');
    for (const f of ['k3s-node.pkr.hcl', 'variables.pkr.hcl']) {
      writeFileSync(join(copy, f), readFileSync(join(DIR, f), 'utf8').replace('format           = "qcow2"', 'formats = "qcow2"'));
    }
    const r = packer(['validate', '-var', `ubuntu_image_checksum=${CHECKSUM}`, '.'], copy);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/formats/);
  });

  it('writes the image the kpi-sandbox settings clone', async () => {
    const hcl = (await parse('k3s-node.pkr.hcl', readFileSync(join(DIR, 'k3s-node.pkr.hcl'), 'utf8'))) as Record<string, any>;
    const source = hcl.source.qemu['k3s-node'][0];
    const sandbox = (await loadAllSettings({ settingsDir: SETTINGS_DIR }))['kpi-sandbox'];
    expect(source.vm_name).toBe(sandbox.baseImage);
    expect(source).toMatchObject({ format: 'qcow2', disk_image: true, iso_checksum: '${var.ubuntu_image_checksum}' });
  });

  it('the build-time seed is valid cloud-config', () => {
    const r = spawnSync('cloud-init', ['schema', '-c', join(DIR, 'http/user-data')], { encoding: 'utf8' });
    if (r.error) throw new Error('cloud-init is not installed (Debian package cloud-init)');
    expect(r.stdout).toMatch(/Valid cloud-config/);
    expect(r.status).toBe(0);
  });

  it('keeps required_plugins out of the template directory (Packer 1.6.6 rejects it)', () => {
    const r = packer(['validate', '-syntax-only', 'plugins/required-plugins.pkr.hcl'], DIR);
    expect(r.status).not.toBe(0);
    expect(readFileSync(join(DIR, 'plugins/required-plugins.pkr.hcl'), 'utf8')).toMatch(/source\s+= "github.com\/hashicorp\/qemu"/);
  });
});

describe('scripts/setup.sh', () => {
  if (process.getuid?.() !== 0) throw new Error('setup.sh tests need root (private mount namespaces); run npm test as root, as CI does');

  /** Runs setup.sh in a private mount namespace over empty copies of what it touches; apt-get, systemctl and cloud-init are recorders. */
  function runTwice() {
    const dir = tempDir('setup');
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const cmd of ['apt-get', 'systemctl', 'cloud-init']) {
      writeFileSync(join(bin, cmd), `#!/bin/sh\necho "${cmd} $*" >> "${dir}/calls.log"\n`);
      chmodSync(join(bin, cmd), 0o755);
    }
    const machineId = join(dir, 'machine-id');
    writeFileSync(machineId, '0123456789abcdef0123456789abcdef\n');
    const dirs = ['/etc/modules-load.d', '/etc/sysctl.d', '/var/lib/apt/lists', '/var/lib/cloud', '/etc/netplan', '/etc/ssh', '/var/lib/dbus', '/root'];
    const state = `find ${dirs.join(' ')} /etc/machine-id -printf '%p %y %m %s %l\\n' | sort; md5sum /etc/machine-id /etc/modules-load.d/k3s.conf /etc/sysctl.d/90-k3s.conf`;
    const script = [
      'set -e',
      ...dirs.map((d) => `mkdir -p ${d} && mount -t tmpfs tmpfs ${d}`),
      `mount --bind ${machineId} /etc/machine-id`,
      // What a build VM has before cleanup.
      'mkdir -p /var/lib/cloud/instances/i-1 /var/lib/apt/lists && touch /var/lib/apt/lists/x',
      'echo "network: {}" > /etc/netplan/50-cloud-init.yaml && touch /etc/ssh/ssh_host_ed25519_key /etc/ssh/sshd_config',
      'echo id > /var/lib/dbus/machine-id && touch /root/.bash_history',
      `PATH=${bin}:$PATH bash ${join(DIR, 'scripts/setup.sh')} > /dev/null`,
      `(${state}) > ${dir}/first`,
      `PATH=${bin}:$PATH bash ${join(DIR, 'scripts/setup.sh')} > /dev/null`,
      `(${state}) > ${dir}/second`,
    ].join('\n');
    const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', script], { encoding: 'utf8' });
    if (r.error) throw new Error(`unshare failed (Debian package util-linux): ${r.error.message}`);
    return { status: r.status, err: r.stderr, first: readFileSync(join(dir, 'first'), 'utf8'), second: readFileSync(join(dir, 'second'), 'utf8'), calls: readFileSync(join(dir, 'calls.log'), 'utf8') };
  }

  it('cleans everything machine-specific, and a second run changes nothing', () => {
    const r = runTwice();
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.second).toBe(r.first);
    expect(r.first).toContain('/etc/machine-id f 644 0'); // emptied
    expect(r.first).toContain('/var/lib/dbus/machine-id l 777 15 /etc/machine-id');
    expect(r.first).not.toMatch(/ssh_host_|\/etc\/netplan\/50-cloud-init\.yaml|\/var\/lib\/cloud\/instances|bash_history|apt\/lists\/x/);
    expect(r.first).toContain('/etc/ssh/sshd_config');
    expect(r.calls).toMatch(/apt-get install .*qemu-guest-agent/);
    expect(r.calls).toContain('systemctl enable qemu-guest-agent');
    expect(r.calls).toContain('cloud-init clean --logs');
  });
});
