import { ADDRESSES, nodeInstallAddress } from '../../../../lib/core/addresses';
import { Scenario } from '../context';
import { HA } from '../topologies';

/**
 * docs/day2.md's removal of nodo1, run verbatim (`remove = true` on its
 * entry, synth, plan, apply the plan): only nodo1's install and upgrade
 * leave the state; the monitoring release and namespace stay, neither
 * replaced nor touched; nodo1 is drained, deleted and uninstalled, nothing
 * runs on any other node; the etcd cluster ID and members are unchanged.
 * Then its entry is deleted and the next apply converges. Runs last on the
 * HA cluster (it ends without nodo1).
 */
export const scenario: Scenario = {
  name: 'remove-worker',
  topology: HA,
  steps(ctx) {
    const problems: string[] = [];
    const { run } = ctx;
    const victim = 'nodo1';
    const leaving = [nodeInstallAddress(victim), ADDRESSES.nodeUpgrade.address({ hostname: victim })];
    const kept = [ADDRESSES.kubePrometheusStack.address(), ADDRESSES.monitoringNamespace.address()];
    const before = run.stateList();
    const etcdBefore = ctx.etcdPicture();
    run.writeSettings(run.version, { ...run.options, remove: [victim] });
    const mark = ctx.mark();
    const r = ctx.docs.run();
    const cs = ctx.callsSince(mark);
    if (r.status !== 0) problems.push(`docs block failed: ${r.stderr.slice(-800)}`);
    const planned = r.status === 0 ? run.plannedChanges('remove.tfplan') : [];
    const expected = leaving.map((a) => `${a} (delete)`).sort();
    if (JSON.stringify([...planned].sort()) !== JSON.stringify(expected)) problems.push(`planned ${planned.join(', ') || 'nothing'}, expected only ${expected.join(', ')}`);
    const after = run.stateList();
    const gone = before.filter((a) => !after.includes(a)).sort();
    if (JSON.stringify(gone) !== JSON.stringify([...leaving].sort())) problems.push(`left the state: ${gone.join(', ') || 'nothing'}`);
    const missing = kept.filter((a) => !after.includes(a));
    if (missing.length) problems.push(`not in the state any more: ${missing.join(', ')}`);
    if (!cs.some((c) => c.kind === 'kubectl' && c.line.includes(`drain ${victim}`))) problems.push(`${victim} was not drained`);
    if (!cs.some((c) => c.kind === 'uninstall' && c.fields.node === victim)) problems.push(`${victim} was not uninstalled`);
    const elsewhere = cs.filter((c) => ['uninstall', 'install-start'].includes(c.kind) && c.fields.node !== victim);
    if (elsewhere.length) problems.push(`ran on other nodes: ${elsewhere.map((c) => c.line).join(' | ')}`);
    const etcd = ctx.etcdPicture();
    if (JSON.stringify(etcd.clusterIds) !== JSON.stringify(etcdBefore.clusterIds) || JSON.stringify(etcd.members) !== JSON.stringify(etcdBefore.members)) {
      problems.push(`etcd changed: ${JSON.stringify(etcdBefore)} -> ${JSON.stringify(etcd)}`);
    }
    // Then the entry goes: the chart's scrape targets drop nodo1 (an update in place), nothing else.
    run.agents = run.agents.filter(([h]) => h !== victim);
    run.writeSettings(run.version, { ...run.options, remove: [] });
    const p = run.tf(['plan', '-input=false', '-out', 'forget.tfplan']);
    const next = p.status === 0 ? run.plannedChanges('forget.tfplan') : [`plan failed: ${p.stderr.slice(-400)}`];
    const unexpected = next.filter((c) => !(c.startsWith(`${ADDRESSES.kubePrometheusStack.address()} `) && c.endsWith('(update)')));
    if (unexpected.length) problems.push(`after deleting the entry: ${unexpected.join(', ')}`);
    const applied = run.tf(['apply', '-auto-approve', '-input=false', 'forget.tfplan']);
    if (applied.status !== 0) problems.push(`apply after deleting the entry: ${applied.stderr.slice(-400)}`);
    const converged = ctx.plan();
    if (converged.status !== 0) problems.push(`plan afterwards is not clean: ${converged.stdout.slice(-400)}`);
    return problems;
  },
};
