import { join } from 'path';
import { Testing, TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { K3sCluster, K3sClusterProps } from '../../lib/k3s';

const node = (hostname: string, i: number) => ({ hostname, host: `10.0.0.${i}`, user: 'root', keyPath: '/k' });
const base: K3sClusterProps = {
  clusterName: 'c', k3sVersion: 'v1.28.3+k3s1', configTemplate: { server: { 'write-kubeconfig-mode': '0600' } },
  bootstrapDir: join(__dirname, '../../bootstrap'), kubeconfigPath: 'kubeconfig', fetchedKubeconfigPath: '.kubeconfig.fetched',
  servers: [node('s1', 1), node('s2', 2), node('s3', 3)], agents: [node('a1', 4), node('a2', 5)],
};

function synth(props: Partial<K3sClusterProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new K3sCluster(stack, 'cluster', { ...base, ...props });
  return JSON.parse(Testing.synth(stack)).resource as Record<string, Record<string, any>>;
}

/** The config.yaml an install resource uploads, parsed. */
function configOf(resource: any): Record<string, unknown> {
  const upload = (resource.provisioner as Record<string, any>[]).map((p) => p.file).find((f) => f?.destination?.endsWith('/config.yaml'));
  return parse(upload.content);
}

describe('K3sCluster', () => {
  const r = synth().null_resource;

  it('servers encrypt Secrets at rest unless told otherwise (the construct default; #25 item 13)', () => {
    for (const s of ['s1', 's2', 's3']) expect([s, configOf(r[`${s}_install`])['secrets-encryption']]).toEqual([s, true]);
    expect(configOf(r.a1_install)).not.toHaveProperty('secrets-encryption');
    const off = synth({ secretsEncryption: false }).null_resource;
    expect(configOf(off.s1_install)['secrets-encryption']).toBe(false);
  });

  it('joins servers one at a time in order, each after the previous one upgraded; agents (in parallel) after the last server upgraded', () => {
    expect(r.s1_install.depends_on).toBeUndefined();
    expect(r.s2_install.depends_on).toEqual(['null_resource.s1_upgrade']);
    expect(r.s3_install.depends_on).toEqual(['null_resource.s2_upgrade']);
    expect(r.a1_install.depends_on).toEqual(['null_resource.s3_upgrade']);
    expect(r.a2_install.depends_on).toEqual(['null_resource.s3_upgrade']);
  });

  it('upgrades in the same order: servers one at a time, then agents', () => {
    expect(r.s2_upgrade.depends_on).toEqual(['null_resource.s2_install', 'null_resource.s1_upgrade']);
    expect(r.a1_upgrade.depends_on).toEqual(['null_resource.a1_install', 'null_resource.s3_upgrade']);
  });

  it('names install resources by the pattern (seed 001: {hostname}_k3s_{role}) and fetches the kubeconfig from the first server', () => {
    const mvp = synth({ servers: [node('master1', 1)], agents: [node('nodo1', 2)], installAddressPattern: '{hostname}_k3s_{role}' });
    expect(Object.keys(mvp.null_resource).sort()).toEqual(['kubeconfig_endpoint', 'kubeconfig_fetch', 'master1_k3s_server', 'master1_upgrade', 'nodo1_k3s_agent', 'nodo1_upgrade']);
    expect(mvp.null_resource.kubeconfig_fetch.provisioner[0]['local-exec'].environment.SERVERS.split('\t')[1]).toBe('10.0.0.1');
    expect(mvp.random_password.cluster_token).toBeDefined();
    expect(mvp.local_file.kubeconfig.file_permission).toBe('0600');
  });

  it.each([
    [{ servers: [] }, 'servers = []: must list at least one server'],
    [{ servers: [node('s1', 1), node('s2', 2)] }, 'servers = "2 servers": must be an odd number with embedded etcd'],
    [{ servers: [node('s1', 1), node('s2', 2), node('s3', 3)], embeddedEtcd: false }, 'servers = "3 servers": must be exactly 1 without embedded etcd'],
    [{ agents: [node('a1', 1)] }, 'servers/agents host = "10.0.0.1": must be unique in the cluster'],
    [{ installAddressPattern: '{role}_install' }, 'installAddressPattern = "{role}_install": must contain {hostname}'],
    // An install name the review does not know would be replaced (K3s reinstalled) without its warning.
    [{ installAddressPattern: '{hostname}_k3s' }, 'installAddressPattern = "{hostname}_k3s": must be one of {hostname}_install, {hostname}_k3s_{role} (lib/core/addresses.ts: the review knows only those installs)'],
  ])('refuses %j with the construct path', (props, message) => {
    expect(() => synth(props as Partial<K3sClusterProps>)).toThrow(`stack/cluster: ${message}`);
  });
});
