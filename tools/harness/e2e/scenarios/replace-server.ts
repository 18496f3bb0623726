import { Scenario } from '../context';
import { HA } from '../topologies';

/**
 * Replace master3 with the docs' command, verbatim (every block marked
 * `e2e replace-server`: docs/day2.md and docs/recovery.md, one replacement
 * each): its member leaves before the uninstall, it joins again; the others
 * keep their member IDs; one cluster ID throughout.
 */
export const scenario: Scenario = {
  name: 'replace-server',
  topology: HA,
  steps(ctx) {
    const problems: string[] = [];
    const { servers } = ctx;
    const victim = servers[servers.length - 1];
    for (const block of ctx.docs.blocks()) {
      const where = `${block.page}:${block.line}`;
      const mark = ctx.mark();
      const old = ctx.etcdPicture();
      // `tofu apply` asks; the user answers yes.
      const r = ctx.docs.run({ filter: (b) => b.page === block.page && b.line === block.line, answer: 'yes\n' });
      const cs = ctx.callsSince(mark);
      const now = ctx.etcdPicture();
      const removed = cs.findIndex((c) => c.kind === 'etcd-member-removed' && c.fields.node === victim);
      const uninstalled = cs.findIndex((c) => c.kind === 'uninstall' && c.fields.node === victim);
      if (r.status !== 0) problems.push(`${where}: ${r.stderr.slice(-800)}`);
      if (removed < 0 || uninstalled < 0 || removed > uninstalled) problems.push(`${where}: member removed at call ${removed}, uninstall at ${uninstalled}`);
      if (JSON.stringify(now.clusterIds) !== JSON.stringify(ctx.baseline.clusterIds)) problems.push(`${where}: cluster IDs ${now.clusterIds.join(',')} (was ${ctx.baseline.clusterIds.join(',')})`);
      if (JSON.stringify(now.members) !== JSON.stringify(servers)) problems.push(`${where}: members ${now.members.join(',')}`);
      if (now.byServer[victim]?.memberId === old.byServer[victim]?.memberId) problems.push(`${where}: ${victim} kept its member ID: it did not leave and join`);
      for (const s of servers.slice(0, -1)) if (now.byServer[s]?.memberId !== old.byServer[s]?.memberId) problems.push(`${where}: ${s}'s member ID changed`);
    }
    return problems;
  },
};
