/**
 * The review of one stack: what a `tofu plan` would change, read from two
 * synthesized JSONs (no state, no provider, no network), as Markdown, with
 * every secret masked and the risky changes called out.
 */
import { ADDRESSES, classifyAddress, isNodeInstall } from '../../lib/core/addresses';
import { RECONFIGURE_TRIGGERS } from '../../lib/k3s/reconfigure-triggers';
import { connectionTriggerKeys } from '../../lib/k3s/ssh';
import { kubePrometheusStackUpgradeSteps } from '../../lib/rules/kube-prometheus-stack-upgrade';
import { backupChangeInWords, LONGHORN_ARGOCD_APPLICATION, LONGHORN_BACKUP_VALUES_KEY, LonghornBackupValues } from '../../lib/rules/longhorn-backup';
import { missingHostKeyWarning } from '../../lib/rules/ssh-key';
import { versionChange } from '../../lib/rules/k3s-version';
import { parse as parseYaml } from 'yaml';
import { FORCE_NEW } from '../providers/force-new';
import { providerSchema } from '../providers/pinned';
import { Block } from '../providers/schema';
import { configChangesInWords, sqliteToEtcdWarning } from './node-config-changes';

export const MASK = '(sensitive)';
type Json = any;

interface Change { readonly path: string; readonly before: unknown; readonly after: unknown }

/** Addresses of managed resources: `type.name` -> body. */
function resources(json: Json | undefined): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const [type, byName] of Object.entries<Json>(json?.resource ?? {})) {
    for (const [name, body] of Object.entries<Json>(byName)) out.set(`${type}.${name}`, body);
  }
  return out;
}

/** Which attributes of a resource type are secret. */
interface Sensitivity {
  readonly paths: string[];
  /** `source@version` when the provider's schema is unknown: then every value is secret (fail closed). */
  readonly unknownProvider?: string;
}

const sensitiveCache = new WeakMap<object, Map<string, Sensitivity>>();
const secretRefsCache = new WeakMap<object, RegExp>();

/** Dotted paths of attributes the provider schema marks sensitive, for one resource type. */
function sensitivity(json: Json, type: string): Sensitivity {
  // Asked once per changed attribute: read each provider's schema once per stack JSON.
  let byType = sensitiveCache.get(json);
  if (!byType) sensitiveCache.set(json, (byType = new Map()));
  if (!byType.has(type)) byType.set(type, readSensitivity(json, type));
  return byType.get(type)!;
}

function readSensitivity(json: Json, type: string): Sensitivity {
  const providerName = type.split('_')[0];
  const req = json?.terraform?.required_providers?.[providerName];
  if (!req) return { paths: [] };
  try {
    const schema = providerSchema(req.source.includes('/') ? req.source : `hashicorp/${req.source}`, req.version, [type], []);
    const block = schema.resource_schemas[type]?.block;
    const walk = (b: Block | undefined, at: string): string[] => [
      ...Object.entries(b?.attributes ?? {}).filter(([, a]) => a.sensitive).map(([k]) => `${at}${k}`),
      ...Object.entries(b?.block_types ?? {}).flatMap(([k, nb]) => walk(nb.block, `${at}${k}.`)),
    ];
    return { paths: walk(block, '') };
  } catch {
    // Fail closed: without the schema nothing says which values are secret, so all are.
    return { paths: [], unknownProvider: `${req.source}@${req.version}` };
  }
}

/**
 * Attributes the review masks although their provider does not mark them
 * sensitive: libvirt's cloud-init `user_data` carries the node's K3s config
 * with the join token (libvirt 0.8.3 has no sensitive attribute there).
 */
const SECRET_BY_CONTENT: Record<string, readonly string[]> = {
  libvirt_cloudinit_disk: ['user_data'],
};

/** References whose values are secrets: generated passwords and sensitive variables. */
function secretRefs(json: Json): RegExp {
  const cached = secretRefsCache.get(json);
  if (cached) return cached;
  const vars = Object.entries<Json>(json?.variable ?? {}).filter(([, v]) => v.sensitive).map(([k]) => `var\\.${k}\\b`);
  const re = new RegExp(['random_password\\.', ...vars].join('|'));
  secretRefsCache.set(json, re);
  return re;
}

