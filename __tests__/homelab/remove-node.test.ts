import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
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
  "get node "*) [ -e "${dir}/node-exists" ] ;;
  *"get nodes.longhorn.io"*) [ -e "${dir}/node-exists" ] ;;
  *"get replicas.longhorn.io"*) n=$(cat "${dir}/polls"); if [ "$n" -gt 0 ]; then echo "replica/r-1"; echo $((n - 1)) > "${dir}/polls"; fi ;;
  "delete node "*) rm -f "${dir}/node-exists" ;;
esac
`);
  writeFileSync(join(bin, 'ssh'), `#!/usr/bin/env bash\n[ "$1" = -- ] && shift || { echo "ssh: destination not after --" >> "${dir}/calls"; exit 2; }\necho "ssh $1" >> "${dir}/calls"\n`);
  writeFileSync(join(bin, 'sleep'), '#!/bin/sh\n');
  for (const f of ['kubectl', 'ssh', 'sleep']) chmodSync(join(bin, f), 0o755);
  return {
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
    expect(again.calls).toEqual(['kubectl get node k3s2', 'ssh ubuntu@k3s2']);
  });
});
