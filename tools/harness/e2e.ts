/**
 * `npm run e2e` (root): applies the SSH stacks for real to test hosts and
 * checks what a user relies on. Hosts are network namespaces running sshd
 * (e2e/hosts.sh); K3s is a double (e2e/fake-k3s-install.sh) selected through
 * the settings' installer switch, running a real etcd member on every
 * server host; helm/kubernetes/local/random/null are the stub providers;
 * Terraform runs the provisioners.
 *
 * Day-2 scenarios print one line each: `ok scenario <name>` or
 * `FAIL scenario <name>: <why>`. The last line is the apply ratio.
 */
import { spawnSync } from 'child_process';
import { createHash, randomBytes } from 'crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse as parseYaml } from 'yaml';
import { ADDRESSES, classifyAddress, nodeInstallAddress } from '../../lib/core/addresses';
import { repoRoot } from '../../lib/core/repo-root';
import { prepareMirror, providersOf, startStubProviders, StubProviders, terraformEnv, terraformSync } from './terraform';

const ROOT = repoRoot();
const HOSTS = join(ROOT, 'tools/harness/e2e/hosts.sh');
/**
 * Fixed time the fake installer takes. A real K3s install takes 30-90 s;
 * 10 s keeps the run short while the per-node orchestration cost (about
 * 1 s of SSH steps, and ~1 s for the double's etcd member to become healthy
 * on a server) stays a small, measurable part of the total.
 */
const INSTALL_SECONDS = Number(process.env.E2E_INSTALL_SECONDS ?? 10);
/** nodo1 of the HA stack can also be reached here (connection-change scenario); sshd listens on 22 and 2222. */
const NODO1_SECOND_ADDRESS = '198.18.42.33';
/**
 * How long a dead node's Node still reads Ready (Kubernetes' node-monitor
 * grace period, 40 s by default): long enough that an apply right after a
 * server dies runs inside it, as it would with K3s.
 */
const NODE_GRACE_SECONDS = Number(process.env.E2E_NODE_GRACE_SECONDS ?? 30);
/** The HA cluster's API address (api_endpoint), put on a server by the double's kube-vip. */
const API_VIP = '198.18.42.40';
/** The MVP stack's master1: clean while the HA stack runs (the MVP stack destroyed its cluster, or never ran). */
const SPARE_HOST = '198.18.42.10';

type Node = [hostname: string, ip: string];
interface Env {
  readonly stack: 'chocolandiadc-mvp' | 'chocolandiadc';
  readonly servers: Node[];
  readonly agents: Node[];
}
const ENVS: Env[] = [
  { stack: 'chocolandiadc-mvp', servers: [['master1', '198.18.42.10']], agents: [['nodo1', '198.18.42.11']] },
  {
    stack: 'chocolandiadc',
    servers: [['master1', '198.18.42.20'], ['master2', '198.18.42.21'], ['master3', '198.18.42.22']],
    agents: [['nodo1', '198.18.42.23']],
  },
];

/** What a connection change must not touch (lib/core/addresses.ts kinds); an address no kind knows counts too. */
const K3S_KINDS = new Set(['node-install', 'node-upgrade', 'kubeconfig-fetch', 'kubeconfig', 'cluster-token', 'agent-token', 'unknown']);

let failures = 0;
function check(what: string, ok: boolean, detail = ''): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `\n     ${detail.replace(/\n/g, '\n     ')}`}`);
  if (!ok) failures++;
}
/** One line per scenario; `problems` empty means it passed. */
function scenario(name: string, problems: string[]): void {
  console.log(problems.length === 0 ? `ok scenario ${name}` : `FAIL scenario ${name}: ${problems.join('; ').replace(/\s*\n\s*/g, ' ').slice(0, 600)}`);
  if (problems.length) failures++;
}

function sh(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; allowFail?: boolean } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: opts.env ?? process.env });
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return r;
}

interface Call { t: number; kind: string; fields: Record<string, string>; line: string }
function calls(scratch: string): Call[] {
  const file = join(scratch, 'recorder/calls.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => {
    const [t, kind, ...rest] = line.split(' ');
    const fields = Object.fromEntries(rest.filter((x) => x.includes('=')).map((x) => x.split('=', 2) as [string, string]));
    return { t: Number(t), kind, fields, line };
  });
}

/**
 * Real etcd, read from outside the test hosts (the bridge reaches every
 * member's client URL, https://<node-ip>:2379) with the cluster's etcd client
 * certificate, copied off a server as K3s keeps it (server/tls/etcd).
 */
class Etcd {
  private certs = '';
  constructor(private readonly bin: string) {}

  /** Copies server-ca.crt, client.crt and client.key from a server into `dir` (0600) and uses them. */
  useCertsFrom(run: Run, server: string, dir: string): void {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const f of ['server-ca.crt', 'client.crt', 'client.key']) {
      const r = run.onHost(server, `cat /var/lib/rancher/k3s/server/tls/etcd/${f}`);
      if (r.status !== 0) throw new Error(`cannot read ${f} on ${server}: ${r.stderr}`);
      writeFileSync(join(dir, f), r.stdout, { mode: 0o600 });
    }
    this.certs = dir;
  }

  private ctl(args: string[]) {
    const tls = this.certs ? ['--cacert', join(this.certs, 'server-ca.crt'), '--cert', join(this.certs, 'client.crt'), '--key', join(this.certs, 'client.key')] : [];
    return spawnSync(join(this.bin, 'etcdctl'), ['--dial-timeout=2s', '--command-timeout=4s', ...tls, ...args], {
      encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' },
    });
  }

  /** Cluster and member ID as this member sees them (decimal strings: they exceed 2^53). */
  status(ip: string): { clusterId?: string; memberId?: string } {
    const out = this.ctl(['--endpoints', `https://${ip}:2379`, 'endpoint', 'status', '-w', 'fields']).stdout;
    return { clusterId: /"ClusterID" : (\d+)/.exec(out)?.[1], memberId: /"MemberID" : (\d+)/.exec(out)?.[1] };
  }

  put(ip: string, key: string, value: string): void {
    const r = this.ctl(['--endpoints', `https://${ip}:2379`, 'put', key, value]);
    if (r.status !== 0) throw new Error(`etcdctl put ${key} failed: ${r.stderr}`);
  }

  /** The value of `key`, '' when absent. */
  get(ip: string, key: string): string {
    return this.ctl(['--endpoints', `https://${ip}:2379`, 'get', key, '--print-value-only']).stdout.trim();
  }

  /** Keys under `prefix`, sorted. */
  keys(ip: string, prefix: string): string[] {
    return this.ctl(['--endpoints', `https://${ip}:2379`, 'get', prefix, '--prefix', '--keys-only']).stdout.split('\n').filter(Boolean).sort();
  }

  /** Node names of the members (K3s names them <node>-<hex>), sorted. */
  members(ip: string): string[] {
    return this.ctl(['--endpoints', `https://${ip}:2379`, 'member', 'list']).stdout.trim().split('\n').filter(Boolean)
      .map((l) => l.split(', ')[2]?.replace(/-[0-9a-f]+$/, '') ?? '?').sort();
  }
}

