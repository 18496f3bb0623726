import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { cloudInitK3sConfig } from '../helpers/cloud-init';
import { ROOT, tempDir } from '../helpers/repo';

const SCRIPT = join(ROOT, 'bootstrap/remove-node.sh');

/** A fake cluster: kubectl and ssh record calls; replicas leave after `replicaPolls` polls. */
function cluster(replicaPolls: number) {
  const dir = tempDir('remove-node');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(dir, 'node-exists'), '');
  writeFileSync(join(dir, 'polls'), String(replicaPolls));
  writeFileSync(join(bin, 'kubectl'), `#!/usr/bin/env bash
echo "kubectl $*" >> "${dir}/calls"
case "$*" in
  "get node "*) if [ -e "${dir}/api-down" ]; then echo "The connection to the server 127.0.0.1:6443 was refused" >&2; exit 1; fi
    [ -e "${dir}/node-exists" ] || { echo "Error from server (NotFound): nodes \"k3s2\" not found" >&2; exit 1; } ;;
  *"get nodes.longhorn.io"*) [ -e "${dir}/node-exists" ] ;;
  *"get replicas.longhorn.io"*) n=$(cat "${dir}/polls"); if [ "$n" -gt 0 ]; then echo "replica/r-1"; echo $((n - 1)) > "${dir}/polls"; fi ;;
  "delete node "*) rm -f "${dir}/node-exists" ;;
esac
`);
  writeFileSync(join(bin, 'ssh'), `#!/usr/bin/env bash
while [ "$1" = -o ]; do
  case "$2" in StrictHostKeyChecking=*) echo "ssh-opt $2" >> "${dir}/calls" ;; UserKnownHostsFile=*) f="\${2#*=}"; echo "ssh-known-hosts $(stat -c %a "$f") $(cat "$f")" >> "${dir}/calls" ;; esac
  shift 2
done
[ "$1" = -- ] && shift || { echo "ssh: destination not after --" >> "${dir}/calls"; exit 2; }
script=$(cat)
case "$script" in
  *node-name*) echo "ssh-identity $1" >> "${dir}/calls"; cat "${dir}/identity" 2>/dev/null || echo k3s2 ;;
  *) echo "ssh $1" >> "${dir}/calls" ;;
esac
`);
  writeFileSync(join(bin, 'sleep'), '#!/bin/sh\n');
  for (const f of ['kubectl', 'ssh', 'sleep']) chmodSync(join(bin, f), 0o755);
  return {
    dir,
    run(args: string[]) {
      rmSync(join(dir, 'calls'), { force: true });
      const r = spawnSync('bash', [SCRIPT, ...args], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
      const calls = existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n') : [];
      return { status: r.status, out: r.stdout + r.stderr, calls };
    },
  };
}

