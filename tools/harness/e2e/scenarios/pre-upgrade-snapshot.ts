import { Call, Scenario } from '../context';
import { HA } from '../topologies';
import { UPGRADE_CALLS } from './upgrade-one-minor';

/** Before the first server upgrade, one snapshot named after the old version, on the first server. */
export const scenario: Scenario = {
  name: 'pre-upgrade-snapshot',
  topology: HA,
  requires: ['upgrade-one-minor'],
  steps(ctx) {
    const cs = (ctx.shared[UPGRADE_CALLS] ?? []) as Call[];
    const first = ctx.servers[0];
    const snaps = cs.filter((c) => c.kind === 'etcd-snapshot');
    const firstUpgrade = cs.find((c) => c.kind === 'install-start' && c.fields.version === 'v1.29.0+k3s1');
    const listed = ctx.run.onHost(first, 'k3s etcd-snapshot ls').stdout;
    const problems: string[] = [];
    if (snaps.length !== 1 || snaps[0].fields.node !== first || snaps[0].fields.name !== 'pre-upgrade-v1.28.3-k3s1') {
      problems.push(`snapshots taken: ${snaps.map((c) => `${c.fields.node}:${c.fields.name}`).join(', ') || 'none'}`);
    }
    if (!firstUpgrade || (snaps[0] && snaps[0].t > firstUpgrade.t)) problems.push('the snapshot was not taken before the first server upgraded');
    if (!listed.includes(`pre-upgrade-v1.28.3-k3s1-${first}-`)) problems.push(`not on ${first}: ${listed.trim() || 'no snapshots'}`);
    return problems;
  },
};
