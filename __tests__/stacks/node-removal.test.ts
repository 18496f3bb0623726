/**
 * Removing one node (`remove = true` on its settings entry) changes nothing
 * but that node: Terraform `removed` blocks destroy its install (with the
 * destroy step: leave-cluster.sh) and upgrade resources; no other resource
 * is added, changed or replaced (compared as `npm run review` does), and the
 * review says what happens in words, never recommending `-target`.
 */
import { AllSettings, SshNodeSettings } from '../../lib/settings';
import { reviewStack } from '../../tools/review/diff';
import { exampleSettings, StackJson, synthGitops, synthHa, synthMvp } from '../helpers/repo';

let all: AllSettings;
beforeAll(async () => { all = await exampleSettings(); });

const remove = (nodes: readonly SshNodeSettings[], hostname: string) => nodes.map((n) => (n.hostname === hostname ? { ...n, remove: true } : n));
const removedBlocks = (json: StackJson) => ((json as any).removed ?? []) as any[];
const leaveStep = (block: any) => block.provisioner?.[0]?.['local-exec'];

/** What the review says changes between two JSONs, by list. */
function reviewed(before: StackJson, after: StackJson) {
  const md = reviewStack('stack', before, after).markdown;
  const list = (title: string) => (new RegExp(`\\*\\*${title}\\*\\* \\(\\d+\\): (.*)`).exec(md)?.[1] ?? '').split(', ').filter(Boolean).map((a) => a.replace(/`/g, ''));
  return { md, removed: list('Removed'), added: list('Added'), changed: list('Changed'), replaced: list('Replaced') };
}

describe('remove = true: the node leaves, nothing else changes', () => {
  it('chocolandiadc nodo1: removed blocks run its leave step; the chart, the namespace and the servers stay as they are', () => {
    const before = synthHa(all.chocolandiadc);
    const after = synthHa({ ...all.chocolandiadc, workerNodes: remove(all.chocolandiadc.workerNodes, 'nodo1') });
    const blocks = removedBlocks(after);
    expect(blocks.map((b) => [b.from, b.lifecycle])).toEqual([
      ['null_resource.nodo1_install', { destroy: true }],
      ['null_resource.nodo1_upgrade', { destroy: true }],
    ]);
    const leave = leaveStep(blocks[0]);
    expect(leave.when).toBe('destroy');
    expect(leave.command).toMatch(/leave-cluster\.sh$/);
    expect(leave.environment).toMatchObject({ NODE_NAME: 'nodo1', NODE_ROLE: 'agent', NODE_HOST: '192.168.1.104' });
    expect(leave.environment.SERVERS.split('\n').map((l: string) => l.split('\t')[0])).toEqual(['master1', 'master2', 'master3']);
    expect(Object.keys(after.resource.null_resource)).not.toContain('nodo1_install');

    const r = reviewed(before, after);
    expect(r.removed).toEqual(['null_resource.nodo1_install', 'null_resource.nodo1_upgrade']);
    expect([r.added, r.changed, r.replaced]).toEqual([[], [], []]);
    expect(r.md).toMatch(/`nodo1` is removed \(`remove = true`\): it is drained, its Node deleted and K3s uninstalled on it; .*Nothing else is destroyed or replaced/);
    expect(r.md).not.toMatch(/-target|disappears|\*\*replaced/);
  });

  it('k3s-gitops 5 -> 4 servers: the leaving server checks quorum against the 4 that stay; their resources do not change', () => {
    const five = all['k3s-gitops'].controlPlaneNodes[0];
    const servers = [1, 2, 3, 4, 5].map((i) => ({ ...five, hostname: `gitops${i}`, ipAddress: `192.168.1.${59 + i}` }));
    const before = synthGitops({ ...all['k3s-gitops'], controlPlaneNodes: servers });
    const after = synthGitops({ ...all['k3s-gitops'], controlPlaneNodes: remove(servers, 'gitops5') });
    const leave = leaveStep(removedBlocks(after)[0]);
    expect(leave.environment).toMatchObject({ NODE_NAME: 'gitops5', NODE_ROLE: 'server', EMBEDDED_ETCD: 'yes' });
    expect(leave.environment.SERVERS.split('\n').map((l: string) => l.split('\t')[0])).toEqual(['gitops1', 'gitops2', 'gitops3', 'gitops4']);
    const r = reviewed(before, after);
    expect(r.removed).toEqual(['null_resource.gitops5_install', 'null_resource.gitops5_upgrade']);
    expect([r.added, r.changed, r.replaced]).toEqual([[], [], []]);
    expect(r.md).toMatch(/`gitops5` is removed .*etcd health and the quorum of the servers that stay are checked first/);
  });

  it('removing the first server (k3s-gitops gitops1 of 5): no other server and no agent changes; the kubeconfig and the providers move to gitops2', () => {
    const five = all['k3s-gitops'].controlPlaneNodes[0];
    const servers = [1, 2, 3, 4, 5].map((i) => ({ ...five, hostname: `gitops${i}`, ipAddress: `192.168.1.${59 + i}` }));
    const agents = [{ ...five, hostname: 'worker1', ipAddress: '192.168.1.70' }];
    const before = synthGitops({ ...all['k3s-gitops'], controlPlaneNodes: servers, workerNodes: agents });
    const after = synthGitops({ ...all['k3s-gitops'], controlPlaneNodes: remove(servers, 'gitops1'), workerNodes: agents });
    const r = reviewed(before, after);
    expect(r.removed).toEqual(['null_resource.gitops1_install', 'null_resource.gitops1_upgrade']);
    // The agent's readiness now runs on gitops2: where, not what (ignored like a connection detail).
    expect([r.added, r.changed]).toEqual([[], []]);
    // Local only: the kubeconfig names gitops2, and the providers' copy points there once it answers.
    expect(r.replaced).toEqual(['local_file.kubeconfig', 'null_resource.kubeconfig_endpoint']);
    expect((after.resource.null_resource as any).kubeconfig_endpoint.triggers.api_address).toBe('192.168.1.61');
    expect(r.md).toMatch(/providers move from `192\.168\.1\.60` to `192\.168\.1\.61`: this plan still refreshes through `192\.168\.1\.60`/);
  });

  it('chocolandiadc-mvp nodo1: its seed-001 address (nodo1_k3s_agent)', () => {
    const after = synthMvp({ ...all['chocolandiadc-mvp'], workerNodes: remove(all['chocolandiadc-mvp'].workerNodes, 'nodo1') });
    expect(removedBlocks(after).map((b) => b.from)).toEqual(['null_resource.nodo1_k3s_agent', 'null_resource.nodo1_upgrade']);
  });

  it('without remove = true, a node deleted from the settings is called out: Terraform would forget it without its leave step', () => {
    const before = synthHa(all.chocolandiadc);
    const after = synthHa({ ...all.chocolandiadc, workerNodes: [] });
    const r = reviewed(before, after);
    expect(r.md).toMatch(/`null_resource\.nodo1_install` disappears from the configuration: Terraform forgets it \*\*without\*\* its destroy step.*Keep `nodo1` in the settings with `remove = true` for one apply/);
    expect(r.md).not.toMatch(/-target/);
  });
});

describe('api_endpoint added to a running cluster: the providers stay on an address that answers', () => {
  it('providers read host and credentials from the fetched copy; kubeconfig_endpoint points it at the address once it answers; the review says so', () => {
    const before = synthHa(all.chocolandiadc);
    const after = synthHa({ ...all.chocolandiadc, apiEndpoint: { address: '192.168.1.100', kubeVipInterface: 'eth0' } });
    // The providers' configuration does not name the new address: it comes from the copy, read at plan.
    expect(JSON.stringify((after as any).provider)).not.toContain('192.168.1.100');
    expect(JSON.stringify((after as any).provider)).toBe(JSON.stringify((before as any).provider));
    const endpoint = (after.resource.null_resource as any).kubeconfig_endpoint;
    expect(endpoint.triggers.api_address).toBe('192.168.1.100');
    expect(endpoint.provisioner[0]['local-exec'].command).toMatch(/fetch-kubeconfig\.sh --point-at \$\{self\.triggers\.api_address\}$/);
    expect(endpoint.depends_on).toEqual(expect.arrayContaining(['null_resource.kubeconfig_fetch', 'null_resource.master1_upgrade', 'null_resource.master3_upgrade']));
    expect((after.resource as any).local_file.kubeconfig.depends_on).toEqual(['null_resource.kubeconfig_endpoint']);
    const r = reviewed(before, after);
    // The upgrades re-run the installer with the new config (K3s restarts); no install is replaced.
    expect(r.replaced).toEqual(['local_file.kubeconfig', 'null_resource.kubeconfig_endpoint',
      'null_resource.master1_upgrade', 'null_resource.master2_upgrade', 'null_resource.master3_upgrade', 'null_resource.nodo1_upgrade']);
    expect(r.md).toMatch(/keep using a server that answers until `192\.168\.1\.100` does/);
    expect(r.md).toMatch(/providers move from `192\.168\.1\.101` to `192\.168\.1\.100`/);
  });
});