/** Flattens to dotted paths, dropping list indices of blocks into `name[i]`. */
function flatten(v: unknown, at = ''): [string, unknown][] {
  if (Array.isArray(v)) return v.length === 0 ? [[at, []]] : v.flatMap((x, i) => flatten(x, `${at}[${i}]`));
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as object).filter(([k]) => k !== '//');
    return entries.length === 0 ? [[at, {}]] : entries.flatMap(([k, x]) => flatten(x, at ? `${at}.${k}` : k));
  }
  return [[at, v]];
}

/** The value as the review may show it; a provider met without a known schema is added to `unknownProviders`. */
function masked(json: Json, type: string, path: string, value: unknown, unknownProviders: Set<string>): unknown {
  if (value === undefined) return undefined; // shown as (none): an absent value reveals nothing
  const plain = path.replace(/\[\d+\]/g, '');
  const secret = sensitivity(json, type);
  if (secret.unknownProvider) {
    unknownProviders.add(secret.unknownProvider);
    return MASK;
  }
  if ([...secret.paths, ...(SECRET_BY_CONTENT[type] ?? [])].some((p) => plain === p || plain.startsWith(`${p}.`))) return MASK;
  if (/^set_sensitive\b/.test(plain) && plain.endsWith('.value')) return MASK;
  // A file provisioner's content is what lands on the node (configs with tokens).
  if (/^provisioner\.(file)\.content$/.test(plain)) return MASK;
  if (typeof value === 'string' && secretRefs(json).test(value)) return MASK;
  return value;
}

/** `depends_on[0]`, `lifecycle.ignore_changes[1]`: flatten() indexes lists, so match the prefix. */
export function isMetaArgument(path: string): boolean {
  return /^(depends_on|lifecycle)(\.|\[|$)/.test(path);
}

function changes(type: string, before: Json, after: Json, oldJson: Json, newJson: Json, unknownProviders: Set<string>): Change[] {
  const a = new Map(flatten(before));
  const b = new Map(flatten(after));
  const out: Change[] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    // Meta-arguments are no attributes: a new `depends_on` orders the next apply but plans nothing.
    if (isMetaArgument(path)) continue;
    if (JSON.stringify(a.get(path)) === JSON.stringify(b.get(path))) continue;
    out.push({ path, before: masked(oldJson, type, path, a.get(path), unknownProviders), after: masked(newJson, type, path, b.get(path), unknownProviders) });
  }
  return out;
}

/** Would Terraform replace rather than update? From the providers' ForceNew attributes (tools/providers/force-new.ts). */
function replaces(type: string, cs: Change[]): boolean {
  const forceNew = FORCE_NEW[type] ?? [];
  return cs.some((c) => forceNew.some((f) => c.path === f || c.path.startsWith(`${f}.`) || c.path.startsWith(`${f}[`)));
}

