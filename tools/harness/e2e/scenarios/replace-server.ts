import { nodeInstallAddress } from '../../../../lib/core/addresses';
import { Scenario } from '../context';
import { HA } from '../topologies';

/** Replace master3: its member leaves before the uninstall, it joins again; the others keep their member IDs. */
export const scenario: Scenario = {
  name: 'replace-server',
  topology: HA,
  steps(ctx) {
    const problems: string[] = [];
    const { servers } = ctx;
    const victim = servers[servers.length - 1];
    const mark = ctx.mark();
    const old = ctx.etcdPicture();
    const r = ctx.apply(`-replace=${nodeInstallAddress(victim)}`);
    const cs = ctx.callsSince(mark);
    const now = ctx.etcdPicture();
    const removed = cs.findIndex((c) => c.kind === 'etcd-member-removed' && c.fields.node === victim);
    const uninstalled = cs.findIndex((c) => c.kind === 'uninstall' && c.fields.node === victim);
    if (r.status !== 0) problems.push(`apply failed: ${r.stderr.slice(-800)}`);
    if (removed < 0 || uninstalled < 0 || removed > uninstalled) problems.push(`member removed at call ${removed}, uninstall at ${uninstalled}`);
    if (JSON.stringify(now.clusterIds) !== JSON.stringify(ctx.baseline.clusterIds)) problems.push(`cluster IDs ${now.clusterIds.join(',')} (was ${ctx.baseline.clusterIds.join(',')})`);
    if (JSON.stringify(now.members) !== JSON.stringify(servers)) problems.push(`members ${now.members.join(',')}`);
    if (now.byServer[victim]?.memberId === old.byServer[victim]?.memberId) problems.push(`${victim} kept its member ID: it did not leave and join`);
    for (const s of servers.slice(0, -1)) if (now.byServer[s]?.memberId !== old.byServer[s]?.memberId) problems.push(`${s}'s member ID changed`);
    return problems;
  },
};
