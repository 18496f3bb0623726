import { readFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { KUBE_VIP_IMAGE, kubeVipManifest, kubeVipObjects } from '../../lib/k3s/kube-vip';

/** Values derived from kube-vip's generator at the pinned tag (sources cited in the file). */
const upstream = JSON.parse(readFileSync(join(__dirname, 'fixtures/kube-vip-v1.2.3.json'), 'utf8'));
const input = { address: '192.168.1.100', interface: 'eth0' };
const objects = kubeVipObjects(input) as any[];
const byKind = (kind: string) => objects.find((o) => o.kind === kind);
const container = () => byKind('DaemonSet').spec.template.spec.containers[0];

describe('kube-vip manifest: what its generator writes at the pinned tag (#25 item 11)', () => {
  it('pins the image of the fixture\'s tag', () => {
    expect(KUBE_VIP_IMAGE).toBe(upstream.image);
    expect(container().image).toBe(upstream.image);
  });

  it('has the environment of `manifest daemonset` in its order, with the tag\'s lease defaults (15/10/2 s)', () => {
    const env: { name: string; value?: string }[] = container().env;
    expect(env.map((e) => e.name)).toEqual(upstream.environmentOrder);
    const values = Object.fromEntries(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));
    expect(values).toEqual({ ...upstream.environment, vip_interface: 'eth0', address: '192.168.1.100' });
    expect(env.find((e) => e.name === 'vip_nodename')).toEqual({ name: 'vip_nodename', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } });
  });

  it('drops every capability but the two it adds, as the generator does', () => {
    expect(container().securityContext).toEqual(upstream.securityContext);
  });

  it('writes the ClusterRole without annotations, bound to the kube-vip ServiceAccount', () => {
    const role = byKind('ClusterRole');
    expect(role.metadata).toEqual({ name: upstream.clusterRole.name });
    expect(byKind('ClusterRoleBinding').roleRef.name).toBe(upstream.clusterRole.name);
    expect(byKind('ClusterRoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'kube-vip', namespace: 'kube-system' }]);
  });

  it('runs on control-plane nodes only, tolerating their taints (--taint)', () => {
    const ds = byKind('DaemonSet');
    expect(ds.metadata.labels).toEqual(upstream.labels);
    expect(ds.spec.template.metadata.labels).toEqual(upstream.labels);
    expect(ds.spec.template.spec.tolerations).toEqual(upstream.tolerations);
    const terms = ds.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms.map((t: any) => t.matchExpressions[0].key)).toEqual(upstream.controlPlaneNodeLabels);
  });

  it('is one multi-document YAML file of the same objects', () => {
    expect(parseAllDocuments(kubeVipManifest(input)).map((d) => d.toJS())).toEqual(objects);
  });
});