interface SettingsOptions {
  readonly keyPath?: string;
  /** Per hostname: another address and/or SSH port. */
  readonly connection?: Record<string, { ip?: string; port?: number }>;
  /** api_endpoint.address (with kube_vip on eth0). */
  readonly apiEndpoint?: string;
}

class Run {
  readonly work: string;
  readonly settings: string;
  readonly output: string[] = [];
  env: NodeJS.ProcessEnv = {};
  options: SettingsOptions = {};
  version = '';
  /** ssh_host_key per hostname (unset: not verified); kept across writeSettings calls. */
  hostKeys: Record<string, string> = {};

  constructor(readonly scratch: string, readonly e: Env) {
    this.settings = join(scratch, 'settings');
    this.work = join(scratch, 'work/stacks', e.stack);
  }

  /** Current address and port of a node. */
  address(hostname: string): { ip: string; port: number } {
    const [, ip] = [...this.e.servers, ...this.e.agents].find(([h]) => h === hostname)!;
    const c = this.options.connection?.[hostname];
    return { ip: c?.ip ?? ip, port: c?.port ?? 22 };
  }

  writeSettings(version: string, options: SettingsOptions = this.options): void {
    this.version = version;
    this.options = options;
    const key = options.keyPath ?? join(this.scratch, 'id_ed25519');
    const node = ([hostname]: Node) => {
      const { ip, port } = this.address(hostname);
      const hostKey = this.hostKeys[hostname] ? `, ssh_host_key = "${this.hostKeys[hostname]}"` : '';
      return `  { hostname = "${hostname}", ip_address = "${ip}", ssh_user = "root", ssh_key_path = "${key}"${port !== 22 ? `, ssh_port = ${port}` : ''}${hostKey} }`;
    };
    const ha = this.e.stack === 'chocolandiadc'
      ? 'monitoring_namespace = "monitoring"\nprometheus_retention = "15d"\nprometheus_storage_size = "10Gi"\ngrafana_admin_user = "admin"\n' : '';
    writeFileSync(join(this.settings, this.e.stack, 'terraform.tfvars'),
      `cluster_name = "${this.e.stack}"\nk3s_version = "${version}"\n` +
      `k3s_install_script_path = "${join(ROOT, 'tools/harness/e2e/fake-k3s-install.sh')}"\n` +
      // Fail fast when a host is down (the defaults wait 120 s for a booting node's SSH port,
      // and Terraform retries a connection, e.g. a refused host key, for 5 minutes).
      'ssh_wait_seconds = 3\nssh_timeout_seconds = 30\n' +
      `control_plane_nodes = [\n${this.e.servers.map(node).join(',\n')}\n]\nworker_nodes = [\n${this.e.agents.map(node).join(',\n')}\n]\n${ha}` +
      (options.apiEndpoint ? `api_endpoint = { address = "${options.apiEndpoint}", kube_vip = { interface = "eth0" } }\n` : ''));
    this.synth();
  }

  /** Synthesizes with the run's settings and refreshes the working copy (keeping .terraform). */
  private synth(): void {
    const out = join(this.scratch, 'cdktf.out');
    sh(process.execPath, [join(ROOT, 'dist/main.js')], { env: { ...process.env, K3S_SETTINGS_DIR: this.settings, CDKTF_OUTDIR: out } });
    mkdirSync(this.work, { recursive: true });
    rmSync(join(this.work, 'assets'), { recursive: true, force: true });
    cpSync(join(out, 'stacks', this.e.stack), this.work, { recursive: true });
  }

  tf(args: string[]) {
    const r = terraformSync([...args, '-no-color'], this.work, this.env);
    this.output.push(r.stdout, r.stderr);
    return r;
  }

  /** Runs a command as root on a test host, over SSH at its current address. */
  onHost(hostname: string, command: string) {
    const { ip, port } = this.address(hostname);
    return sh('ssh', ['-i', join(this.scratch, 'id_ed25519'), '-p', String(port), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no',
      '-o', `UserKnownHostsFile=${join(this.scratch, 'known_hosts')}`, '--', `root@${ip}`, command], { allowFail: true });
  }

  /** Addresses of resources a saved plan changes (no-op and read left out). */
  plannedChanges(planFile: string): string[] {
    // Not recorded: `show -json` is machine output that carries sensitive values by design.
    return (JSON.parse(terraformSync(['show', '-json', planFile], this.work, this.env).stdout).resource_changes ?? [])
      .filter((c: any) => !(c.change.actions.length === 1 && ['no-op', 'read'].includes(c.change.actions[0])))
      .map((c: any) => `${c.address} (${c.change.actions.join('+')})`);
  }
}

/** Runs a command as root on any test host (input on stdin: secrets stay off the command line). */
function sshTo(scratch: string, ip: string, command: string, input?: string) {
  return spawnSync('ssh', ['-i', join(scratch, 'id_ed25519'), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no',
    '-o', `UserKnownHostsFile=${join(scratch, 'known_hosts')}`, '--', `root@${ip}`, command], { encoding: 'utf8', input });
}

function sleepSeconds(seconds: number): void {
  spawnSync('sleep', [String(seconds)]);
}
/** Node Ready of `node` as the API on `from` reports it. */
function nodeReady(run: Run, from: string, node: string): string {
  return run.onHost(from, `k3s kubectl get node ${node} -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}'`).stdout.trim();
}

function serverOrder(cs: Call[], kind: string, names: string[]): boolean {
  for (let i = 1; i < names.length; i++) {
    const prevDone = cs.find((c) => c.kind === `${kind}-done` && c.fields.node === names[i - 1]);
    const start = cs.find((c) => c.kind === `${kind}-start` && c.fields.node === names[i]);
    if (!prevDone || !start || start.t < prevDone.t) return false;
  }
  return true;
}

/** What the etcd cluster looks like from every server: one cluster ID, its members, each member's ID. */
function etcdPicture(etcd: Etcd, run: Run) {
  const servers = run.e.servers.map(([n]) => n);
  const byServer = Object.fromEntries(servers.map((n) => [n, etcd.status(run.address(n).ip)]));
  const clusterIds = [...new Set(Object.values(byServer).map((s) => s.clusterId ?? 'none'))];
  const members = etcd.members(run.address(servers[0]).ip);
  return { byServer, clusterIds, members };
}

function versionsOnHosts(run: Run): Record<string, string> {
  return Object.fromEntries([...run.e.servers, ...run.e.agents].map(([n]) => [n, run.onHost(n, 'k3s --version').stdout.split(' ')[2] ?? 'none']));
}

/** The running stack's stub processes; main stops them when its flow ends. */
const stubProviders: StubProviders[] = [];
/**
 * After `init` (which installs the stubs from the mirror as before), every
 * Terraform command of this stack reattaches to one long-lived stub per
 * provider instead of starting a Node process per provider instance
 * (about 3 s per apply). E2E_MANAGED_PROVIDERS=1 keeps the old way.
 */
