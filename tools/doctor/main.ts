/**
 * `npm run doctor -- <env> [--json]`: is this cluster healthy? Read-only.
 * Asks the Kubernetes API with the environment's kubeconfig (kubectl on
 * PATH): nodes Ready and on one K3s version, Longhorn volumes and replicas,
 * Longhorn's backup targets and failed backups,
 * Flux and Argo CD sync state, alerts firing in Prometheus (through the API
 * server's service proxy). SSH only where the API cannot answer: each
 * server's k3s unit, certificate dates and embedded etcd member
 * (bootstrap/doctor-node.sh, sent on stdin). Prints a table, or JSON with
 * --json; exits 1 when anything is unhealthy, each problem with the next
 * command to run; 2 when it cannot run.
 *
 * `--onboarding <node>` (k3s-homelab) runs seed 002's validation for a node
 * being onboarded instead (tools/doctor/onboarding.ts).
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { homedir, tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { backupTargetUrl, parseBackupTarget } from '../../lib/rules/longhorn-backup';
import { AllSettings, ENVIRONMENT_NAMES, EnvironmentName, loadAllSettings, SettingsError } from '../../lib/settings';
import { repoRoot } from '../../lib/core/repo-root';
import {
  alertsCheck, apiCheck, argocdCheck, backupsCheck, certificatesCheck, CheckResult, CommandResult, DoctorServer, DoctorTarget, etcdCheck, fluxCheck,
  longhornCheck, NodeFacts, nodesCheck, parseNodeFacts, renderTable, report, Report, serversCheck, skipped,
} from './checks';
import { onboardingChecks, OnboardingOptions } from './onboarding';
import { isDnsLabel } from '../../lib/rules/network';
import { SANDBOX_KUBECONFIG } from '../../lib/libvirt/k3s-sandbox';

const USAGE = 'usage: npm run doctor -- <environment> [--json] [--onboarding <node>]';

export interface Args { readonly env: EnvironmentName; readonly json: boolean; readonly onboarding?: string }

export function parseArgs(argv: readonly string[]): Args {
  let env: string | undefined; let json = false; let onboarding: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--onboarding') onboarding = argv[++i];
    else if (a.startsWith('--onboarding=')) onboarding = a.slice('--onboarding='.length);
    else if (a === '--help' || a === '-h') throw new Error(USAGE);
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else if (env === undefined) env = a;
    else throw new Error(`unexpected argument ${a}\n${USAGE}`);
  }
  if (!env) throw new Error(`name the environment\n${USAGE}`);
  if (!(ENVIRONMENT_NAMES as string[]).includes(env)) throw new Error(`unknown environment ${env} (one of ${ENVIRONMENT_NAMES.join(', ')})`);
  if (onboarding !== undefined && env !== 'k3s-homelab') throw new Error(`--onboarding is seed 002's validation: k3s-homelab only, got ${env}`);
  if (onboarding !== undefined && !isDnsLabel(onboarding)) throw new Error(`--onboarding ${JSON.stringify(onboarding)}: must be a node name`);
  return { env: env as EnvironmentName, json, ...(onboarding !== undefined ? { onboarding } : {}) };
}

const expandIn = (home: string) => (p: string) => (p.startsWith('~/') ? join(home, p.slice(2)) : p);
const expand = expandIn(homedir());

/** What the doctor needs of an environment, from its settings; the kubeconfig where the stack writes it. */
export function targetFor(env: EnvironmentName, all: AllSettings, settingsDir: string, home: string = homedir()): DoctorTarget {
  const expand = expandIn(home);
  const kubeconfig = join(settingsDir, env, 'kubeconfig');
  const sshServer = (n: { hostname: string; ipAddress: string; sshUser: string; sshKeyPath: string; sshPort?: number; sshHostKey?: string }): DoctorServer => ({
    hostname: n.hostname, ipAddress: n.ipAddress, ssh: { user: n.sshUser, keyPath: n.sshKeyPath, port: n.sshPort ?? 22, hostKey: n.sshHostKey },
  });
  switch (env) {
    case 'chocolandiadc': {
      const s = all[env];
      return {
        env, kubeconfig, k3sVersion: s.k3sVersion, servers: s.controlPlaneNodes.map(sshServer),
        expectedNodes: [...s.controlPlaneNodes, ...s.workerNodes].map((n) => n.hostname), embeddedEtcd: true, monitoringNamespace: s.monitoring.namespace,
      };
    }
    case 'chocolandiadc-mvp': {
      const s = all[env];
      return {
        env, kubeconfig, k3sVersion: s.k3sVersion, servers: s.controlPlaneNodes.map(sshServer),
        expectedNodes: [...s.controlPlaneNodes, ...s.workerNodes].map((n) => n.hostname), embeddedEtcd: false,
      };
    }
    case 'k3s-gitops': {
      const s = all[env];
      return {
        env, kubeconfig, k3sVersion: s.k3sVersion, servers: s.controlPlaneNodes.map(sshServer),
        expectedNodes: [...s.controlPlaneNodes, ...s.workerNodes].map((n) => n.hostname),
        embeddedEtcd: s.controlPlaneNodes.length > 1, monitoringNamespace: 'monitoring',
      };
    }
    case 'k3s-homelab': {
      const s = all[env];
      const backup = s.longhornBackup && parseBackupTarget(s.longhornBackup.target);
      return {
        env,
        kubeconfig: s.server.existing && s.kubeconfigPath ? expand(s.kubeconfigPath) : kubeconfig,
        // An adopted server's kubeconfig is the operator's (kubeconfig_path); tofu apply writes none.
        ...(s.server.existing ? { kubeconfigHint: 'the settings\' kubeconfig_path names the running cluster\'s kubeconfig: copy it there (from k3s1: sudo cat /etc/rancher/k3s/k3s.yaml, server address instead of 127.0.0.1)' } : {}),
        k3sVersion: s.k3sVersion,
        servers: [sshServer(s.server)],
        expectedNodes: [s.server.hostname, ...s.nodes.filter((n) => n.joined).map((n) => n.hostname)],
        // An adopted server keeps whatever datastore it has; one this project installs runs embedded etcd.
        embeddedEtcd: !s.server.existing,
        ...(backup && 'target' in backup ? { longhornBackupTarget: backupTargetUrl(backup.target) } : {}),
      };
    }
    case 'kpi-sandbox': {
      const s = all[env];
      // The VMs take the settings' authorized keys for user ubuntu (cloud-init): your default key.
      // Its stack writes no kubeconfig: the output kubeconfig_command fetches it to SANDBOX_KUBECONFIG.
      return {
        env, kubeconfig: expand(SANDBOX_KUBECONFIG), k3sVersion: s.k3sVersion,
        kubeconfigHint: `fetch it once cloud-init is done: cd cdktf.out/stacks/kpi-sandbox && eval "$(tofu output -raw kubeconfig_command)" (docs/kpi-sandbox.md)`,
        servers: s.nodes.filter((n) => n.role === 'server').map((n) => ({ hostname: n.name, ipAddress: n.ipAddress, ssh: { user: 'ubuntu', port: 22 } })),
        expectedNodes: s.nodes.map((n) => n.name), embeddedEtcd: false,
      };
    }
    default:
      throw new Error(`unknown environment ${String(env)}`);
  }
}