/** Paths a resource's `lifecycle.ignore_changes` covers: `triggers["host"]` → `triggers.host`. */
function ignoredPaths(body: Json): string[] {
  return (body?.lifecycle?.ignore_changes ?? [])
    .filter((x: unknown): x is string => typeof x === 'string')
    .map((x: string) => x.replace(/\["([^"]+)"\]/g, '.$1'));
}

/** The node's own connection keys (an agent's `server_*` ones are its server's). */
const CONNECTION_KEYS = connectionTriggerKeys();

const show = (v: unknown) => (v === undefined ? '(none)' : v === MASK ? MASK : `\`${JSON.stringify(v)}\``);

function serverCount(json: Json | undefined): number {
  return [...resources(json)].filter(([addr, r]) => isNodeInstall(addr) && r.triggers?.role === 'server').length;
}

export interface StackReview { readonly markdown: string; readonly warnings: number }

/** `notices`: what synth said about the reviewed revision's stack (a K3s past end of life), one line each. */
export function reviewStack(stack: string, oldJson: Json | undefined, newJson: Json | undefined, notices: readonly string[] = []): StackReview {
  const lines: string[] = [`## ${stack}`, '', ...notices.map((n) => `> **Notice**: ${n}`), ...(notices.length ? [''] : [])];
  const warnings: string[] = [];
  const unknownProviders = new Set<string>();
  if (!oldJson) lines.push('New stack.', '');
  if (!newJson) {
    lines.push('**Stack removed**: its resources stay in its state; run `tofu destroy` there first if they should go.', '');
  }
  const before = resources(oldJson);
  const after = resources(newJson);
  const added = [...after.keys()].filter((a) => !before.has(a)).sort();
  const removed = [...before.keys()].filter((a) => !after.has(a)).sort();
  const changed: string[] = [];
  const replaced: string[] = [];
  const provisionersOnly: string[] = [];
  const details: string[] = [];
  const notes: string[] = [];
  const versionPairs = new Map<string, string[]>();
  const reconfigured = new Map<string, string[]>();
  for (const addr of [...after.keys()].filter((a) => before.has(a)).sort()) {
    const type = addr.split('.')[0];
    const all = changes(type, before.get(addr), after.get(addr), oldJson, newJson, unknownProviders);
    if (all.length === 0) continue;
    // Changes Terraform ignores (lifecycle.ignore_changes) plan nothing, like provisioners,
    // which are not attributes: they run on the next create.
    const ignored = ignoredPaths(after.get(addr));
    const isIgnored = (c: Change) => ignored.some((p) => c.path === p || c.path.startsWith(`${p}.`));
    const cs = all.filter((c) => !c.path.startsWith('provisioner') && !isIgnored(c));
    const replace = replaces(type, cs);
    if (cs.length) (replace ? replaced : changed).push(addr);
    else provisionersOnly.push(addr);
    details.push(`- \`${addr}\`${replace ? ' (**replaced**)' : cs.length ? '' : ' (no plan change: provisioners or ignored connection details; provisioners run when it is next created)'}`,
      ...all.map((c) => `  - \`${c.path}\`: ${show(c.before)} → ${show(c.after)}${isIgnored(c) ? ' (ignored)' : ''}`));
    if (isNodeInstall(addr)) {
      const hostname = before.get(addr)?.triggers?.hostname ?? addr;
      const moved = all.filter((c) => isIgnored(c) && CONNECTION_KEYS.includes(c.path.replace(/^triggers\./, '')));
      if (moved.length && !replace) {
        notes.push(`\`${hostname}\`: connection details change (${moved.map((c) => `${c.path.replace(/^triggers\./, '')} ${show(c.before)} → ${show(c.after)}`).join(', ')}): **updated in place**, nothing is reinstalled; every later step reaches the node with the new details.`);
      }
      if (replace) {
        const role = before.get(addr)?.triggers?.role;
        if (role === 'server' && isSingleSqliteServer(before.get(addr))) {
          warnings.push(`\`${addr}\` is replaced: ${hostname} is the only server of a single-server (SQLite) cluster, so its uninstall deletes the cluster's data and CA. bootstrap/leave-cluster.sh refuses it while agents are joined unless \`K3S_ALLOW_DATA_LOSS=${hostname}\` is set; then re-join each agent (\`tofu apply -replace\` of its install, docs/day2.md).`);
        } else {
          warnings.push(`\`${addr}\` is replaced: ${hostname} leaves the cluster${role === 'server' ? ' (after a quorum check)' : ''}, K3s is uninstalled and installed again.`);
        }
      }
    }
    for (const key of Object.values(RECONFIGURE_TRIGGERS)) {
      const b = before.get(addr)?.triggers?.[key];
      const a = after.get(addr)?.triggers?.[key];
      if (b !== a && typeof (a ?? b) === 'string') {
        const pair = `${key}\u0000${b ?? ''}\u0000${a ?? ''}`;
        reconfigured.set(pair, [...(reconfigured.get(pair) ?? []), after.get(addr)?.triggers?.hostname ?? addr]);
      }
    }
    if (type === 'helm_release' && after.get(addr)?.chart === 'kube-prometheus-stack') {
      const steps = kubePrometheusStackUpgradeSteps(String(before.get(addr)?.version), String(after.get(addr)?.version));
      if (steps) warnings.push(`\`${addr}\`: ${steps}`);
    }
    const vb = before.get(addr)?.triggers?.k3s_version;
    const va = after.get(addr)?.triggers?.k3s_version;
    if (typeof vb === 'string' && typeof va === 'string' && vb !== va) {
      const pair = `${vb} → ${va}`;
      versionPairs.set(pair, [...(versionPairs.get(pair) ?? []), after.get(addr)?.triggers?.hostname ?? addr]);
    }
  }
  for (const [pair, nodes] of versionPairs) {
    const [from, to] = pair.split(' → ');
    const change = versionChange(from, to);
    const on = `on ${nodes.join(', ')}`;
    if (change.kind === 'downgrade') {
      warnings.push(`K3s ${from} → ${to} ${on} is a **downgrade**: Kubernetes does not support it, and install-k3s.sh refuses it (override: \`allow_k3s_version_skew = true\`). Restore an etcd snapshot instead.`);
    } else if (change.kind === 'skip') {
      warnings.push(`K3s ${from} → ${to} ${on} **skips a minor version**: Kubernetes upgrades one minor at a time, and install-k3s.sh refuses it (override: \`allow_k3s_version_skew = true\`). Upgrade to a ${change.nextMinor} release first.`);
    } else if (change.kind === 'upgrade') {
      notes.push(`K3s ${from} → ${to} ${on}: upgraded in place, servers one at a time, then agents.`);
    }
  }
  notes.push(...joinsWithVersionChange(added, after, versionPairs));
  const configWords = configChangesInWords(before, after, replaced);
  notes.push(...configWords.notes);
  warnings.push(...configWords.warnings);
  const sqlite = sqliteToEtcdWarning(before, after);
  if (sqlite) warnings.push(sqlite);
  for (const [pair, nodes] of reconfigured) {
    const [key, b, a] = pair.split('\u0000');
    const from = b ? `\`${b}\`` : '(none)';
    const to = a ? `\`${a}\`` : '(none)';
    const restart = `the installer re-runs with the new K3s config on ${nodes.join(', ')}, so K3s restarts there, one node at a time in the upgrade order; nothing is uninstalled`;
    if (key === RECONFIGURE_TRIGGERS.etcdSnapshots) {
      notes.push(`etcd snapshot settings ${from} → ${to}: ${restart}.${a ? '' : ' The servers go back to K3s\'s defaults (every 12 h, keep 5, no S3 copy).'}`);
    } else if (key === RECONFIGURE_TRIGGERS.apiEndpoint) {
      notes.push(`API address ${from} → ${to}: ${a ? 'in every server\'s certificate (tls-san); agents register through it; the kubeconfig and the api_endpoint output use it' : 'agents, the kubeconfig and the api_endpoint output go back to the first server\'s address'}; ${restart}.${providersOnNewAddress(a)}`);
      if (b && !a) warnings.push(`The API address ${from} is removed: a kube-vip manifest stays on the servers until you delete /var/lib/rancher/k3s/server/manifests/kube-vip.yaml there.`);
    }
  }
  // Longhorn's backups: target and retention, in words; from the values
  // ConfigMap (Flux) or the root Application's patch of operator-longhorn (Argo CD).
  const backupValues = (j: Json) => {
    const text = j?.resource?.[ADDRESSES.longhornBackupValues.type]?.[ADDRESSES.longhornBackupValues.name()]?.data?.[LONGHORN_BACKUP_VALUES_KEY];
    return typeof text === 'string' ? parseYaml(text) : argoCdLonghornValues(j);
  };
  const backup = backupChangeInWords(backupValues(oldJson), backupValues(newJson));
  notes.push(...backup.notes);
  warnings.push(...backup.warnings);
  const longhornNamespace = ADDRESSES.platformNamespace.address({ namespace: 'longhorn-system' });
  if (resources(oldJson).has(longhornNamespace) && !resources(newJson).has(longhornNamespace)) {
    warnings.push(`\`${longhornNamespace}\` leaves the configuration: its prevent_destroy stops the plan, so that Longhorn and its volumes are never deleted with it. Run \`tofu state rm ${longhornNamespace}\` first (Terraform forgets it, Argo CD keeps Longhorn there).`);
  }
  // Nodes leaving the cluster (remove = true, or gone from the settings): in words, before the lists.
  const providerMove = providerAddressChange(oldJson, newJson);
  if (providerMove) notes.push(providerMove);
  const nodeLeaving = nodeRemovals(oldJson, newJson, removed);
  notes.push(...nodeLeaving.notes);
  warnings.push(...nodeLeaving.warnings);
  const list = (title: string, xs: string[]) => (xs.length ? [`**${title}** (${xs.length}): ${xs.map((x) => `\`${x}\``).join(', ')}`, ''] : []);
  lines.push(...list('Added', added), ...list('Removed', removed), ...list('Replaced', replaced), ...list('Changed', changed),
    ...list('Provisioners changed (no plan change)', provisionersOnly));
  if (notes.length) lines.push(...notes.map((n) => `- ${n}`), '');
  if (details.length) lines.push('<details><summary>Attribute changes</summary>', '', ...details, '', '</details>', '');

  // Renames: same type removed and added orphan state unless a moved block says so.
  for (const r of removed.filter((x) => !nodeLeaving.handled.has(x))) {
    const type = r.split('.')[0];
    const candidates = added.filter((a) => a.split('.')[0] === type);
    if (candidates.length) {
      warnings.push(`\`${r}\` disappears while ${candidates.map((c) => `\`${c}\``).join(', ')} appears: if it is a rename, add \`moved { from = ${r} to = ${candidates[0]} }\` or the old one is destroyed.`);
    }
  }
  const serverAddresses = (j: Json) => new Set([...resources(j)].filter(([a, r]) => isNodeInstall(a) && r.triggers?.role === 'server').map(([a]) => a));
  const leaving = [...serverAddresses(oldJson)].filter((a) => replaced.includes(a) || !serverAddresses(newJson).has(a));
  if (leaving.length > 1) {
    warnings.push(`This apply would remove or replace ${leaving.length} servers at once (${leaving.map((a) => `\`${a}\``).join(', ')}): change one server per apply, so that each one leaves with etcd quorum checked.`);
  }
  const outputs = (j: Json) => j?.output ?? {};
  const outChanged = [...new Set([...Object.keys(outputs(oldJson)), ...Object.keys(outputs(newJson))])].sort()
    .filter((o) => JSON.stringify(outputs(oldJson)[o]) !== JSON.stringify(outputs(newJson)[o]));
  if (outChanged.length) {
    lines.push('**Outputs changed**:', ...outChanged.map((o) => {
      const b = outputs(oldJson)[o]; const a = outputs(newJson)[o];
      const v = (x: Json) => (x === undefined ? '(none)' : x.sensitive ? MASK : show(x.value));
      return `- \`${o}\`: ${v(b)} → ${v(a)}`;
    }), '');
  }
  const backend = (j: Json): [string, Json] => (Object.entries<Json>(j?.terraform?.backend ?? {})[0] ?? ['local', {}]) as [string, Json];
  const [kindBefore, before_] = backend(oldJson);
  const [kindAfter, after_] = backend(newJson);
  if (oldJson && newJson && kindBefore === 'local' && kindAfter === 'local' && before_.path !== after_.path) {
    warnings.push(`The state path changes (${show(before_.path)} → ${show(after_.path)}): move the state file, or tofu starts from empty state and creates everything again.`);
  } else if (oldJson && newJson && JSON.stringify([kindBefore, before_]) !== JSON.stringify([kindAfter, after_])) {
    const where = (kind: string, b: Json) =>
      kind === 'local' ? `local ${show(b.path)}` : kind === 'pg' ? `pg schema ${show(b.schema_name ?? 'public')}` : kind === 's3' ? `s3 ${show(`${b.bucket}/${b.key}`)}` : kind;
    warnings.push(`The state backend moves (${where(kindBefore, before_)} → ${where(kindAfter, after_)}): run \`tofu init -migrate-state\` in the stack directory before the next plan, so the state moves with it; otherwise tofu starts from empty state and creates everything again. See docs/team.md.`);
  }
  const providers = (j: Json) => j?.terraform?.required_providers ?? {};
  for (const p of [...new Set([...Object.keys(providers(oldJson)), ...Object.keys(providers(newJson))])].sort()) {
    const b = providers(oldJson)[p]?.version; const a = providers(newJson)[p]?.version;
    if (oldJson && newJson && b !== a) warnings.push(`Provider \`${p}\` version ${b ?? '(none)'} → ${a ?? '(none)'}: run \`tofu init -upgrade\`; read its changelog.`);
  }
  const sb = serverCount(oldJson); const sa = serverCount(newJson);
  if (oldJson && newJson && sb !== sa && sa > 1 && (sa % 2 === 0 || sa < 3)) {
    warnings.push(`Servers ${sb} → ${sa}: embedded etcd needs an odd number of servers, at least 3, to keep quorum.`);
  }
  // Every node reached over SSH (a resource whose triggers say where) without a host key to verify.
  const unverified = new Map<string, string>();
  for (const [, r] of resources(newJson)) {
    const t = r?.triggers;
    if (typeof t?.hostname === 'string' && typeof t?.host === 'string' && t.ssh_host_key === undefined) unverified.set(t.hostname, t.host);
  }
  for (const [hostname, host] of unverified) warnings.push(missingHostKeyWarning(hostname, host));
  for (const p of [...unknownProviders].sort()) {
    warnings.push(`No schema is known for provider ${p}: every value of its resources is shown as ${MASK}.`);
  }
  if (warnings.length) lines.push('### ⚠ Warnings', '', ...warnings.map((w) => `- ${w}`), '');
  if (!added.length && !removed.length && !changed.length && !replaced.length && !provisionersOnly.length && !outChanged.length && oldJson && newJson) lines.push('No changes.', '');
  return { markdown: lines.join('\n'), warnings: warnings.length };
}

