/**
 * What the e2e runner (../e2e.ts) and every scenario (scenarios/*.ts) share:
 * reporting (check/scenario), the recorder's calls, the real etcd reader,
 * a stack's run (settings writer, Terraform, SSH to the test hosts), the
 * stub providers and the `Context` a scenario's steps receive.
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { repoRoot } from '../../../lib/core/repo-root';
import { startStubProviders, StubProviders, providersOf, terraformSync } from '../terraform';
import type { DocRun, DocRunResult } from './docs';

export const ROOT = repoRoot();
export const HOSTS = join(ROOT, 'tools/harness/e2e/hosts.sh');
/**
 * Fixed time the fake installer takes. A real K3s install takes 30-90 s;
 * 10 s keeps the run short while the per-node orchestration cost (about
 * 1 s of SSH steps, and ~1 s for the double's etcd member to become healthy
 * on a server) stays a small, measurable part of the total.
 */
export const INSTALL_SECONDS = Number(process.env.E2E_INSTALL_SECONDS ?? 10);

// ---------------------------------------------------------------- reporting

let failureCount = 0;
export const failures = (): number => failureCount;

export function check(what: string, ok: boolean, detail = ''): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `\n     ${detail.replace(/\n/g, '\n     ')}`}`);
  if (!ok) failureCount++;
}

/** One line per scenario; `problems` empty means it passed. */
export function scenario(name: string, problems: string[]): void {
  console.log(problems.length === 0 ? `ok scenario ${name}` : `FAIL scenario ${name}: ${problems.join('; ').replace(/\s*\n\s*/g, ' ').slice(0, 600)}`);
  if (problems.length) failureCount++;
}

export function sh(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; allowFail?: boolean; cwd?: string; input?: string } = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: opts.env ?? process.env, cwd: opts.cwd, input: opts.input });
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return r;
}

// ---------------------------------------------------------------- recorder

/** One line the K3s double wrote to recorder/calls.log: `<t> <kind> key=value ...`. */
export interface Call { t: number; kind: string; fields: Record<string, string>; line: string }

export function calls(scratch: string): Call[] {
  const file = join(scratch, 'recorder/calls.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => {
    const [t, kind, ...rest] = line.split(' ');
    const fields = Object.fromEntries(rest.filter((x) => x.includes('=')).map((x) => x.split('=', 2) as [string, string]));
    return { t: Number(t), kind, fields, line };
  });
}

/** True when each of `names` started `kind` only after the previous one finished it. */
export function serverOrder(cs: Call[], kind: string, names: string[]): boolean {
  for (let i = 1; i < names.length; i++) {
    const prevDone = cs.find((c) => c.kind === `${kind}-done` && c.fields.node === names[i - 1]);
    const start = cs.find((c) => c.kind === `${kind}-start` && c.fields.node === names[i]);
    if (!prevDone || !start || start.t < prevDone.t) return false;
  }
  return true;
}

// ---------------------------------------------------------------- etcd

/** Real etcd, read from outside the test hosts (the bridge reaches every member's client URL). */
export class Etcd {
  private certs = '';
  constructor(private readonly bin: string) {}

  /**
   * The double's etcd speaks mutual TLS as K3s's does: copies the cluster's
   * client certificate (server-ca.crt, client.crt, client.key under
   * /var/lib/rancher/k3s/server/tls/etcd) off `server` into `dir` (0600) and
   * reads with it from now on. False when the server has no etcd (SQLite).
   */
  useCertsFrom(run: Run, server: string, dir: string): boolean {
    if (run.onHost(server, 'test -f /var/lib/rancher/k3s/server/tls/etcd/client.crt').status !== 0) return false;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const f of ['server-ca.crt', 'client.crt', 'client.key']) {
      const r = run.onHost(server, `cat /var/lib/rancher/k3s/server/tls/etcd/${f}`);
      if (r.status !== 0) throw new Error(`cannot read ${f} on ${server}: ${r.stderr}`);
      writeFileSync(join(dir, f), r.stdout, { mode: 0o600 });
    }
    this.certs = dir;
    return true;
  }

  private ctl(args: string[]) {
    const tls = this.certs ? ['--cacert', join(this.certs, 'server-ca.crt'), '--cert', join(this.certs, 'client.crt'), '--key', join(this.certs, 'client.key')] : [];
    return spawnSync(join(this.bin, 'etcdctl'), ['--dial-timeout=2s', '--command-timeout=4s', ...tls, ...args], {
      encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' },
    });
  }

  /** Keys under `prefix`, sorted. */
  keys(ip: string, prefix: string): string[] {
    return this.ctl(['--endpoints', `https://${ip}:2379`, 'get', prefix, '--prefix', '--keys-only']).stdout.split('\n').filter(Boolean).sort();
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

  /** Node names of the members (K3s names them <node>-<hex>), sorted. */
  members(ip: string): string[] {
    return this.ctl(['--endpoints', `https://${ip}:2379`, 'member', 'list']).stdout.trim().split('\n').filter(Boolean)
      .map((l) => l.split(', ')[2]?.replace(/-[0-9a-f]+$/, '') ?? '?').sort();
  }
}