export interface Runner {
  /** kubectl with the environment's kubeconfig; `input` on its stdin (`apply -f -`). */
  kubectl(args: readonly string[], input?: string): CommandResult;
  /** Runs bootstrap/doctor-node.sh on the server with sudo, the script on stdin. */
  ssh(server: DoctorServer, script: string): CommandResult;
}

function spawn(env: NodeJS.ProcessEnv, cmd: string, args: readonly string[], input?: string): CommandResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', input, env, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  if (r.error) return { code: 127, stdout: '', stderr: `${cmd}: ${r.error.message}` };
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** kubectl and ssh as found on `env.PATH`. */
export function systemRunner(kubeconfig: string, env: NodeJS.ProcessEnv = process.env): Runner {
  const knownHosts = env.SSH_KNOWN_HOSTS ?? join(homedir(), '.ssh/known_hosts');
  return {
    kubectl: (args, input) => spawn(env, 'kubectl', ['--kubeconfig', kubeconfig, '--request-timeout=15s', ...args], input),
    ssh: (s, script) => {
      // A pinned key (ssh_host_key) is the only one accepted, from a known_hosts of this run's own;
      // without one, the operator's known_hosts (a changed key is refused), as bootstrap/fetch-kubeconfig.sh does.
      const port = s.ssh?.port ?? 22;
      let pinned: string | undefined;
      if (s.ssh?.hostKey) {
        pinned = join(mkdtempSync(join(tmpdir(), 'k3s-doctor-')), 'known_hosts');
        writeFileSync(pinned, `${port === 22 ? s.ipAddress : `[${s.ipAddress}]:${port}`} ${s.ssh.hostKey}\n`, { mode: 0o600 });
      }
      const hostKeyOptions = pinned
        ? ['-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${pinned}`, '-o', 'GlobalKnownHostsFile=/dev/null']
        : ['-o', 'StrictHostKeyChecking=accept-new', '-o', `UserKnownHostsFile=${knownHosts}`];
      try {
        return spawn(env, 'ssh', [
          ...(s.ssh?.keyPath ? ['-i', expand(s.ssh.keyPath)] : []),
          '-p', String(port), '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', ...hostKeyOptions,
          '--', `${s.ssh?.user}@${s.ipAddress}`, s.ssh?.user === 'root' ? 'bash -s' : 'sudo -n bash -s',
        ], script);
      } finally {
        if (pinned) rmSync(dirname(pinned), { recursive: true, force: true });
      }
    },
  };
}

/** The health checks (see the header), in the order of the table. */
export function healthChecks(t: DoctorTarget, run: Runner, nowMs: number, root: string): CheckResult[] {
  const api = apiCheck(t, run.kubectl(['get', '--raw', '/readyz']));
  const checks: CheckResult[] = [api];
  if (api.status === 'ok') {
    checks.push(nodesCheck(t, run.kubectl(['get', 'nodes', '-o', 'json'])));
  } else {
    checks.push(skipped('nodes', 'the API does not answer'));
  }

  const script = readFileSync(join(root, 'bootstrap/doctor-node.sh'), 'utf8');
  const facts = new Map<string, NodeFacts | { error: string }>();
  for (const s of t.servers) {
    if (!s.ssh || !s.ipAddress) continue;
    const r = run.ssh(s, script);
    facts.set(s.hostname, r.code === 0 ? parseNodeFacts(r.stdout) : { error: (r.stderr.trim().split('\n').pop() ?? '').slice(0, 200) || `exit ${r.code}` });
  }
  checks.push(serversCheck(t, facts), etcdCheck(t, facts), certificatesCheck(t, facts, nowMs));

  if (api.status !== 'ok') {
    for (const name of ['longhorn', 'backups', 'flux', 'argocd', 'alerts']) checks.push(skipped(name, 'the API does not answer'));
    return checks;
  }
  checks.push(longhornCheck(t,
    run.kubectl(['-n', 'longhorn-system', 'get', 'volumes.longhorn.io', '-o', 'json']),
    run.kubectl(['-n', 'longhorn-system', 'get', 'replicas.longhorn.io', '-o', 'json'])));
  checks.push(backupsCheck(t,
    run.kubectl(['-n', 'longhorn-system', 'get', 'backuptargets.longhorn.io', '-o', 'json']),
    () => run.kubectl(['-n', 'longhorn-system', 'get', 'backups.longhorn.io', '-o', 'json'])));
  checks.push(fluxCheck(t, run.kubectl(['get', 'kustomizations.kustomize.toolkit.fluxcd.io,helmreleases.helm.toolkit.fluxcd.io', '-A', '-o', 'json'])));
  checks.push(argocdCheck(t, run.kubectl(['get', 'applications.argoproj.io', '-A', '-o', 'json'])));
  checks.push(alertsCheck(t, t.monitoringNamespace
    ? run.kubectl(['get', '--raw', `/api/v1/namespaces/${t.monitoringNamespace}/services/kube-prometheus-stack-prometheus:9090/proxy/api/v1/alerts`])
    : undefined));
  return checks;
}

export interface MainOptions {
  readonly settingsDir?: string;
  /** Environment of kubectl and ssh (PATH finds them). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  readonly nowMs?: number;
  readonly out?: (text: string) => void;
  /** Timing of the onboarding test PVC. */
  readonly onboarding?: OnboardingOptions;
}

export async function main(argv: readonly string[], opts: MainOptions = {}): Promise<number> {
  const args = parseArgs(argv);
  const root = repoRoot();
  const settingsDir = resolve(opts.settingsDir ?? process.env.K3S_SETTINGS_DIR ?? join(root, 'terraform/environments'));
  const all = await loadAllSettings({ settingsDir });
  const env = opts.env ?? process.env;
  const t = targetFor(args.env, all, settingsDir, env.HOME || homedir());
  if (!existsSync(t.kubeconfig)) {
    throw new Error(`no kubeconfig at ${t.kubeconfig}: ${t.kubeconfigHint ?? 'apply the environment first (tofu apply writes it)'}`);
  }
  const run = systemRunner(t.kubeconfig, env);
  const nowMs = opts.nowMs ?? Date.now();
  const checks = args.onboarding !== undefined
    ? onboardingChecks(t, all['k3s-homelab'], args.onboarding, run, root, opts.onboarding)
    : healthChecks(t, run, nowMs, root);
  const r: Report = report(args.onboarding !== undefined ? `${args.env} onboarding ${args.onboarding}` : args.env, checks);
  (opts.out ?? ((s: string) => process.stdout.write(s)))(args.json ? `${JSON.stringify(r, null, 2)}\n` : renderTable(r));
  return r.healthy ? 0 : 1;
}

/** Entry point of `npm run doctor` (tools/doctor.js). */
export function cli(): void {
  main(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
    console.error(err instanceof SettingsError ? err.message : `doctor: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  });
}

if (require.main === module) cli();