async function reattachStubProviders(run: Run, json: any): Promise<void> {
  if (process.env.E2E_MANAGED_PROVIDERS === '1') return;
  const stubs = await startStubProviders(providersOf(json), run.work);
  stubProviders.push(stubs);
  run.env = { ...run.env, TF_REATTACH_PROVIDERS: stubs.reattach };
}
function stopStubProviders(): void {
  stubProviders.splice(0).forEach((s) => s.stop());
}

/** `hostPrefix` keeps test host names unique across stacks; cluster hostnames stay the documents'. */
async function flow(scratch: string, e: Env, hostPrefix: string, etcd: Etcd): Promise<number> {
  console.log(`\n== ${e.stack}`);
  const ha = e.stack === 'chocolandiadc';
  const run = new Run(scratch, e);
  cpSync(join(ROOT, 'terraform/environments'), run.settings, { recursive: true, filter: (s) => !/tfstate|kubeconfig/.test(s) });
  // The HA stack pins every node's real host key (hosts.sh gives all test hosts one); the MVP stack runs unpinned.
  const hostKey = readFileSync(join(scratch, 'host_key.pub'), 'utf8').trim();
  if (ha) for (const [n] of [...e.servers, ...e.agents]) run.hostKeys[n] = hostKey;
  run.writeSettings('v1.28.3+k3s1');
  const json = JSON.parse(readFileSync(join(run.work, 'cdk.tf.json'), 'utf8'));
  run.env = terraformEnv(prepareMirror(join(scratch, `mirror-${e.stack}`), providersOf(json)), { SSH_KNOWN_HOSTS: join(scratch, 'known_hosts') });
  const rec = join(scratch, 'recorder/calls.log');
  for (const f of ['calls.log', 'token', 'agent-token']) rmSync(join(scratch, 'recorder', f), { force: true });

  const init = run.tf(['init', '-input=false']);
  if (init.status !== 0) throw new Error(init.stderr);
  await reattachStubProviders(run, json);
  const servers = e.servers.map(([n]) => n);
  const agentNames = e.agents.map(([a]) => a);

  // 1. Apply from empty state.
  const started = Date.now();
  const apply = run.tf(['apply', '-auto-approve', '-input=false']);
  const applySeconds = (Date.now() - started) / 1000;
  check(`${e.stack}: apply from empty state`, apply.status === 0, apply.stderr.slice(-3000));
  if (apply.status !== 0) return applySeconds;
  const stateModes = () => ['terraform.tfstate', 'terraform.tfstate.backup'].map((f) => {
    const p = join(run.settings, e.stack, f);
    return `${f} ${existsSync(p) ? (statSync(p).mode & 0o777).toString(8) : 'missing'}`;
  }).join(', ');
  check(`${e.stack}: the state (it holds the tokens and the kubeconfig's key) is 0600 after apply`,
    stateModes() === 'terraform.tfstate 600, terraform.tfstate.backup 600' && (statSync(join(run.settings, e.stack)).mode & 0o777) === 0o700, stateModes());
  if (ha) etcd.useCertsFrom(run, servers[0], join(scratch, `etcd-certs-${e.stack}`));
  let cs = calls(scratch);
  check(`${e.stack}: servers joined one at a time, in order`, serverOrder(cs, 'install', servers), cs.map((c) => c.line).join('\n'));
  const lastServerDone = cs.find((c) => c.kind === 'install-done' && c.fields.node === servers[servers.length - 1])!;
  const firstDone = cs.find((c) => c.kind === 'install-done' && c.fields.node === servers[0])!;
  check(`${e.stack}: agents joined after the first server was ready`,
    e.agents.every(([a]) => (cs.find((c) => c.kind === 'install-start' && c.fields.node === a)?.t ?? 0) >= firstDone.t && firstDone.t <= lastServerDone.t));
  let original = etcdPicture(etcd, run);
  if (ha) {
    const problems: string[] = [];
    if (original.clusterIds.length !== 1 || original.clusterIds[0] === 'none') problems.push(`cluster IDs seen by the servers: ${JSON.stringify(original.byServer)}`);
    if (JSON.stringify(original.members) !== JSON.stringify(servers)) problems.push(`members ${original.members.join(',')}, expected ${servers.join(',')}`);
    if (cs.filter((c) => c.kind === 'etcd-new-cluster').length !== 1) problems.push(`${cs.filter((c) => c.kind === 'etcd-new-cluster').length} etcd clusters were started`);
    const agentReady = run.onHost(servers[0], `k3s kubectl get node ${agentNames[0]} -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}'`).stdout.trim();
    if (agentReady !== 'True') problems.push(`agent ${agentNames[0]} Ready=${agentReady}`);
    scenario('ha-apply', problems);
  }

  // 2. Config files and token secrecy.
  // Read outside run.output: the check below is about what Terraform prints unasked.
  const token = terraformSync(['output', '-raw', 'cluster_token', '-no-color'], run.work, run.env).stdout;
  const agentToken = terraformSync(['output', '-raw', 'agent_token', '-no-color'], run.work, run.env).stdout;
  for (const [name] of e.servers) {
    const r = run.onHost(name, 'stat -c %a /etc/rancher/k3s /etc/rancher/k3s/config.yaml; cat /etc/rancher/k3s/config.yaml');
    check(`${e.stack}: ${name} config.yaml is 0600 in a 0700 dir and holds the server token and the agent token`,
      r.stdout.startsWith('700\n600\n') && r.stdout.includes(`\ntoken: ${token}\n`) && r.stdout.includes(`\nagent-token: ${agentToken}\n`));
  }
  for (const [name] of e.agents) {
    const r = run.onHost(name, 'stat -c %a /etc/rancher/k3s /etc/rancher/k3s/config.yaml; cat /etc/rancher/k3s/config.yaml');
    check(`${e.stack}: ${name} config.yaml is 0600 in a 0700 dir and holds the agent token only`,
      r.stdout.startsWith('700\n600\n') && r.stdout.includes(`\ntoken: ${agentToken}\n`) && !r.stdout.includes(token));
  }
  check(`${e.stack}: tokens are real secrets`, /^[A-Za-z0-9]{48}$/.test(token) && /^[A-Za-z0-9]{48}$/.test(agentToken) && token !== agentToken);
  check(`${e.stack}: no recorded argv contains a token`, !readFileSync(rec, 'utf8').includes(token) && !readFileSync(rec, 'utf8').includes(agentToken));
  if (ha) {
    // A clean spare host (the MVP stack's master1, uninstalled) tries to join as a server with the agent token.
    const problems: string[] = [];
    const before = calls(scratch).length;
    const config = `node-name: master9\nnode-ip: ${SPARE_HOST}\nserver: https://${run.address(servers[0]).ip}:6443\ntoken: ${agentToken}\n`;
    // From the scratch directory: the test hosts see an empty /tmp, and the repository may live under it (CI's clone).
    const installer = join(scratch, 'fake-k3s-install.sh');
    copyFileSync(join(ROOT, 'tools/harness/e2e/fake-k3s-install.sh'), installer);
    const r = sshTo(scratch, SPARE_HOST, `umask 077 && mkdir -p /etc/rancher/k3s && cat > /etc/rancher/k3s/config.yaml && INSTALL_K3S_VERSION=${run.version} INSTALL_K3S_EXEC=server sh ${installer}`, config);
    const refused = calls(scratch).slice(before).filter((c) => c.kind === 'install-refused');
    if (r.status === 0) problems.push('the server join with the agent token succeeded');
    if (!(refused.length === 1 && refused[0].fields.reason === 'agent-token-joins-no-server')) problems.push(`recorded: ${calls(scratch).slice(before).map((c) => c.line).join(' | ') || 'nothing'}`);
    if (etcd.members(run.address(servers[0]).ip).includes('master9')) problems.push('master9 became an etcd member');
    sshTo(scratch, SPARE_HOST, 'rm -rf /etc/rancher/k3s /var/lib/rancher/k3s');
    scenario('agent-token-joins-no-server', problems);
  }

  // 3. Kubeconfig.
  const kubeconfig = join(run.settings, e.stack, 'kubeconfig');
  const kc = existsSync(kubeconfig) ? readFileSync(kubeconfig, 'utf8') : '';
  const parsed = (kc ? parseYaml(kc) : {}) as { clusters?: { cluster?: { server?: string } }[]; 'current-context'?: string };
  check(`${e.stack}: kubeconfig is 0600, points at ${e.servers[0][1]}:6443, context ${e.stack}`,
    existsSync(kubeconfig) && (statSync(kubeconfig).mode & 0o777) === 0o600 &&
    parsed.clusters?.[0]?.cluster?.server === `https://${e.servers[0][1]}:6443` && parsed['current-context'] === e.stack,
    `mode ${existsSync(kubeconfig) ? (statSync(kubeconfig).mode & 0o777).toString(8) : 'missing'}, server ${parsed.clusters?.[0]?.cluster?.server}, context ${parsed['current-context']}`);

  // 4. A second plan is clean.
  const plan = run.tf(['plan', '-detailed-exitcode', '-input=false']);
  check(`${e.stack}: second plan has no changes`, plan.status === 0, plan.stdout.slice(-2000));

  if (ha) {
    // Connection details change: the same key at another path for every node; nodo1 at another address and port.
    const problems: string[] = [];
    const altKey = join(scratch, 'keys/moved/id_ed25519');
    mkdirSync(join(scratch, 'keys/moved'), { recursive: true, mode: 0o700 });
    copyFileSync(join(scratch, 'id_ed25519'), altKey);
    const before = calls(scratch).length;
    const idsBefore = etcdPicture(etcd, run);
    run.writeSettings(run.version, { keyPath: altKey, connection: { [agentNames[0]]: { ip: NODO1_SECOND_ADDRESS, port: 2222 } } });
    const p = run.tf(['plan', '-input=false', '-out', 'connection.tfplan']);
    const planned = p.status === 0 ? run.plannedChanges('connection.tfplan') : [`plan failed: ${p.stderr.slice(-500)}`];
    const a = run.tf(['apply', '-auto-approve', '-input=false', 'connection.tfplan']);
    cs = calls(scratch).slice(before);
    const idsAfter = etcdPicture(etcd, run);
    // Node IPs feed the monitoring values (scrape targets), so the chart may update; nothing of K3s may.
    const k3sChanges = planned.filter((c) => K3S_KINDS.has(classifyAddress(c.split(' ')[0])?.kind ?? 'unknown') || c.startsWith('plan failed'));
    if (k3sChanges.length) problems.push(`planned changes: ${k3sChanges.join(', ')}`);
    if (a.status !== 0) problems.push(`apply failed: ${a.stderr.slice(-500)}`);
    if (cs.some((c) => c.kind === 'uninstall' || c.kind === 'install-start')) problems.push(`ran on the nodes: ${cs.map((c) => c.kind + ' ' + (c.fields.node ?? '')).join(', ')}`);
    if (JSON.stringify(idsAfter.byServer) !== JSON.stringify(idsBefore.byServer)) problems.push(`etcd member IDs changed: ${JSON.stringify(idsBefore.byServer)} -> ${JSON.stringify(idsAfter.byServer)}`);
    scenario('connection-change', problems);
  }

  if (ha) {
    // nodo1 answers with its real host key while the settings pin another: every step that reaches it is refused.
    const problems: string[] = [];
    const victim = agentNames[0];
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(scratch, 'wrong_host_key')]);
    const right = run.hostKeys[victim];
    run.hostKeys[victim] = readFileSync(join(scratch, 'wrong_host_key.pub'), 'utf8').trim();
    run.writeSettings(run.version);
    const plan = run.tf(['plan', '-detailed-exitcode', '-input=false']);
    if (plan.status !== 0) problems.push(`a new host key is not an in-place no-op: plan exit ${plan.status} ${plan.stdout.slice(-300)}`);
    const before = calls(scratch).length;
    // Terraform's own connection (host_key) when nodo1's upgrade steps run again,
    const viaTerraform = run.tf(['apply', '-auto-approve', '-input=false', `-replace=${ADDRESSES.nodeUpgrade.address({ hostname: victim })}`]);
    // and leave-cluster.sh (pinned known_hosts) when nodo1 would leave the cluster.
    const viaScript = run.tf(['apply', '-auto-approve', '-input=false', `-replace=${nodeInstallAddress(victim)}`]);
    const ran = calls(scratch).slice(before).filter((c) => ['install-start', 'uninstall', 'kubectl'].includes(c.kind));
    if (viaTerraform.status === 0) problems.push('Terraform connected to a host with another key');
    if (!/knownhosts|host key/i.test(viaTerraform.stderr)) problems.push(`Terraform does not say why: ${viaTerraform.stderr.slice(-400)}`);
    if (viaScript.status === 0) problems.push('leave-cluster.sh connected to a host with another key');
    if (!/Host key verification failed/.test(viaScript.stdout + viaScript.stderr)) problems.push(`leave-cluster.sh does not say why: ${viaScript.stderr.slice(-400)}`);
    if (ran.length) problems.push(`ran on the nodes: ${ran.map((c) => c.line).join(' | ')}`);
    run.hostKeys[victim] = right;
    run.writeSettings(run.version);
    const back = run.tf(['apply', '-auto-approve', '-input=false']);
    const clean = run.tf(['plan', '-detailed-exitcode', '-input=false']);
    if (back.status !== 0 || clean.status !== 0) problems.push(`with the right key again: apply ${back.status}, plan ${clean.status}: ${back.stderr.slice(-400)}`);
    scenario('wrong-host-key', problems);
  }

  // 5. Upgrade: only *_upgrade resources, servers one at a time, then agents, no uninstall.
  {
    run.writeSettings('v1.29.0+k3s1');
    const upPlan = run.tf(['plan', '-input=false', '-out', 'upgrade.tfplan']);
    const changes = upPlan.status === 0 ? run.plannedChanges('upgrade.tfplan') : [];
    const before = calls(scratch).length;
    const upApply = run.tf(['apply', '-auto-approve', '-input=false', 'upgrade.tfplan']);
    cs = calls(scratch).slice(before);
    const upgraded = cs.filter((c) => c.kind === 'install-start' && c.fields.version === 'v1.29.0+k3s1').map((c) => c.fields.node);
    const problems: string[] = [];
    if (!(upPlan.status === 0 && changes.length > 0 && changes.every((a: string) => classifyAddress(a.split(' ')[0])?.kind === 'node-upgrade'))) problems.push(`planned: ${changes.join(', ')}`);
    if (upApply.status !== 0) problems.push(`apply failed: ${upApply.stderr.slice(-800)}`);
    if (!(JSON.stringify(upgraded.slice(0, servers.length)) === JSON.stringify(servers) && serverOrder(cs, 'install', servers) &&
      e.agents.every(([a]) => upgraded.slice(servers.length).includes(a)))) problems.push(`upgrade order: ${upgraded.join(' ')}`);
    if (cs.some((c) => c.kind === 'uninstall')) problems.push('an uninstall ran');
    const versions = versionsOnHosts(run);
    if (Object.values(versions).some((v) => v !== 'v1.29.0+k3s1')) problems.push(`versions: ${JSON.stringify(versions)}`);
    if (ha) {
      const after = etcdPicture(etcd, run);
      if (JSON.stringify(after.clusterIds) !== JSON.stringify(original.clusterIds) || after.members.length !== servers.length) {
        problems.push(`etcd after upgrade: ${JSON.stringify(after)}`);
      }
    }
    if (ha) {
      scenario('upgrade-one-minor', problems);
      // Before the first server upgrade, one snapshot named after the old version, on the first server.
      const snaps = cs.filter((c) => c.kind === 'etcd-snapshot');
      const firstUpgrade = cs.find((c) => c.kind === 'install-start' && c.fields.version === 'v1.29.0+k3s1');
      const listed = run.onHost(servers[0], 'k3s etcd-snapshot ls').stdout;
      const snapshotProblems: string[] = [];
      if (snaps.length !== 1 || snaps[0].fields.node !== servers[0] || snaps[0].fields.name !== 'pre-upgrade-v1.28.3-k3s1') {
        snapshotProblems.push(`snapshots taken: ${snaps.map((c) => `${c.fields.node}:${c.fields.name}`).join(', ') || 'none'}`);
      }
      if (!firstUpgrade || (snaps[0] && snaps[0].t > firstUpgrade.t)) snapshotProblems.push('the snapshot was not taken before the first server upgraded');
      if (!listed.includes(`pre-upgrade-v1.28.3-k3s1-${servers[0]}-`)) snapshotProblems.push(`not on ${servers[0]}: ${listed.trim() || 'no snapshots'}`);
      scenario('pre-upgrade-snapshot', snapshotProblems);
    }
    else check(`${e.stack}: upgrade to the next minor, servers then agents, no uninstall`, problems.length === 0, problems.join('\n'));
  }

  if (ha) {
    // The version guard: a two-minor jump and a downgrade are refused before anything runs.
    const problems: string[] = [];
    for (const [target, words] of [['v1.31.0+k3s1', 'the next allowed minor is v1.30'], ['v1.28.3+k3s1', 'refusing to downgrade K3s v1.29.0+k3s1 -> v1.28.3+k3s1']] as const) {
      const before = calls(scratch).length;
      run.writeSettings(target);
      const r = run.tf(['apply', '-auto-approve', '-input=false']);
      cs = calls(scratch).slice(before);
      if (r.status === 0) problems.push(`${target}: apply succeeded`);
      // The guard's message reaches the user in the provisioner output (stdout).
      if (!(r.stdout + r.stderr).replace(/\s+/g, ' ').includes(words)) problems.push(`${target}: the apply does not say "${words}": ${r.stderr.slice(-400)}`);
      if (cs.some((c) => c.kind === 'install-start')) problems.push(`${target}: the installer ran on ${cs.filter((c) => c.kind === 'install-start').map((c) => c.fields.node).join(',')}`);
      const versions = versionsOnHosts(run);
      if (Object.values(versions).some((v) => v !== 'v1.29.0+k3s1')) problems.push(`${target}: versions now ${JSON.stringify(versions)}`);
    }
    // Back to the running version: the refused upgrade resources converge without touching K3s.
    run.writeSettings('v1.29.0+k3s1');
    const back = run.tf(['apply', '-auto-approve', '-input=false']);
    if (back.status !== 0) problems.push(`apply with the running version failed: ${back.stderr.slice(-400)}`);
    scenario('refuse-skip', problems);
  }

  if (ha) {
    // Replace master3: its member leaves before the uninstall, it joins again.
    const problems: string[] = [];
    const victim = servers[servers.length - 1];
    const before = calls(scratch).length;
    const old = etcdPicture(etcd, run);
    const r = run.tf(['apply', '-auto-approve', '-input=false', `-replace=${nodeInstallAddress(victim)}`]);
    cs = calls(scratch).slice(before);
    const now = etcdPicture(etcd, run);
    const removed = cs.findIndex((c) => c.kind === 'etcd-member-removed' && c.fields.node === victim);
    const uninstalled = cs.findIndex((c) => c.kind === 'uninstall' && c.fields.node === victim);
    if (r.status !== 0) problems.push(`apply failed: ${r.stderr.slice(-800)}`);
    if (removed < 0 || uninstalled < 0 || removed > uninstalled) problems.push(`member removed at call ${removed}, uninstall at ${uninstalled}`);
    if (JSON.stringify(now.clusterIds) !== JSON.stringify(original.clusterIds)) problems.push(`cluster IDs ${now.clusterIds.join(',')} (was ${original.clusterIds.join(',')})`);
    if (JSON.stringify(now.members) !== JSON.stringify(servers)) problems.push(`members ${now.members.join(',')}`);
    if (now.byServer[victim]?.memberId === old.byServer[victim]?.memberId) problems.push(`${victim} kept its member ID: it did not leave and join`);
    for (const s of servers.slice(0, -1)) if (now.byServer[s]?.memberId !== old.byServer[s]?.memberId) problems.push(`${s}'s member ID changed`);
    scenario('replace-server', problems);
  }

  if (ha) {
    // A wiped first server (new disk, same name and address) comes back as a member of the same cluster.
    const problems: string[] = [];
    const first = servers[0];
    run.onHost(first, 'k3s-killall.sh >/dev/null 2>&1; rm -rf /etc/rancher/* /var/lib/rancher/* /usr/local/bin/*');
    const before = calls(scratch).length;
    const r = run.tf(['apply', '-auto-approve', '-input=false', `-replace=${nodeInstallAddress(first)}`]);
    cs = calls(scratch).slice(before);
    const now = etcdPicture(etcd, run);
    if (r.status !== 0) problems.push(`apply failed: ${r.stderr.slice(-800)}`);
    if (cs.some((c) => c.kind === 'etcd-new-cluster')) problems.push(`${first} started a new etcd cluster`);
    if (now.clusterIds.length !== 1 || now.clusterIds[0] !== original.clusterIds[0]) problems.push(`cluster IDs ${JSON.stringify(now.byServer)} (was ${original.clusterIds[0]})`);
    if (JSON.stringify(now.members) !== JSON.stringify(servers)) problems.push(`members ${now.members.join(',')}`);
    const converged = run.tf(['plan', '-detailed-exitcode', '-input=false']);
    if (converged.status !== 0) problems.push(`plan after the replacement is not clean: ${converged.stdout.slice(-400)}`);
    scenario('replace-first-server', problems);
  }

  if (ha) {
    // With master2 stopped, replacing master3 would leave one healthy member of two: refused before anything changes.
    const problems: string[] = [];
    const [stopped, victim] = [servers[1], servers[2]];
    run.onHost(stopped, 'k3s-killall.sh');
    const before = calls(scratch).length;
    const old = etcdPicture(etcd, run);
    const r = run.tf(['apply', '-auto-approve', '-input=false', `-replace=${nodeInstallAddress(victim)}`]);
    cs = calls(scratch).slice(before);
    const rule = `refusing to remove server ${victim}`;
    if (r.status === 0) problems.push('apply succeeded');
    const said = (r.stdout + r.stderr).replace(/\s+/g, ' ');
    if (!said.includes(rule) || !said.includes('quorum')) problems.push(`the apply does not name ${victim} and quorum: ${r.stderr.slice(-500)}`);
    if (cs.some((c) => ['uninstall', 'etcd-member-removed', 'install-start'].includes(c.kind))) problems.push(`changed: ${cs.filter((c) => c.kind !== 'kubectl').map((c) => c.line).join(' | ')}`);
    if (etcd.members(run.address(servers[0]).ip).join(',') !== old.members.join(',')) problems.push('the member list changed');
    run.onHost(stopped, 'k3s-fake-start start');
    const converged = run.tf(['plan', '-detailed-exitcode', '-input=false']);
    if (converged.status !== 0) problems.push(`plan after ${stopped} is back is not clean: ${converged.stdout.slice(-400)}`);
    scenario('refuse-quorum-loss', problems);
    original = etcdPicture(etcd, run);
  }

  if (ha) {
    // master2's etcd dies (K3s exits with it) and master3 is replaced at once: refused by etcd's own
    // health while master2's Node still reads Ready (Kubernetes' node-monitor grace period).
    const problems: string[] = [];
    const [dead, victim] = [servers[1], servers[2]];
    const firstIp = run.address(servers[0]).ip;
    const old = etcdPicture(etcd, run);
    const before = calls(scratch).length;
    const killed = run.onHost(dead, 'kill -9 "$(cat /var/lib/rancher/k3s/etcd.pid)"');
    const started = Date.now();
    const r = run.tf(['apply', '-auto-approve', '-input=false', `-replace=${nodeInstallAddress(victim)}`]);
    const readyThen = nodeReady(run, servers[0], dead);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    cs = calls(scratch).slice(before);
    if (killed.status !== 0) problems.push(`could not kill ${dead}'s etcd: ${killed.stderr}`);
    if (r.status === 0) problems.push('apply succeeded');
    const said = (r.stdout + r.stderr).replace(/\s+/g, ' ');
    if (!said.includes(`refusing to remove server ${victim}`) || !said.includes('quorum')) problems.push(`the apply does not name ${victim} and quorum: ${r.stderr.slice(-500)}`);
    if (readyThen !== 'True') problems.push(`${dead}'s Node reads ${readyThen || 'nothing'} when the apply ended (${seconds} s after its etcd died): the refusal does not show that Node Ready went uncounted`);
    const changes = cs.filter((c) => ['uninstall', 'etcd-member-removed', 'install-start'].includes(c.kind) || (c.kind === 'kubectl' && /\b(drain|delete)\b/.test(c.line)));
    if (changes.length) problems.push(`changed: ${changes.map((c) => c.line).join(' | ')}`);
    if (etcd.members(firstIp).join(',') !== old.members.join(',')) problems.push(`the member list changed: ${etcd.members(firstIp).join(',')}`);
    if (etcd.status(firstIp).clusterId !== old.clusterIds[0]) problems.push('the cluster ID changed');
    run.onHost(dead, 'k3s-killall.sh >/dev/null 2>&1; k3s-fake-start start');
    const converged = run.tf(['plan', '-detailed-exitcode', '-input=false']);
    if (converged.status !== 0) problems.push(`plan after ${dead} is back is not clean: ${converged.stdout.slice(-400)}`);
    scenario('dead-server-quorum', problems);
    original = etcdPicture(etcd, run);
  }

  if (ha) {
    // A server re-installed with another token: K3s (the double) refuses to start with its own message.
    // The project never produces it: every server's config carries the state's random_password.cluster_token,
    // which has no keepers and fixed arguments, so Terraform never regenerates it; the cluster's bootstrap
    // data was written with exactly that token.
    const problems: string[] = [];
    const target = servers[2];
    const ip = run.address(target).ip;
    const old = etcdPicture(etcd, run);
    const config = run.onHost(target, 'cat /etc/rancher/k3s/config.yaml').stdout;
    const installer = join(scratch, 'fake-k3s-install.sh');
    copyFileSync(join(ROOT, 'tools/harness/e2e/fake-k3s-install.sh'), installer);
    const reinstall = (text: string) => sshTo(scratch, ip,
      `umask 077 && cat > /etc/rancher/k3s/config.yaml && INSTALL_K3S_VERSION=${run.version} INSTALL_K3S_EXEC=server sh ${installer}`, text);
    const refusals: [string, string, string][] = [
      ['token-mismatch', config.replace(/^token: .*$/m, `token: ${randomBytes(24).toString('hex')}`), 'bootstrap data already found and encrypted with different token'],
      ['secrets-encryption-changed', config.replace(/^secrets-encryption: .*$/m, 'secrets-encryption: false'), 'critical configuration value mismatch between servers'],
    ];
    for (const [reason, text, words] of refusals) {
      if (text === config) { problems.push(`${reason}: the config has nothing to change`); continue; }
      const before = calls(scratch).length;
      const r = reinstall(text);
      const refused = calls(scratch).slice(before).filter((c) => c.kind === 'start-refused');
      if (r.status === 0) problems.push(`${reason}: the re-install was not refused`);
      if (!r.stderr.includes(words)) problems.push(`${reason}: K3s's message "${words}" missing: ${r.stderr.slice(-300)}`);
      if (!(refused.length === 1 && refused[0].fields.reason === reason && refused[0].fields.node === target)) problems.push(`${reason}: recorded ${refused.map((c) => c.line).join(' | ') || 'no refusal'}`);
    }
    // The state's config back: K3s starts again, same member, same cluster.
    const back = sshTo(scratch, ip, 'umask 077 && cat > /etc/rancher/k3s/config.yaml && k3s-fake-start start', config);
    if (back.status !== 0) problems.push(`${target} did not start again with the state's config: ${back.stderr.slice(-300)}`);
    const now = etcdPicture(etcd, run);
    if (JSON.stringify(now.byServer) !== JSON.stringify(old.byServer)) problems.push(`etcd changed: ${JSON.stringify(old.byServer)} -> ${JSON.stringify(now.byServer)}`);
    // How it is prevented: each server's config holds the state's token, the one the bootstrap data was written with.
    const bootstrapKey = `/bootstrap/${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
    const keys = etcd.keys(run.address(servers[0]).ip, '/bootstrap/');
    if (JSON.stringify(keys) !== JSON.stringify([bootstrapKey])) problems.push(`bootstrap data keys ${keys.length} (${keys.includes(bootstrapKey) ? 'one is' : 'none is'} the state's token)`);
    const without = servers.filter((n) => !run.onHost(n, 'cat /etc/rancher/k3s/config.yaml').stdout.includes(`\ntoken: ${token}\n`));
    if (without.length) problems.push(`the config of ${without.join(',')} does not carry the state's cluster token`);
    const p = run.tf(['plan', '-input=false', '-out', 'token.tfplan']);
    const planned = p.status === 0 ? run.plannedChanges('token.tfplan') : [`plan failed: ${p.stderr.slice(-300)}`];
    if (planned.some((c) => c.startsWith(`${ADDRESSES.clusterToken.address()} `) || c.startsWith('plan failed'))) problems.push(`planned: ${planned.join(', ')}`);
    if (planned.length) problems.push(`the plan after the restart is not clean: ${planned.join(', ')}`);
    scenario('token-mismatch-refused', problems);
  }

  if (ha) {
    // `npm run restore` (bootstrap/restore-cluster.sh over SSH) against the double's real etcd.
    const first = servers[0];
    const firstIp = run.address(first).ip;
    etcd.put(firstIp, 'e2e/first', 'kept');
    const saved = run.onHost(first, 'k3s etcd-snapshot save --name e2e-backup');
    etcd.put(firstIp, 'e2e/second', 'lost');
    const restore = sh(process.execPath, [join(ROOT, 'dist/tools/restore/main.js'), e.stack, '--snapshot', 'e2e-backup', '--yes'],
      { env: { ...process.env, K3S_SETTINGS_DIR: run.settings, SSH_KNOWN_HOSTS: join(scratch, 'known_hosts'), READY_SECONDS: '60' }, allowFail: true });
    run.output.push(restore.stdout, restore.stderr);
    const now = etcdPicture(etcd, run);
    const ready = restore.stdout.trim().split('\n').filter((l) => /=True$/.test(l)).map((l) => l.split('=')[0]).sort();
    const kept = run.onHost(servers[1], 'ls -d /var/lib/rancher/k3s/server/db/etcd-before-restore-*').stdout.trim();
    scenario('snapshot-restore', [
      ...(saved.status === 0 ? [] : [`snapshot: ${saved.stderr}`]),
      ...(restore.status === 0 ? [] : [`restore exited ${restore.status}: ${restore.stderr.slice(-800)}`]),
      ...(etcd.get(firstIp, 'e2e/first') === 'kept' ? [] : ['the key written before the snapshot is gone']),
      ...(etcd.get(firstIp, 'e2e/second') === '' ? [] : ['the key written after the snapshot survived']),
      ...(now.clusterIds.length === 1 && JSON.stringify(now.members) === JSON.stringify(servers) ? [] : [`after restore: ${JSON.stringify(now)}`]),
      ...(JSON.stringify(ready) === JSON.stringify(servers) ? [] : [`Ready after restore: ${ready.join(',') || 'none'} (output: ${restore.stdout.slice(-300)})`]),
      ...(kept ? [] : [`${servers[1]}'s previous etcd data was not kept`]),
    ]);
    original = now;

    // api_endpoint: a virtual IP on the first server's host stands in for kube-vip (which cannot run here).
    run.writeSettings(run.version, { ...run.options, apiEndpoint: API_VIP });
    const moved = run.tf(['apply', '-auto-approve', '-input=false']);
    const agentConfig = run.onHost(agentNames[0], 'cat /etc/rancher/k3s/config.yaml').stdout;
    const kubeconfigServer = (parseYaml(readFileSync(join(run.settings, e.stack, 'kubeconfig'), 'utf8')) as { clusters?: { cluster?: { server?: string } }[] }).clusters?.[0]?.cluster?.server;
    const manifests = servers.filter((n) => run.onHost(n, `grep -q 'value: ${API_VIP}' /var/lib/rancher/k3s/server/manifests/kube-vip.yaml`).status === 0);
    const sans = servers.filter((n) => run.onHost(n, `grep -q -- '- ${API_VIP}' /etc/rancher/k3s/config.yaml`).status === 0);
    const output = run.tf(['output', '-raw', 'api_endpoint']).stdout.trim();
    const afterVip = etcdPicture(etcd, run);
    scenario('api-endpoint', [
      ...(moved.status === 0 ? [] : [`apply: ${moved.stderr.slice(-800)}`]),
      ...(agentConfig.includes(`server: https://${API_VIP}:6443`) ? [] : [`${agentNames[0]} does not register through ${API_VIP}: ${agentConfig.split('\n').filter((l) => l.startsWith('server')).join(' ')}`]),
      ...(kubeconfigServer === `https://${API_VIP}:6443` ? [] : [`the kubeconfig's server is ${kubeconfigServer}`]),
      ...(output === `https://${API_VIP}:6443` ? [] : [`output api_endpoint = ${output}`]),
      ...(manifests.length === servers.length ? [] : [`kube-vip manifest on ${manifests.join(',') || 'no server'} (${servers[0]}: ${run.onHost(servers[0], 'ls -la /var/lib/rancher/k3s/server/manifests 2>&1').stdout.trim()})`]),
      ...(sans.length === servers.length ? [] : [`tls-san has ${API_VIP} on ${sans.join(',') || 'no server'}`]),
      ...(JSON.stringify(afterVip.members) === JSON.stringify(servers) && afterVip.clusterIds.length === 1 ? [] : [`etcd after the change: ${JSON.stringify(afterVip)}`]),
    ]);
    original = afterVip;

    // The server holding the VIP stops K3s: kube-vip on another server takes the lease and the address,
    // and Terraform refreshes the providers' resources through the endpoint.
    const problems: string[] = [];
    const holders = () => servers.filter((n) => run.onHost(n, `ip -4 -o addr show dev eth0 | grep -q ' ${API_VIP}/'`).status === 0);
    let held = holders();
    for (let i = 0; i < 20 && held.length !== 1; i++) { sleepSeconds(1); held = holders(); }
    const holder = held[0];
    if (held.length !== 1) problems.push(`${API_VIP} is held by ${held.join(',') || 'no server'} before the failover`);
    else {
      run.onHost(holder, 'systemctl stop k3s');
      const t0 = Date.now();
      let now = holders();
      while (!(now.length === 1 && now[0] !== holder) && Date.now() - t0 < 30_000) { sleepSeconds(1); now = holders(); }
      const moved = ((Date.now() - t0) / 1000).toFixed(0);
      if (!(now.length === 1 && now[0] !== holder)) problems.push(`${moved} s after ${holder}'s K3s stopped, ${API_VIP} is on ${now.join(',') || 'no server'}`);
      const pong = spawnSync('curl', ['-sk', '--max-time', '5', `https://${API_VIP}:6443/ping`], { encoding: 'utf8' }).stdout;
      if (pong !== 'pong') problems.push(`https://${API_VIP}:6443/ping answers '${pong}' after the move`);
      const refreshed = run.tf(['plan', '-detailed-exitcode', '-input=false']);
      if (refreshed.status !== 0) problems.push(`plan through ${API_VIP} with ${holder} stopped: exit ${refreshed.status} ${(refreshed.stderr || refreshed.stdout).slice(-400)}`);
      run.onHost(holder, 'systemctl start k3s');
      const back = run.tf(['plan', '-detailed-exitcode', '-input=false']);
      if (nodeReady(run, servers.find((n) => n !== holder)!, holder) !== 'True' || back.status !== 0) problems.push(`${holder} back: Ready ${nodeReady(run, servers.find((n) => n !== holder)!, holder)}, plan exit ${back.status}`);
      const ids = etcdPicture(etcd, run);
      if (JSON.stringify(ids.members) !== JSON.stringify(servers) || ids.clusterIds.length !== 1) problems.push(`etcd after the failover: ${JSON.stringify(ids)}`);
    }
    scenario('vip-failover', problems);
  }

  // 6. A server that is down fails the apply naming it; back up, apply converges.
  const [downName] = e.servers[e.servers.length - 1];
  run.writeSettings('v1.30.0+k3s1');
  sh('bash', [HOSTS, 'link', `${hostPrefix}${downName}`, 'down']);
  const failed = run.tf(['apply', '-auto-approve', '-input=false']);
  sh('bash', [HOSTS, 'link', `${hostPrefix}${downName}`, 'up']);
  check(`${e.stack}: apply with ${downName} down fails naming it`, failed.status !== 0 && failed.stderr.includes(`${downName}: cannot reach SSH at`), failed.stderr.slice(-1500));
  const again = run.tf(['apply', '-auto-approve', '-input=false']);
  const converged = run.tf(['plan', '-detailed-exitcode', '-input=false']);
  check(`${e.stack}: after ${downName} is back, apply converges`, again.status === 0 && converged.status === 0, again.stderr.slice(-1500));

  // 7. Destroy: agents drained and uninstalled first, servers in reverse order, each leaving etcd.
  const beforeDestroy = calls(scratch).length;
  const destroy = run.tf(['destroy', '-auto-approve', '-input=false']);
  cs = calls(scratch).slice(beforeDestroy);
  const order = cs.filter((c) => c.kind === 'uninstall').map((c) => c.fields.node);
  const drained = agentNames.every((a) => cs.some((c) => c.kind === 'kubectl' && c.line.includes(`drain ${a}`)));
  check(`${e.stack}: destroy succeeded`, destroy.status === 0, destroy.stderr.slice(-1500));
  check(`${e.stack}: destroy drained agents, uninstalled agents first, then servers in reverse`,
    drained && JSON.stringify(order) === JSON.stringify([...agentNames, ...[...servers].reverse()]), order.join(' '));
  if (ha) {
    const left = cs.filter((c) => c.kind === 'etcd-member-removed').map((c) => c.fields.node);
    check(`${e.stack}: destroy removed the etcd members of master3 and master2 before their uninstall`,
      JSON.stringify(left) === JSON.stringify([...servers].reverse().slice(0, -1)), left.join(' '));
  }

  const all = run.output.join('\n');
  // On failure show where, with the token itself masked.
  const leaks = all.split('\n').flatMap((l) => [token, agentToken].filter((t) => l.includes(t)).map((t) => {
    const at = l.indexOf(t);
    return l.slice(Math.max(0, at - 120), at + t.length + 40).split(t).join('<TOKEN>');
  }));
  check(`${e.stack}: no line of Terraform's output contains a token`, leaks.length === 0, leaks.slice(0, 5).join('\n'));
  check(`${e.stack}: the state is still 0600 after destroy`, stateModes() === 'terraform.tfstate 600, terraform.tfstate.backup 600', stateModes());
  return applySeconds;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('npm run e2e needs root (network namespaces, sshd); CI runs as root');
  for (const [cmd, pkg] of [['ssh', 'openssh-client'], ['/usr/sbin/sshd', 'openssh-server'], ['ip', 'iproute2'], ['unshare', 'util-linux'], ['openssl', 'openssl'], ['curl', 'curl']]) {
    if (spawnSync('bash', ['-c', `command -v ${cmd}`]).status !== 0) throw new Error(`${cmd} is missing: install the Debian package ${pkg}`);
  }
  const etcdBin = sh('bash', [join(ROOT, 'tools/harness/e2e/ensure-etcd.sh')]).stdout.trim();
  const etcd = new Etcd(etcdBin);
  // Outside /tmp: the test hosts mount an empty tmpfs over /tmp.
  mkdirSync('/var/tmp', { recursive: true });
  const scratch = mkdtempSync('/var/tmp/k3s-e2e-');
  const cleanup = () => {
    stopStubProviders();
    spawnSync('bash', [HOSTS, 'down', scratch]);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { cleanup(); process.exit(130); });
  try {
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(scratch, 'id_ed25519')]);
    copyFileSync(join(scratch, 'id_ed25519.pub'), join(scratch, 'authorized_keys'));
    mkdirSync(join(scratch, 'recorder'), { recursive: true });
    writeFileSync(join(scratch, 'recorder/install-seconds'), String(INSTALL_SECONDS));
    writeFileSync(join(scratch, 'recorder/etcd-bin'), etcdBin);
    // Kubernetes' node-monitor grace period (40 s) and K3s's member removal delay, shortened.
    writeFileSync(join(scratch, 'recorder/node-grace-seconds'), String(NODE_GRACE_SECONDS));
    writeFileSync(join(scratch, 'recorder/member-removal-seconds'), '2');
    const prefix = (e: Env) => (e.stack === 'chocolandiadc' ? '' : 'mvp-');
    // The API VIP is no host's own address: the double's kube-vip puts it on the server holding its lease.
    const extra = (e: Env, n: string) => (e.stack === 'chocolandiadc' && n === 'nodo1' ? `+${NODO1_SECOND_ADDRESS}` : '');
    const specs = ENVS.flatMap((e) => [...e.servers, ...e.agents].map(([n, ip]) => `${prefix(e)}${n}=${ip}${extra(e, n)}`));
    sh('bash', [HOSTS, 'up', scratch, ...specs]);
    console.log(`test hosts up: ${specs.join(' ')}`);
    let measured: { e: Env; seconds: number } | undefined;
    // E2E_ONLY=<stack> runs one stack (for profiling); CI runs both.
    for (const e of ENVS.filter((x) => !process.env.E2E_ONLY || x.stack === process.env.E2E_ONLY)) {
      const seconds = await flow(scratch, e, prefix(e), etcd).finally(stopStubProviders);
      // The last stack run (the HA one in CI) is the one measured.
      measured = { e, seconds };
    }
    console.log(`\n${failures === 0 ? 'all e2e checks passed' : `${failures} e2e check(s) FAILED`}`);
    if (measured) {
      const critical = measured.e.servers.length * INSTALL_SECONDS + INSTALL_SECONDS;
      console.log(`apply ${measured.seconds.toFixed(1)} s vs critical path ${critical} s: ratio ${(measured.seconds / critical).toFixed(2)}`);
    }
  } finally {
    cleanup();
    rmSync(scratch, { recursive: true, force: true });
  }
  if (failures) process.exit(1);
}

main().catch((err: unknown) => {
  console.error(`e2e: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
