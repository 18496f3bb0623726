import { readFileSync } from 'fs';
import { join } from 'path';
import { diagrams, topologySection } from '../../tools/diagram/main';
import { stackMermaid } from '../../tools/diagram/mermaid';
import { ROOT, runSynth, tempDir } from '../helpers/repo';

describe('npm run diagram', () => {
  let d: Map<string, string>;
  beforeAll(() => {
    const out = tempDir('diagram-out');
    const r = runSynth(out);
    if (r.status !== 0) throw new Error(r.stderr);
    d = diagrams(out);
  });

  it('each stack\'s page, docs/<stack>.md, shows the topology of the synthesized JSON (run npm run diagram after a change)', () => {
    expect([...d.keys()]).toEqual(['chocolandiadc', 'chocolandiadc-mvp', 'k3s-gitops', 'k3s-homelab', 'kpi-sandbox']);
    for (const [stack, mermaid] of d) expect([stack, readFileSync(join(ROOT, 'docs', `${stack}.md`), 'utf8').includes(topologySection(mermaid))]).toEqual([stack, true]);
  });

  it('shows nodes with roles and addresses, the join order, charts with versions, and the state', () => {
    const ha = d.get('chocolandiadc')!;
    expect(ha).toContain('null_resource_master2_install["master2 (K3s server)<br/>192.168.1.102"]');
    // Join order: each server after the previous one upgraded, the agent after the last (#25 item 8).
    expect(ha).toContain('null_resource_master1_upgrade --> null_resource_master2_install');
    expect(ha).toContain('null_resource_master3_upgrade --> null_resource_nodo1_install');
    expect(ha).toMatch(/chart kube-prometheus-stack \d+\.\d+\.\d+<br\/>ns kubernetes_namespace\.monitoring/);
    expect(ha).toContain('state[("state terraform/environments/chocolandiadc/terraform.tfstate")]');
    expect(d.get('kpi-sandbox')).toContain('VM k3s-cp-01<br/>192.168.122.10<br/>6 vCPU, 10240 MiB');
  });

  it('follows the JSON: a new dependency becomes an edge', () => {
    const json = { resource: { null_resource: { a: { triggers: { role: 'server', hostname: 'a', host: '10.0.0.1' } }, b: { depends_on: ['null_resource.a'] } } } };
    expect(stackMermaid('x', json)).toContain('null_resource_a --> null_resource_b');
    expect(stackMermaid('x', { resource: { null_resource: { a: {}, b: {} } } })).not.toContain('-->');
  });
});
