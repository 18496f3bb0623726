import { Scenario } from '../context';
import { upgrade } from '../steps';
import { HA } from '../topologies';

export const UPGRADE_CALLS = 'upgrade-one-minor.calls';

/** Upgrade v1.28 -> v1.29: only *_upgrade resources, servers one at a time, then agents, no uninstall, same etcd cluster. */
export const scenario: Scenario = {
  name: 'upgrade-one-minor',
  topology: HA,
  steps(ctx) {
    const { problems, calls } = upgrade(ctx, 'v1.29.0+k3s1');
    ctx.shared[UPGRADE_CALLS] = calls;
    const after = ctx.etcdPicture();
    if (JSON.stringify(after.clusterIds) !== JSON.stringify(ctx.baseline.clusterIds) || after.members.length !== ctx.servers.length) {
      problems.push(`etcd after upgrade: ${JSON.stringify(after)}`);
    }
    return problems;
  },
};
