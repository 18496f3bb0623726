import { nodeInstallAddress } from '../../../../lib/core/addresses';
import { Scenario } from '../context';
import { HA } from '../topologies';

/** A wiped first server (new disk, same name and address) comes back as a member of the same cluster. */
export const scenario: Scenario = {
  name: 'replace-first-server',
  topology: HA,
  steps(ctx) {
    const problems: string[] = [];
    const { servers } = ctx;
    const first = servers[0];
    ctx.run.onHost(first, 'k3s-killall.sh >/dev/null 2>&1; rm -rf /etc/rancher/* /var/lib/rancher/* /usr/local/bin/*');
    const mark = ctx.mark();
    const r = ctx.apply(`-replace=${nodeInstallAddress(first)}`);
    const cs = ctx.callsSince(mark);
    const now = ctx.etcdPicture();
    if (r.status !== 0) problems.push(`apply failed: ${r.stderr.slice(-800)}`);
    if (cs.some((c) => c.kind === 'etcd-new-cluster')) problems.push(`${first} started a new etcd cluster`);
    if (now.clusterIds.length !== 1 || now.clusterIds[0] !== ctx.baseline.clusterIds[0]) problems.push(`cluster IDs ${JSON.stringify(now.byServer)} (was ${ctx.baseline.clusterIds[0]})`);
    if (JSON.stringify(now.members) !== JSON.stringify(servers)) problems.push(`members ${now.members.join(',')}`);
    const converged = ctx.plan();
    if (converged.status !== 0) problems.push(`plan after the replacement is not clean: ${converged.stdout.slice(-400)}`);
    return problems;
  },
};
