import { ADDRESS_SHAPES, ADDRESSES, classifyAddress, isNodeInstall, nodeInstallAddress } from '../../lib/core/addresses';
import { reviewStack } from '../../tools/review/diff';
import { exampleSettings, StackJson, synthGitops, synthHa, synthHomelab, synthMvp, synthSandbox } from '../helpers/repo';

/** Every resource and data source address of a synthesized stack. */
function addresses(json: StackJson): string[] {
  const of = (blocks: Record<string, Record<string, unknown>> | undefined, prefix: string) =>
    Object.entries(blocks ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${prefix}${type}.${name}`));
  return [...of(json.resource, ''), ...of(json.data, 'data.')];
}

describe('lib/core/addresses.ts: one module owns every address', () => {
  it('classifies every address of the five stacks (example settings, and the options that add resources)', async () => {
    const all = await exampleSettings();
    const stacks: Record<string, StackJson> = {
      chocolandiadc: synthHa(all.chocolandiadc),
      'chocolandiadc with the platform': synthHa({ ...all.chocolandiadc, platform: all['k3s-gitops'].platform }),
      'chocolandiadc-mvp': synthMvp(all['chocolandiadc-mvp']),
      'kpi-sandbox': synthSandbox(all['kpi-sandbox']),
      'kpi-sandbox uploading its image': synthSandbox({ ...all['kpi-sandbox'], baseImage: '/var/lib/images/k3s-node.qcow2' }),
      'k3s-homelab': synthHomelab(all['k3s-homelab']),
      'k3s-homelab installing k3s1, with Tailscale, joined nodes and S3 backups': synthHomelab({
        ...all['k3s-homelab'], server: { ...all['k3s-homelab'].server, existing: false }, kubeconfigPath: undefined,
        tailscaleSubnetRouter: true, nodes: all['k3s-homelab'].nodes.map((n) => ({ ...n, joined: true })),
        longhornBackup: {
          target: 's3://backups@us-east-1/k3s', pollIntervalSeconds: 300, snapshot: { cron: '0 */6 * * *', retain: 4, concurrency: 1 }, backup: { cron: '0 3 * * *', retain: 7, concurrency: 1 },
        },
      }),
      'k3s-gitops': synthGitops(all['k3s-gitops']),
      'k3s-gitops with a kube-vip API address': synthGitops({ ...all['k3s-gitops'], apiEndpoint: { address: '192.168.0.250', kubeVipInterface: 'eth0' } }),
      'k3s-gitops with S3 Longhorn backups': synthGitops({
        ...all['k3s-gitops'], longhornBackup: {
          target: 's3://backups@us-east-1/k3s', pollIntervalSeconds: 300, snapshot: { cron: '0 */6 * * *', retain: 4, concurrency: 1 }, backup: { cron: '0 3 * * *', retain: 7, concurrency: 1 },
        },
      }),
      'k3s-gitops with alert receivers': synthGitops({
        ...all['k3s-gitops'], alerting: { receivers: [{ name: 'hook', kind: 'webhook', minSeverity: 'warning', sendResolved: true, url: 'https://alerts.example/hook', bearerToken: true, credentialFile: '~/hook-token' }] },
      }),
    };
    const unknown = Object.entries(stacks).flatMap(([stack, json]) => addresses(json).filter((a) => !classifyAddress(a)).map((a) => `${stack}: ${a}`));
    expect(unknown).toEqual([]);
    // The options above reach the addresses they are there for.
    const seen = new Set(Object.values(stacks).flatMap((j) => addresses(j).map((a) => classifyAddress(a)!.kind)));
    expect(ADDRESS_SHAPES.map((s) => s.kind).filter((k) => !seen.has(k))).toEqual([]);
  });

  it('reads back what it makes: kind, node (hyphens included), role, name', () => {
    expect(classifyAddress(nodeInstallAddress('k3s-node-2'))).toEqual({ kind: 'node-install', node: 'k3s-node-2' });
    expect(classifyAddress(ADDRESSES.nodeInstallSeed001.address({ hostname: 'master1', role: 'server' }))).toEqual({ kind: 'node-install', node: 'master1', role: 'server' });
    expect(classifyAddress('null_resource.nodo1_k3s_agent')).toEqual({ kind: 'node-install', node: 'nodo1', role: 'agent' });
    expect(classifyAddress('null_resource.k3s-node-2_upgrade')).toEqual({ kind: 'node-upgrade', node: 'k3s-node-2' });
    expect(classifyAddress('libvirt_volume.k3s_cp_01_disk')).toEqual({ kind: 'vm-disk', node: 'k3s-cp-01' });
    expect(classifyAddress('kubernetes_ingress_v1.route_argocd_subdomain')).toEqual({ kind: 'route', name: 'argocd' });
    expect(classifyAddress('kubernetes_namespace_v1.platform_namespace_cert_manager')).toEqual({ kind: 'platform-namespace', name: 'cert-manager' });
    expect(classifyAddress('data.local_sensitive_file.kubeconfig_fetched')).toEqual({ kind: 'kubeconfig-fetched' });
    expect(classifyAddress('local_sensitive_file.kubeconfig_fetched')).toBeUndefined();
    expect(classifyAddress('null_resource.master1_reinstall_hook')).toBeUndefined();
    for (const s of ADDRESS_SHAPES) {
      const made = s.address({ hostname: 'node-a', role: 'agent', namespace: 'ns-a', route: 'r-a' });
      expect([made, classifyAddress(made)?.kind]).toEqual([made, s.kind]);
    }
  });

  it('the review warns before every install address it knows is replaced or dropped, whatever the hostname', () => {
    const installs = ADDRESS_SHAPES.filter((s) => s.kind === 'node-install');
    expect(installs.length).toBeGreaterThanOrEqual(2); // the default and seed 001's
    for (const s of installs) {
      for (const hostname of ['master2', 'k3s-node-2']) {
        const name = s.name({ hostname, role: 'server' });
        const address = s.address({ hostname, role: 'server' });
        expect(isNodeInstall(address)).toBe(true);
        const node = (role: string) => ({ resource: { null_resource: { [name]: { triggers: { role, hostname, host: '10.0.0.2', ssh_host_key: 'ssh-ed25519 AAAA' } } } } });
        const replaced = reviewStack('s', node('server'), node('agent')).markdown;
        expect([address, replaced]).toEqual([address, expect.stringContaining(`\`${address}\` is replaced: ${hostname} leaves the cluster (after a quorum check), K3s is uninstalled and installed again.`)]);
        const dropped = reviewStack('s', node('server'), { resource: {} }).markdown;
        expect([address, dropped]).toEqual([address, expect.stringContaining(`\`${address}\` disappears from the configuration: Terraform forgets it **without** its destroy step`)]);
      }
    }
  });
});
