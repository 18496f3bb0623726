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
import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { homedir } from 'os';
import { backupTargetUrl, parseBackupTarget } from '../../lib/rules/longhorn-backup';
import { AllSettings, ENVIRONMENT_NAMES, EnvironmentName, loadAllSettings, SettingsError } from '../../lib/settings';
import { repoRoot } from '../../lib/core/repo-root';
import { DEFAULT_SSH_PORT } from '../../lib/rules/ssh-connection';
import {
  alertsCheck, apiCheck, argocdCheck, backupsCheck, certificatesCheck, CheckResult, DoctorServer, DoctorTarget, etcdCheck, fluxCheck,
  longhornCheck, NodeFacts, nodesCheck, parseNodeFacts, renderTable, report, Report, serversCheck, skipped,
} from './checks';
import { onboardingChecks, OnboardingOptions } from './onboarding';
import { Runner, systemRunner } from './runner';
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

/** What the doctor needs of an environment, from its settings; the kubeconfig where the stack writes it. */
export function targetFor(env: EnvironmentName, all: AllSettings, settingsDir: string, home: string = homedir()): DoctorTarget {
  const expand = expandIn(home);
  const kubeconfig = join(settingsDir, env, 'kubeconfig');
  const sshServer = (n: { hostname: string; ipAddress: string; sshUser: string; sshKeyPath: string; sshPort?: number; sshHostKey?: string }): DoctorServer => ({
    hostname: n.hostname, ipAddress: n.ipAddress, ssh: { user: n.sshUser, keyPath: n.sshKeyPath, port: n.sshPort ?? DEFAULT_SSH_PORT, hostKey: n.sshHostKey },
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
        servers: s.nodes.filter((n) => n.role === 'server').map((n) => ({ hostname: n.name, ipAddress: n.ipAddress, ssh: { user: 'ubuntu', port: DEFAULT_SSH_PORT } })),
        expectedNodes: s.nodes.map((n) => n.name), embeddedEtcd: false,
      };
    }
    default:
      throw new Error(`unknown environment ${String(env)}`);
  }
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
