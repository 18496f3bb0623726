import { nodeInstallAddress } from '../../../../lib/core/addresses';
import { Context, Scenario } from '../context';
import { HA } from '../topologies';

/** Node Ready of `node` as the API on `from` reports it. */
export function nodeReady(ctx: Context, from: string, node: string): string {
  return ctx.run.onHost(from, `k3s kubectl get node ${node} -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}'`).stdout.trim();
}

/**
 * master2's etcd dies (K3s exits with it) and master3 is replaced at once:
 * refused by etcd's own health while master2's Node still reads Ready
 * (Kubernetes' node-monitor grace period), so the refusal cannot come from
 * Node Ready. Nothing changes: no drain, delete, uninstall or install; same
 * members, same cluster ID.
 */
export const scenario: Scenario = {
  name: 'dead-server-quorum',
  topology: HA,
  steps(ctx) {
    const problems: string[] = [];
    const { servers, run } = ctx;
    const [dead, victim] = [servers[1], servers[2]];
    const firstIp = run.address(servers[0]).ip;
    const old = ctx.etcdPicture();
    const mark = ctx.mark();
    const killed = run.onHost(dead, 'kill -9 "$(cat /var/lib/rancher/k3s/etcd.pid)"');
    const started = Date.now();
    const r = ctx.apply(`-replace=${nodeInstallAddress(victim)}`);
    const readyThen = nodeReady(ctx, servers[0], dead);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const cs = ctx.callsSince(mark);
    if (killed.status !== 0) problems.push(`could not kill ${dead}'s etcd: ${killed.stderr}`);
    if (r.status === 0) problems.push('apply succeeded');
    const said = (r.stdout + r.stderr).replace(/\s+/g, ' ');
    if (!said.includes(`refusing to remove server ${victim}`) || !said.includes('quorum')) problems.push(`the apply does not name ${victim} and quorum: ${r.stderr.slice(-500)}`);
    if (readyThen !== 'True') problems.push(`${dead}'s Node reads ${readyThen || 'nothing'} when the apply ended (${seconds} s after its etcd died): the refusal does not show that Node Ready went uncounted`);
    const changes = cs.filter((c) => ['uninstall', 'etcd-member-removed', 'install-start'].includes(c.kind) || (c.kind === 'kubectl' && /\b(drain|delete)\b/.test(c.line)));
    if (changes.length) problems.push(`changed: ${changes.map((c) => c.line).join(' | ')}`);
    const members = ctx.etcd.members(firstIp);
    if (members.join(',') !== old.members.join(',')) problems.push(`the member list changed: ${members.join(',')}`);
    if (ctx.etcd.status(firstIp).clusterId !== old.clusterIds[0]) problems.push('the cluster ID changed');
    // master2 back (systemd would restart K3s); the plan converges.
    run.onHost(dead, 'k3s-killall.sh >/dev/null 2>&1; k3s-fake-start start');
    const converged = ctx.plan();
    if (converged.status !== 0) problems.push(`plan after ${dead} is back is not clean: ${converged.stdout.slice(-400)}`);
    ctx.baseline = ctx.etcdPicture();
    return problems;
  },
};
