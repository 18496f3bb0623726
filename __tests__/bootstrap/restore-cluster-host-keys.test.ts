import { spawnSync } from 'child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { FAKE_SSH_OPTIONS } from '../helpers/fake-ssh';
import { ROOT, tempDir } from '../helpers/repo';
import { requireUnprivilegedNodeTools, unprivilegedNode } from '../helpers/unprivileged-node';

/**
 * bootstrap/restore-cluster.sh's SSH options, through a recording `ssh` on
 * PATH that refuses every connection (so the restore stops at its first
 * check, changing nothing). The real SSH path is the e2e scenario
 * snapshot-restore, which runs with pinned host keys.
 */
const FAKE_SSH = `${FAKE_SSH_OPTIONS}echo "\${2#*@}$opts \${known:-(operator known_hosts)}" >> "$RECORD"
exit 255
`;

describe('restore-cluster.sh', () => {
  it('pins a server\'s host key when SERVERS gives one (0600 known_hosts of its own), accept-new only without', () => {
    const dir = tempDir('restore-keys');
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'tmp'));
    writeFileSync(join(dir, 'bin/ssh'), FAKE_SSH);
    chmodSync(join(dir, 'bin/ssh'), 0o755);
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAImaster1 root@master1';
    const servers = [['master1', '10.9.0.1', '2222', 'root', '~/.ssh/id_rsa', key], ['master2', '10.9.0.2', '22', 'root', '~/.ssh/id_rsa']];
    const run = (rows: string[][]) => spawnSync('bash', [join(ROOT, 'bootstrap/restore-cluster.sh')], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, TMPDIR: join(dir, 'tmp'), RECORD: join(dir, 'record'), SSH_KNOWN_HOSTS: join(dir, 'known_hosts'),
        SNAPSHOT: 'pre-upgrade', SERVERS: rows.map((r) => r.join('\t')).join('\n') },
    });
    const first = run(servers);
    expect(first.status).toBe(1);
    expect(first.stderr).toContain('cannot run commands on master1 (10.9.0.1:2222) over SSH; nothing was changed');
    const second = run([servers[1]]);
    expect(second.status).toBe(1);
    expect(readFileSync(join(dir, 'record'), 'utf8').trim().split('\n')).toEqual([
      `10.9.0.1 StrictHostKeyChecking=yes 600 [10.9.0.1]:2222 ${key}`,
      '10.9.0.2 StrictHostKeyChecking=accept-new (operator known_hosts)',
    ]);
    // The pinned known_hosts file is made inside $(step ...), a subshell: it must not outlive the run.
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('reads each server\'s identity as root (an unprivileged SSH user with passwordless sudo, helpers/unprivileged-node.ts)', () => {
    requireUnprivilegedNodeTools();
    const restore = (configName: string) => {
      const dir = tempDir('restore-unprivileged');
      const n = unprivilegedNode(dir, join(dir, 'bin'), { config: `"node-name": "${configName}"\n"token": "t"\n`, role: 'server' });
      return n.run(`exec bash ${join(ROOT, 'bootstrap/restore-cluster.sh')}`, {
        SERVERS: ['master1', '127.0.0.1', '22', 'ubuntu', '~/.ssh/id_rsa'].join('\t'), SNAPSHOT: 'no-such-snapshot', SSH_KNOWN_HOSTS: join(dir, 'known_hosts'),
      });
    };
    const wrong = restore('master9');
    expect(wrong.out).toContain("the machine at 127.0.0.1 is K3s server 'master9', not master1 (settings and machine disagree); nothing was changed");
    expect(wrong.status).toBe(1);
    // The right server passes the identity check and stops at the next one (no such snapshot), changing nothing.
    const right = restore('master1');
    expect(right.out).toContain('snapshot no-such-snapshot not found on master1; nothing was changed');
  });
});
