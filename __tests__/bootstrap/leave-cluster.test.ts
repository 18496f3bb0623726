import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { createServer, Server } from 'net';
import { join } from 'path';
import { FAKE_SSH_OPTIONS } from '../helpers/fake-ssh';
import { ROOT, tempDir } from '../helpers/repo';

/**
 * bootstrap/leave-cluster.sh against a replaying `ssh` on PATH: each test
 * host is a directory holding what the node would answer (its K3s
 * node-name, whether its API answers). The fake ssh recognises which of the
 * script's remote steps it was sent and records the ones that change
 * something; the etcd check (member list and health) runs for real in bash,
 * against a fake `curl` that answers as etcd's JSON gateway would from the
 * test's etcd members, and a fake `k3s` that reports Node Ready. The real
 * SSH path and a real etcd are covered by the e2e scenarios (replace-server,
 * refuse-quorum-loss, dead-server-quorum).
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
  *member/list*) echo "$host \${command%% bash -s*}" >> "$FAKE_HOSTS/etcd-checks"
    eval "set -- $args"; PATH="$FAKE_HOSTS/bin:$PATH" FAKE_SELF="$dir" bash -s -- "$@" <<<"$script" ;;
  *"kubectl drain"*) echo "drain $host$args" >> "$FAKE_HOSTS/log"; if [ -f "$dir/drain-fails" ]; then echo "cannot evict pod: PodDisruptionBudget" ; exit 1; fi ;;
  *"delete node"*) echo "delete $host$args" >> "$FAKE_HOSTS/log"; name=$(eval "set -- $args"; echo "$1"); rm -f "$FAKE_HOSTS/node-ready/$name"; echo "$name 0" > "$FAKE_HOSTS/removing" ;;
  *uninstall*) echo "uninstall $host" >> "$FAKE_HOSTS/log"; [ ! -f "$dir/uninstall-fails" ] ;;
  *"rm -rf"*) ;;
  *) echo "fake ssh: unknown script" >&2; exit 2 ;;
esac
`;
/**
 * etcd's JSON gateway as curl sees it: the member list from the local
 * member (refused when the host's etcd is down), /health per client URL.
 * A deleted Node's member leaves on the second listing after the delete
 * (K3s's member controller removes it asynchronously).
 */
const FAKE_CURL = `#!/usr/bin/env bash
url="\${*: -1}"
case "$url" in
  https://127.0.0.1:2379/v3/cluster/member/list)
    [ ! -f "$FAKE_SELF/etcd-down" ] || { echo "curl: (7) Failed to connect to 127.0.0.1 port 2379" >&2; exit 7; }
    if [ -f "$FAKE_HOSTS/removing" ]; then
      read -r name n < "$FAKE_HOSTS/removing"
      if [ "$n" -ge 1 ]; then sed -i "/^$name-/d" "$FAKE_HOSTS/etcd-members"; rm "$FAKE_HOSTS/removing"; else echo "$name $((n + 1))" > "$FAKE_HOSTS/removing"; fi
    fi
    printf '{"header":{"cluster_id":"1","member_id":"2","raft_term":"3"},"members":['
    sep=""
    while read -r name id url learner; do
      printf '%s{"ID":"%s",' "$sep" "$id"
      [ "$name" = - ] || printf '"name":"%s",' "$name"
      printf '"peerURLs":["%s"]' "\${url%:2379}:2380"
      [ "$name" = - ] || printf ',"clientURLs":["%s"]' "$url"
      [ "$learner" != learner ] || printf ',"isLearner":true'
      printf '}'
      sep=","
    done < "$FAKE_HOSTS/etcd-members"
    echo ']}' ;;
  https://*:2379/health)
    h="\${url#https://}"; h="\${h%%:*}"
    [ -f "$FAKE_HOSTS/etcd-healthy/$h" ] || { echo "curl: (7) Failed to connect to $h port 2379" >&2; exit 7; }
    echo '{"health":"true"}' ;;
  *) echo "fake curl: unexpected $*" >&2; exit 2 ;;
esac
`;
const FAKE_K3S = `#!/usr/bin/env bash
[ "$1 $2 $3" = "kubectl get node" ] || { echo "fake k3s: unexpected $*" >&2; exit 2; }
cat "$FAKE_HOSTS/node-ready/$4" 2>/dev/null || { echo "Error from server (NotFound): nodes \\"$4\\" not found" >&2; exit 1; }
`;

