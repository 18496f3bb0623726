/**
 * The checks of `npm run doctor`: each turns what kubectl or a server's
 * doctor-node.sh printed into a result with its problems, and every problem
 * names the next command to run. Pure functions: tools/doctor/main.ts runs
 * the commands.
 */
import { DEFAULT_SSH_PORT } from '../../lib/rules/ssh-connection';

export interface Problem {
  readonly message: string;
  /** The next command to run (or the next thing to do). */
  readonly next: string;
}

export type CheckStatus = 'ok' | 'problem' | 'skipped';

export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  /** One line for the table. */
  readonly detail: string;
  readonly problems: readonly Problem[];
}

/** One server as the doctor reaches it. */
export interface DoctorServer {
  readonly hostname: string;
  readonly ipAddress?: string;
  /** `hostKey`: the pinned public key (ssh_host_key); only it is accepted. */
  readonly ssh?: { readonly user: string; readonly keyPath?: string; readonly port: number; readonly hostKey?: string };
}

/** What the doctor knows of an environment, from its settings. */
export interface DoctorTarget {
  readonly env: string;
  readonly kubeconfig: string;
  /** What makes the kubeconfig when it is missing. @default - apply the environment (tofu apply writes it) */
  readonly kubeconfigHint?: string;
  readonly k3sVersion: string;
  readonly servers: readonly DoctorServer[];
  /** Hostnames that must be nodes of the cluster. */
  readonly expectedNodes: readonly string[];
  readonly embeddedEtcd: boolean;
  /** Namespace of kube-prometheus-stack, where it runs. */
  readonly monitoringNamespace?: string;
  /** The backup target URL the settings give Longhorn (k3s-homelab's longhorn_backup). */
  readonly longhornBackupTarget?: string;
}

/** A command's result as recorded or run. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const DAY_MS = 86_400_000;
export const CERT_WARNING_DAYS = 30;
export const CERT_CRITICAL_DAYS = 7;

const result = (name: string, problems: Problem[], okDetail: string, problemDetail?: string): CheckResult => ({
  name,
  status: problems.length ? 'problem' : 'ok',
  detail: problems.length ? (problemDetail ?? `${problems.length} problem(s)`) : okDetail,
  problems,
});

export const skipped = (name: string, detail: string): CheckResult => ({ name, status: 'skipped', detail, problems: [] });

/** kubectl's answer when a resource type (a CRD) is not installed. */
export const missingResourceType = (r: CommandResult) => r.code !== 0 && /doesn't have a resource type|the server could not find the requested resource/.test(r.stderr);

/** The API did not answer: every later API check says the same, so this one carries the next step. */
export function apiCheck(t: DoctorTarget, r: CommandResult): CheckResult {
  if (r.code === 0) return result('api', [], 'the API server answers');
  return result('api', [{
    message: `the Kubernetes API does not answer with ${t.kubeconfig}: ${firstLine(r.stderr)}`,
    next: t.servers[0]?.ssh
      ? `${sshCommand(t.servers[0])} sudo systemctl status k3s   (and check ${t.kubeconfig} names a reachable server)`
      : `check ${t.kubeconfig} names a reachable API server`,
  }], '', 'no answer');
}

interface NodeList { items: { metadata: { name: string; labels?: Record<string, string> }; status: { conditions?: { type: string; status: string }[]; nodeInfo?: { kubeletVersion?: string } } }[] }

