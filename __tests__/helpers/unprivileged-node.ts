import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

/**
 * A node as the operator-side scripts reach it over SSH, with the remote
 * commands run for real as an unprivileged SSH user with passwordless sudo,
 * the way cloud-init creates `ubuntu` (sudo: "ALL=(ALL) NOPASSWD:ALL",
 * lock_passwd: true). Everything runs inside a private mount namespace
 * (`run`): a private passwd/group/shadow/sudoers bound over /etc's, empty
 * tmpfs on /etc/rancher and /usr/local/bin holding the node's K3s files as
 * install-k3s.sh leaves them (/etc/rancher/k3s 0700 root, config.yaml 0600)
 * and a recording uninstall script. `ssh` (written into `bin`) is a shim:
 * it drops the options, then runs the remote command locally as that user
 * (setpriv), stdin passed on; only the transport is faked. Needs root, sudo
 * (Debian package sudo) and setpriv/unshare (util-linux).
 */
export const SSH_UID = 4242;

export function requireUnprivilegedNodeTools(): void {
  if (process.getuid?.() !== 0) throw new Error('these tests need root (mount namespaces); run npm test as root, as CI does');
  const missing = ['sudo', 'setpriv', 'unshare'].filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
  if (missing.length) throw new Error(`missing: ${missing.join(', ')} (Debian packages sudo, util-linux); npm test installs them when run as root`);
}

export interface UnprivilegedNode {
  /** Runs `command` (bash) in the namespace; the shim ssh and `bin` first on PATH. */
  run(command: string, env?: NodeJS.ProcessEnv): { status: number | null; out: string };
  /** What the uninstall script recorded ("uninstalled by uid 0"), or ''. */
  uninstalled(): string;
}

export function unprivilegedNode(dir: string, bin: string, o: { config: string; role: 'server' | 'agent'; passwordlessSudo?: boolean }): UnprivilegedNode {
  const etc = join(dir, 'etc');
  mkdirSync(join(etc, 'sudoers.d'), { recursive: true });
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(etc, 'passwd'), `${readFileSync('/etc/passwd', 'utf8')}ubuntu:x:${SSH_UID}:${SSH_UID}:cloud-init user:/nonexistent:/bin/bash\n`);
  writeFileSync(join(etc, 'group'), `${readFileSync('/etc/group', 'utf8')}ubuntu:x:${SSH_UID}:\n`);
  writeFileSync(join(etc, 'shadow'), `${readFileSync('/etc/shadow', 'utf8')}ubuntu:!:20000:0:99999:7:::\n`, { mode: 0o640 });
  writeFileSync(join(etc, 'sudoers'), `Defaults env_reset\nDefaults !use_pty\nroot ALL=(ALL:ALL) ALL\n${o.passwordlessSudo === false ? '' : 'ubuntu ALL=(ALL) NOPASSWD:ALL\n'}`, { mode: 0o440 });
  writeFileSync(join(bin, 'ssh'), `#!/usr/bin/env bash
while [ "$1" != -- ]; do shift; done
shift 2
cd / && exec setpriv --reuid ${SSH_UID} --regid ${SSH_UID} --clear-groups env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/nonexistent sh -c "$1"
`, { mode: 0o755 });
  writeFileSync(join(dir, 'node-config.yaml'), o.config);
  const record = join(dir, 'uninstalled');
  const uninstall = o.role === 'server' ? 'k3s-uninstall.sh' : 'k3s-agent-uninstall.sh';
  const setup = [
    ...['passwd', 'group', 'shadow', 'sudoers', 'sudoers.d'].map((f) => `mount --bind ${join(etc, f)} /etc/${f}`),
    'mkdir -p /etc/rancher', 'mount -t tmpfs tmpfs /etc/rancher', 'mount -t tmpfs tmpfs /usr/local/bin',
    'install -d -m 0700 -o root -g root /etc/rancher/k3s',
    `install -m 0600 -o root -g root ${join(dir, 'node-config.yaml')} /etc/rancher/k3s/config.yaml`,
    `printf '#!/bin/sh\\necho "uninstalled by uid $(id -u)" >> ${record}\\n' > /usr/local/bin/${uninstall}`,
    `chmod 0755 /usr/local/bin/${uninstall}`,
  ].join(' && ');
  return {
    run(command, env = {}) {
      const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', `${setup} && ${command}`], {
        encoding: 'utf8', env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH}` },
      });
      return { status: r.status, out: r.stdout + r.stderr };
    },
    uninstalled: () => (existsSync(record) ? readFileSync(record, 'utf8').trim() : ''),
  };
}
