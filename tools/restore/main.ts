/**
 * `npm run restore -- <env> --snapshot <name|path> [--from <server>] [--yes]`:
 * restores an embedded-etcd cluster from an etcd snapshot with K3s's
 * documented procedure (docs.k3s.io/datastore/backup-restore), run by
 * bootstrap/restore-cluster.sh over SSH. Hosts and SSH details come from the
 * same settings as synth (K3S_SETTINGS_DIR, default terraform/environments).
 * Prints what it will do and asks first; `--yes` for scripts. Never prints a
 * secret: the token stays in each server's config file.
 */
import { spawnSync } from 'child_process';
import { join, resolve } from 'path';
import { createInterface } from 'readline';
import { ENVIRONMENT_NAMES, loadAllSettings, SettingsError, SshNodeSettings } from '../../lib/settings';
import { repoRoot } from '../../lib/core/repo-root';

const USAGE = 'usage: npm run restore -- <environment> --snapshot <name|path> [--from <server>] [--yes]';

interface Args { env: string; snapshot: string; from?: string; yes: boolean }

export function parseArgs(argv: string[]): Args {
  let env: string | undefined; let snapshot: string | undefined; let from: string | undefined; let yes = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--snapshot') snapshot = argv[++i];
    else if (a.startsWith('--snapshot=')) snapshot = a.slice('--snapshot='.length);
    else if (a === '--from') from = argv[++i];
    else if (a === '--yes' || a === '-y') yes = true;
    else if (a === '--help' || a === '-h') throw new Error(USAGE);
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else if (env === undefined) env = a;
    else throw new Error(`unexpected argument ${a}\n${USAGE}`);
  }
  if (!env) throw new Error(`name the environment\n${USAGE}`);
  if (!snapshot) throw new Error(`--snapshot is required (a name from \`k3s etcd-snapshot ls\` on the server, or an absolute path there)\n${USAGE}`);
  if (!/^[A-Za-z0-9._/-]+$/.test(snapshot)) throw new Error(`--snapshot ${JSON.stringify(snapshot)}: must be a snapshot name or an absolute path (letters, digits, . _ - /)`);
  return { env, snapshot, from, yes };
}

/** The servers in restore order: the one holding the snapshot first, the others in the settings' order. */
export function restoreOrder(servers: readonly SshNodeSettings[], from?: string): SshNodeSettings[] {
  const first = from === undefined ? servers[0] : servers.find((s) => s.hostname === from);
  if (!first) throw new Error(`--from ${from}: not a server of this environment (${servers.map((s) => s.hostname).join(', ')})`);
  return [first, ...servers.filter((s) => s !== first)];
}

export function plan(env: string, order: readonly SshNodeSettings[], snapshot: string): string {
  const [first, ...others] = order;
  return [
    `Restore ${env} from etcd snapshot ${snapshot} (docs.k3s.io/datastore/backup-restore):`,
    `  1. check that ${order.map((s) => `${s.hostname} (${s.ipAddress})`).join(', ')} answer and are these K3s servers, and that ${first.hostname} has the snapshot`,
    `  2. stop K3s on ${order.map((s) => s.hostname).join(', ')}: the Kubernetes API is down until step 5`,
    `  3. on ${first.hostname}: k3s server --cluster-reset --cluster-reset-restore-path=<snapshot>`,
    ...(others.length ? [`  4. on ${others.map((s) => s.hostname).join(', ')}: move the etcd data aside (kept as server/db/etcd-before-restore-*), rejoin ${first.hostname}`] : []),
    `  5. start ${first.hostname}, then ${others.map((s) => s.hostname).join(', ') || 'nothing else'} one at a time, each once the previous one is Ready`,
    '  6. list the etcd members',
    'Everything written to the cluster after the snapshot is lost. Agents are not touched.',
  ].join('\n');
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((res) => rl.question(question, res));
  rl.close();
  return /^(y|yes)$/i.test(answer.trim());
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (!(ENVIRONMENT_NAMES as string[]).includes(args.env)) throw new Error(`unknown environment ${args.env} (one of ${ENVIRONMENT_NAMES.join(', ')})`);
  const root = repoRoot();
  const settingsDir = resolve(process.env.K3S_SETTINGS_DIR ?? join(root, 'terraform/environments'));
  const all = await loadAllSettings({ settingsDir });
  const settings = all[args.env as keyof typeof all] as { controlPlaneNodes?: readonly SshNodeSettings[] };
  const servers = settings.controlPlaneNodes ?? [];
  if (servers.length < 3) {
    throw new Error(`${args.env} has ${servers.length} server(s): restore is for embedded etcd (3 or more servers); a single server's SQLite datastore is restored by copying its files (docs.k3s.io/datastore/backup-restore)`);
  }
  const order = restoreOrder(servers, args.from);
  console.error(plan(args.env, order, args.snapshot));
  if (!args.yes && !(await confirm(`Restore ${args.env} now? Type yes: `))) {
    console.error(process.stdin.isTTY ? 'Not restored.' : 'Not restored: no terminal to ask on; add --yes to run without asking.');
    return 1;
  }
  const r = spawnSync('bash', [join(root, 'bootstrap/restore-cluster.sh')], {
    stdio: 'inherit',
    env: {
      ...process.env,
      SNAPSHOT: args.snapshot,
      SERVERS: order.map((s) => [s.hostname, s.ipAddress, String(s.sshPort), s.sshUser, s.sshKeyPath, ...(s.sshHostKey !== undefined ? [s.sshHostKey] : [])].join('\t')).join('\n'),
    },
  });
  return r.status ?? 1;
}

/** Entry point of `npm run restore` (tools/restore.js). */
export function cli(): void {
  main(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
    console.error(err instanceof SettingsError ? err.message : `restore: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  });
}

if (require.main === module) cli();
