import { Annotations } from '@cdktf/provider-kubernetes/lib/annotations';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { SensitiveFile } from '@cdktf/provider-local/lib/sensitive-file';
import { Fn, Testing, TerraformStack, TerraformVariable } from 'cdktf';
import { join } from 'path';
import { K3sNodeOnboarding, K3sNodeOnboardingProps, LONGHORN_DISKS_ANNOTATION, LonghornDisks, LonghornDisksProps } from '../../lib/homelab';
import { CloudInitFiles } from '../../lib/cloud-init/cloud-init-files';
import '../helpers/cdktf-matchers';


const ROOT = join(__dirname, '../..');
type NodeProps = Omit<K3sNodeOnboardingProps, 'files'>;
const base: NodeProps = {
  hostname: 'k3s-2', k3sVersion: 'v1.33.5+k3s1', serverUrl: 'https://10.0.0.71:6443', token: '',
  labels: { storage: 'longhorn' }, longhornDiskPaths: ['/mnt/longhorn/sdb1'], configTemplate: {}, userDataPath: 'env/user-data.k3s-2',
};

function build(...nodes: Partial<NodeProps>[]) {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const files = new CloudInitFiles(stack, 'cloud-init', { cloudInitDir: join(ROOT, 'cloud-init'), bootstrapDir: join(ROOT, 'bootstrap') });
  const token = new TerraformVariable(stack, 'k3s_join_token', { type: 'string', sensitive: true }).stringValue;
  const onboarded = nodes.map((n) => new K3sNodeOnboarding(stack, n.hostname ?? base.hostname, { ...base, token, ...n, files }));
  return { stack, onboarded };
}
const synth = (...nodes: Partial<NodeProps>[]) => JSON.parse(Testing.synth(build(...nodes).stack));

