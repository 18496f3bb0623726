/**
 * One topology's life in the e2e run: settings, init, the base apply and the
 * checks every stack must pass, its scenarios in order, then the closing
 * checks (a server down, destroy, no token in any output).
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, readFileSync, rmSync, statSync } from 'fs';
import { join } from 'path';
import { parse as parseYaml } from 'yaml';
import { prepareMirror, providersOf, terraformEnv, terraformSync } from '../terraform';
import { calls, check, Context, Etcd, reattachStubProviders, ROOT, Run, scenario, Scenario, serverOrder, Topology } from './context';
import { DocRun } from './docs';
import { nextMinor } from './steps';

export interface LifecycleOptions {
  /** Run the closing checks (a server down, destroy); the full run does, a selection only with E2E_TEARDOWN=1. */
  readonly teardown: boolean;
  /** The scenario whose docs block applies the topology from empty state (Scenario.baseApply); else a plain apply. */
  readonly applyBy?: Scenario;
}

/** Runs `topology` and `scenarios` (its own, in order); returns the base apply's seconds and the docs blocks its scenarios ran. */
export async function runTopology(scratch: string, topology: Topology, scenarios: readonly Scenario[], etcd: Etcd, opts: LifecycleOptions): Promise<{ seconds: number; docs: string[] }> {
  const stack = topology.stack;
  console.log(`\n== ${stack}${topology.name === 'ha' || topology.name === 'mvp' ? '' : ` (${topology.name})`}`);
  const run = new Run(scratch, topology);
  const ctx = new Context(run, etcd, scratch, topology);
  ctx.docs = new DocRun(ctx);
  cpSync(join(ROOT, 'terraform/environments'), run.settings, { recursive: true, filter: (s) => !/tfstate|kubeconfig/.test(s) });
  // Pinned host keys: hosts.sh gives all test hosts one key.
  const hostKey = readFileSync(join(scratch, 'host_key.pub'), 'utf8').trim();
  if (topology.pinHostKeys) for (const [n] of run.allNodes()) run.hostKeys[n] = hostKey;
  run.writeSettings('v1.28.3+k3s1');
  const json = JSON.parse(readFileSync(join(run.work, 'cdk.tf.json'), 'utf8'));
  run.env = terraformEnv(prepareMirror(join(scratch, `mirror-${topology.name}`), providersOf(json)), { SSH_KNOWN_HOSTS: join(scratch, 'known_hosts') });
  const rec = join(scratch, 'recorder/calls.log');
  for (const f of ['calls.log', 'token', 'agent-token']) rmSync(join(scratch, 'recorder', f), { force: true });

  const init = run.tf(['init', '-input=false']);
  if (init.status !== 0) throw new Error(init.stderr);
  await reattachStubProviders(run, json);
  const servers = ctx.servers;
  const agentNames = ctx.agents;

  // 1. Apply from empty state: as the docs say it (a scenario's block, timed by its `tofu apply`), or plainly.
  let apply: { status: number | null; stderr: string };
  let applySeconds: number;
  if (opts.applyBy?.baseApply) {
    ctx.scenario = opts.applyBy.name;
    const r = opts.applyBy.baseApply(ctx);
    ctx.scenario = '';
    apply = r;
    applySeconds = r.tofu.filter((c) => c.args[0] === 'apply').reduce((sum, c) => sum + c.seconds, 0);
  } else {
    const started = Date.now();
    apply = ctx.apply();
    applySeconds = (Date.now() - started) / 1000;
  }
  check(`${stack}: apply from empty state`, apply.status === 0, apply.stderr.slice(-3000));
  if (apply.status !== 0) return { seconds: applySeconds, docs: [...ctx.docs.ran] };
  const stateModes = () => ['terraform.tfstate', 'terraform.tfstate.backup'].map((f) => {
    const p = join(run.settings, stack, f);
    return `${f} ${existsSync(p) ? (statSync(p).mode & 0o777).toString(8) : 'missing'}`;
  }).join(', ');
  check(`${stack}: the state (it holds the tokens and the kubeconfig's key) is 0600 after apply`,
    stateModes() === 'terraform.tfstate 600, terraform.tfstate.backup 600' && (statSync(join(run.settings, stack)).mode & 0o777) === 0o700, stateModes());
  etcd.useCertsFrom(run, servers[0], join(scratch, `etcd-certs-${topology.name}`));
  const cs = calls(scratch);
  ctx.baseApplyCalls = cs;
  check(`${stack}: servers joined one at a time, in order`, serverOrder(cs, 'install', servers), cs.map((c) => c.line).join('\n'));
  const lastServerDone = cs.find((c) => c.kind === 'install-done' && c.fields.node === servers[servers.length - 1])!;
  const firstDone = cs.find((c) => c.kind === 'install-done' && c.fields.node === servers[0])!;
  check(`${stack}: agents joined after the first server was ready`,
    agentNames.every((a) => (cs.find((c) => c.kind === 'install-start' && c.fields.node === a)?.t ?? 0) >= firstDone.t && firstDone.t <= lastServerDone.t));
  ctx.baseline = ctx.etcdPicture();

  // 2. Config files and token secrecy.
  // Read outside run.output: the check below is about what Terraform prints unasked.
  const token = terraformSync(['output', '-raw', 'cluster_token', '-no-color'], run.work, run.env).stdout;
  const agentToken = terraformSync(['output', '-raw', 'agent_token', '-no-color'], run.work, run.env).stdout;
  ctx.tokens = { cluster: token, agent: agentToken };
  for (const name of servers) {
    const r = run.onHost(name, 'stat -c %a /etc/rancher/k3s /etc/rancher/k3s/config.yaml; cat /etc/rancher/k3s/config.yaml');
    check(`${stack}: ${name} config.yaml is 0600 in a 0700 dir and holds the server token and the agent token`,
      r.stdout.startsWith('700\n600\n') && r.stdout.includes(`\ntoken: ${token}\n`) && r.stdout.includes(`\nagent-token: ${agentToken}\n`));
  }
  for (const name of agentNames) {
    const r = run.onHost(name, 'stat -c %a /etc/rancher/k3s /etc/rancher/k3s/config.yaml; cat /etc/rancher/k3s/config.yaml');
    check(`${stack}: ${name} config.yaml is 0600 in a 0700 dir and holds the agent token only`,
      r.stdout.startsWith('700\n600\n') && r.stdout.includes(`\ntoken: ${agentToken}\n`) && !r.stdout.includes(token));
  }
  check(`${stack}: tokens are real secrets`, /^[A-Za-z0-9]{48}$/.test(token) && /^[A-Za-z0-9]{48}$/.test(agentToken) && token !== agentToken);
  check(`${stack}: no recorded argv contains a token`, !readFileSync(rec, 'utf8').includes(token) && !readFileSync(rec, 'utf8').includes(agentToken));

  // 3. Kubeconfig.
  const kubeconfig = join(run.settings, stack, 'kubeconfig');
  const kc = existsSync(kubeconfig) ? readFileSync(kubeconfig, 'utf8') : '';
  const parsed = (kc ? parseYaml(kc) : {}) as { clusters?: { cluster?: { server?: string } }[]; 'current-context'?: string };
  const firstIp = run.address(servers[0]).ip;
  check(`${stack}: kubeconfig is 0600, points at ${firstIp}:6443, context ${stack}`,
    existsSync(kubeconfig) && (statSync(kubeconfig).mode & 0o777) === 0o600 &&
    parsed.clusters?.[0]?.cluster?.server === `https://${firstIp}:6443` && parsed['current-context'] === stack,
    `mode ${existsSync(kubeconfig) ? (statSync(kubeconfig).mode & 0o777).toString(8) : 'missing'}, server ${parsed.clusters?.[0]?.cluster?.server}, context ${parsed['current-context']}`);

  // 4. A second plan is clean.
  const plan = ctx.plan();
  check(`${stack}: second plan has no changes`, plan.status === 0, plan.stdout.slice(-2000));

  await topology.afterBase?.(ctx);

  // 5. The scenarios, each on the cluster the previous one left.
  for (const s of scenarios) {
    ctx.scenario = s.name;
    let problems: string[];
    try {
      problems = await s.steps(ctx);
    } catch (err) {
      problems = [`threw: ${err instanceof Error ? err.stack ?? err.message : String(err)}`];
    }
    scenario(s.name, problems);
  }
  ctx.scenario = '';

  if (opts.teardown) {
    // 6. A server that is down fails the apply naming it; back up, apply converges.
    const downName = ctx.servers[ctx.servers.length - 1];
    run.writeSettings(nextMinor(run.version));
    ctx.link(downName, 'down');
    // With api_endpoint the providers refresh through the VIP. If the downed server held it, kube-vip
    // moves it once the lease (vip_leaseduration, 15 s) lapses; until then nothing answers there, as on
    // real hosts. The check is about the node's own step, so it applies once the VIP answers again.
    const vip = run.options.apiEndpoint;
    for (let i = 0; vip && i < 60 && spawnSync('curl', ['-sk', '--max-time', '2', `https://${vip}:6443/ping`], { encoding: 'utf8' }).stdout !== 'pong'; i++) spawnSync('sleep', ['1']);
    const failed = ctx.apply();
    ctx.link(downName, 'up');
    check(`${stack}: apply with ${downName} down fails naming it`, failed.status !== 0 && failed.stderr.includes(`${downName}: cannot reach SSH at`), failed.stderr.slice(-1500));
    const again = ctx.apply();
    const converged = ctx.plan();
    check(`${stack}: after ${downName} is back, apply converges`, again.status === 0 && converged.status === 0, again.stderr.slice(-1500));

    // 7. Destroy: agents drained and uninstalled first, servers in reverse order, each leaving etcd.
    const mark = ctx.mark();
    const destroy = run.tf(['destroy', '-auto-approve', '-input=false']);
    const dcs = ctx.callsSince(mark);
    const order = dcs.filter((c) => c.kind === 'uninstall').map((c) => c.fields.node);
    const now = { servers: ctx.servers, agents: ctx.agents };
    const drained = now.agents.every((a) => dcs.some((c) => c.kind === 'kubectl' && c.line.includes(`drain ${a}`)));
    check(`${stack}: destroy succeeded`, destroy.status === 0, destroy.stderr.slice(-1500));
    check(`${stack}: destroy drained agents, uninstalled agents first, then servers in reverse`,
      drained && JSON.stringify(order) === JSON.stringify([...now.agents, ...[...now.servers].reverse()]), order.join(' '));
    if (now.servers.length > 1) {
      const leaving = [...now.servers].reverse().slice(0, -1);
      const left = dcs.filter((c) => c.kind === 'etcd-member-removed').map((c) => c.fields.node);
      check(`${stack}: destroy removed the etcd members of ${leaving.join(' and ')} before their uninstall`,
        JSON.stringify(left) === JSON.stringify(leaving), left.join(' '));
    }
  }

  const all = run.output.join('\n');
  // On failure show where, with the token itself masked.
  const leaks = all.split('\n').flatMap((l) => [token, agentToken].filter((t) => l.includes(t)).map((t) => {
    const at = l.indexOf(t);
    return l.slice(Math.max(0, at - 120), at + t.length + 40).split(t).join('<TOKEN>');
  }));
  check(`${stack}: no line of Terraform's output contains a token`, leaks.length === 0, leaks.slice(0, 5).join('\n'));
  check(`${stack}: the state is still 0600${opts.teardown ? ' after destroy' : ''}`, stateModes() === 'terraform.tfstate 600, terraform.tfstate.backup 600', stateModes());
  return { seconds: applySeconds, docs: [...ctx.docs.ran] };
}
