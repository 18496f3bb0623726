/**
 * `npm run e2e` (root): applies the SSH stacks for real to test hosts and
 * checks what a user relies on. Hosts are network namespaces running sshd
 * (e2e/hosts.sh); K3s is a recording double (e2e/fake-k3s-install.sh)
 * selected through the settings' installer switch; helm/kubernetes/local/
 * random/null are the stub providers; Terraform runs the provisioners.
 */
import { spawnSync } from 'child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from './repo-root';
import { prepareMirror, providersOf, terraformEnv, terraformSync } from './terraform';

const ROOT = repoRoot();
const HOSTS = join(ROOT, 'tools/harness/e2e/hosts.sh');
/**
 * Fixed time the fake installer takes. A real K3s install takes 30-90 s;
 * 10 s keeps the run short while the per-node orchestration cost (about
 * 1 s of SSH steps, plus ~3 s of stub-provider start-ups per apply) stays a
 * small, measurable part of the total.
 */
const INSTALL_SECONDS = Number(process.env.E2E_INSTALL_SECONDS ?? 10);

interface Env {
  readonly stack: 'chocolandiadc-mvp' | 'chocolandiadc';
  readonly servers: [string, string][];
  readonly agents: [string, string][];
}
const ENVS: Env[] = [
  { stack: 'chocolandiadc-mvp', servers: [['master1', '198.18.42.10']], agents: [['nodo1', '198.18.42.11']] },
  {
    stack: 'chocolandiadc',
    servers: [['master1', '198.18.42.20'], ['master2', '198.18.42.21'], ['master3', '198.18.42.22']],
    agents: [['nodo1', '198.18.42.23']],
  },
];