export function nodesCheck(t: DoctorTarget, r: CommandResult): CheckResult {
  const nodes = (JSON.parse(r.stdout) as NodeList).items;
  const problems: Problem[] = [];
  const names = new Set(nodes.map((n) => n.metadata.name));
  for (const want of t.expectedNodes) {
    if (!names.has(want)) problems.push({ message: `node ${want} (in the settings) is not in the cluster`, next: `npm run synth && cd cdktf.out/stacks/${t.env} && tofu plan   (the node's install has not run or has failed)` });
  }
  for (const n of nodes) {
    const ready = n.status.conditions?.find((c) => c.type === 'Ready')?.status;
    if (ready !== 'True') problems.push({ message: `node ${n.metadata.name} is not Ready (${ready ?? 'no Ready condition'})`, next: `kubectl --kubeconfig ${t.kubeconfig} describe node ${n.metadata.name}` });
    for (const c of n.status.conditions ?? []) {
      if (c.type !== 'Ready' && c.status === 'True') problems.push({ message: `node ${n.metadata.name} has ${c.type}`, next: `kubectl --kubeconfig ${t.kubeconfig} describe node ${n.metadata.name}` });
    }
  }
  const versions = [...new Set(nodes.map((n) => n.status.nodeInfo?.kubeletVersion ?? '?'))];
  if (versions.length > 1) {
    const by = nodes.map((n) => `${n.metadata.name}=${n.status.nodeInfo?.kubeletVersion}`).join(', ');
    problems.push({ message: `nodes run different K3s versions: ${by}`, next: `npm run synth && cd cdktf.out/stacks/${t.env} && tofu plan   (k3s_version = "${t.k3sVersion}": apply upgrades the others node by node)` });
  } else if (versions[0] && versions[0] !== t.k3sVersion) {
    problems.push({ message: `nodes run ${versions[0]}, the settings say ${t.k3sVersion}`, next: `npm run synth && cd cdktf.out/stacks/${t.env} && tofu plan   (an apply changes the version node by node)` });
  }
  const ready = nodes.filter((n) => n.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
  return result('nodes', problems, `${ready}/${nodes.length} Ready, ${versions.join(', ')}`, `${ready}/${nodes.length} Ready, ${versions.join(', ')}`);
}

/** doctor-node.sh's output, parsed. */
export interface NodeFacts {
  readonly service: string;
  readonly certs: readonly { readonly path: string; readonly notAfterSeconds: number }[];
  /** Metric name -> value; undefined when etcd did not answer. */
  readonly etcd?: Readonly<Record<string, number>>;
}

export function parseNodeFacts(stdout: string): NodeFacts {
  let service = 'unknown';
  const certs: { path: string; notAfterSeconds: number }[] = [];
  let etcd: Record<string, number> | undefined = {};
  for (const line of stdout.split('\n')) {
    const [kind, a, b] = line.trim().split(/\s+/);
    if (kind === 'service') service = a ?? 'unknown';
    else if (kind === 'cert' && a && b && /^\d+$/.test(b)) certs.push({ path: a, notAfterSeconds: Number(b) });
    else if (kind === 'etcd' && a === 'unreachable') etcd = undefined;
    else if (kind === 'etcd' && a && b !== undefined && etcd) etcd[a] = Number(b);
  }
  return { service, certs, ...(etcd ? { etcd } : {}) };
}

export const sshCommand = (s: DoctorServer) => (s.ssh
  ? `ssh ${s.ssh.keyPath ? `-i ${s.ssh.keyPath} ` : ''}${s.ssh.port !== DEFAULT_SSH_PORT ? `-p ${s.ssh.port} ` : ''}${s.ssh.user}@${s.ipAddress ?? s.hostname}`
  : `ssh ${s.hostname}`);

/** What each server said over SSH (undefined: SSH failed, with its error). */
export type ServerFacts = ReadonlyMap<string, NodeFacts | { readonly error: string }>;

const isError = (f: NodeFacts | { readonly error: string } | undefined): f is { readonly error: string } => !!f && 'error' in f;

export function serversCheck(t: DoctorTarget, facts: ServerFacts): CheckResult {
  const problems: Problem[] = [];
  for (const s of t.servers) {
    const f = facts.get(s.hostname);
    if (!f) continue;
    if (isError(f)) problems.push({ message: `cannot reach ${s.hostname} over SSH: ${f.error}`, next: `${sshCommand(s)} true` });
    else if (f.service !== 'active') problems.push({ message: `k3s on ${s.hostname} is ${f.service}`, next: `${sshCommand(s)} sudo journalctl -u k3s -n 100` });
  }
  const reached = t.servers.filter((s) => facts.has(s.hostname)).length;
  if (reached === 0) return skipped('servers', 'no SSH details in the settings');
  const active = t.servers.filter((s) => { const f = facts.get(s.hostname); return f && !isError(f) && f.service === 'active'; }).length;
  return result('servers', problems, `k3s active on ${active}/${t.servers.length}`, `k3s active on ${active}/${t.servers.length}`);
}

export function certificatesCheck(t: DoctorTarget, facts: ServerFacts, nowMs: number): CheckResult {
  const problems: Problem[] = [];
  const earliest: string[] = [];
  for (const s of t.servers) {
    const f = facts.get(s.hostname);
    if (!f || isError(f) || f.certs.length === 0) continue;
    const first = [...f.certs].sort((a, b) => a.notAfterSeconds - b.notAfterSeconds)[0];
    const days = Math.floor((first.notAfterSeconds * 1000 - nowMs) / DAY_MS);
    earliest.push(`${s.hostname} ${new Date(first.notAfterSeconds * 1000).toISOString().slice(0, 10)} (${days}d)`);
    if (days < CERT_WARNING_DAYS) {
      problems.push({
        message: `${s.hostname}: ${first.path} ${days < 0 ? 'has expired' : `expires in ${days} days`}${days < CERT_CRITICAL_DAYS ? ' (critical)' : ''}`,
        next: `${sshCommand(s)} sudo systemctl restart k3s   (K3s renews certificates near expiry when it starts; one server at a time)`,
      });
    }
  }
  if (earliest.length === 0) return skipped('certificates', 'no server answered over SSH');
  return result('certificates', problems, `earliest: ${earliest.join(', ')}`, `earliest: ${earliest.join(', ')}`);
}

export function etcdCheck(t: DoctorTarget, facts: ServerFacts): CheckResult {
  if (!t.embeddedEtcd) return skipped('etcd', 'no embedded etcd (single server)');
  const problems: Problem[] = [];
  let up = 0; const leaders: string[] = []; let answered = 0;
  for (const s of t.servers) {
    const f = facts.get(s.hostname);
    if (!f || isError(f)) continue;
    answered++;
    if (!f.etcd) {
      problems.push({ message: `etcd on ${s.hostname} does not answer`, next: `${sshCommand(s)} sudo journalctl -u k3s -n 100 | grep -i etcd` });
      continue;
    }
    up++;
    if (f.etcd.etcd_server_has_leader !== 1) problems.push({ message: `etcd on ${s.hostname} has no leader`, next: `${sshCommand(s)} sudo journalctl -u k3s -n 100 | grep -i etcd   (check 2379-2380/tcp between the servers)` });
    if (f.etcd.etcd_server_is_leader === 1) leaders.push(s.hostname);
  }
  if (answered === 0) return skipped('etcd', 'no server answered over SSH');
  const quorum = Math.floor(t.servers.length / 2) + 1;
  if (up < quorum) problems.unshift({ message: `only ${up} of ${t.servers.length} etcd members answer: quorum (${quorum}) is lost`, next: `start k3s on the stopped servers; if they are gone for good: npm run restore -- ${t.env} --snapshot <name> (docs/recovery.md)` });
  if (up > 0 && leaders.length !== 1) problems.push({ message: `${leaders.length} etcd members claim to lead (${leaders.join(', ') || 'none'})`, next: `${sshCommand(t.servers[0])} sudo journalctl -u k3s -n 200 | grep -i 'leader'` });
  return result('etcd', problems, `${up}/${t.servers.length} members, leader ${leaders.join(', ') || 'none'}`);
}

interface VolumeList { items: { metadata: { name: string }; spec: { numberOfReplicas?: number }; status?: { state?: string; robustness?: string } }[] }
interface ReplicaList { items: { spec: { volumeName: string; nodeID?: string }; status?: { currentState?: string } }[] }

export function longhornCheck(t: DoctorTarget, volumes: CommandResult, replicas: CommandResult): CheckResult {
  if (missingResourceType(volumes)) return skipped('longhorn', 'Longhorn is not installed');
  const vols = (JSON.parse(volumes.stdout) as VolumeList).items;
  const reps = replicas.code === 0 ? (JSON.parse(replicas.stdout) as ReplicaList).items : [];
  const problems: Problem[] = [];
  for (const v of vols) {
    const running = reps.filter((r) => r.spec.volumeName === v.metadata.name && r.status?.currentState === 'running').length;
    const want = v.spec.numberOfReplicas ?? 0;
    const robustness = v.status?.robustness ?? 'unknown';
    const attached = v.status?.state === 'attached';
    // A detached volume has no running replicas and reports robustness "unknown": that is fine.
    if (attached && (robustness !== 'healthy' || running < want)) {
      problems.push({
        message: `volume ${v.metadata.name} is ${robustness} (${running}/${want} replicas running)`,
        next: `kubectl --kubeconfig ${t.kubeconfig} -n longhorn-system get replicas.longhorn.io -l longhornvolume=${v.metadata.name} -o wide`,
      });
    }
  }
  return result('longhorn', problems, `${vols.length} volume(s) healthy or detached`, `${problems.length} of ${vols.length} volume(s) not healthy`);
}

interface BackupTargetList { items: { metadata: { name: string }; spec?: { backupTargetURL?: string; credentialSecret?: string }; status?: { available?: boolean; lastSyncedAt?: string; conditions?: { message?: string }[] } }[] }
interface BackupList { items: { metadata: { name: string }; status?: { state?: string; error?: string; volumeName?: string } }[] }

/**
 * Longhorn's backup targets (BackupTarget objects, Longhorn 1.8+) and its
 * failed backups (state "Error"; Longhorn deletes them after its
 * failed-backup-ttl, a day by default). `backups` is asked only when a
 * target is set.
 */
export function backupsCheck(t: DoctorTarget, targets: CommandResult, backups: () => CommandResult): CheckResult {
  if (missingResourceType(targets)) return skipped('backups', 'Longhorn is not installed');
  const kc = `kubectl --kubeconfig ${t.kubeconfig} -n longhorn-system`;
  const set = (JSON.parse(targets.stdout) as BackupTargetList).items.filter((b) => b.spec?.backupTargetURL);
  const problems: Problem[] = [];
  if (t.longhornBackupTarget && !set.some((b) => b.spec?.backupTargetURL === t.longhornBackupTarget)) {
    problems.push({
      message: `longhorn_backup sets ${t.longhornBackupTarget}, but Longhorn's targets are ${set.map((b) => b.spec?.backupTargetURL).join(', ') || 'none'}`,
      next: `flux --kubeconfig ${t.kubeconfig} reconcile helmrelease longhorn -n longhorn-system --with-source   (it reads the ConfigMap longhorn-backup-values; apply first if tofu plan shows it)`,
    });
  }
  if (set.length === 0) return problems.length ? result('backups', problems, '') : skipped('backups', 'no backup target (longhorn_backup, docs/operations.md#longhorn-backups)');
  for (const b of set.filter((x) => x.status?.available !== true)) {
    const why = b.status?.conditions?.find((c) => c.message)?.message;
    problems.push({
      message: `backup target ${b.metadata.name} (${b.spec?.backupTargetURL}) is not available${why ? `: ${firstLine(why)}` : ''}`,
      next: `${kc} get backuptargets.longhorn.io ${b.metadata.name} -o yaml   (check the store answers${b.spec?.credentialSecret ? ` and the keys in Secret ${b.spec.credentialSecret}` : ''})`,
    });
  }
  const answer = backups();
  const list = answer.code === 0 ? (JSON.parse(answer.stdout) as BackupList).items : [];
  const failed = list.filter((x) => x.status?.state === 'Error');
  for (const b of failed) {
    problems.push({
      message: `backup ${b.metadata.name} of volume ${b.status?.volumeName ?? '?'} failed${b.status?.error ? `: ${firstLine(b.status.error)}` : ''}`,
      next: `${kc} get backups.longhorn.io ${b.metadata.name} -o yaml`,
    });
  }
  const synced = set.map((b) => `${b.spec?.backupTargetURL} ${b.status?.available ? 'available' : 'NOT available'}${b.status?.lastSyncedAt ? `, synced ${b.status.lastSyncedAt}` : ''}`).join('; ');
  return result('backups', problems, `${synced}; ${list.length} backup(s)`, `${synced}; ${list.length} backup(s), ${failed.length} failed`);
}

interface FluxList { items: { kind: string; metadata: { name: string; namespace: string }; spec?: { suspend?: boolean }; status?: { conditions?: { type: string; status: string; message?: string }[] } }[] }

export function fluxCheck(t: DoctorTarget, r: CommandResult): CheckResult {
  if (missingResourceType(r)) return skipped('flux', 'Flux is not installed');
  const items = (JSON.parse(r.stdout) as FluxList).items;
  const problems: Problem[] = [];
  for (const i of items) {
    if (i.spec?.suspend) continue;
    const ready = i.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status !== 'True') {
      problems.push({
        message: `${i.kind} ${i.metadata.namespace}/${i.metadata.name} is not ready${ready?.message ? `: ${firstLine(ready.message)}` : ''}`,
        next: `flux --kubeconfig ${t.kubeconfig} reconcile ${i.kind === 'HelmRelease' ? 'helmrelease' : 'kustomization'} ${i.metadata.name} -n ${i.metadata.namespace} --with-source`,
      });
    }
  }
  return result('flux', problems, `${items.length} Kustomization(s)/HelmRelease(s) ready`);
}

