import { ChildProcess, spawn, spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { join } from 'path';
import { ROOT, tempDir } from '../helpers/repo';

/**
 * bootstrap/fetch-kubeconfig.sh against a real sshd on loopback whose only
 * command prints a kubeconfig (ForceCommand): a pinned host key
 * (ssh_host_key) is the only key ssh accepts.
 */
if (process.getuid?.() !== 0) throw new Error('fetch-kubeconfig tests need root (sshd); run npm test as root, as CI does');

const KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: Q0E=\n    server: https://127.0.0.1:6443\n  name: default\n';
let dir: string;
let port: number;
let sshd: ChildProcess;

const keygen = (file: string) => spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { encoding: 'utf8' });
const publicKey = (file: string) => readFileSync(`${file}.pub`, 'utf8').trim();

beforeAll(async () => {
  dir = tempDir('fetch');
  for (const k of ['host_key', 'other_host_key', 'id_ed25519']) keygen(join(dir, k));
  writeFileSync(join(dir, 'authorized_keys'), `${publicKey(join(dir, 'id_ed25519'))}\n`);
  writeFileSync(join(dir, 'k3s.yaml'), KUBECONFIG);
  port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
  writeFileSync(join(dir, 'sshd.conf'), [
    `ListenAddress 127.0.0.1:${port}`, `ListenAddress 127.0.0.2:${port}`, `HostKey ${join(dir, 'host_key')}`, 'PidFile none', `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no',
    `ForceCommand cat ${join(dir, 'k3s.yaml')}`, '',
  ].join('\n'));
  mkdirSync('/run/sshd', { recursive: true });
  sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    if (spawnSync('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]).status === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
});
afterAll(() => sshd?.kill());

function fetch(dest: string, hostKey?: string, tmp?: string) {
  return spawnSync('bash', [join(ROOT, 'bootstrap/fetch-kubeconfig.sh')], {
    encoding: 'utf8',
    env: {
      ...process.env, NODE_NAME: 'master1', NODE_HOST: '127.0.0.1', SSH_USER: 'root', SSH_KEY_PATH: join(dir, 'id_ed25519'),
      ...(tmp ? { TMPDIR: tmp } : {}), SSH_PORT: String(port), DEST: dest, SSH_KNOWN_HOSTS: join(dir, 'operator_known_hosts'), ...(hostKey ? { SSH_HOST_KEY: hostKey } : {}),
    },
  });
}

describe('fetch-kubeconfig.sh', () => {
  it('with the node\'s host key pinned, fetches the kubeconfig (0600) and records nothing in the operator\'s known_hosts', () => {
    const dest = join(dir, 'pinned/kubeconfig');
    const tmp = join(dir, 'tmp-pinned');
    mkdirSync(tmp);
    const r = fetch(dest, publicKey(join(dir, 'host_key')), tmp);
    expect(r.stderr).toBe('');
    expect(readdirSync(tmp)).toEqual([]);
    expect(r.status).toBe(0);
    expect(readFileSync(dest, 'utf8')).toBe(KUBECONFIG);
    expect(statSync(dest).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, 'operator_known_hosts'))).toBe(false);
  });

  it('refuses a host that answers with another key, writing nothing', () => {
    const dest = join(dir, 'wrong/kubeconfig');
    const r = fetch(dest, publicKey(join(dir, 'other_host_key')));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Host key verification failed');
    expect(r.stderr).toContain('master1: could not read /etc/rancher/k3s/k3s.yaml');
    expect(existsSync(dest)).toBe(false);
  });
});

/** Runs the script with `env` (SERVERS lines or --point-at) and `args`. */
function run(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync('bash', [join(ROOT, 'bootstrap/fetch-kubeconfig.sh'), ...args], {
    encoding: 'utf8', env: { ...process.env, SSH_KNOWN_HOSTS: join(dir, 'operator_known_hosts2'), ...env },
  });
}
const line = (name: string, host: string, p: number) => [name, host, String(p), 'root', join(dir, 'id_ed25519'), publicKey(join(dir, 'host_key'))].join('\t');
const serverOf = (file: string) => /server: (\S+)/.exec(readFileSync(file, 'utf8'))?.[1];

describe('fetch-kubeconfig.sh: any server that answers, the last good credentials kept', () => {
  it('tries the servers in join order: master1 down, master2 gives the kubeconfig, with its own address as server', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
    });
    const dest = join(dir, 'any/kubeconfig');
    const r = run([], { DEST: dest, SERVERS: [line('master1', '127.0.0.1', closed), line('master2', '127.0.0.2', port)].join('\n') });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('master1: could not read /etc/rancher/k3s/k3s.yaml over SSH as root@127.0.0.1');
    expect(serverOf(dest)).toBe('https://127.0.0.2:6443');
    expect(readFileSync(dest, 'utf8')).toContain('certificate-authority-data: Q0E=');
    expect(statSync(dest).mode & 0o777).toBe(0o600);
  });

  it('when no server answers, an existing copy is kept as it is and the step fails naming the servers', () => {
    const dest = join(dir, 'kept/kubeconfig');
    mkdirSync(join(dir, 'kept'), { recursive: true });
    writeFileSync(dest, 'last good\n', { mode: 0o600 });
    const r = run([], { DEST: dest, SERVERS: line('master1', '127.0.0.1', 1) });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no server answered (master1): ' + dest + ' keeps the last good credentials');
    expect(readFileSync(dest, 'utf8')).toBe('last good\n');
  });
});

describe('fetch-kubeconfig.sh --point-at: the providers move to an address only once it answers', () => {
  let s: ChildProcess | undefined;
  afterAll(() => s?.kill());

  it('waits for /ping = pong on ADDRESS:6443, then sets the copy\'s server (credentials unchanged); an address that never answers fails naming it, the copy unchanged', async () => {
    const www = join(dir, 'www');
    mkdirSync(www, { recursive: true });
    writeFileSync(join(www, 'ping'), 'pong');
    spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=vip', '-keyout', join(dir, 'vip.key'), '-out', join(dir, 'vip.crt')]);
    s = spawn('openssl', ['s_server', '-quiet', '-accept', '127.0.0.3:6443', '-cert', join(dir, 'vip.crt'), '-key', join(dir, 'vip.key'), '-WWW'], { cwd: www, stdio: 'ignore' });
    for (let i = 0; i < 50 && spawnSync('bash', ['-c', 'exec 3<>/dev/tcp/127.0.0.3/6443']).status !== 0; i++) await new Promise((r) => setTimeout(r, 100));
    const dest = join(dir, 'point/kubeconfig');
    mkdirSync(join(dir, 'point'), { recursive: true });
    writeFileSync(dest, KUBECONFIG, { mode: 0o600 });
    const silent = run(['--point-at', '127.0.0.4'], { DEST: dest, WAIT_SECONDS: '2' });
    expect(silent.status).toBe(1);
    expect(silent.stderr).toContain('the API address 127.0.0.4 does not answer on 6443 after 2 s');
    expect(readFileSync(dest, 'utf8')).toBe(KUBECONFIG);
    const r = run(['--point-at', '127.0.0.3'], { DEST: dest, WAIT_SECONDS: '10' });
    expect(r.status).toBe(0);
    expect(readFileSync(dest, 'utf8')).toBe(KUBECONFIG.replace('https://127.0.0.1:6443', 'https://127.0.0.3:6443'));
    expect(statSync(dest).mode & 0o777).toBe(0o600);
  }, 30_000);
});