/**
 * Nodes added in the same apply as a version change: they install the new
 * version only after the servers before them upgraded (the cluster's join
 * order), so no kubelet is newer than the API servers (#25 item 8).
 */
function joinsWithVersionChange(added: readonly string[], after: Map<string, Json>, versionPairs: Map<string, string[]>): string[] {
  if (versionPairs.size === 0) return [];
  return added.filter(isNodeInstall).map((addr) => {
    const t = after.get(addr)?.triggers ?? {};
    const version = after.get(ADDRESSES.nodeUpgrade.address({ hostname: t.hostname }))?.triggers?.k3s_version;
    return `\`${t.hostname ?? addr}\` (${t.role ?? 'node'}) joins in this apply${version ? ` with K3s ${version}` : ''}: it installs after the servers before it have upgraded, never newer than the API servers.`;
  });
}

/**
 * k3s-gitops: the Longhorn values the root Application (the argocd-apps
 * release) patches into operator-longhorn, as one object; undefined without
 * such a patch.
 */
function argoCdLonghornValues(j: Json): LonghornBackupValues | undefined {
  const text = j?.resource?.[ADDRESSES.argocdApps.type]?.[ADDRESSES.argocdApps.name()]?.values?.[0];
  if (typeof text !== 'string') return undefined;
  const patches: { target?: { name?: string }; patch?: string }[] = parseYaml(text)?.applications?.['bootstrap-apps']?.source?.kustomize?.patches ?? [];
  const prefix = '/spec/source/helm/valuesObject/';
  const values: Record<string, unknown> = {};
  for (const p of patches.filter((x) => x.target?.name === LONGHORN_ARGOCD_APPLICATION && typeof x.patch === 'string')) {
    for (const op of JSON.parse(p.patch!) as { op: string; path: string; value: unknown }[]) {
      if (op.op === 'add' && op.path.startsWith(prefix)) values[op.path.slice(prefix.length)] = op.value;
    }
  }
  return Object.keys(values).length ? values as LonghornBackupValues : undefined;
}