interface Host { identity: string; api?: boolean; etcdDown?: boolean; drainFails?: boolean; uninstallFails?: boolean }
/** An etcd member as the cluster sees it: its node, its host (client URL), etcd's health, the Node's Ready. */
interface Member { node: string; host: string; healthy?: boolean; ready?: 'True' | 'False' | 'Unknown'; learner?: boolean; neverStarted?: boolean }

let listener: Server;
let port: number;
beforeAll(async () => {
  // The script waits for the node's SSH port: something must accept on it (the kernel's backlog suffices).
  listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as { port: number }).port;
});
afterAll(() => listener.close());

function leave(env: { NODE_NAME: string; NODE_ROLE: string; NODE_HOST?: string; SERVERS?: string; SSH_HOST_KEY?: string; SSH_USER?: string }, hosts: Record<string, Host>, members: Member[] = []) {
  const dir = tempDir('leave');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'ssh'), FAKE_SSH);
  chmodSync(join(bin, 'ssh'), 0o755);
  const fakeHosts = join(dir, 'hosts');
  mkdirSync(join(fakeHosts, 'bin'), { recursive: true });
  for (const [name, text] of [['curl', FAKE_CURL], ['k3s', FAKE_K3S]]) {
    writeFileSync(join(fakeHosts, 'bin', name), text);
    chmodSync(join(fakeHosts, 'bin', name), 0o755);
  }
  for (const [host, h] of Object.entries(hosts)) {
    const d = join(fakeHosts, host);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'identity'), `${h.identity}\n`);
    if (h.api) writeFileSync(join(d, 'api-ok'), '');
    if (h.etcdDown) writeFileSync(join(d, 'etcd-down'), '');
    if (h.drainFails) writeFileSync(join(d, 'drain-fails'), '');
    if (h.uninstallFails) writeFileSync(join(d, 'uninstall-fails'), '');
  }
  mkdirSync(join(fakeHosts, 'etcd-healthy'));
  mkdirSync(join(fakeHosts, 'node-ready'));
  writeFileSync(join(fakeHosts, 'etcd-members'), members.map((m, i) =>
    `${m.neverStarted ? '-' : `${m.node}-${(0xa1b2c3d0 + i).toString(16)}`} ${1000 + i} https://${m.host}:2379 ${m.learner ? 'learner' : 'voter'}\n`).join(''));
  for (const m of members) {
    if (m.healthy) writeFileSync(join(fakeHosts, 'etcd-healthy', m.host), '');
    if (!m.neverStarted) writeFileSync(join(fakeHosts, 'node-ready', m.node), m.ready ?? (m.healthy ? 'True' : 'False'));
  }
  const r = spawnSync('bash', [join(ROOT, 'bootstrap/leave-cluster.sh')], {
    encoding: 'utf8',
    env: {
      ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_HOSTS: fakeHosts, SSH_KNOWN_HOSTS: join(dir, 'known_hosts'),
      NODE_HOST: '127.0.0.1', SSH_USER: 'root', SSH_KEY_PATH: '~/.ssh/id_rsa', SSH_PORT: String(port), EMBEDDED_ETCD: 'yes', WAIT_SECONDS: '2',
      ...env,
    },
  });
  const lines = (f: string) => (existsSync(join(fakeHosts, f)) ? readFileSync(join(fakeHosts, f), 'utf8').trim().split('\n').filter(Boolean) : []);
  return { status: r.status, err: r.stderr, log: lines('log'), sshOpts: [...new Set(lines('ssh-opts'))], etcdChecks: lines('etcd-checks') };
}

/** Peers as Terraform writes them: name, host, port, user, key path, tab-separated. */
const servers = (...peers: [string, string][]) => peers.map(([n, h]) => [n, h, '22', 'root', '~/.ssh/id_rsa'].join('\t')).join('\n');
/** master1..3 at 10.9.0.1..3 (master3 also answers at 127.0.0.1 in most tests), all healthy. */
const ALL_UP: Member[] = [1, 2, 3].map((i) => ({ node: `master${i}`, host: `10.9.0.${i}`, healthy: true }));
const withMember = (node: string, m: Partial<Member>) => ALL_UP.map((x) => (x.node === node ? { ...x, ...m } : x));