/** What the etcd cluster looks like from every server: one cluster ID, its members, each member's ID. */
export interface EtcdPicture {
  byServer: Record<string, { clusterId?: string; memberId?: string }>;
  clusterIds: string[];
  members: string[];
}

// ---------------------------------------------------------------- topology

/** A cluster node: [hostname, first address]. */
export type Node = [hostname: string, ip: string];

/** A test host (network namespace with sshd) that is not a node of the settings at the start (a spare machine). */
export interface TestHost {
  /** Network namespace name without hosts.sh's prefix; unique across the run. */
  readonly name: string;
  readonly ip: string;
  /** More addresses the host answers on (sshd listens on 22 and 2222 of each). */
  readonly extraIps?: readonly string[];
}

/**
 * One stack applied to its own test hosts: the runner brings the hosts up,
 * writes the settings from these node lists, applies from empty state, runs
 * the base checks, then the scenarios of this topology in order, then the
 * closing checks (a server down, destroy). Topologies never share a host:
 * give each its own `hostPrefix` and addresses (198.18.42.0/24).
 */
export interface Topology {
  /** Unique; names the scratch directories (settings, working copy). */
  readonly name: string;
  readonly stack: 'chocolandiadc-mvp' | 'chocolandiadc' | 'k3s-gitops';
  /** Prefix of the test hosts' names (hosts.sh), so that hostnames stay the documents' (master1, nodo1). */
  readonly hostPrefix: string;
  readonly servers: readonly Node[];
  readonly agents: readonly Node[];
  /** Test hosts for nodes a scenario adds to the settings later (e.g. master4, master5), keyed like servers. */
  readonly laterNodes?: readonly Node[];
  /** Settings lines the stack requires besides nodes and version (e.g. the monitoring values). */
  readonly tfvars?: string;
  /** Pin every node's real host key (ssh_host_key) in the settings. */
  readonly pinHostKeys?: boolean;
  /** Its first apply is the one the ratio line measures (the last measured topology run wins). */
  readonly measured?: boolean;
  /** Checks run after the base checks, before its scenarios (reported with check()). */
  readonly afterBase?: (ctx: Context) => Promise<void> | void;
}

/** A scenario file's export (scenarios/<name>.ts). */
export interface Scenario {
  /** Printed as `ok scenario <name>`; the file is scenarios/<name>.ts. */
  readonly name: string;
  readonly topology: Topology;
  /** Scenarios that must have run before on the same topology (E2E_SCENARIOS pulls them in). */
  readonly requires?: readonly string[];
  /** Spare test hosts it uses (brought up with the others, never in the settings unless the scenario adds them). */
  readonly hosts?: readonly TestHost[];
  /** More addresses on a topology node's test host, by hostname (e.g. a second address for nodo1). */
  readonly addresses?: Readonly<Record<string, readonly string[]>>;
  /**
   * This scenario's docs block is how its topology is applied from empty
   * state: the runner calls this for the base apply (even when the scenario
   * itself is not selected) and times the `tofu apply` it makes. At most one
   * scenario per topology; e.g. `baseApply: (ctx) => ctx.docs.run({ scenario: 'ha-apply' })`.
   */
  readonly baseApply?: (ctx: Context) => DocRunResult;
  /** Runs against the cluster the previous scenarios left; returns the problems (empty: ok). */
  steps(ctx: Context): Promise<string[]> | string[];
}

// ---------------------------------------------------------------- a stack's run

export interface SettingsOptions {
  readonly keyPath?: string;
  /** Per hostname: another address and/or SSH port. */
  readonly connection?: Record<string, { ip?: string; port?: number }>;
  /** api_endpoint.address (with kube_vip on eth0). */
  readonly apiEndpoint?: string;
  /** More settings lines, appended as they are (a later writeSettings without them drops them). */
  readonly extra?: string;
  /** Hostnames written with `remove = true` (they leave at the next apply; docs/day2.md). */
  readonly remove?: readonly string[];
}

