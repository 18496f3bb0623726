import { cpSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { ChartKinds, CHART_KINDS_DIR, CHART_KINDS_SOURCES, chartKindsFile } from '../../tools/charts/derive-chart-kinds';
import { fluxApplyProblems, FluxKustomization } from '../../tools/gitops/apply-model';
import { kustomizeBuild as build } from '../helpers/gitops';
import { ROOT, tempDir } from '../helpers/repo';

/**
 * Flux applies each Kustomization of gitops/clusters/k3s-homelab on a fresh
 * cluster as kustomize-controller does (tools/gitops/apply-model.ts cites
 * fluxcd/pkg ssa ApplyAll / ApplyAllStaged): an object whose CRD a
 * HelmRelease installs is never in that HelmRelease's Kustomization; it is
 * in one that dependsOn it, and the provider waits for the HelmRelease.
 * The CRDs each chart installs come from tools/charts/kinds (npm run charts:kinds).
 */
const CHARTS = new Map(CHART_KINDS_SOURCES.map((s) => [`${s.chart}@${s.version}`, JSON.parse(readFileSync(join(ROOT, CHART_KINDS_DIR, chartKindsFile(s.chart, s.version)), 'utf8')) as ChartKinds]));
/** In the cluster before Flux applies anything: the Kubernetes API, K3s' helm.cattle.io, and Flux's own CRDs (helm_release.flux2). */
const preinstalled = (group: string) => !group.includes('.') || group.endsWith('.k8s.io') || group.endsWith('.toolkit.fluxcd.io') || group === 'helm.cattle.io';

function problems(root = ROOT) {
  const kustomizations: FluxKustomization[] = build(join(root, 'gitops/clusters/k3s-homelab')).filter((k) => k.kind === 'Kustomization');
  return fluxApplyProblems({ kustomizations, objects: (k) => build(join(root, k.spec.path)), charts: CHARTS, preinstalled });
}

/** A copy of the repository's gitops/ with edits, for the refusals. */
function copyWith(edits: Record<string, (s: string) => string>): string {
  const root = tempDir('flux-apply');
  cpSync(join(ROOT, 'gitops'), join(root, 'gitops'), { recursive: true });
  for (const [file, edit] of Object.entries(edits)) writeFileSync(join(root, 'gitops', file), edit(readFileSync(join(root, 'gitops', file), 'utf8')));
  return root;
}

describe('Flux applies gitops/clusters/k3s-homelab on a fresh cluster', () => {
  it('no Kustomization uses a CRD before something it waits for installs it', () => {
    expect(problems()).toEqual([]);
  });

  it('Longhorn: the HelmRelease is in infrastructure-storage (wait: true), the longhorn.io Nodes in infrastructure-longhorn-nodes, which dependsOn it', () => {
    const ks = build(join(ROOT, 'gitops/clusters/k3s-homelab'));
    const storage = ks.find((k) => k.metadata.name === 'infrastructure-storage');
    const nodes = ks.find((k) => k.metadata.name === 'infrastructure-longhorn-nodes');
    expect(storage.spec.wait).toBe(true);
    expect(build(join(ROOT, storage.spec.path)).filter((o) => o.apiVersion.startsWith('longhorn.io/'))).toEqual([]);
    expect(nodes.spec.dependsOn).toEqual([{ name: 'infrastructure-storage' }]);
    expect(nodes.spec.prune).toBe(true);
    expect(build(join(ROOT, nodes.spec.path)).map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toEqual(['longhorn.io/v1beta2 Node k3s1', 'longhorn.io/v1beta2 Node k3s2']);
  });

  it('refuses the layout of 86c1497: the Longhorn Nodes beside the HelmRelease that brings their CRD', () => {
    const root = copyWith({
      'infrastructure/storage/kustomization.yaml': (s) => s.replace('  - disk-discovery-daemonset.yaml', '  - disk-discovery-daemonset.yaml\n  - ../longhorn-nodes/k3s1-node-config/'),
      'clusters/k3s-homelab/infrastructure.yaml': (s) => parseAllDocuments(s).map((d) => d.toJS()).filter((k) => k.metadata.name !== 'infrastructure-longhorn-nodes').map((k) => stringify(k)).join('---\n'),
    });
    expect(problems(root)).toEqual([
      expect.stringMatching(/^infrastructure-storage: Node longhorn-system\/k3s1 needs the CRD longhorn\.io\/Node that HelmRelease longhorn-system\/longhorn of the same Kustomization installs; .*dry-run fails \("no matches for kind Node"\)/),
    ]);
  });

  it('refuses a dependency that does not wait for its HelmRelease, and a CRD nothing installs', () => {
    const nowait = copyWith({ 'clusters/k3s-homelab/infrastructure.yaml': (s) => s.replace(/(name: infrastructure-storage\n[\s\S]*?)  wait: true\n/, '$1') });
    expect(problems(nowait)).toEqual([expect.stringMatching(/^infrastructure-longhorn-nodes: Node longhorn-system\/k3s1 needs the CRD longhorn\.io\/Node from HelmRelease longhorn-system\/longhorn of infrastructure-storage, which does not wait for it/), expect.stringMatching(/k3s2/)]);
    const nodep = copyWith({ 'clusters/k3s-homelab/infrastructure.yaml': (s) => s.replace('  dependsOn:\n    - name: infrastructure-storage\n', '') });
    expect(problems(nodep)).toEqual([expect.stringMatching(/^infrastructure-longhorn-nodes: Node longhorn-system\/k3s1 needs the CRD longhorn\.io\/Node, which neither this Kustomization nor any it dependsOn installs/), expect.stringMatching(/k3s2/)]);
    // The monitors: the same rule for the Prometheus Operator CRDs (HelmRelease prometheus-operator-crds).
    const monitors = copyWith({ 'clusters/k3s-homelab/infrastructure.yaml': (s) => s.replace(/(name: infrastructure-monitoring-crds\n[\s\S]*?)  wait: true\n/, '$1') });
    expect(problems(monitors)).toContainEqual(expect.stringMatching(/^infrastructure-monitors: (ServiceMonitor|PodMonitor) .* from HelmRelease flux-system\/prometheus-operator-crds of infrastructure-monitoring-crds, which does not wait for it/));
  });

  it('the CRDs a HelmRelease installs are derived from its chart at the pinned version', () => {
    expect(CHARTS.get('longhorn@1.11.3')!.crds.map((c) => c.kind)).toContain('Node');
    expect(CHARTS.get('prometheus-operator-crds@29.0.0')!.crds.map((c) => `${c.group}/${c.kind}`)).toEqual(expect.arrayContaining(['monitoring.coreos.com/ServiceMonitor', 'monitoring.coreos.com/PodMonitor']));
    const release = build(join(ROOT, 'gitops/infrastructure/storage')).find((o) => o.kind === 'HelmRelease');
    expect(CHARTS.has(`${release.spec.chart.spec.chart}@${release.spec.chart.spec.version}`)).toBe(true);
  });
});