describe('bootstrap/remove-node.sh', () => {
  it('cordons, evicts Longhorn replicas and waits for them, drains, deletes the Node, then uninstalls', () => {
    const r = cluster(2).run(['--node', 'k3s2', '--ssh', 'ubuntu@192.168.86.72']);
    expect(r.status).toBe(0);
    const order = (re: RegExp) => r.calls.findIndex((c) => re.test(c));
    const steps = [/^kubectl cordon k3s2$/, /patch nodes\.longhorn\.io k3s2 .*"evictionRequested":true/, /get replicas\.longhorn\.io -l longhornnode=k3s2/,
      /^kubectl drain k3s2 --ignore-daemonsets/, /^kubectl delete node k3s2$/, /^ssh ubuntu@192\.168\.86\.72$/].map(order);
    expect(steps.every((i) => i >= 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(r.calls.filter((c) => c.includes('get replicas')).length).toBe(3);
  });

  it('deletes nothing while replicas remain', () => {
    const r = cluster(1000).run(['--node', 'k3s2', '--timeout-seconds', '0']);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/replica\(s\) still on k3s2 .*nothing was deleted/);
    expect(r.calls.some((c) => /drain|delete node/.test(c))).toBe(false);
  });

  it('a second run finds the node gone and only finishes the uninstall', () => {
    const c = cluster(0);
    expect(c.run(['--node', 'k3s2']).status).toBe(0);
    const again = c.run(['--node', 'k3s2', '--ssh', 'ubuntu@k3s2']);
    expect(again.status).toBe(0);
    expect(again.out).toMatch(/already removed/);
    expect(again.calls).toEqual(['ssh-identity ubuntu@k3s2', 'kubectl get node k3s2 -o name', 'ssh ubuntu@k3s2']);
  });

  it('stops when kubectl cannot answer (wrong KUBECONFIG, API down): "not found" is the only "already removed"', () => {
    const c = cluster(0);
    writeFileSync(join(c.dir, 'api-down'), '');
    const r = c.run(['--node', 'k3s2', '--ssh', 'ubuntu@k3s2']);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/kubectl could not tell whether node k3s2 exists .*nothing was changed\. kubectl said: The connection to the server 127\.0\.0\.1:6443 was refused/);
    expect(r.calls).toEqual(['ssh-identity ubuntu@k3s2', 'kubectl get node k3s2 -o name']);
  });

  it('--host-key: ssh accepts only that key for the target (0600 known_hosts of its own)', () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK3s2 root@k3s2';
    const r = cluster(0).run(['--node', 'k3s2', '--ssh', 'ubuntu@192.168.86.72', '--host-key', key]);
    expect(r.status).toBe(0);
    const pinned = ['ssh-opt StrictHostKeyChecking=yes', `ssh-known-hosts 600 192.168.86.72 ${key}`];
    expect(r.calls.slice(0, 3)).toEqual([...pinned, 'ssh-identity ubuntu@192.168.86.72']);
    expect(r.calls.slice(-3)).toEqual([...pinned, 'ssh ubuntu@192.168.86.72']);
    const bad = cluster(0).run(['--node', 'k3s2', '--ssh', 'ubuntu@192.168.86.72', '--host-key', '-oProxyCommand=x']);
    expect(bad.status).toBe(1);
    expect(bad.out).toContain('--host-key must be one OpenSSH public key line');
    expect(bad.calls).toEqual([]);
  });

  it('refuses when the --ssh target is another K3s node, before changing anything', () => {
    const c = cluster(0);
    writeFileSync(join(c.dir, 'identity'), 'k3s1\n');
    const r = c.run(['--node', 'k3s2', '--ssh', 'ubuntu@192.168.86.71']);
    expect(r.status).toBe(1);
    expect(r.out).toContain("refusing: ubuntu@192.168.86.71 is K3s node 'k3s1', not k3s2; nothing was changed");
    expect(r.calls).toEqual(['ssh-identity ubuntu@192.168.86.71']);
  });

  it('refuses a K3s server at the --ssh target: it removes agents only', () => {
    const c = cluster(0);
    writeFileSync(join(c.dir, 'identity'), '+server\n');
    const r = c.run(['--node', 'k3s2', '--ssh', 'ubuntu@192.168.86.71']);
    expect(r.status).toBe(1);
    expect(r.out).toContain('refusing: ubuntu@192.168.86.71 is a K3s server, and remove-node.sh removes agents only');
    expect(r.calls).toEqual(['ssh-identity ubuntu@192.168.86.71']);
  });
});

/**
 * The remote commands run for real, as an unprivileged SSH user with
 * passwordless sudo, the way cloud-init creates `ubuntu` (sudo:
 * "ALL=(ALL) NOPASSWD:ALL", lock_passwd: true): inside a private mount
 * namespace with a private passwd/group/shadow/sudoers bound over /etc's and
 * empty tmpfs on /etc/rancher and /usr/local/bin, where the node's K3s files
 * are laid out as install-k3s.sh leaves them (/etc/rancher/k3s 0700 root,
 * config.yaml 0600, the config as cloud-init's template renders it). `ssh`
 * is a shim that runs the remote command locally as that user (setpriv), so
 * what is faked is the transport, not the command. kubectl is the fake
 * cluster above. Needs root, sudo (Debian package sudo) and setpriv/unshare
 * (util-linux).
 */
