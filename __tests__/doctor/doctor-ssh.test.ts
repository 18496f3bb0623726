import { chmodSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { systemRunner } from '../../tools/doctor/runner';
import { tempDir } from '../helpers/repo';

/** A recording ssh: logs its arguments and the known_hosts file it is given (read while it runs). */
function fakeSsh() {
  const dir = tempDir('fake-ssh');
  const log = join(dir, 'log');
  writeFileSync(join(dir, 'ssh'), `#!/bin/sh
printf '%s\\n' "$@" > ${log}
for a in "$@"; do case "$a" in UserKnownHostsFile=*) echo "known_hosts: $(cat "\${a#UserKnownHostsFile=}" 2>/dev/null)" >> ${log} ;; esac; done
cat >/dev/null
`);
  chmodSync(join(dir, 'ssh'), 0o755);
  return { env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, SSH_KNOWN_HOSTS: join(dir, 'operator_known_hosts') }, log };
}

describe('doctor over SSH', () => {
  const server = { hostname: 'master1', ipAddress: '198.51.100.7', ssh: { user: 'ubuntu', port: 2222 } };

  it('accepts only the pinned key when the settings give ssh_host_key', () => {
    const { env, log } = fakeSsh();
    systemRunner('/nonexistent', env).ssh({ ...server, ssh: { ...server.ssh, hostKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPinned' } }, 'true');
    const args = readFileSync(log, 'utf8');
    expect(args).toContain('StrictHostKeyChecking=yes\n');
    expect(args).toContain('GlobalKnownHostsFile=/dev/null\n');
    expect(args).toContain('known_hosts: [198.51.100.7]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPinned');
    expect(args).not.toContain('accept-new');
  });

  it('without a key, uses the operator\'s known_hosts (a changed key is refused, a new host recorded)', () => {
    const { env, log } = fakeSsh();
    systemRunner('/nonexistent', env).ssh(server, 'true');
    const args = readFileSync(log, 'utf8');
    expect(args).toContain('StrictHostKeyChecking=accept-new\n');
    expect(args).toContain(`UserKnownHostsFile=${env.SSH_KNOWN_HOSTS}\n`);
  });
});