/** A server install whose destroy step (leave-cluster.sh) runs without embedded etcd: the cluster's only datastore. */
function isSingleSqliteServer(resource: any): boolean {
  const steps: any[] = Array.isArray(resource?.provisioner) ? resource.provisioner : [];
  return steps.some((p) => p?.['local-exec']?.when === 'destroy' && p['local-exec'].environment?.EMBEDDED_ETCD === 'no');
}

/** A `removed` block of the new JSON for `address`, if any. */
function removedBlock(json: Json, address: string): Json | undefined {
  const blocks: Json[] = Array.isArray(json?.removed) ? json.removed : json?.removed ? [json.removed] : [];
  return blocks.find((b) => b?.from === address);
}

/**
 * Node installs that leave the configuration, in words: with a `removed`
 * block that runs the destroy step (`remove = true` on the node), the node
 * is drained, deleted and uninstalled and nothing else changes; without one,
 * Terraform would forget the node without its destroy step.
 */
export function nodeRemovals(oldJson: Json, newJson: Json, removedAddresses: readonly string[]): { notes: string[]; warnings: string[]; handled: Set<string> } {
  const notes: string[] = [];
  const warnings: string[] = [];
  const handled = new Set<string>();
  const before = resources(oldJson);
  for (const addr of removedAddresses) {
    const c = classifyAddress(addr);
    if (c?.kind === 'node-upgrade' && removedBlock(newJson, addr)?.lifecycle?.destroy === true) handled.add(addr);
    if (!isNodeInstall(addr) || !newJson) continue;
    handled.add(addr);
    const t = before.get(addr)?.triggers ?? {};
    const hostname = t.hostname ?? c?.node ?? addr;
    const block = removedBlock(newJson, addr);
    const runsLeave = block?.lifecycle?.destroy === true &&
      (block.provisioner ?? []).some((p: Json) => /leave-cluster\.sh/.test(String(p?.['local-exec']?.command ?? '')) && p?.['local-exec']?.when === 'destroy');
    if (runsLeave) {
      const server = t.role === 'server';
      notes.push(`\`${hostname}\` is removed (\`remove = true\`): ${server ? 'from a server that stays, etcd health and the quorum of the servers that stay are checked first (refused otherwise), then ' : ''}` +
        `it is drained, its Node deleted${server ? ' (K3s removes its etcd member)' : ''} and K3s uninstalled on it; \`${addr}\` and its upgrade resource leave the state. ` +
        'Nothing else is destroyed or replaced: workloads depend on the credentials, not on the nodes. Once applied, delete its entry from the settings.');
    } else {
      // Terraform runs no destroy-time step for a resource that left the configuration.
      warnings.push(`\`${addr}\` disappears from the configuration: Terraform forgets it **without** its destroy step (no drain, no etcd member removal, no uninstall). ` +
        `Keep \`${hostname}\` in the settings with \`remove = true\` for one apply (docs/day2.md), then delete its entry.`);
    }
  }
  return { notes, warnings, handled };
}

