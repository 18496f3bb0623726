import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { cloudInitK3sConfig } from '../helpers/cloud-init';
import { requireUnprivilegedNodeTools, unprivilegedNode } from '../helpers/unprivileged-node';
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
  *"get replicas.longhorn.io"*) n=$(cat "${dir}/polls"); echo k3s1; if [ "$n" -gt 0 ]; then echo k3s2; echo $((n - 1)) > "${dir}/polls"; fi ;;
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
    const steps = [/^kubectl cordon k3s2$/, /patch nodes\.longhorn\.io k3s2 .*"evictionRequested":true/,
      /^kubectl drain k3s2 --ignore-daemonsets/, /^kubectl delete node k3s2$/, /^ssh ubuntu@192\.168\.86\.72$/].map(order);
    // Replicas are counted by spec.nodeID, and polled between the eviction request and the drain.
    const polls = r.calls.map((c, i) => [c, i] as const).filter(([c]) => /get replicas\.longhorn\.io -o jsonpath=\{range \.items\[\*\]\}\{\.spec\.nodeID\}/.test(c)).map(([, i]) => i);
    expect(polls.filter((i) => i > steps[1] && i < steps[2]).length).toBe(2);
    expect(steps.every((i) => i >= 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(r.calls.filter((c) => c.includes("get replicas")).length).toBe(3); // the check before cordoning, then two polls
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

/** The remote commands run for real, as an unprivileged SSH user with passwordless sudo (helpers/unprivileged-node.ts). */
describe('bootstrap/remove-node.sh, remote commands as an unprivileged user with passwordless sudo', () => {
  requireUnprivilegedNodeTools();

  function node(configNodeName: string, passwordlessSudo = true) {
    const c = cluster(0);
    // k3s2's config as cloud-init's onboarding template writes it (yamlencode).
    const config = cloudInitK3sConfig('k3s-node-onboard.yml.tpl', { 'node-name': configNodeName, server: 'https://192.0.2.1:6443', token: 'K10abc::node:agenttoken' });
    const n = unprivilegedNode(c.dir, join(c.dir, 'bin'), { config, role: 'agent', passwordlessSudo });
    rmSync(join(c.dir, 'calls'), { force: true });
    const r = n.run(`exec bash ${SCRIPT} --node k3s2 --ssh ubuntu@192.0.2.72`);
    const calls = existsSync(join(c.dir, 'calls')) ? readFileSync(join(c.dir, 'calls'), 'utf8').trim().split('\n') : [];
    return { ...r, kubectl: calls.filter((l) => l.startsWith('kubectl')), uninstalled: n.uninstalled() };
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
