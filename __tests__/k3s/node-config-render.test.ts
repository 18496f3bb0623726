import { stringify } from 'yaml';
import { nodeConfig, NodeConfigInput, renderFlatYaml, renderNodeConfig } from '../../lib/k3s/node-config';

/** Scalars YAML quotes, folds or reads as other types when written plain. */
const TRICKY = [
  '0600', '010', '1e3', '.5', '0x1F', 'true', 'false', 'yes', 'no', 'on', 'null', '~', '', ' ', ' lead', 'trail ', 'a: b', 'a #b', '#c',
  '- item', '* star', '& amp', '! bang', '%p', '@at', '`tick', '{a}', '[a]', '"dq"', "'sq'", 'multi\nline', 'tab\there', '\u00e9t\u00e9',
  'https://10.0.0.1:6443', '${random_password.agent_token.result}', 'x'.repeat(300), 'a, b', '? q', '| pipe', '> gt', 'key=value:NoSchedule',
];

describe('renderFlatYaml (node config files)', () => {
  it('writes exactly what yaml.stringify writes, for every kind of scalar and list', () => {
    const values: unknown[] = [...TRICKY, 0, 1, -1, 1.5, 1e21, true, false, null, [], ['a'], TRICKY, [1, true, null, '0600']];
    for (const v of values) {
      for (const key of ['node-name', 'tls-san', '0600', 'a b', 'true']) {
        const config = { first: 'x', [key]: v, last: ['y'] };
        expect([key, v, renderFlatYaml(config)]).toEqual([key, v, stringify(config, { lineWidth: 0 })]);
        // Twice: the second comes from what was kept.
        expect(renderFlatYaml(config)).toBe(stringify(config, { lineWidth: 0 }));
      }
    }
  });

  it('renders anything else whole (nested maps, -0, undefined, no keys)', () => {
    for (const config of [{ a: { b: 'c' } }, { a: [{ b: 1 }] }, { a: -0 }, { a: undefined, b: 'c' }, {}, { a: NaN }]) {
      expect(renderFlatYaml(config as Record<string, unknown>)).toBe(stringify(config, { lineWidth: 0 }));
    }
  });

  it('renders servers and agents as yaml would', () => {
    const template = { common: { 'cluster-cidr': '10.42.0.0/16' }, server: { 'write-kubeconfig-mode': '0600', 'disable': ['traefik', 'servicelb'] }, agent: {}, etcd: { 'etcd-snapshot-retention': '5' } };
    const inputs: NodeConfigInput[] = [
      { template, role: 'server', nodeName: 'master1', nodeIp: '10.0.0.1', embeddedEtcd: true, token: '${random_password.cluster_token.result}', agentToken: '${random_password.agent_token.result}', tlsSans: ['10.0.0.100'], controlPlaneMetrics: true, nodeLabels: ['a=b'] },
      { template, role: 'server', nodeName: 'master2', nodeIp: '10.0.0.2', serverUrl: 'https://10.0.0.1:6443', embeddedEtcd: true, token: 't', joinDecidedOnNode: true, secretsEncryption: false },
      { template, role: 'agent', nodeName: 'nodo1', nodeIp: '10.0.0.4', serverUrl: 'https://10.0.0.1:6443', embeddedEtcd: false, token: '${random_password.agent_token.result}', nodeLabels: ['storage=longhorn'] },
      { template, role: 'agent', nodeName: 'dhcp', embeddedEtcd: false, token: 't' },
    ];
    for (const input of inputs) expect(renderNodeConfig(input)).toBe(stringify(nodeConfig(input), { lineWidth: 0 }));
  });
});

describe('nodeConfig defaults', () => {
  it('a server encrypts Secrets at rest unless secretsEncryption is false; an agent has no such key (#25 item 13)', () => {
    const server: NodeConfigInput = { template: {}, role: 'server', nodeName: 'master1', nodeIp: '10.0.0.1', embeddedEtcd: true, token: 't' };
    expect(nodeConfig(server)['secrets-encryption']).toBe(true);
    expect(nodeConfig({ ...server, secretsEncryption: false })['secrets-encryption']).toBe(false);
    expect(nodeConfig({ ...server, role: 'agent' })).not.toHaveProperty('secrets-encryption');
  });
});