interface AppList { items: { metadata: { name: string; namespace: string }; status?: { sync?: { status?: string }; health?: { status?: string } } }[] }

export function argocdCheck(t: DoctorTarget, r: CommandResult): CheckResult {
  if (missingResourceType(r)) return skipped('argocd', 'Argo CD is not installed');
  const apps = (JSON.parse(r.stdout) as AppList).items;
  const problems: Problem[] = [];
  for (const a of apps) {
    const sync = a.status?.sync?.status ?? 'Unknown';
    const health = a.status?.health?.status ?? 'Unknown';
    if (sync !== 'Synced' || health !== 'Healthy') {
      problems.push({
        message: `Application ${a.metadata.name} is ${sync}, ${health}`,
        next: `kubectl --kubeconfig ${t.kubeconfig} -n ${a.metadata.namespace} get application ${a.metadata.name} -o jsonpath='{.status.conditions}{.status.operationState.message}'`,
      });
    }
  }
  return result('argocd', problems, `${apps.length} Application(s) Synced and Healthy`);
}

interface AlertsAnswer { data: { alerts: { labels: Record<string, string>; state: string; annotations?: Record<string, string> }[] } }

/** Alerts that only say the pipeline works. */
const ALWAYS_FIRING = new Set(['Watchdog', 'InfoInhibitor']);

