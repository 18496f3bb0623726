import { Scenario } from '../context';
import { HA } from '../topologies';

/**
 * `npm run restore` (bootstrap/restore-cluster.sh over SSH) against the
 * double's real etcd, run as docs/recovery.md shows it (the block marked
 * `e2e snapshot-restore`, on a terminal, answering its question with yes;
 * `<snapshot>` is the one this scenario takes).
 */
export const scenario: Scenario = {
  name: 'snapshot-restore',
  topology: HA,
  steps(ctx) {
    const { servers, run, etcd } = ctx;
    const first = servers[0];
    const firstIp = run.address(first).ip;
    etcd.put(firstIp, 'e2e/first', 'kept');
    const saved = run.onHost(first, 'k3s etcd-snapshot save --name e2e-backup');
    etcd.put(firstIp, 'e2e/second', 'lost');
    const restore = ctx.docs.run({ substitute: { '<snapshot>': 'e2e-backup' }, answer: 'yes\n', env: { READY_SECONDS: '60' } });
    const now = ctx.etcdPicture();
    const ready = restore.stdout.trim().split('\n').filter((l) => /=True$/.test(l)).map((l) => l.split('=')[0]).sort();
    const kept = run.onHost(servers[1], 'ls -d /var/lib/rancher/k3s/server/db/etcd-before-restore-*').stdout.trim();
    ctx.baseline = now;
    return [
      ...(saved.status === 0 ? [] : [`snapshot: ${saved.stderr}`]),
      ...(restore.status === 0 ? [] : [`restore exited ${restore.status}: ${(restore.stderr + restore.stdout).slice(-800)}`]),
      ...(etcd.get(firstIp, 'e2e/first') === 'kept' ? [] : ['the key written before the snapshot is gone']),
      ...(etcd.get(firstIp, 'e2e/second') === '' ? [] : ['the key written after the snapshot survived']),
      ...(now.clusterIds.length === 1 && JSON.stringify(now.members) === JSON.stringify(servers) ? [] : [`after restore: ${JSON.stringify(now)}`]),
      ...(JSON.stringify(ready) === JSON.stringify(servers) ? [] : [`Ready after restore: ${ready.join(',') || 'none'} (output: ${restore.stdout.slice(-300)})`]),
      ...(kept ? [] : [`${servers[1]}'s previous etcd data was not kept`]),
    ];
  },
};