/** What a new API address means for the helm and kubernetes providers, in words (issue 24: providers never use an address nothing announces yet). */
export function providersOnNewAddress(address: string | undefined): string {
  if (!address) return '';
  return ` The helm and kubernetes providers keep using a server that answers until \`${address}\` does (\`data.local_command.api_server\` asks at every plan), so this plan refreshes the charts through a server; ` +
    `the apply waits until \`${address}\` answers on 6443 (\`null_resource.kubeconfig_endpoint\`; kube-vip starts from the manifest the servers receive) before it writes the kubeconfig, and fails naming the address if it never does.`;
}

/** The address the helm and kubernetes providers use (kubeconfig_endpoint's trigger) changes: in words. */
export function providerAddressChange(oldJson: Json, newJson: Json): string | undefined {
  const at = (j: Json) => j?.resource?.[ADDRESSES.kubeconfigEndpoint.type]?.[ADDRESSES.kubeconfigEndpoint.name()]?.triggers?.api_address;
  const b = at(oldJson); const a = at(newJson);
  if (!oldJson || !newJson || a === undefined || b === a) return undefined;
  return b === undefined
    ? `The helm and kubernetes providers use \`${a}\` once it answers on 6443 (\`null_resource.kubeconfig_endpoint\` points the fetched kubeconfig copy at it); the credentials stay the ones fetched.`
    : `The helm and kubernetes providers move from \`${b}\` to \`${a}\`: this plan still refreshes through \`${b}\`; the apply waits until \`${a}\` answers on 6443, then points the fetched kubeconfig copy at it (the credentials stay), and the next plan uses it.`;
}
