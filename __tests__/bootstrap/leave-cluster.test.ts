import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { createServer, Server } from 'net';
import { join } from 'path';
import { FAKE_SSH_OPTIONS } from '../helpers/fake-ssh';
import { ROOT, tempDir } from '../helpers/repo';
import { requireUnprivilegedNodeTools, unprivilegedNode } from '../helpers/unprivileged-node';

/**
 * bootstrap/leave-cluster.sh against a replaying `ssh` on PATH: each test
 * host is a directory holding what the node would answer (its K3s
 * node-name, whether its API and etcd answer, the etcd members it lists).
 * The fake ssh recognises which of the script's remote steps it was sent
 * and records the ones that change something. The real SSH path is covered
 * by the e2e scenarios (replace-server, refuse-quorum-loss).
 */
const FAKE_SSH = `${FAKE_SSH_OPTIONS}host="\${2#*@}"; command="$3"
dir="$FAKE_HOSTS/$host"
echo "$host$opts \${known:-(operator known_hosts)}" >> "$FAKE_HOSTS/ssh-opts"
script=$(cat)
args="\${command#*bash -s --}"
[ -d "$dir" ] || { echo "ssh: connect to host $host: No route to host" >&2; exit 255; }
case "$script" in
  *node-name*) cat "$dir/identity" ;;
  *readyz/etcd*) [ -f "$dir/api-ok" ] ;;
  *node-role.kubernetes.io/etcd*) cat "$dir/members" ;;
  *"get nodes -o name"*)
    # The script itself runs, against a k3s that answers as kubectl does (node/<name> per Node) or refuses when the API is down.
    k3s() { [ -f "$dir/api-ok" ] || { echo "The connection to the server 127.0.0.1:6443 was refused" >&2; return 1; }; sed 's|^|node/|' "$dir/nodes"; }
    export -f k3s; export dir; eval "set -- $args"; printf '%s' "$script" | bash -s -- "$@" ;;
  *"kubectl drain"*) echo "drain $host$args" >> "$FAKE_HOSTS/log"; if [ -f "$dir/drain-fails" ]; then echo "cannot evict pod: PodDisruptionBudget" ; exit 1; fi ;;
  *"delete node"*) echo "delete $host$args" >> "$FAKE_HOSTS/log"; name=$(eval "set -- $args"; echo "$1"); sed -i "/^$name=/d" "$dir/members" ;;
  *uninstall*) echo "uninstall $host" >> "$FAKE_HOSTS/log"; [ ! -f "$dir/uninstall-fails" ] ;;
  *"rm -rf"*) ;;
  *) echo "fake ssh: unknown script" >&2; exit 2 ;;
esac
`;

interface Host { identity: string; api?: boolean; members?: string; nodes?: string; drainFails?: boolean; uninstallFails?: boolean }

let listener: Server;
let port: number;
beforeAll(async () => {
  // The script waits for the node's SSH port: something must accept on it (the kernel's backlog suffices).
  listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as { port: number }).port;
});
afterAll(() => listener.close());

function leave(env: { NODE_NAME: string; NODE_ROLE: string; NODE_HOST?: string; SERVERS?: string; SSH_HOST_KEY?: string; EMBEDDED_ETCD?: string; K3S_ALLOW_DATA_LOSS?: string }, hosts: Record<string, Host>) {
  const dir = tempDir('leave');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'ssh'), FAKE_SSH);
  chmodSync(join(bin, 'ssh'), 0o755);
  const fakeHosts = join(dir, 'hosts');
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  for (const [host, h] of Object.entries(hosts)) {
    const d = join(fakeHosts, host);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'identity'), `${h.identity}\n`);
    writeFileSync(join(d, 'members'), h.members ?? '');
    writeFileSync(join(d, 'nodes'), h.nodes ?? '');
    if (h.api) writeFileSync(join(d, 'api-ok'), '');
    if (h.drainFails) writeFileSync(join(d, 'drain-fails'), '');
    if (h.uninstallFails) writeFileSync(join(d, 'uninstall-fails'), '');
  }
  const r = spawnSync('bash', [join(ROOT, 'bootstrap/leave-cluster.sh')], {
    encoding: 'utf8',
    env: {
      ...process.env, PATH: `${bin}:${process.env.PATH}`, TMPDIR: tmp, FAKE_HOSTS: fakeHosts, SSH_KNOWN_HOSTS: join(dir, 'known_hosts'),
      NODE_HOST: '127.0.0.1', SSH_USER: 'root', SSH_KEY_PATH: '~/.ssh/id_rsa', SSH_PORT: String(port), EMBEDDED_ETCD: 'yes', WAIT_SECONDS: '2',
      ...env,
    },
  });
  const lines = (f: string) => (existsSync(join(fakeHosts, f)) ? readFileSync(join(fakeHosts, f), 'utf8').trim().split('\n').filter(Boolean) : []);
  return { status: r.status, err: r.stderr, log: lines('log'), sshOpts: [...new Set(lines('ssh-opts'))], tmpLeft: readdirSync(tmp) };
}

