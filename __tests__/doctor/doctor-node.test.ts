import { spawnSync } from 'child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'fs';
import { delimiter, join } from 'path';
import { parseNodeFacts } from '../../tools/doctor/checks';
import { ROOT, tempDir } from '../helpers/repo';

// bootstrap/doctor-node.sh on a fake server: a K3s data dir with real
// certificates (openssl), and systemctl/curl doubles on PATH (systemctl
// is-active prints the unit's state; curl -f fails when nothing listens).
function fakeServer(opts: { service: string; etcdMetrics?: string }): { env: NodeJS.ProcessEnv; dataDir: string } {
  const dir = tempDir('doctor-node');
  const bin = join(dir, 'bin');
  const dataDir = join(dir, 'k3s');
  mkdirSync(bin);
  mkdirSync(join(dataDir, 'server/tls/etcd'), { recursive: true });
  mkdirSync(join(dataDir, 'agent'), { recursive: true });
  const cert = (path: string, days: number) => {
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'k.pem'),
      '-out', path, '-days', String(days), '-subj', '/CN=test'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  cert(join(dataDir, 'server/tls/serving-kube-apiserver.crt'), 20);
  cert(join(dataDir, 'server/tls/etcd/server-client.crt'), 300);
  cert(join(dataDir, 'server/tls/server-ca.crt'), 3650);
  cert(join(dataDir, 'agent/client-kubelet.crt'), 200);
  writeFileSync(join(bin, 'systemctl'), `#!/bin/sh\necho ${opts.service}\n[ ${opts.service} = active ]\n`);
  writeFileSync(join(bin, 'curl'), opts.etcdMetrics === undefined ? '#!/bin/sh\nexit 7\n' : `#!/bin/sh\ncat <<'M'\n${opts.etcdMetrics}\nM\n`);
  chmodSync(join(bin, 'systemctl'), 0o755);
  chmodSync(join(bin, 'curl'), 0o755);
  return { env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}`, K3S_DATA_DIR: dataDir }, dataDir };
}

const runScript = (env: NodeJS.ProcessEnv) => spawnSync('bash', [join(ROOT, 'bootstrap/doctor-node.sh')], { env, encoding: 'utf8' });

describe('bootstrap/doctor-node.sh', () => {
  it('reports the unit, leaf certificate dates (not the CAs) and the etcd member view', () => {
    const { env, dataDir } = fakeServer({
      service: 'active',
      etcdMetrics: '# HELP etcd_server_has_leader x\netcd_server_has_leader 1\netcd_server_is_leader 0\netcd_server_leader_changes_seen_total 2\netcd_mvcc_db_total_size_in_bytes 123',
    });
    const r = runScript(env);
    expect(r.status).toBe(0);
    const facts = parseNodeFacts(r.stdout);
    expect(facts.service).toBe('active');
    expect(facts.etcd).toEqual({ etcd_server_has_leader: 1, etcd_server_is_leader: 0, etcd_server_leader_changes_seen_total: 2 });
    expect(facts.certs.map((c) => c.path).sort()).toEqual([
      join(dataDir, 'agent/client-kubelet.crt'), join(dataDir, 'server/tls/etcd/server-client.crt'), join(dataDir, 'server/tls/serving-kube-apiserver.crt'),
    ]);
    const apiserver = facts.certs.find((c) => c.path.endsWith('serving-kube-apiserver.crt'))!;
    const days = (apiserver.notAfterSeconds * 1000 - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(19);
    expect(days).toBeLessThanOrEqual(20);
  });

  it('says when etcd does not answer and the unit is not active', () => {
    const r = runScript(fakeServer({ service: 'failed' }).env);
    expect(r.status).toBe(0);
    const facts = parseNodeFacts(r.stdout);
    expect(facts.service).toBe('failed');
    expect(facts.etcd).toBeUndefined();
  });
});
