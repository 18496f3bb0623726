import { disabledAddons } from '../../lib/rules/k3s-addons';
import { isKubeletNodeLabelKey, isLabelKey, isLabelValue } from '../../lib/rules/kubernetes-labels';
import { isDnsLabel, isDnsName, isInterfaceName, isIpv4, isTcpPort } from '../../lib/rules/network';
import { blobKeyType, isSshPublicKey } from '../../lib/rules/ssh-key';
import { isS3Bucket, isS3Folder, isS3Region, parseS3Endpoint } from '../../lib/rules/s3';

/** The value rules the settings schemas and the constructs share (one rule in one place). */
describe('value rules', () => {
  it.each([
    ['isIpv4', isIpv4, ['192.168.1.101', '0.0.0.0', '255.255.255.255'], ['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', 'a.b.c.d']],
    ['isDnsLabel', isDnsLabel, ['master1', 'a', 'k3s-node-2', 'x'.repeat(63)], ['Master1', '-a', 'a-', 'a_b', 'a.b', 'x'.repeat(64), '']],
    ['isDnsName', isDnsName, ['cluster.local', 'k3s.home.lan', 'lan'], ['10.0.0.1', 'a..b', '.lan', 'Cluster.local', `${'x'.repeat(63)}.${'y'.repeat(63)}.${'z'.repeat(63)}.${'w'.repeat(62)}`]],
    ['isInterfaceName', isInterfaceName, ['eth0', 'enp1s0', 'br0.10'], ['', 'a/b', 'a b', 'x'.repeat(16)]],
    ['isS3Bucket', isS3Bucket, ['k3s-snapshots', 'tofu.state'], ['ab', 'Bucket', 'a..b', '192.168.1.10', '-a-']],
    ['isS3Folder', isS3Folder, ['chocolandiadc', 'k3s/chocolandiadc'], ['/a', 'a/', 'a/../b', 'a b']],
    ['isS3Region', isS3Region, ['us-east-1', 'garage', 'a'], ['-us', 'us-', 'US-EAST-1', 'x'.repeat(33)]],
    ['isLabelKey', isLabelKey, ['role', 'node.longhorn.io/create-default-disk', 'example.com/Tier_1'], ['', '/role', 'a b', 'Example.com/x', 'x'.repeat(64)]],
    ['isLabelValue', isLabelValue, ['', 'config', 'v1.2_3'], ['-a', 'a b', 'x'.repeat(64)]],
    // kubelet's --node-labels rule (k8s.io/kubelet/pkg/apis/well_known_labels.go, cmd/kubelet/app/options/options.go).
    ['isKubeletNodeLabelKey', isKubeletNodeLabelKey,
      ['storage', 'node.longhorn.io/create-default-disk', 'example.com/role', 'kubernetes.io/hostname', 'kubernetes.io/arch', 'topology.kubernetes.io/zone',
        'beta.kubernetes.io/instance-type', 'node.kubernetes.io/instance-type', 'node.kubernetes.io/pool', 'x.node.kubernetes.io/y', 'kubelet.kubernetes.io/a', 'kubernetes.io.example.com/x', 'nodekubernetes.io/x'],
      ['node-role.kubernetes.io/worker', 'node-role.kubernetes.io/control-plane', 'kubernetes.io/role', 'k8s.io/x', 'x.k8s.io/y', 'node-restriction.kubernetes.io/pool', 'topology.kubernetes.io/rack']],
  ] as [string, (s: string) => boolean, string[], string[]][])('%s', (_name, rule, good, bad) => {
    expect(good.filter((v) => !rule(v))).toEqual([]);
    expect(bad.filter((v) => rule(v))).toEqual([]);
  });

  it('isSshPublicKey decodes the key blob: its type name must be the line\'s type (#25 item 9)', () => {
    // Generated with ssh-keygen (OpenSSH 9): one key line of each type.
    const ed25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP/QKtjWR+6HEt+DqyVjaQXvHThdMqU8oO4VldPdGC7b';
    const ecdsa = 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBJbRzo9yAoNLuFCq9cXa5iwD+IAaYCggbQySZpwSDJvmOyqhpQBFWAkQxN5WFLjbD+R8CvtqMqvNZnRfFkpyCE0=';
    const rsa = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCi5szFu2wyCq/o4VofcKKSUo8EaY/ixQOnoOI7pqMpmwWDn8UhUUvUYpsEcihiZbCMfmLByh4kMd5lokJSUhLGrDWiDxsNHyRnVfnLA6ppYE+bxr2VfOH0lmS0NMEdbQTjySqcigh4wEQJXZ/V9aSNqqXMso+XGvkEfL/2BSUx6Q==';
    for (const key of [ed25519, `${ed25519} root@nodo1`, ecdsa, rsa]) expect([key, isSshPublicKey(key)]).toEqual([key, true]);
    const body = (k: string) => k.split(' ')[1];
    expect(blobKeyType(body(rsa))).toBe('ssh-rsa');
    const bad = [
      'ssh-ed25519 AAAA', // three zero bytes: no type name
      `ssh-rsa ${body(ed25519)}`, // an ed25519 key under the RSA type
      `ssh-ed25519 ${body(ecdsa)}`,
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5', // the type name and no key
      `ssh-ed25519 ${body(ed25519).slice(1)}`, // base64 shifted: garbage
    ];
    expect(bad.filter(isSshPublicKey)).toEqual([]);
  });

  it('isTcpPort', () => {
    expect([1, 22, 6443, 65535].every(isTcpPort)).toBe(true);
    expect([0, 65536, 22.5, '22', -1].some(isTcpPort)).toBe(false);
  });

  it('parseS3Endpoint: https with an optional port; http only when allowed', () => {
    expect(parseS3Endpoint('https://minio.lan:9000', false)).toEqual({ hostPort: 'minio.lan:9000', insecure: false });
    expect(parseS3Endpoint('http://minio.lan', false)).toBeUndefined();
    expect(parseS3Endpoint('http://minio.lan', true)).toEqual({ hostPort: 'minio.lan', insecure: true });
    expect(parseS3Endpoint('https://u:p@minio.lan', false)).toBeUndefined();
    expect(parseS3Endpoint('https://minio.lan:70000', false)).toBeUndefined();
    expect(parseS3Endpoint('https://minio.lan/bucket', false)).toBeUndefined();
  });
});

describe('K3s add-ons the cluster replaces', () => {
  it('disables Traefik only for NGINX and local-storage only for another default StorageClass', () => {
    expect(disabledAddons({ ingressController: 'traefik', defaultStorageClass: 'local-path' })).toEqual({});
    expect(disabledAddons({ ingressController: 'nginx', defaultStorageClass: 'local-path' })).toEqual({ disable: ['traefik'] });
    expect(disabledAddons({ ingressController: 'traefik', defaultStorageClass: 'longhorn' })).toEqual({ disable: ['local-storage'] });
    expect(disabledAddons({ ingressController: 'nginx', defaultStorageClass: 'longhorn' })).toEqual({ disable: ['traefik', 'local-storage'] });
  });
});