export function alertsCheck(t: DoctorTarget, r: CommandResult | undefined): CheckResult {
  if (!t.monitoringNamespace) return skipped('alerts', 'no kube-prometheus-stack in this environment');
  if (!r || r.code !== 0) {
    return result('alerts', [{
      message: `Prometheus does not answer through the API (${firstLine(r?.stderr ?? '')})`,
      next: `kubectl --kubeconfig ${t.kubeconfig} -n ${t.monitoringNamespace} get pods`,
    }], '', 'Prometheus does not answer');
  }
  const alerts = (JSON.parse(r.stdout) as AlertsAnswer).data.alerts.filter((a) => !ALWAYS_FIRING.has(a.labels.alertname));
  const firing = alerts.filter((a) => a.state === 'firing');
  const problems = firing.map((a) => ({
    message: `alert ${a.labels.alertname} (${a.labels.severity ?? 'no severity'}) is firing${a.annotations?.summary ? `: ${a.annotations.summary}` : ''}`,
    next: a.annotations?.next ?? `see docs/operations.md, or kubectl --kubeconfig ${t.kubeconfig} -n ${t.monitoringNamespace} port-forward svc/kube-prometheus-stack-prometheus 9090:9090 and open /alerts`,
  }));
  const pending = alerts.length - firing.length;
  return result('alerts', problems, `none firing${pending ? `, ${pending} pending` : ''}`, `${firing.length} firing${pending ? `, ${pending} pending` : ''}`);
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 200) ?? '';
}

