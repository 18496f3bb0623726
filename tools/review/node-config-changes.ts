/**
 * What the review says about K3s config files that change while the
 * installer does not run again (#25 items 3, 4, 10), and about a
 * single-server (SQLite) cluster that gains servers. No cdktf here.
 *
 * A node's /etc/rancher/k3s/config.yaml is uploaded by its install and
 * upgrade resources' provisioners: they run when the resource is created,
 * so a new config reaches the node only when the upgrade resource is
 * replaced (a version or a reconfigure trigger changes). A moved node
 * (`ip_address`) has its install updated in place (connection details), but
 * K3s keeps node-ip, tls-san and an etcd member's peer URL on the old
 * address until the installer runs there again.
 */
import { parse as parseYaml } from 'yaml';
import { ADDRESSES, isNodeInstall } from '../../lib/core/addresses';
import { sqliteToEtcdSteps } from '../../lib/rules/k3s-datastore';

type Json = any;

/** K3s config keys that hold secrets: only their names are shown. */
const SECRET_KEYS = new Set(['token', 'agent-token', 'etcd-s3-access-key', 'etcd-s3-secret-key']);

/** The node's K3s config as its install uploads it, parsed; undefined when it uploads none (cloud-init nodes). */
function uploadedConfig(resource: Json): Record<string, unknown> | undefined {
  const provisioners: Json[] = Array.isArray(resource?.provisioner) ? resource.provisioner : [];
  const upload = provisioners.map((p) => p?.file).find((f) => typeof f?.content === 'string' && String(f.destination).endsWith('/config.yaml'));
  if (!upload) return undefined;
  try {
    const parsed = parseYaml(upload.content);
    return parsed && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the install runs install-k3s.sh for an embedded-etcd server (`--etcd`). */
function isEtcdServer(resource: Json): boolean {
  const provisioners: Json[] = Array.isArray(resource?.provisioner) ? resource.provisioner : [];
  return provisioners.some((p) => (p?.['remote-exec']?.inline ?? []).some((l: unknown) => typeof l === 'string' && /install-k3s\.sh .*--role server.* --etcd\b/.test(l)));
}

const isServerInstall = (resource: Json) => resource?.triggers?.role === 'server';
const code = (v: unknown) => `\`${Array.isArray(v) ? v.join(', ') : String(v)}\``;

export interface ConfigChangeWords { readonly notes: string[]; readonly warnings: string[] }

/**
 * Nodes whose K3s config changes in this apply while their upgrade resource
 * is not replaced: the config stays as it is on the node. A moved node is a
 * warning with the command that finishes the move (an embedded-etcd server
 * is replaced, as docs/day2.md says; any other node re-runs its installer);
 * any other config change is a note with the command that applies it now.
 * `replaced`: addresses the review found replaced.
 */
export function configChangesInWords(before: Map<string, Json>, after: Map<string, Json>, replaced: readonly string[]): ConfigChangeWords {
  const notes: string[] = [];
  const warnings: string[] = [];
  for (const [addr, now] of after) {
    const was = before.get(addr);
    if (!was || !isNodeInstall(addr) || replaced.includes(addr)) continue;
    const hostname: string = now?.triggers?.hostname ?? addr;
    const upgrade = ADDRESSES.nodeUpgrade.address({ hostname });
    // A replaced upgrade re-runs the installer with the new config: nothing is left behind.
    if (replaced.includes(upgrade) || !after.has(upgrade)) continue;
    const a = uploadedConfig(was);
    const b = uploadedConfig(now);
    if (!a || !b) continue;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
    if (keys.length === 0) continue;
    const rerun = `\`tofu apply -replace='${upgrade}'\``;
    if (keys.includes('node-ip')) {
      const from = a['node-ip']; const to = b['node-ip'];
      const stays = isServerInstall(now) ? `node-ip and tls-san${isEtcdServer(was) ? ' and its etcd peer URL' : ''}` : 'node-ip';
      const head = `\`${hostname}\` moves ${code(from)} → ${code(to)}: its install is updated in place, but K3s keeps ${stays} on ${code(from)} (config.yaml is rewritten only when the installer runs there again), while Terraform (the kubeconfig, the providers, every later step) already uses ${code(to)}.`;
      warnings.push(isEtcdServer(was)
        ? `${head} An etcd member's address does not move by itself: replace the server to finish the move (docs/day2.md): \`tofu apply -replace='${addr}'\` (it leaves etcd after a quorum check and joins again at ${code(to)}).`
        : `${head} Finish the move with ${rerun}: the installer runs again with the new config, K3s restarts there, nothing is uninstalled.`);
      continue;
    }
    const shown = keys.map((k) => (SECRET_KEYS.has(k) ? k : `${k} ${a[k] === undefined ? '(none)' : code(a[k])} → ${b[k] === undefined ? '(none)' : code(b[k])}`));
    notes.push(`\`${hostname}\`: its K3s config changes (${shown.join('; ')}) but the installer does not run again in this apply: the node keeps its current config until the next upgrade. To apply it now, one node at a time: ${rerun} (K3s restarts there; nothing is uninstalled).`);
  }
  return { notes, warnings };
}

/**
 * A single server without embedded etcd (SQLite) gaining servers: the new
 * ones would try to join it as etcd members and the apply fails half-way
 * (lib/rules/k3s-datastore.ts: K3s's conversion). The settings cannot know
 * what a running cluster stores its data in; the review compares the two
 * revisions: one server whose install is not an etcd server's (`--etcd`)
 * before, more servers after.
 */
export function sqliteToEtcdWarning(before: Map<string, Json>, after: Map<string, Json>): string | undefined {
  const servers = (m: Map<string, Json>) => [...m].filter(([a, r]) => isNodeInstall(a) && isServerInstall(r));
  const was = servers(before);
  const now = servers(after);
  if (was.length !== 1 || now.length <= 1 || isEtcdServer(was[0][1])) return undefined;
  const [addr, first] = was[0];
  const hostname = first?.triggers?.hostname ?? addr;
  const joining = now.filter(([a]) => !before.has(a)).map(([, r]) => r?.triggers?.hostname);
  return `Servers 1 → ${now.length}: \`${hostname}\` keeps the cluster's data in SQLite, which holds one server only, and ${joining.length ? joining.map((h) => `\`${h}\``).join(', ') : 'the new servers'} would join it as etcd members: the apply fails half-way. ` +
    `${sqliteToEtcdSteps(hostname).replace(/^c/, 'C')}.`;
}