/** Peers as Terraform writes them: name, host, port, user, key path, tab-separated. */
const servers = (...peers: [string, string][]) => peers.map(([n, h]) => [n, h, '22', 'root', '~/.ssh/id_rsa'].join('\t')).join('\n');
const ALL_UP = 'master1=True\nmaster2=True\nmaster3=True\n';

describe('leave-cluster.sh', () => {
  it('a server leaves etcd (Node deleted from a peer) before K3s is uninstalled', () => {
    const r = leave({ NODE_NAME: 'master3', NODE_ROLE: 'server', SERVERS: servers(['master1', '10.9.0.1'], ['master2', '10.9.0.2']) }, {
      '127.0.0.1': { identity: 'master3', api: true },
      '10.9.0.1': { identity: 'master1', api: true, members: ALL_UP },
    });
    expect(r.err).toContain('etcd quorum holds without master3 (2 of 2 remaining members healthy, 2 needed)');
    expect(r.log).toEqual(['drain 10.9.0.1 master3', 'delete 10.9.0.1 master3', 'uninstall 127.0.0.1']);
    expect(r.status).toBe(0);
  });

  it('refuses when the members that would remain have no quorum, changing nothing', () => {
    const r = leave({ NODE_NAME: 'master3', NODE_ROLE: 'server', SERVERS: servers(['master1', '10.9.0.1'], ['master2', '10.9.0.2']) }, {
      '127.0.0.1': { identity: 'master3', api: true },
      '10.9.0.1': { identity: 'master1', api: true, members: 'master1=True\nmaster2=False\nmaster3=True\n' },
      '10.9.0.2': { identity: 'master2' },
    });
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/refusing to remove server master3: the 2 etcd members that would remain \(master1 master2\) have 1 healthy \(master1\), and etcd needs 2 of 2 for quorum; nothing was changed/);
    expect(r.log).toEqual([]);
  });

  it('refuses when the machine at the address is another node, changing nothing', () => {
    const r = leave({ NODE_NAME: 'master3', NODE_ROLE: 'server', SERVERS: servers(['master1', '10.9.0.1']) }, {
      '127.0.0.1': { identity: 'master2', api: true },
      '10.9.0.1': { identity: 'master1', api: true, members: ALL_UP },
    });
    expect(r.status).toBe(1);
    expect(r.err).toContain("refusing: the machine at 127.0.0.1:");
    expect(r.err).toContain("is K3s node 'master2', not master3 (did the address move to another machine?); nothing was changed");
    expect(r.log).toEqual([]);
  });

  it('a wiped server (K3s gone) still has its stale etcd member removed from a peer', () => {
    const r = leave({ NODE_NAME: 'master1', NODE_ROLE: 'server', SERVERS: servers(['master2', '10.9.0.2'], ['master3', '10.9.0.3']) }, {
      '127.0.0.1': { identity: '-' },
      '10.9.0.2': { identity: 'master2', api: true, members: 'master1=False\nmaster2=True\nmaster3=True\n' },
    });
    expect(r.err).toContain('K3s is not installed at 127.0.0.1: nothing to uninstall there');
    expect(r.log).toEqual(['drain 10.9.0.2 master1', 'delete 10.9.0.2 master1']);
    expect(r.status).toBe(0);
  });

  it('the last server of a destroyed cluster only uninstalls', () => {
    const r = leave({ NODE_NAME: 'master1', NODE_ROLE: 'server', SERVERS: servers(['master2', '10.9.0.2'], ['master3', '10.9.0.3']) }, {
      '127.0.0.1': { identity: 'master1', api: true, members: 'master1=True\n' },
      '10.9.0.2': { identity: '-' },
      '10.9.0.3': { identity: '-' },
    });
    expect(r.err).toContain('master1 is the last etcd member: the cluster ends with it');
    expect(r.log).toEqual(['uninstall 127.0.0.1']);
    expect(r.status).toBe(0);
  });

  it('refuses when servers with K3s installed do not answer (quorum cannot be checked)', () => {
    const r = leave({ NODE_NAME: 'master3', NODE_ROLE: 'server', SERVERS: servers(['master1', '10.9.0.1'], ['master2', '10.9.0.2']) }, {
      '127.0.0.1': { identity: 'master3' },
      '10.9.0.1': { identity: 'master1' },
      '10.9.0.2': { identity: 'master2' },
    });
    expect(r.status).toBe(1);
    expect(r.err).toContain('refusing to remove server master3: no server of the cluster answers with a healthy etcd');
    expect(r.log).toEqual([]);
  });

  it('an agent: a failed drain is reported, the Node is deleted and K3s uninstalled anyway', () => {
    const r = leave({ NODE_NAME: 'nodo1', NODE_ROLE: 'agent', SERVERS: servers(['master1', '10.9.0.1']) }, {
      '127.0.0.1': { identity: 'nodo1' },
      '10.9.0.1': { identity: 'master1', api: true, drainFails: true, members: ALL_UP },
    });
    expect(r.err).toMatch(/WARNING: drain of nodo1 from master1 failed; its pods were not moved gracefully\. kubectl said: cannot evict pod: PodDisruptionBudget/);
    expect(r.log).toEqual(['drain 10.9.0.1 nodo1', 'delete 10.9.0.1 nodo1', 'uninstall 127.0.0.1']);
    expect(r.status).toBe(0);
  });

  it('a failed uninstall fails the step, naming the node', () => {
    const r = leave({ NODE_NAME: 'nodo1', NODE_ROLE: 'agent', SERVERS: servers(['master1', '10.9.0.1']) }, {
      '127.0.0.1': { identity: 'nodo1', uninstallFails: true },
      '10.9.0.1': { identity: 'master1', api: true },
    });
    expect(r.status).toBe(1);
    expect(r.err).toContain("leave-cluster[nodo1]: ERROR: K3s's uninstall script failed on 127.0.0.1");
  });

  it('pins the host keys it is given (the node\'s and each server\'s) in a 0600 known_hosts of its own, never accept-new for them', () => {
    const key = (n: string) => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${n} root@${n}`;
    const peers = [['master1', '10.9.0.1', '22', 'root', '~/.ssh/id_rsa', key('master1')].join('\t'), servers(['master2', '10.9.0.2'])].join('\n');
    const r = leave({ NODE_NAME: 'master3', NODE_ROLE: 'server', SERVERS: peers, SSH_HOST_KEY: key('master3') }, {
      '127.0.0.1': { identity: 'master3', api: true },
      '10.9.0.1': { identity: 'master1', members: ALL_UP },
      '10.9.0.2': { identity: 'master2', api: true, members: ALL_UP },
    });
    expect(r.status).toBe(0);
    expect(r.sshOpts).toEqual(expect.arrayContaining([
      `127.0.0.1 StrictHostKeyChecking=yes 600 [127.0.0.1]:${port} ${key('master3')}`,
      `10.9.0.1 StrictHostKeyChecking=yes 600 10.9.0.1 ${key('master1')}`,
      // A server without ssh_host_key: the operator's known_hosts, trust on first use.
      '10.9.0.2 StrictHostKeyChecking=accept-new (operator known_hosts)',
    ]));
    expect(r.sshOpts.filter((l) => !l.startsWith('10.9.0.2'))).not.toEqual(expect.arrayContaining([expect.stringContaining('accept-new')]));
    // The pinned known_hosts files are made inside $(...) subshells: none may outlive the run.
    expect(r.tmpLeft).toEqual([]);
  });

  it('leaves no pinned known_hosts file behind when it refuses', () => {
    const r = leave({ NODE_NAME: 'master3', NODE_ROLE: 'server', SERVERS: servers(['master1', '10.9.0.1']), SSH_HOST_KEY: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAImaster2 root@master2' }, {
      '127.0.0.1': { identity: 'master2', api: true },
    });
    expect(r.status).toBe(1);
    expect(r.err).toContain("is K3s node 'master2', not master3");
    expect(r.tmpLeft).toEqual([]);
  });

  describe('the only server of a single-server (SQLite) cluster', () => {
    // K3s without embedded etcd keeps the cluster in SQLite on the server (docs.k3s.io/datastore): its uninstall deletes it.
    const single = (env: { K3S_ALLOW_DATA_LOSS?: string } = {}, host: Host = { identity: 'master1', api: true, nodes: 'master1\nnodo1\n' }) =>
      leave({ NODE_NAME: 'master1', NODE_ROLE: 'server', EMBEDDED_ETCD: 'no', ...env }, { '127.0.0.1': host });

    it('is refused while agents are still in its cluster, naming the node, the rule and the flag; nothing changes', () => {
      const r = single();
      expect(r.status).toBe(1);
      expect(r.err).toContain('refusing to uninstall master1: it is the only server of a single-server (SQLite) cluster and holds its only datastore; ' +
        'uninstalling it deletes every Kubernetes object and the cluster CA, and its agents (nodo1) would not trust a new server. Nothing was changed. ' +
        "To replace it anyway, losing the cluster's data: K3S_ALLOW_DATA_LOSS=master1 in the apply's environment");
      expect(r.log).toEqual([]);
      // A flag naming another node allows nothing here.
      expect(single({ K3S_ALLOW_DATA_LOSS: 'master2' }).log).toEqual([]);
    });

    it('is refused when its API does not answer (whether agents depend on it cannot be told)', () => {
      const r = single({}, { identity: 'master1', nodes: 'master1\nnodo1\n' });
      expect(r.status).toBe(1);
      expect(r.err).toContain('refusing to uninstall master1, the only server of a single-server (SQLite) cluster: its API does not answer');
      expect(r.log).toEqual([]);
    });

    it('with K3S_ALLOW_DATA_LOSS=<its name> it is uninstalled, saying how to re-join the agents', () => {
      const r = single({ K3S_ALLOW_DATA_LOSS: 'master1' });
      expect(r.err).toContain('WARNING: K3S_ALLOW_DATA_LOSS=master1: uninstalling the only server of a single-server (SQLite) cluster; its data and CA are lost. Re-join its agents (nodo1)');
      expect(r.log).toEqual(['uninstall 127.0.0.1']);
      expect(r.status).toBe(0);
    });

    it('the last node of a destroyed cluster (its agents left first) is uninstalled', () => {
      const r = single({}, { identity: 'master1', api: true, nodes: 'master1\n' });
      expect(r.err).toContain('master1 is the last node of its single-server cluster: the cluster ends with it');
      expect(r.log).toEqual(['uninstall 127.0.0.1']);
      expect(r.status).toBe(0);
    });
  });

  it('an unreachable node fails before anything changes', () => {
    // Port 9 on loopback: nothing listens there.
    const closed = spawnSync('bash', [join(ROOT, 'bootstrap/leave-cluster.sh')], {
      encoding: 'utf8',
      env: { ...process.env, NODE_NAME: 'nodo1', NODE_ROLE: 'agent', NODE_HOST: '127.0.0.1', SSH_USER: 'root', SSH_KEY_PATH: 'k', SSH_PORT: '9', WAIT_SECONDS: '1' },
    });
    expect(closed.status).toBe(1);
    expect(closed.stderr).toContain('cannot reach SSH at 127.0.0.1:9 after 1 s; nothing was changed');
  });

  describe('its remote commands as an unprivileged SSH user with passwordless sudo (helpers/unprivileged-node.ts)', () => {
    requireUnprivilegedNodeTools();
    const agent = (configName: string) => {
      const dir = tempDir('leave-unprivileged');
      const n = unprivilegedNode(dir, join(dir, 'bin'), { config: `"node-name": "${configName}"\n"token": "t"\n`, role: 'agent' });
      const r = n.run(`exec bash ${join(ROOT, 'bootstrap/leave-cluster.sh')}`, {
        NODE_NAME: 'nodo1', NODE_ROLE: 'agent', NODE_HOST: '127.0.0.1', SSH_PORT: String(port), SSH_USER: 'ubuntu', SSH_KEY_PATH: '~/.ssh/id_rsa',
        SSH_KNOWN_HOSTS: join(dir, 'known_hosts'), WAIT_SECONDS: '2', SERVERS: '',
      });
      return { ...r, uninstalled: n.uninstalled() };
    };

    it('reads the identity as root: another node is refused, the right one uninstalled as root', () => {
      const wrong = agent('nodo2');
      expect(wrong.out).toContain("is K3s node 'nodo2', not nodo1");
      expect(wrong.status).toBe(1);
      expect(wrong.uninstalled).toBe('');
      const right = agent('nodo1');
      expect(right.status).toBe(0);
      expect(right.uninstalled).toBe('uninstalled by uid 0');
    });
  });
});
