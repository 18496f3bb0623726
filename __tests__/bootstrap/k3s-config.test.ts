import { spawnSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { nodeConfig, renderNodeConfig } from '../../lib/k3s/node-config';
import { cloudInitK3sConfig } from '../helpers/cloud-init';
import { ROOT, tempDir } from '../helpers/repo';

/**
 * bootstrap/k3s-config.sh: the one reader of a node's K3s config in shell.
 * The SSH stacks write the config with the `yaml` package (plain keys), the
 * cloud-init stacks with Terraform's yamlencode (quoted keys and strings);
 * the scripts must read both alike.
 */
const block = (file: string) => {
  const text = readFileSync(join(ROOT, 'bootstrap', file), 'utf8');
  const m = /# >>> k3s_config_value\n[\s\S]*?# <<< k3s_config_value\n/.exec(text);
  if (!m) throw new Error(`${file} holds no k3s_config_value block`);
  return m[0];
};

const read = (config: string, keys: string[]) => {
  const file = join(tempDir('k3s-config'), 'config.yaml');
  writeFileSync(file, config);
  const r = spawnSync('bash', ['-c', `. ${join(ROOT, 'bootstrap/k3s-config.sh')}; for k in "$@"; do printf '%s=%s\\n' "$k" "$(k3s_config_value "$k" ${file})"; done`, '-', ...keys], { encoding: 'utf8' });
  return r.stdout;
};

describe('k3s_config_value (bootstrap/k3s-config.sh)', () => {
  it('install-k3s.sh and restore-node.sh hold the same copy (they run alone on the node)', () => {
    expect(block('install-k3s.sh')).toBe(block('k3s-config.sh'));
    expect(block('restore-node.sh')).toBe(block('k3s-config.sh'));
  });

  const input = {
    template: { server: { 'write-kubeconfig-mode': '0600', 'etcd-snapshot-dir': '/var/lib/k3s snapshots', 'etcd-s3': true } },
    role: 'server' as const, nodeName: 'master1', nodeIp: '10.0.0.1', embeddedEtcd: true, serverUrl: 'https://10.0.0.2:6443', token: 'servertoken',
  };
  const expected = 'node-name=master1\nsecrets-encryption=true\netcd-snapshot-dir=/var/lib/k3s snapshots\netcd-s3=true\nserver=https://10.0.0.2:6443\n' +
    'write-kubeconfig-mode=0600\ntls-san=\nmissing=\n';
  const keys = ['node-name', 'secrets-encryption', 'etcd-snapshot-dir', 'etcd-s3', 'server', 'write-kubeconfig-mode', 'tls-san', 'missing'];

  it('reads the config the SSH stacks write (yaml package: plain keys)', () => {
    const config = renderNodeConfig(input);
    expect(config).toContain('node-name: master1\n');
    expect(read(config, keys)).toBe(expected);
  });

  it('reads the config cloud-init writes (Terraform yamlencode: quoted keys and strings), the same values', () => {
    const config = cloudInitK3sConfig('k3s-cp.yml.tpl', nodeConfig(input));
    expect(config).toContain('"node-name": "master1"\n');
    expect(read(config, keys)).toBe(expected);
  });

  it('reads quoting YAML allows: single quotes, escapes, a trailing comment on a plain value', () => {
    expect(read(`'node-name': 'it''s'\n"a": "x\\"y\\\\z"\nb: plain # comment\n`, ['node-name', 'a', 'b'])).toBe('node-name=it\'s\na=x"y\\z\nb=plain\n');
  });
});