export interface Report {
  readonly env: string;
  readonly healthy: boolean;
  readonly checks: readonly CheckResult[];
}

export function report(env: string, checks: readonly CheckResult[]): Report {
  return { env, healthy: checks.every((c) => c.status !== 'problem'), checks };
}

/** The terminal table, then each problem with its next command. */
export function renderTable(r: Report): string {
  const mark = (s: CheckStatus) => (s === 'ok' ? 'ok' : s === 'problem' ? 'PROBLEM' : 'skipped');
  const width = Math.max(...r.checks.map((c) => c.name.length), 5);
  const lines = [`${'CHECK'.padEnd(width)}  ${'STATUS'.padEnd(7)}  DETAIL`];
  for (const c of r.checks) lines.push(`${c.name.padEnd(width)}  ${mark(c.status).padEnd(7)}  ${c.detail}`);
  const problems = r.checks.flatMap((c) => c.problems.map((p) => ({ check: c.name, ...p })));
  if (problems.length) {
    lines.push('', `${r.env}: ${problems.length} problem(s)`);
    for (const p of problems) lines.push(`- [${p.check}] ${p.message}`, `  next: ${p.next}`);
  } else {
    lines.push('', `${r.env}: healthy`);
  }
  return `${lines.join('\n')}\n`;
}
