import { spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { nodeConfig } from '../../lib/k3s/node-config';
import { cloudInitK3sConfig } from '../helpers/cloud-init';
import { ROOT, tempDir } from '../helpers/repo';

/**
 * bootstrap/restore-node.sh, the per-server steps of `npm run restore`, run
 * as root in a private mount namespace whose /etc/rancher and
 * /var/lib/rancher are empty tmpfs (the host is never touched).
 */
if (process.getuid?.() !== 0) throw new Error('restore-node tests need root (private mount namespaces); run npm test as root, as CI does');

const SCRIPT = join(ROOT, 'bootstrap/restore-node.sh');
const DB = '/var/lib/rancher/k3s/server/db';

function onServer(setup: string, step: string) {
  const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c',
    `set -e; mount -t tmpfs tmpfs /etc/rancher; mount -t tmpfs tmpfs /var/lib/rancher; mkdir -p /etc/rancher/k3s ${DB}/snapshots; ${setup}; bash ${SCRIPT} ${step}; echo "--- after"; ` +
    `cat /etc/rancher/k3s/config.yaml 2>/dev/null; stat -c '%a' /etc/rancher/k3s/config.yaml 2>/dev/null; ls ${DB}`], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('restore-node.sh', () => {
  const config = 'printf "node-name: master2\\ntoken: t\\nserver: https://10.0.0.1:6443\\n" > /etc/rancher/k3s/config.yaml';

  it('resolves a snapshot by full name or unique prefix, refuses an ambiguous or missing one, and lets S3 fetch one not on disk', () => {
    const snaps = `touch ${DB}/snapshots/pre-upgrade-v1.28.3-k3s1-master1-100 ${DB}/snapshots/on-demand-master1-1 ${DB}/snapshots/on-demand-master1-2`;
    expect(onServer(`${config}; ${snaps}`, 'resolve pre-upgrade-v1.28.3-k3s1').out).toMatch(new RegExp(`^${DB}/snapshots/pre-upgrade-v1.28.3-k3s1-master1-100\n`));
    expect(onServer(`${config}; ${snaps}`, 'resolve on-demand-master1-2').out).toMatch(new RegExp(`^${DB}/snapshots/on-demand-master1-2\n`));
    const ambiguous = onServer(`${config}; ${snaps}`, 'resolve on-demand');
    expect(ambiguous.status).not.toBe(0);
    expect(ambiguous.err).toMatch(/snapshot name on-demand is ambiguous .*on-demand-master1-1 on-demand-master1-2/);
    const missing = onServer(`${config}; ${snaps}`, 'resolve nothing-like-it');
    expect(missing.status).not.toBe(0);
    expect(missing.err).toMatch(/no snapshot nothing-like-it in .*there are: /);
    expect(onServer(`${config}; echo "etcd-s3: true" >> /etc/rancher/k3s/config.yaml`, 'resolve in-the-bucket').out).toMatch(/^in-the-bucket\n/);
  });

  it('reads a config cloud-init wrote (yamlencode: quoted keys and values) as YAML: identity, snapshot dir, S3, the join keys', () => {
    const dir = tempDir('rendered');
    const file = join(dir, 'config.yaml');
    writeFileSync(file, cloudInitK3sConfig('k3s-cp.yml.tpl', nodeConfig({
      template: { server: { 'etcd-snapshot-dir': '/var/lib/rancher/k3s/nightly snapshots', 'etcd-s3': true } }, role: 'server', nodeName: 'master2', nodeIp: '10.0.0.2',
      embeddedEtcd: true, serverUrl: 'https://10.0.0.1:6443', token: 'servertoken',
    })));
    const rendered = `cp ${file} /etc/rancher/k3s/config.yaml`;
    // /usr/local/bin is an empty tmpfs of this namespace too: the host's is never written.
    const identity = onServer(`${rendered}; mount -t tmpfs tmpfs /usr/local/bin; install -m 0755 /dev/null /usr/local/bin/k3s-uninstall.sh`, 'identity');
    expect(identity.out.split('--- after')[0]).toBe('master2\n');
    const snap = onServer(`${rendered}; mkdir -p '/var/lib/rancher/k3s/nightly snapshots'; touch '/var/lib/rancher/k3s/nightly snapshots/nightly-master2-100'`, 'resolve nightly');
    expect(snap.out).toMatch(/^\/var\/lib\/rancher\/k3s\/nightly snapshots\/nightly-master2-100\n/);
    expect(onServer(rendered, 'resolve in-the-bucket').out).toMatch(/^in-the-bucket\n/);
    const wipe = onServer(rendered, 'wipe https://10.0.0.3:6443');
    const after = wipe.out.split('--- after\n')[1];
    expect(after).toContain('server: https://10.0.0.3:6443\n');
    expect(after).not.toContain('10.0.0.1:6443');
  });

  it('wipe moves the etcd data aside (nothing deleted, snapshots kept) and points the server at the restored one', () => {
    const r = onServer(`${config}; mkdir ${DB}/etcd; touch ${DB}/etcd/member ${DB}/snapshots/keep-me`, 'wipe https://10.0.0.3:6443');
    expect(r.status).toBe(0);
    const [, after] = r.out.split('--- after\n');
    expect(after).toContain('node-name: master2\ntoken: t\nserver: https://10.0.0.3:6443\n600\n');
    expect(after).not.toContain('https://10.0.0.1:6443');
    expect(after).toMatch(/^etcd-before-restore-\d{14}$/m);
    expect(after).not.toMatch(/^etcd$/m);
    expect(after).toMatch(/^snapshots$/m);
    const bad = onServer(config, "wipe 'https://x:6443; rm -rf /'");
    expect(bad.status).not.toBe(0);
    expect(bad.err).toMatch(/join URL must look like https:\/\/<server>:6443/);
  });

  it('stops and starts K3s through its systemd unit, and stops when there is no k3s service', () => {
    const bin = '/var/lib/rancher/fakebin';
    const systemctl = (unitExists: boolean) =>
      `mkdir -p ${bin} && printf '#!/bin/sh\\necho "systemctl $*" >> ${bin}/calls\\n[ "$1" != cat ] || exit ${unitExists ? 0 : 1}\\n' > ${bin}/systemctl && chmod +x ${bin}/systemctl && export PATH=${bin}:$PATH`;
    const stop = onServer(`${config}; ${systemctl(true)}; trap 'cat ${bin}/calls' EXIT`, 'stop');
    expect(stop.status).toBe(0);
    expect(stop.out).toMatch(/systemctl cat k3s\nsystemctl stop k3s\n/);
    const start = onServer(`${config}; ${systemctl(true)}; trap 'cat ${bin}/calls' EXIT`, 'start');
    expect(start.out).toMatch(/systemctl start k3s\n/);
    const none = onServer(`${config}; ${systemctl(false)}`, 'stop');
    expect(none.status).not.toBe(0);
    expect(none.err).toMatch(/no systemd or OpenRC service k3s on this server/);
  });
});