export class Run {
  /** A project root as a user has it: terraform/environments (settings) and cdktf.out/stacks/<stack> (work). */
  readonly project: string;
  readonly work: string;
  readonly settings: string;
  readonly cdktfOut: string;
  readonly output: string[] = [];
  env: NodeJS.ProcessEnv = {};
  options: SettingsOptions = {};
  version = '';
  /** ssh_host_key per hostname (unset: not verified); kept across writeSettings calls. */
  hostKeys: Record<string, string> = {};
  /** The nodes the settings list (writeSettings writes these): change them to add or remove nodes. */
  servers: Node[];
  agents: Node[];

  constructor(readonly scratch: string, readonly topology: Topology) {
    // Laid out as a user's checkout, so that the docs' relative paths (and Terraform's abspath) resolve the same.
    this.project = join(scratch, `project-${topology.name}`);
    this.settings = join(this.project, 'terraform/environments');
    this.work = join(this.project, 'cdktf.out/stacks', topology.stack);
    // Synth writes here; the working copy keeps .terraform (same depth as cdktf.out: the same relative paths).
    this.cdktfOut = join(this.project, 'cdktf.synth');
    this.servers = topology.servers.map(([h, ip]) => [h, ip]);
    this.agents = topology.agents.map(([h, ip]) => [h, ip]);
  }

  get stack(): string { return this.topology.stack; }

  /** Every node this topology has a test host for (settings' nodes and laterNodes). */
  allNodes(): Node[] {
    return [...this.topology.servers, ...this.topology.agents, ...(this.topology.laterNodes ?? [])].map(([h, ip]) => [h, ip]);
  }

  /** Current address and port of a node. */
  address(hostname: string): { ip: string; port: number } {
    const found = [...this.servers, ...this.agents, ...this.allNodes()].find(([h]) => h === hostname);
    if (!found) throw new Error(`no node ${hostname} in topology ${this.topology.name}`);
    const c = this.options.connection?.[hostname];
    return { ip: c?.ip ?? found[1], port: c?.port ?? 22 };
  }

  /** Writes terraform.tfvars from the node lists, version and options, then synthesizes into the working copy. */
  writeSettings(version: string, options: SettingsOptions = this.options): void {
    this.version = version;
    this.options = options;
    const key = options.keyPath ?? join(this.scratch, 'id_ed25519');
    const node = ([hostname]: Node) => {
      const { ip, port } = this.address(hostname);
      const hostKey = this.hostKeys[hostname] ? `, ssh_host_key = "${this.hostKeys[hostname]}"` : '';
      const remove = options.remove?.includes(hostname) ? ', remove = true' : '';
      return `  { hostname = "${hostname}", ip_address = "${ip}", ssh_user = "root", ssh_key_path = "${key}"${port !== 22 ? `, ssh_port = ${port}` : ''}${hostKey}${remove} }`;
    };
    writeFileSync(join(this.settings, this.stack, 'terraform.tfvars'),
      `cluster_name = "${this.stack}"\nk3s_version = "${version}"\n` +
      `k3s_install_script_path = "${join(ROOT, 'tools/harness/e2e/fake-k3s-install.sh')}"\n` +
      // Fail fast when a host is down (the defaults wait 120 s for a booting node's SSH port,
      // and Terraform retries a connection, e.g. a refused host key, for 5 minutes).
      'ssh_wait_seconds = 3\nssh_timeout_seconds = 30\n' +
      `control_plane_nodes = [\n${this.servers.map(node).join(',\n')}\n]\nworker_nodes = [\n${this.agents.map(node).join(',\n')}\n]\n${this.topology.tfvars ?? ''}` +
      (options.apiEndpoint ? `api_endpoint = { address = "${options.apiEndpoint}", kube_vip = { interface = "eth0" } }\n` : '') +
      (options.extra ? `${options.extra.trimEnd()}\n` : ''));
    this.synth();
  }

  /** Synthesizes with the run's settings and refreshes the working copy (keeping .terraform). */
  synth(): void {
    sh(process.execPath, [join(ROOT, 'dist/main.js')], { env: { ...process.env, K3S_SETTINGS_DIR: this.settings, CDKTF_OUTDIR: this.cdktfOut } });
    mkdirSync(this.work, { recursive: true });
    rmSync(join(this.work, 'assets'), { recursive: true, force: true });
    cpSync(join(this.cdktfOut, 'stacks', this.stack), this.work, { recursive: true });
  }

  /** Terraform in the working copy with the run's environment; output recorded for the token-leak check. */
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

  /** Resource addresses in the state. */
  stateList(): string[] {
    const r = terraformSync(['state', 'list', '-no-color'], this.work, this.env);
    return r.status === 0 ? r.stdout.trim().split('\n').filter(Boolean) : [];
  }
}

