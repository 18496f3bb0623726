import { Scenario } from '../context';
import { HA } from '../topologies';

/**
 * The HA stack applied from empty state as docs/day2.md says it (the block
 * marked `e2e ha-apply`, run verbatim as the topology's base apply): one etcd
 * cluster of the three servers, and the agent is Ready.
 */
export const scenario: Scenario = {
  name: 'ha-apply',
  topology: HA,
  // `tofu apply` asks; the user answers yes.
  baseApply: (ctx) => ctx.docs.run({ scenario: 'ha-apply', answer: 'yes\n' }),
  steps(ctx) {
    const problems: string[] = [];
    const { baseline: original, servers, agents } = ctx;
    const cs = ctx.baseApplyCalls;
    if (original.clusterIds.length !== 1 || original.clusterIds[0] === 'none') problems.push(`cluster IDs seen by the servers: ${JSON.stringify(original.byServer)}`);
    if (JSON.stringify(original.members) !== JSON.stringify(servers)) problems.push(`members ${original.members.join(',')}, expected ${servers.join(',')}`);
    if (cs.filter((c) => c.kind === 'etcd-new-cluster').length !== 1) problems.push(`${cs.filter((c) => c.kind === 'etcd-new-cluster').length} etcd clusters were started`);
    const agentReady = ctx.run.onHost(servers[0], `k3s kubectl get node ${agents[0]} -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}'`).stdout.trim();
    if (agentReady !== 'True') problems.push(`agent ${agents[0]} Ready=${agentReady}`);
    return problems;
  },
};
