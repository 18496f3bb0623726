import { ADDRESSES, nodeInstallAddress } from '../../../../lib/core/addresses';
import { Scenario } from '../context';
import { HA } from '../topologies';

/** What the helm and kubernetes providers manage in the HA stack: a server's replacement must leave them alone. */
const PROVIDER_RESOURCES = [ADDRESSES.kubePrometheusStack.address(), ADDRESSES.monitoringNamespace.address()];

/**
 * A wiped first server (new disk, same name and address) comes back as a
 * member of the same cluster, through a reviewed plan (`tofu plan -replace`,
 * then apply that plan); the providers' resources are neither replaced nor
 * dropped from the state.
 */
export const scenario: Scenario = {
  name: 'replace-first-server',
  topology: HA,
  steps(ctx) {
    const problems: string[] = [];
    const { servers, run } = ctx;
    const first = servers[0];
    const replace = `-replace=${nodeInstallAddress(first)}`;
    run.onHost(first, 'k3s-killall.sh >/dev/null 2>&1; rm -rf /etc/rancher/* /var/lib/rancher/* /usr/local/bin/*');
    const mark = ctx.mark();
    // Without api_endpoint the providers reach the cluster through master1, which is dead here: docs/recovery.md
    // plans this replacement without refreshing (the stub providers, like the real ones, cannot refresh through it).
    const p = run.tf(['plan', '-input=false', '-refresh=false', replace, '-out', 'replace-first.tfplan']);
    const planned = p.status === 0 ? run.plannedChanges('replace-first.tfplan') : [];
    if (p.status !== 0) problems.push(`plan failed: ${p.stderr.slice(-600)}`);
    const touched = planned.filter((c) => PROVIDER_RESOURCES.includes(c.split(' ')[0]) && /delete|create/.test(c));
    if (touched.length) {
      const why = planned.filter((c) => /^(null_resource\.kubeconfig_fetch|local_sensitive_file\.kubeconfig_fetched|local_file\.kubeconfig)\b/.test(c));
      problems.push(`the plan replaces the providers' resources: ${touched.join(', ')} (with ${why.join(', ') || 'no kubeconfig change'})`);
    }
    const r = p.status === 0 ? run.tf(['apply', '-auto-approve', '-input=false', 'replace-first.tfplan']) : ctx.apply(replace);
    const cs = ctx.callsSince(mark);
    const now = ctx.etcdPicture();
    if (r.status !== 0) problems.push(`apply failed: ${r.stderr.slice(-800)}`);
    if (cs.some((c) => c.kind === 'etcd-new-cluster')) problems.push(`${first} started a new etcd cluster`);
    if (now.clusterIds.length !== 1 || now.clusterIds[0] !== ctx.baseline.clusterIds[0]) problems.push(`cluster IDs ${JSON.stringify(now.byServer)} (was ${ctx.baseline.clusterIds[0]})`);
    if (JSON.stringify(now.members) !== JSON.stringify(servers)) problems.push(`members ${now.members.join(',')}`);
    const state = run.stateList();
    const gone = PROVIDER_RESOURCES.filter((a) => !state.includes(a));
    if (gone.length) problems.push(`not in the state any more: ${gone.join(', ')}`);
    const converged = ctx.plan();
    if (converged.status !== 0) problems.push(`plan after the replacement is not clean: ${converged.stdout.slice(-400)}`);
    return problems;
  },
};