/** Runs a command as root on any test host (input on stdin: secrets stay off the command line). */
export function sshTo(scratch: string, ip: string, command: string, input?: string) {
  return spawnSync('ssh', ['-i', join(scratch, 'id_ed25519'), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no',
    '-o', `UserKnownHostsFile=${join(scratch, 'known_hosts')}`, '--', `root@${ip}`, command], { encoding: 'utf8', input });
}

// ---------------------------------------------------------------- stub providers

/** The running stack's stub processes; the runner stops them when its topology ends. */
const stubProviders: StubProviders[] = [];
/**
 * After `init` (which installs the stubs from the mirror as before), every
 * Terraform command of this stack reattaches to one long-lived stub per
 * provider instead of starting a Node process per provider instance
 * (about 3 s per apply). E2E_MANAGED_PROVIDERS=1 keeps the old way.
 */
export async function reattachStubProviders(run: Run, json: any): Promise<void> {
  if (process.env.E2E_MANAGED_PROVIDERS === '1') return;
  const stubs = await startStubProviders(providersOf(json), run.work);
  stubProviders.push(stubs);
  run.env = { ...run.env, TF_REATTACH_PROVIDERS: stubs.reattach };
}
export function stopStubProviders(): void {
  stubProviders.splice(0).forEach((s) => s.stop());
}

// ---------------------------------------------------------------- what a scenario gets

/**
 * A scenario's view of the running topology. Everything a step needs:
 *
 *   ctx.apply('-replace=null_resource.master3_install')  // tofu apply -auto-approve -input=false ...
 *   ctx.plan()                                           // plan -detailed-exitcode: status 0 = clean
 *   const mark = ctx.mark(); ...; ctx.callsSince(mark)   // what the K3s double recorded meanwhile
 *   ctx.etcdPicture(), ctx.baseline                      // etcd now / as the last scenario left it
 *   ctx.run.onHost('master2', 'k3s-killall.sh')          // root on a node's test host
 *   ctx.docs.run('replace-server')                       // the docs' blocks marked `e2e replace-server`, verbatim
 */
export class Context {
  /** The etcd picture the scenarios compare with: set after the base apply; a scenario that legitimately changes it updates it. */
  baseline: EtcdPicture = { byServer: {}, clusterIds: [], members: [] };
  /** What the K3s double recorded during the base apply. */
  baseApplyCalls: Call[] = [];
  /** Values a scenario leaves for a later one that `requires` it. */
  readonly shared: Record<string, unknown> = {};
  /** The tokens (read once after the base apply, never printed). */
  tokens = { cluster: '', agent: '' };
  /** Set by the runner to the scenario being run. */
  scenario = '';
  docs!: DocRun;

  constructor(readonly run: Run, readonly etcd: Etcd, readonly scratch: string, readonly topology: Topology) {}

  /** Hostnames of the servers and agents the settings list now. */
  get servers(): string[] { return this.run.servers.map(([n]) => n); }
  get agents(): string[] { return this.run.agents.map(([n]) => n); }

  apply(...args: string[]) { return this.run.tf(['apply', '-auto-approve', '-input=false', ...args]); }
  plan(...args: string[]) { return this.run.tf(['plan', '-detailed-exitcode', '-input=false', ...args]); }

  calls(): Call[] { return calls(this.scratch); }
  mark(): number { return calls(this.scratch).length; }
  callsSince(mark: number): Call[] { return calls(this.scratch).slice(mark); }

  etcdPicture(): EtcdPicture {
    const byServer = Object.fromEntries(this.servers.map((n) => [n, this.etcd.status(this.run.address(n).ip)]));
    const clusterIds = [...new Set(Object.values(byServer).map((s) => s.clusterId ?? 'none'))];
    const members = this.etcd.members(this.run.address(this.servers[0]).ip);
    return { byServer, clusterIds, members };
  }

  /** `k3s --version` on every node of the settings. */
  versionsOnHosts(): Record<string, string> {
    return Object.fromEntries([...this.servers, ...this.agents].map((n) => [n, this.run.onHost(n, 'k3s --version').stdout.split(' ')[2] ?? 'none']));
  }

  /** Root on a spare test host by address (input on stdin). */
  sshTo(ip: string, command: string, input?: string) { return sshTo(this.scratch, ip, command, input); }

  /** Takes a node's test host off the network or back. */
  link(hostname: string, state: 'up' | 'down'): void {
    sh('bash', [HOSTS, 'link', `${this.topology.hostPrefix}${hostname}`, state]);
  }
}