let failures = 0;
function check(what: string, ok: boolean, detail = ''): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `\n     ${detail.replace(/\n/g, '\n     ')}`}`);
  if (!ok) failures++;
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

class Run {
  readonly work: string;
  readonly settings: string;
  readonly output: string[] = [];
  env: NodeJS.ProcessEnv = {};

  constructor(readonly scratch: string, readonly e: Env) {
    this.settings = join(scratch, 'settings');
    this.work = join(scratch, 'work/stacks', e.stack);
  }

  writeSettings(version: string): void {
    const node = ([hostname, ip]: [string, string]) =>
      `  { hostname = "${hostname}", ip_address = "${ip}", ssh_user = "root", ssh_key_path = "${join(this.scratch, 'id_ed25519')}" }`;
    const ha = this.e.stack === 'chocolandiadc'
      ? 'monitoring_namespace = "monitoring"\nprometheus_retention = "15d"\nprometheus_storage_size = "10Gi"\ngrafana_admin_user = "admin"\n' : '';
    writeFileSync(join(this.settings, this.e.stack, 'terraform.tfvars'),
      `cluster_name = "${this.e.stack}"\nk3s_version = "${version}"\n` +
      `k3s_install_script_path = "${join(ROOT, 'tools/harness/e2e/fake-k3s-install.sh')}"\n` +
      `control_plane_nodes = [\n${this.e.servers.map(node).join(',\n')}\n]\nworker_nodes = [\n${this.e.agents.map(node).join(',\n')}\n]\n${ha}`);
  }

  /** Synthesizes with the run's settings and refreshes the working copy (keeping .terraform). */
  synth(): void {
    const out = join(this.scratch, 'cdktf.out');
    sh(process.execPath, [join(ROOT, 'dist/main.js')], { env: { ...process.env, K3S_SETTINGS_DIR: this.settings, CDKTF_OUTDIR: out } });
    mkdirSync(this.work, { recursive: true });
    rmSync(join(this.work, 'assets'), { recursive: true, force: true });
    cpSync(join(out, 'stacks', this.e.stack), this.work, { recursive: true });
    // Fail fast when a host is down (the default waits 120 s for a booting node).
    const file = join(this.work, 'cdk.tf.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"WAIT_SECONDS": "120"/g, '"WAIT_SECONDS": "3"'));
  }

  tf(args: string[]) {
    const r = terraformSync([...args, '-no-color'], this.work, this.env);
    this.output.push(r.stdout, r.stderr);
    return r;
  }
}

function serverOrder(cs: Call[], kind: string, names: string[]): boolean {
  for (let i = 1; i < names.length; i++) {
    const prevDone = cs.find((c) => c.kind === `${kind}-done` && c.fields.node === names[i - 1]);
    const start = cs.find((c) => c.kind === `${kind}-start` && c.fields.node === names[i]);
    if (!prevDone || !start || start.t < prevDone.t) return false;
  }
  return true;
}

/** `hostPrefix` keeps test host names unique across stacks; cluster hostnames stay the documents'. */
async function flow(scratch: string, e: Env, hostPrefix: string): Promise<number> {
  console.log(`\n== ${e.stack}`);
  const run = new Run(scratch, e);
  cpSync(join(ROOT, 'terraform/environments'), run.settings, { recursive: true, filter: (s) => !/tfstate|kubeconfig/.test(s) });
  run.writeSettings('v1.28.3+k3s1');
  run.synth();
  const json = JSON.parse(readFileSync(join(run.work, 'cdk.tf.json'), 'utf8'));
  run.env = terraformEnv(prepareMirror(join(scratch, `mirror-${e.stack}`), providersOf(json)), { SSH_KNOWN_HOSTS: join(scratch, 'known_hosts') });
  const rec = join(scratch, 'recorder/calls.log');
  rmSync(rec, { force: true });
  rmSync(join(scratch, 'recorder/token'), { force: true });

  const init = run.tf(['init', '-input=false']);
  if (init.status !== 0) throw new Error(init.stderr);

  // 1. Apply from empty state.
  const started = Date.now();
  const apply = run.tf(['apply', '-auto-approve', '-input=false']);
  const applySeconds = (Date.now() - started) / 1000;
  check(`${e.stack}: apply from empty state`, apply.status === 0, apply.stderr.slice(-3000));
  if (apply.status !== 0) return applySeconds;
  let cs = calls(scratch);
  const servers = e.servers.map(([n]) => n);
  check(`${e.stack}: servers joined one at a time, in order`, serverOrder(cs, 'install', servers), cs.map((c) => c.line).join('\n'));
  const lastServerDone = cs.find((c) => c.kind === 'install-done' && c.fields.node === servers[servers.length - 1])!;
  const firstDone = cs.find((c) => c.kind === 'install-done' && c.fields.node === servers[0])!;
  check(`${e.stack}: agents joined after the first server was ready`,
    e.agents.every(([a]) => (cs.find((c) => c.kind === 'install-start' && c.fields.node === a)?.t ?? 0) >= firstDone.t && firstDone.t <= lastServerDone.t));

  // 2. Config files and token secrecy.
  // Read outside run.output: the check below is about what Terraform prints unasked.
  const token = terraformSync(['output', '-raw', 'cluster_token', '-no-color'], run.work, run.env).stdout;
  const key = join(scratch, 'id_ed25519');
  for (const [name, ip] of [...e.servers, ...e.agents]) {
    const r = sh('ssh', ['-i', key, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', `UserKnownHostsFile=${join(scratch, 'known_hosts')}`,
      `root@${ip}`, 'stat -c %a /etc/rancher/k3s /etc/rancher/k3s/config.yaml; cat /etc/rancher/k3s/config.yaml']);
    check(`${e.stack}: ${name} config.yaml is 0600 in a 0700 dir and holds the token`,
      r.stdout.startsWith('700\n600\n') && r.stdout.includes(`token: ${token}\n`));
  }
  check(`${e.stack}: token is a real secret`, /^[A-Za-z0-9]{48}$/.test(token));
  const recorded = readFileSync(rec, 'utf8');
  check(`${e.stack}: no recorded argv contains the token`, !recorded.includes(token));

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

  // 5. Upgrade: only *_upgrade resources, servers one at a time, then agents, no uninstall.
  run.writeSettings('v1.29.0+k3s1');
  run.synth();
  const upPlan = run.tf(['plan', '-input=false', '-out', 'upgrade.tfplan']);
  // Not recorded: `show -json` is machine output that carries sensitive values by design.
  const changes = (JSON.parse(terraformSync(['show', '-json', 'upgrade.tfplan'], run.work, run.env).stdout).resource_changes ?? [])
    .filter((c: any) => !(c.change.actions.length === 1 && ['no-op', 'read'].includes(c.change.actions[0])))
    .map((c: any) => c.address as string);
  check(`${e.stack}: version change plans only upgrade resources`, upPlan.status === 0 && changes.length > 0 && changes.every((a: string) => a.endsWith('_upgrade')), changes.join(', '));
  const before = calls(scratch).length;
  const upApply = run.tf(['apply', '-auto-approve', '-input=false', 'upgrade.tfplan']);
  cs = calls(scratch).slice(before);
  const upgraded = cs.filter((c) => c.kind === 'install-start' && c.fields.version === 'v1.29.0+k3s1').map((c) => c.fields.node);
  check(`${e.stack}: upgrade applied`, upApply.status === 0, upApply.stderr.slice(-2000));
  check(`${e.stack}: servers upgraded one at a time, then agents`,
    JSON.stringify(upgraded.slice(0, servers.length)) === JSON.stringify(servers) && serverOrder(cs, 'install', servers) &&
    e.agents.every(([a]) => upgraded.slice(servers.length).includes(a)), upgraded.join(' '));
  check(`${e.stack}: upgrade ran no uninstall`, !cs.some((c) => c.kind === 'uninstall'));

  // 6. A server that is down fails the apply naming it; back up, apply converges.
  const [downName] = e.servers[e.servers.length - 1];
  run.writeSettings('v1.30.0+k3s1');
  run.synth();
  sh('bash', [HOSTS, 'link', `${hostPrefix}${downName}`, 'down']);
  const failed = run.tf(['apply', '-auto-approve', '-input=false']);
  sh('bash', [HOSTS, 'link', `${hostPrefix}${downName}`, 'up']);
  check(`${e.stack}: apply with ${downName} down fails naming it`, failed.status !== 0 && failed.stderr.includes(`${downName}: cannot reach SSH at`), failed.stderr.slice(-1500));
  const again = run.tf(['apply', '-auto-approve', '-input=false']);
  const converged = run.tf(['plan', '-detailed-exitcode', '-input=false']);
  check(`${e.stack}: after ${downName} is back, apply converges`, again.status === 0 && converged.status === 0, again.stderr.slice(-1500));

  // 7. Destroy: agents drained and uninstalled first, servers in reverse order.
  const beforeDestroy = calls(scratch).length;
  const destroy = run.tf(['destroy', '-auto-approve', '-input=false']);
  cs = calls(scratch).slice(beforeDestroy);
  const order = cs.filter((c) => c.kind === 'uninstall').map((c) => c.fields.node);
  const agentNames = e.agents.map(([a]) => a);
  const drained = agentNames.every((a) => cs.some((c) => c.kind === 'kubectl' && c.line.includes(`drain ${a}`)));
  check(`${e.stack}: destroy succeeded`, destroy.status === 0, destroy.stderr.slice(-1500));
  check(`${e.stack}: destroy drained agents, uninstalled agents first, then servers in reverse`,
    drained && JSON.stringify(order) === JSON.stringify([...agentNames, ...[...servers].reverse()]), order.join(' '));

  const all = run.output.join('\n');
  // On failure show where, with the token itself masked.
  const leaks = all.split('\n').filter((l) => l.includes(token)).map((l) => {
    const at = l.indexOf(token);
    return l.slice(Math.max(0, at - 120), at + token.length + 40).split(token).join('<TOKEN>');
  });
  check(`${e.stack}: no line of Terraform's output contains the token`, leaks.length === 0, leaks.slice(0, 5).join('\n'));
  return applySeconds;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('npm run e2e needs root (network namespaces, sshd); CI runs as root');
  for (const [cmd, pkg] of [['ssh', 'openssh-client'], ['/usr/sbin/sshd', 'openssh-server'], ['ip', 'iproute2'], ['unshare', 'util-linux']]) {
    if (spawnSync('bash', ['-c', `command -v ${cmd}`]).status !== 0) throw new Error(`${cmd} is missing: install the Debian package ${pkg}`);
  }
  // Outside /tmp: the test hosts mount an empty tmpfs over /tmp.
  mkdirSync('/var/tmp', { recursive: true });
  const scratch = mkdtempSync('/var/tmp/k3s-e2e-');
  const cleanup = () => {
    spawnSync('bash', [HOSTS, 'down', scratch]);
  };
  process.on('SIGINT', () => { cleanup(); process.exit(130); });
  try {
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(scratch, 'id_ed25519')]);
    copyFileSync(join(scratch, 'id_ed25519.pub'), join(scratch, 'authorized_keys'));
    mkdirSync(join(scratch, 'recorder'), { recursive: true });
    writeFileSync(join(scratch, 'recorder/install-seconds'), String(INSTALL_SECONDS));
    const prefix = (e: Env) => (e.stack === 'chocolandiadc' ? '' : 'mvp-');
    const specs = ENVS.flatMap((e) => [...e.servers, ...e.agents].map(([n, ip]) => `${prefix(e)}${n}=${ip}`));
    sh('bash', [HOSTS, 'up', scratch, ...specs]);
    console.log(`test hosts up: ${specs.join(' ')}`);
    let measured: { e: Env; seconds: number } | undefined;
    // E2E_ONLY=<stack> runs one stack (for profiling); CI runs both.
    for (const e of ENVS.filter((x) => !process.env.E2E_ONLY || x.stack === process.env.E2E_ONLY)) {
      const seconds = await flow(scratch, e, prefix(e));
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