describe('K3sNodeOnboarding', () => {
  const json = synth({});
  const userData = json.resource.local_sensitive_file.user_data_k3s_2;

  it('is local_sensitive_file.user_data_<hostname, - as _>: 0600 in a 0700 directory (it holds the token)', () => {
    expect(Testing.synth(build({}).stack)).toHaveResourceWithProperties(SensitiveFile, { filename: 'env/user-data.k3s-2', file_permission: '0600', directory_permission: '0700' });
    expect(Object.keys(json.resource)).toEqual(['local_sensitive_file']);
  });

  it('renders the onboarding template with the node\'s agent config: server, token reference, Longhorn label first', () => {
    expect(userData.content).toMatch(/^\$\{templatefile\("assets\/[^"]+\/k3s-node-onboard\.yml\.tpl"/);
    expect(userData.content).toContain('"server" = "https://10.0.0.71:6443"');
    expect(userData.content).toContain('"token" = var.k3s_join_token');
    expect(userData.content).toContain('"node-label" = ["node.longhorn.io/create-default-disk=config", "storage=longhorn"]');
    expect(userData.content).toContain('"node-name" = "k3s-2"');
    expect(userData.content).not.toContain('node-ip');
  });

  it('a fixed address becomes node-ip; a label equal to Longhorn\'s is not repeated', () => {
    const fixed = synth({ ipAddress: '10.0.0.72', labels: { 'node.longhorn.io/create-default-disk': 'config' } }).resource.local_sensitive_file.user_data_k3s_2.content;
    expect(fixed).toContain('"node-ip" = "10.0.0.72"');
    expect(fixed).toContain('"node-label" = ["node.longhorn.io/create-default-disk=config"]');
  });

  it('manages the Longhorn disks annotation only once the node has joined (its Node object exists)', () => {
    expect(json.resource.kubernetes_annotations).toBeUndefined();
    const joined = synth({ joined: true, longhornDiskPaths: ['/mnt/longhorn/sdb1', '/mnt/longhorn/sdc1'] });
    const a = joined.resource.kubernetes_annotations.k3s_2_longhorn_disks;
    expect(a).toMatchObject({ api_version: 'v1', kind: 'Node', metadata: { name: 'k3s-2' } });
    expect(JSON.parse(a.annotations[LONGHORN_DISKS_ANNOTATION]).map((d: { path: string }) => d.path)).toEqual(['/mnt/longhorn/sdb1', '/mnt/longhorn/sdc1']);
  });

  it('user_data_files: each node\'s file by hostname, an absolute path, at the stack\'s top level', () => {
    const { stack, onboarded } = build({}, { hostname: 'k3s3', userDataPath: 'env/user-data.k3s3' });
    K3sNodeOnboarding.userDataFilesOutput(stack, onboarded);
    const tf = stack.toTerraform() as any;
    expect(tf.output.user_data_files.value).toEqual({
      'k3s-2': '${abspath(local_sensitive_file.user_data_k3s_2.filename)}',
      k3s3: '${abspath(local_sensitive_file.user_data_k3s3.filename)}',
    });
    expect(tf['//'].outputs.stack.user_data_files).toBe('user_data_files');
  });

  it.each([
    [{ hostname: 'K3s_2' }, 'K3s_2: hostname = "K3s_2": must be DNS-compliant'],
    [{ ipAddress: '10.0.0.300' }, 'k3s-2: ipAddress = "10.0.0.300": must be an IPv4 address (K3s\' node-ip)'],
    [{ k3sVersion: '1.33.5' }, 'k3s-2: k3sVersion = "1.33.5": must be a K3s release like v1.28.3+k3s1'],
    [{ serverUrl: 'http://10.0.0.71:6443' }, 'k3s-2: serverUrl = "http://10.0.0.71:6443": must be https://<host>:<port>'],
    [{ longhornDiskPaths: [] }, 'k3s-2: longhornDiskPaths = []: must list at least one disk'],
    // #26 item 6: kubelet's --node-labels rule (lib/rules/kubernetes-labels.ts).
    [{ labels: { 'node-role.kubernetes.io/worker': 'true' } }, 'k3s-2: labels["node-role.kubernetes.io/worker"] = "node-role.kubernetes.io/worker": kubelet refuses to start with a label key under kubernetes.io or k8s.io'],
    [{ labels: { storage: 'long horn' } }, 'k3s-2: labels["storage"] = "long horn": must be a Kubernetes label value'],
  ])('refuses %j naming the construct path, the field, the value and the rule', (over, message) => {
    expect(() => build(over)).toThrow(`stack/${message}`);
  });

  it('skips values known only at apply', () => {
    expect(() => build({ serverUrl: Fn.trimspace('${var.server_url}') })).not.toThrow();
  });
});

describe('LonghornDisks', () => {
  function disks(over: Partial<LonghornDisksProps> = {}) {
    return Testing.synthScope((scope) => {
      const install = new Resource(scope, 'install', {});
      install.overrideLogicalId('k3s1_install');
      new LonghornDisks(scope, 'disks', { nodeName: 'k3s1', diskPaths: ['/mnt/longhorn/sdh1'], after: [install], ...over });
    });
  }

  it('is kubernetes_annotations.<node>_longhorn_disks on the Node, after what the node needs', () => {
    const synthesized = disks();
    expect(synthesized).toHaveResourceWithProperties(Annotations, {
      kind: 'Node', metadata: { name: 'k3s1' },
      annotations: { [LONGHORN_DISKS_ANNOTATION]: JSON.stringify([{ path: '/mnt/longhorn/sdh1', allowScheduling: true, storageReserved: 0 }]) },
      depends_on: ['null_resource.k3s1_install'],
    });
    expect(Object.keys(JSON.parse(synthesized).resource.kubernetes_annotations)).toEqual(['k3s1_longhorn_disks']);
  });

  it.each([
    [{ nodeName: 'k3s_1' }, 'nodeName = "k3s_1": must be DNS-compliant'],
    [{ diskPaths: [] }, 'diskPaths = []: must list at least one disk'],
  ])('refuses %j naming the construct path, the field, the value and the rule', (over, message) => {
    expect(() => disks(over)).toThrow(`stack/disks: ${message}`);
  });
});
