import { ADDRESSES, nodeInstallAddress } from '../../../../lib/core/addresses';
import { Context, Scenario, Topology } from '../context';

/**
 * Five servers with embedded etcd, one agent and the platform: k3s-gitops
 * (chocolandiadc's server names are seed 000's three). Its own test hosts.
 */
export const GITOPS5: Topology = {
  name: 'gitops5',
  stack: 'k3s-gitops',
  hostPrefix: 'g5-',
  servers: [['gitops1', '198.18.42.50'], ['gitops2', '198.18.42.51'], ['gitops3', '198.18.42.52'], ['gitops4', '198.18.42.53'], ['gitops5', '198.18.42.54']],
  agents: [['worker1', '198.18.42.55']],
  tfvars: 'platform = {\n  repository_url = "https://github.com/example/k3s-gitops.git"\n  revision = "main"\n  ingress_controller = "traefik"\n' +
    '  domain = "cluster.local"\n  tls = { mode = "selfsigned" }\n  pod_security_standard = "baseline"\n  network_policies = true\n' +
    '  routes = [{ name = "argocd", path = "/argocd", service = { name = "argocd-server", namespace = "argocd", port = 80 } }]\n}\n',
  measured: false,
};

/** Cluster ID and member names as the first server's etcd sees them. */
function etcdOf(ctx: Context): { clusterId?: string; members: string[] } {
  const ip = ctx.run.address('gitops1').ip;
  return { clusterId: ctx.etcd.status(ip).clusterId, members: ctx.etcd.members(ip) };
}

/**
 * docs/day2.md's shrink of a five-server cluster to three, one server per
 * apply, its block run verbatim each time (`remove = true` on gitops5, then
 * on gitops4 too): each apply destroys exactly the leaving server's install
 * and upgrade (after leave-cluster.sh's quorum check, its member removed
 * before the uninstall), nothing runs on another node; the agent and the
 * platform's resources stay; 3 members of the same cluster at the end, and
 * deleting the entries converges.
 */
export const scenario: Scenario = {
  name: 'remove-server',
  topology: GITOPS5,
  steps(ctx) {
    const problems: string[] = [];
    const { run } = ctx;
    const first = etcdOf(ctx);
    const platform = run.stateList().filter((a) => /^(helm_release|kubernetes_)/.test(a));
    if (platform.length === 0) problems.push('no platform resources in the state before the removal');
    const removing: string[] = [];
    for (const victim of ['gitops5', 'gitops4']) {
      removing.push(victim);
      const before = run.stateList();
      run.writeSettings(run.version, { ...run.options, remove: [...removing] });
      const mark = ctx.mark();
      const r = ctx.docs.run();
      const cs = ctx.callsSince(mark);
      if (r.status !== 0) { problems.push(`${victim}: docs block failed: ${r.stderr.slice(-800)}`); break; }
      const leaving = [nodeInstallAddress(victim), ADDRESSES.nodeUpgrade.address({ hostname: victim })].sort();
      const planned = run.plannedChanges('remove.tfplan').sort();
      if (JSON.stringify(planned) !== JSON.stringify(leaving.map((a) => `${a} (delete)`))) problems.push(`${victim}: planned ${planned.join(', ') || 'nothing'}`);
      const gone = before.filter((a) => !run.stateList().includes(a)).sort();
      if (JSON.stringify(gone) !== JSON.stringify(leaving)) problems.push(`${victim}: left the state: ${gone.join(', ') || 'nothing'}`);
      const removed = cs.findIndex((c) => c.kind === 'etcd-member-removed' && c.fields.node === victim);
      const uninstalled = cs.findIndex((c) => c.kind === 'uninstall' && c.fields.node === victim);
      if (removed < 0 || uninstalled < 0 || removed > uninstalled) problems.push(`${victim}: member removed at call ${removed}, uninstall at ${uninstalled}`);
      const elsewhere = cs.filter((c) => ['uninstall', 'install-start'].includes(c.kind) && c.fields.node !== victim);
      if (elsewhere.length) problems.push(`${victim}: ran on other nodes: ${elsewhere.map((c) => c.line).join(' | ')}`);
    }
    const now = etcdOf(ctx);
    if (now.clusterId !== first.clusterId || JSON.stringify(now.members) !== JSON.stringify(['gitops1', 'gitops2', 'gitops3'])) {
      problems.push(`etcd: ${JSON.stringify(first)} -> ${JSON.stringify(now)}`);
    }
    const state = run.stateList();
    const lost = [...platform, nodeInstallAddress('worker1')].filter((a) => !state.includes(a));
    if (lost.length) problems.push(`not in the state any more: ${lost.join(', ')}`);
    const ready = run.onHost('gitops1', `k3s kubectl get node worker1 -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}'`).stdout.trim();
    if (ready !== 'True') problems.push(`worker1 Ready=${ready}`);
    // The entries go: what follows the servers' addresses (scrape targets) is updated in place, nothing else.
    run.servers = run.servers.filter(([h]) => !removing.includes(h));
    run.writeSettings(run.version, { ...run.options, remove: [] });
    const p = run.tf(['plan', '-input=false', '-out', 'forget.tfplan']);
    const next = p.status === 0 ? run.plannedChanges('forget.tfplan') : [`plan failed: ${p.stderr.slice(-400)}`];
    const unexpected = next.filter((c) => !c.endsWith('(update)') || /^null_resource\./.test(c));
    if (unexpected.length) problems.push(`after deleting the entries: ${unexpected.join(', ')}`);
    const applied = run.tf(['apply', '-auto-approve', '-input=false', 'forget.tfplan']);
    if (applied.status !== 0) problems.push(`apply after deleting the entries: ${applied.stderr.slice(-400)}`);
    const converged = ctx.plan();
    if (converged.status !== 0) problems.push(`plan afterwards is not clean: ${converged.stdout.slice(-400)}`);
    ctx.baseline = ctx.etcdPicture();
    return problems;
  },
};