describe('leave-cluster.sh', () => {
  it('a server leaves etcd (Node deleted from a peer) before K3s is uninstalled', () => {
    const r = leave({ NODE_NAME: 'master3', NODE_ROLE: 'server', SERVERS: servers(['master1', '10.9.0.1'], ['master2', '10.9.0.2']) }, {
      '127.0.0.1': { identity: 'master3', api: true },
      '10.9.0.1': { identity: 'master1', api: true },
    }, ALL_UP);
    expect(r.err).toContain("etcd quorum holds without master3 (2 of 2 remaining members healthy by etcd's health check, 2 needed)");
    expect(r.err).toContain('etcd member of master3 removed; members now: master1 master2');
    expect(r.log).toEqual(['drain 10.9.0.1 master3', 'delete 10.9.0.1 master3', 'uninstall 127.0.0.1']);
    expect(r.status).toBe(0);
    // The uninstall waited for etcd to drop the member (the controller removes it after the Node is deleted).
    expect(r.etcdChecks.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses when the members that would remain have no quorum, changing nothing', () => {
    const r = leave({ NODE_NAME: 'master3', NODE_ROLE: 'server', SERVERS: servers(['master1', '10.9.0.1'], ['master2', '10.9.0.2']) }, {
      '127.0.0.1': { identity: 'master3', api: true },
      '10.9.0.1': { identity: 'master1', api: true },
      '10.9.0.2': { identity: 'master2' },
    }, withMember('master2', { healthy: false, ready: 'False' }));
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/refusing to remove server master3: the 2 etcd members that would remain \(master1 master2\) have 1 healthy by etcd's own health check \(master1\), and etcd needs 2 of 2 for quorum; nothing was changed/);
    expect(r.log).toEqual([]);
  });

  it('counts etcd health, not Node Ready: a dead member whose Node still reads Ready is refused, and the message says why', () => {
    // Right after master2 died: its etcd does not answer, Kubernetes still shows its Node Ready (node-monitor grace period).
    const r = leave({ NODE_NAME: 'master3', NODE_ROLE: 'server', SERVERS: servers(['master1', '10.9.0.1'], ['master2', '10.9.0.2']) }, {
      '127.0.0.1': { identity: 'master3', api: true },
      '10.9.0.1': { identity: 'master1', api: true },
      '10.9.0.2': { identity: 'master2', api: true },
    }, withMember('master2', { healthy: false, ready: 'True' }));
    expect(r.status).toBe(1);
    expect(r.err).toContain('refusing to remove server master3: the 2 etcd members that would remain (master1 master2) have 1 healthy');
    expect(r.err).toContain('(master2: Node still reads Ready, which Kubernetes keeps for the node-monitor grace period after a server dies, so only etcd\'s health counts); nothing was changed');
    expect(r.log).toEqual([]);
  });

  it('a healthy etcd member counts even while its Node reads NotReady (kubelet trouble is not an etcd outage)', () => {
    const r = leave({ NODE_NAME: 'master3', NODE_ROLE: 'server', SERVERS: servers(['master1', '10.9.0.1'], ['master2', '10.9.0.2']) }, {
      '127.0.0.1': { identity: 'master3', api: true },
      '10.9.0.1': { identity: 'master1', api: true },
    }, withMember('master2', { ready: 'False' }));
    expect(r.err).toContain('etcd quorum holds without master3 (2 of 2 remaining members healthy');
    expect(r.status).toBe(0);
  });

  it('a learner and a member that never started: the learner does not vote, the unstarted member counts against quorum', () => {
    const members: Member[] = [...ALL_UP, { node: 'master4', host: '10.9.0.4', learner: true, healthy: true }, { node: 'master5', host: '10.9.0.5', neverStarted: true }];
    const r = leave({ NODE_NAME: 'master3', NODE_ROLE: 'server', SERVERS: servers(['master1', '10.9.0.1'], ['master2', '10.9.0.2']) }, {
      '127.0.0.1': { identity: 'master3', api: true },
      '10.9.0.1': { identity: 'master1', api: true },
    }, members.map((m) => (m.node === 'master2' ? { ...m, healthy: false } : m)));
    // Remaining voters: master1, master2, the unstarted one: 1 healthy of 3, 2 needed.
    expect(r.status).toBe(1);
    expect(r.err).toContain('the 3 etcd members that would remain (master1 master2 (member 1004, never started)) have 1 healthy');
    expect(r.log).toEqual([]);
  });

  it('refuses, changing nothing, when the chosen server\'s etcd does not answer its member list', () => {
    const r = leave({ NODE_NAME: 'master3', NODE_ROLE: 'server', SERVERS: servers(['master1', '10.9.0.1']) }, {
      '127.0.0.1': { identity: 'master3', api: true },
      '10.9.0.1': { identity: 'master1', api: true, etcdDown: true },
    }, ALL_UP);
    expect(r.status).toBe(1);
    expect(r.err).toContain('refusing to remove server master3: etcd on master1 did not answer its member list and health (etcd on this server does not answer: curl: (7)');
    expect(r.err).toContain('so quorum cannot be checked; nothing was changed');
    expect(r.log).toEqual([]);
  });

  it('asks etcd as root: through sudo -n when the SSH user is not root', () => {
    const r = leave({ NODE_NAME: 'master3', NODE_ROLE: 'server', SSH_USER: 'ubuntu', SERVERS: ['master1', '10.9.0.1', '22', 'ubuntu', '~/.ssh/id_rsa'].join('\t') }, {
      '127.0.0.1': { identity: 'master3', api: true },
      '10.9.0.1': { identity: 'master1', api: true },
    }, withMember('master2', { healthy: false, ready: 'True' }));
    expect(r.status).toBe(1);
    expect(r.etcdChecks).toEqual(['10.9.0.1 sudo -n']);
  });

  it('refuses when the machine at the address is another node, changing nothing', () => {
    const r = leave({ NODE_NAME: 'master3', NODE_ROLE: 'server', SERVERS: servers(['master1', '10.9.0.1']) }, {
      '127.0.0.1': { identity: 'master2', api: true },
      '10.9.0.1': { identity: 'master1', api: true },
    }, ALL_UP);
    expect(r.status).toBe(1);
    expect(r.err).toContain("refusing: the machine at 127.0.0.1:");
    expect(r.err).toContain("is K3s node 'master2', not master3 (did the address move to another machine?); nothing was changed");
    expect(r.log).toEqual([]);
  });

  it('a wiped server (K3s gone) still has its stale etcd member removed from a peer', () => {
    const r = leave({ NODE_NAME: 'master1', NODE_ROLE: 'server', SERVERS: servers(['master2', '10.9.0.2'], ['master3', '10.9.0.3']) }, {
      '127.0.0.1': { identity: '-' },
      '10.9.0.2': { identity: 'master2', api: true },
    }, withMember('master1', { healthy: false }));
    expect(r.err).toContain('K3s is not installed at 127.0.0.1: nothing to uninstall there');
    expect(r.log).toEqual(['drain 10.9.0.2 master1', 'delete 10.9.0.2 master1']);
    expect(r.status).toBe(0);
  });

  it('the last server of a destroyed cluster only uninstalls', () => {
    const r = leave({ NODE_NAME: 'master1', NODE_ROLE: 'server', SERVERS: servers(['master2', '10.9.0.2'], ['master3', '10.9.0.3']) }, {
      '127.0.0.1': { identity: 'master1', api: true },
      '10.9.0.2': { identity: '-' },
      '10.9.0.3': { identity: '-' },
    }, [ALL_UP[0]]);
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
      '10.9.0.1': { identity: 'master1', api: true, drainFails: true },
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
      '10.9.0.1': { identity: 'master1' },
      '10.9.0.2': { identity: 'master2', api: true },
    }, ALL_UP);
    expect(r.status).toBe(0);
    expect(r.sshOpts).toEqual(expect.arrayContaining([
      `127.0.0.1 StrictHostKeyChecking=yes 600 [127.0.0.1]:${port} ${key('master3')}`,
      `10.9.0.1 StrictHostKeyChecking=yes 600 10.9.0.1 ${key('master1')}`,
      // A server without ssh_host_key: the operator's known_hosts, trust on first use.
      '10.9.0.2 StrictHostKeyChecking=accept-new (operator known_hosts)',
    ]));
    expect(r.sshOpts.filter((l) => !l.startsWith('10.9.0.2'))).not.toEqual(expect.arrayContaining([expect.stringContaining('accept-new')]));
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
});
