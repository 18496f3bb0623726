/**
 * How the doctor reaches a cluster: kubectl with the environment's
 * kubeconfig, and ssh to a server for what the API cannot answer. Tests
 * hand the checks a runner of their own.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { homedir, tmpdir } from 'os';
import { dirname, join } from 'path';
import { DEFAULT_SSH_PORT } from '../../lib/rules/ssh-connection';
import { CommandResult, DoctorServer } from './checks';

/** `~/x` as the shell would expand it. */
export const expandHome = (p: string) => (p.startsWith('~/') ? join(homedir(), p.slice(2)) : p);

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
      const port = s.ssh?.port ?? DEFAULT_SSH_PORT;
      let pinned: string | undefined;
      if (s.ssh?.hostKey) {
        pinned = join(mkdtempSync(join(tmpdir(), 'k3s-doctor-')), 'known_hosts');
        writeFileSync(pinned, `${port === DEFAULT_SSH_PORT ? s.ipAddress : `[${s.ipAddress}]:${port}`} ${s.ssh.hostKey}\n`, { mode: 0o600 });
      }
      const hostKeyOptions = pinned
        ? ['-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${pinned}`, '-o', 'GlobalKnownHostsFile=/dev/null']
        : ['-o', 'StrictHostKeyChecking=accept-new', '-o', `UserKnownHostsFile=${knownHosts}`];
      try {
        return spawn(env, 'ssh', [
          ...(s.ssh?.keyPath ? ['-i', expandHome(s.ssh.keyPath)] : []),
          '-p', String(port), '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', ...hostKeyOptions,
          '--', `${s.ssh?.user}@${s.ipAddress}`, s.ssh?.user === 'root' ? 'bash -s' : 'sudo -n bash -s',
        ], script);
      } finally {
        if (pinned) rmSync(dirname(pinned), { recursive: true, force: true });
      }
    },
  };
}