describe('bootstrap/remove-node.sh, remote commands as an unprivileged user with passwordless sudo', () => {
  const UID = 4242;
  const missing = ['sudo', 'setpriv', 'unshare'].filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
  if (process.getuid?.() !== 0) throw new Error('these tests need root (mount namespaces); run npm test as root, as CI does');
  if (missing.length) throw new Error(`missing: ${missing.join(', ')} (Debian packages sudo, util-linux); npm test installs them when run as root`);

  function node(configNodeName: string, passwordlessSudo = true) {
    const c = cluster(0);
    const etc = join(c.dir, 'etc');
    mkdirSync(join(etc, 'sudoers.d'), { recursive: true });
    writeFileSync(join(etc, 'passwd'), `${readFileSync('/etc/passwd', 'utf8')}ubuntu:x:${UID}:${UID}:cloud-init user:/nonexistent:/bin/bash\n`);
    writeFileSync(join(etc, 'group'), `${readFileSync('/etc/group', 'utf8')}ubuntu:x:${UID}:\n`);
    writeFileSync(join(etc, 'shadow'), `${readFileSync('/etc/shadow', 'utf8')}ubuntu:!:20000:0:99999:7:::\n`, { mode: 0o640 });
    writeFileSync(join(etc, 'sudoers'), `Defaults env_reset\nDefaults !use_pty\nroot ALL=(ALL:ALL) ALL\n${passwordlessSudo ? 'ubuntu ALL=(ALL) NOPASSWD:ALL\n' : ''}`, { mode: 0o440 });
    // The transport: everything after the destination runs as the SSH user, stdin passed on.
    writeFileSync(join(c.dir, 'bin/ssh'), `#!/usr/bin/env bash
while [ "$1" != -- ]; do shift; done
shift 2
echo "ssh $(printf '%s' "$1" | head -c 40)" >> "${c.dir}/calls"
cd / && exec setpriv --reuid ${UID} --regid ${UID} --clear-groups env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/nonexistent sh -c "$1"
`);
    const config = cloudInitK3sConfig('k3s-node-onboard.yml.tpl', { 'node-name': configNodeName, server: 'https://192.0.2.1:6443', token: 'K10abc::node:agenttoken' });
    writeFileSync(join(c.dir, 'config.yaml'), config);
    const setup = [
      ...['passwd', 'group', 'shadow', 'sudoers', 'sudoers.d'].map((f) => `mount --bind ${join(etc, f)} /etc/${f}`),
      'mkdir -p /etc/rancher', 'mount -t tmpfs tmpfs /etc/rancher', 'mount -t tmpfs tmpfs /usr/local/bin',
      'install -d -m 0700 -o root -g root /etc/rancher/k3s',
      `install -m 0600 -o root -g root ${join(c.dir, 'config.yaml')} /etc/rancher/k3s/config.yaml`,
      `printf '#!/bin/sh\\necho "uninstalled by uid $(id -u)" >> ${join(c.dir, 'uninstalled')}\\n' > /usr/local/bin/k3s-agent-uninstall.sh`,
      'chmod 0755 /usr/local/bin/k3s-agent-uninstall.sh',
    ].join(' && ');
    rmSync(join(c.dir, 'calls'), { force: true });
    const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', `${setup} && exec bash ${SCRIPT} --node k3s2 --ssh ubuntu@192.0.2.72`], {
      encoding: 'utf8', env: { ...process.env, PATH: `${join(c.dir, 'bin')}:${process.env.PATH}` },
    });
    const calls = existsSync(join(c.dir, 'calls')) ? readFileSync(join(c.dir, 'calls'), 'utf8').trim().split('\n') : [];
    const uninstalled = existsSync(join(c.dir, 'uninstalled')) ? readFileSync(join(c.dir, 'uninstalled'), 'utf8').trim() : '';
    return { status: r.status, out: r.stdout + r.stderr, kubectl: calls.filter((l) => l.startsWith('kubectl')), uninstalled };
  }

  it('refuses the wrong machine (its config names k3s1) before changing anything', () => {
    const r = node('k3s1');
    expect(r.out).toContain("refusing: ubuntu@192.0.2.72 is K3s node 'k3s1', not k3s2; nothing was changed");
    expect(r.status).toBe(1);
    expect(r.kubectl).toEqual([]);
    expect(r.uninstalled).toBe('');
  });

  it('removes the right one: drained and deleted, then uninstalled as root', () => {
    const r = node('k3s2');
    expect(r.status).toBe(0);
    expect(r.kubectl).toEqual(expect.arrayContaining(['kubectl cordon k3s2', 'kubectl delete node k3s2']));
    expect(r.uninstalled).toBe('uninstalled by uid 0');
  });

  it('refuses when the SSH user cannot become root without a password: an identity it cannot read is no identity', () => {
    const r = node('k3s2', false);
    expect(r.out).toMatch(/cannot read the K3s identity of ubuntu@192\.0\.2\.72 as root over SSH .*sudo -n\); nothing was changed/);
    expect(r.status).toBe(1);
    expect(r.kubectl).toEqual([]);
    expect(r.uninstalled).toBe('');
  });
});
