/**
 * The stub helm and kubernetes providers reach "the cluster" through their
 * configured host, and fail as the real ones do (sources in
 * tools/harness/stub-provider/cluster-access.ts): an unknown host or
 * credentials is client-go's http://localhost; a known host that does not
 * answer fails a kubernetes refresh and drops a helm release from state.
 */
import { createServer, Server } from 'net';
import { applyWithoutCluster, clusterAccess, refreshWithoutCluster } from '../../tools/harness/stub-provider/cluster-access';
import { UNKNOWN, Value } from '../../tools/harness/stub-provider/msgpack';

const creds = { cluster_ca_certificate: 'ca', client_certificate: 'cert', client_key: 'key' };
const namespace = { id: 'monitoring', metadata: [{ name: 'monitoring' }] };

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => server.close());

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

describe('stub helm/kubernetes providers: the cluster they reach', () => {
  it('reads host and credentials from the kubernetes provider block and from helm\'s kubernetes attribute', () => {
    expect(clusterAccess({ host: 'https://10.0.0.1:6443', ...creds })).toMatchObject({ address: { host: '10.0.0.1', port: 6443 }, unknown: false });
    expect(clusterAccess({ kubernetes: { host: 'https://10.0.0.2:6443', ...creds } })).toMatchObject({ address: { host: '10.0.0.2', port: 6443 } });
    expect(clusterAccess({ kubernetes: [{ host: 'https://10.0.0.3:6443', ...creds }] })).toMatchObject({ address: { host: '10.0.0.3', port: 6443 } });
  });

  it('an unknown host or credential (a provider configured from a resource being replaced) is http://localhost: refresh and apply fail', async () => {
    for (const config of [{ host: UNKNOWN, ...creds }, { host: 'https://10.0.0.1:6443', ...creds, client_key: UNKNOWN }, { kubernetes: UNKNOWN }] as Value[]) {
      const access = clusterAccess(config);
      expect(access.unknown).toBe(true);
      expect(await refreshWithoutCluster('kubernetes_namespace', namespace, access)).toEqual({
        diagnostics: [{ severity: 1, summary: 'Get "http://localhost/api/v1/namespaces/monitoring": dial tcp [::1]:80: connect: connection refused', detail: '' }],
      });
      expect(await refreshWithoutCluster('helm_release', { id: 'kube-prometheus-stack' }, access)).toEqual({ gone: true });
      expect((await applyWithoutCluster('helm_release', access))?.[0].detail).toMatch(/Kubernetes cluster unreachable: Get "http:\/\/localhost\/version"/);
    }
  });

  it('a known host that nothing answers: kubernetes refresh fails naming it, helm drops the release, helm apply says "Kubernetes cluster unreachable"', async () => {
    const p = await closedPort();
    const access = clusterAccess({ host: `https://127.0.0.1:${p}`, ...creds });
    const refreshed = await refreshWithoutCluster('kubernetes_namespace', namespace, access);
    expect(refreshed).toEqual({ diagnostics: [expect.objectContaining({ summary: `Get "https://127.0.0.1:${p}/api/v1/namespaces/monitoring": dial tcp 127.0.0.1:${p}: connect: connection refused` })] });
    expect(await refreshWithoutCluster('helm_release', { id: 'x' }, access)).toEqual({ gone: true });
    expect(await applyWithoutCluster('helm_release', access)).toEqual([
      { severity: 1, summary: 'Error checking installed release', detail: `Failed to determine if release exists: Kubernetes cluster unreachable: Get "https://127.0.0.1:${p}/version": dial tcp 127.0.0.1:${p}: connect: connection refused` },
    ]);
  });

  it('a host that answers: refresh and apply go on', async () => {
    const access = clusterAccess({ host: `https://127.0.0.1:${port}`, ...creds });
    expect(await refreshWithoutCluster('kubernetes_namespace', namespace, access)).toBeUndefined();
    expect(await refreshWithoutCluster('helm_release', { id: 'x' }, access)).toBeUndefined();
    expect(await applyWithoutCluster('helm_release', access)).toBeUndefined();
  });
});
