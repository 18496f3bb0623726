import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { PlatformCluster } from '../../lib/platform';
import { TRAEFIK_CHART_RANGE, traefikHttpsRedirectValues, TraefikRedirectForm } from '../../lib/rules/k3s-traefik';
import { AllSettings } from '../../lib/settings';
import { deriveKnownKeys, KNOWN_KEYS_DIR, knownKeysFile, KnownKeys, keysOf } from '../../tools/charts/derive-known-keys';
import { CHART_SOURCES } from '../../tools/charts/sources';
import { argoCdReleases, ChartUse, fluxReleases, leafPaths, terraformReleases } from '../helpers/charts';
import { exampleSettings, ROOT, synthGitops, synthHa, synthHomelab, synthMvp, synthSandbox } from '../helpers/repo';

/**
 * Every values key this project sets on a chart exists in that chart
 * version's values.yaml upstream: the lists in tools/charts/known-keys/
 * are derived from it by tools/charts/derive-known-keys.ts (each names its
 * source URL). A chart bumped without its list, or a key the chart does not
 * know (a typo, a key renamed upstream), fails here.
 */

let settings: AllSettings;
let uses: ChartUse[];

const clusterOf = (s: AllSettings['k3s-gitops'] | AllSettings['chocolandiadc'], embeddedEtcd: boolean): PlatformCluster => ({
  k3sVersion: s.k3sVersion,
  serverIps: s.controlPlaneNodes.map((n) => n.ipAddress),
  nodeIps: [...s.controlPlaneNodes, ...s.workerNodes].map((n) => n.ipAddress),
  embeddedEtcd,
});

beforeAll(async () => {
  settings = await exampleSettings();
  const gitops = settings['k3s-gitops'];
  const nginx = { ...gitops, platform: { ...gitops.platform, ingressController: 'nginx' as const } };
  // chocolandiadc with the platform (it has none in the example): its own kube-prometheus-stack, no Argo CD one.
  const ha = { ...settings.chocolandiadc, platform: gitops.platform };
  uses = [
    ...terraformReleases('chocolandiadc', synthHa(settings.chocolandiadc)),
    ...terraformReleases('chocolandiadc (platform)', synthHa(ha)),
    ...terraformReleases('chocolandiadc-mvp', synthMvp(settings['chocolandiadc-mvp'])),
    ...terraformReleases('kpi-sandbox', synthSandbox(settings['kpi-sandbox'])),
    ...terraformReleases('k3s-homelab', synthHomelab(settings['k3s-homelab'])),
    ...terraformReleases('k3s-homelab (traefik)', synthHomelab({ ...settings['k3s-homelab'], ingressController: 'traefik' })),
    ...terraformReleases('k3s-gitops', synthGitops(gitops)),
    ...terraformReleases('k3s-gitops (nginx)', synthGitops(nginx)),
    ...argoCdReleases(gitops.platform, clusterOf(gitops, gitops.controlPlaneNodes.length > 1)),
    ...argoCdReleases(nginx.platform, clusterOf(gitops, gitops.controlPlaneNodes.length > 1)),
    ...fluxReleases(),
  ];
});

function readKnown(chart: string, version: string): KnownKeys | undefined {
  const file = join(ROOT, KNOWN_KEYS_DIR, knownKeysFile(chart, version));
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** The paths of `values` (and `set` names) that the chart version does not know. */
function unknownKeys(known: KnownKeys, paths: string[][]): string[] {
  const keys = new Set(known.keys.map((k) => JSON.stringify(k)));
  const open = known.open.map((o) => JSON.stringify(o).slice(0, -1));
  const isOpenBelow = (p: string[]) => p.some((_, i) => i > 0 && open.some((o) => JSON.stringify(p.slice(0, i)).slice(0, -1) === o));
  return paths.filter((p) => !keys.has(JSON.stringify(p)) && !isOpenBelow(p)).map((p) => p.join(' > '));
}

describe('values keys against the pinned charts', () => {
  it('finds the releases of every place that installs a chart', () => {
    const charts = new Set(uses.map((u) => u.chart));
    for (const c of ['kube-prometheus-stack', 'ingress-nginx', 'cert-manager', 'argo-cd', 'argocd-apps', 'flux2', 'flux2-sync', 'headlamp', 'longhorn', 'sealed-secrets', 'trivy-operator', 'prometheus-operator-crds']) {
      expect([c, charts.has(c)]).toEqual([c, true]);
    }
  });

  it('every chart version that gets values has a known-keys list derived from its upstream values.yaml', () => {
    const missing = uses.filter((u) => leafPaths(u.values).some((p) => p.length) || u.setPaths.length)
      .filter((u) => !readKnown(u.chart, u.version))
      .map((u) => `${u.origin}: ${u.chart}@${u.version} has no ${KNOWN_KEYS_DIR}/${knownKeysFile(u.chart, u.version)} (add it to tools/charts/sources.ts, run npm run charts:keys)`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('every values key set on a chart is one that chart version knows', () => {
    const unknown = uses.flatMap((u) => {
      const known = readKnown(u.chart, u.version);
      if (!known) return [];
      return unknownKeys(known, [...leafPaths(u.values).filter((p) => p.length), ...u.setPaths]).map((k) => `${u.origin} (${u.chart}@${u.version}): ${k}`);
    });
    expect([...new Set(unknown)]).toEqual([]);
  });

  it.each(Object.entries(TRAEFIK_CHART_RANGE) as [TraefikRedirectForm, readonly [string, string]][])(
    'K3s\' Traefik: the %s redirect uses only keys of charts %s', (form, range) => {
      const version = { redirectTo: 'v1.31.4+k3s1', redirections: 'v1.33.5+k3s1', 'http.redirections': 'v1.34.6+k3s1' }[form];
      const values = traefikHttpsRedirectValues(version);
      for (const chart of range) expect([chart, unknownKeys(readKnown('traefik', chart)!, leafPaths(values))]).toEqual([chart, []]);
      // ... and the other forms' keys are unknown to these charts: the check can tell them apart.
      for (const other of Object.keys(TRAEFIK_CHART_RANGE).filter((f) => f !== form)) {
        const v = { redirectTo: 'v1.31.4+k3s1', redirections: 'v1.33.5+k3s1', 'http.redirections': 'v1.34.6+k3s1' }[other]!;
        expect([other, unknownKeys(readKnown('traefik', range[1])!, leafPaths(traefikHttpsRedirectValues(v))).length > 0]).toEqual([other, true]);
      }
    });

  it('every chart of tools/charts/sources.ts has its committed list, naming its source URL; the derivation reads keys, dots and open values right', () => {
    for (const source of CHART_SOURCES) {
      const known = readKnown(source.chart, source.version);
      expect([source.chart, source.version, known !== undefined]).toEqual([source.chart, source.version, true]);
      expect(known!.sources.map((s) => s.url)).toEqual(source.values.map((v) => `https://github.com/${v.repo}/blob/${v.tag}/${v.path}`));
    }
    // The derivation itself, on a small values file: nested keys, keys with dots, empty maps, lists and nulls are open.
    const derived = deriveKnownKeys({ chart: 'x', version: '1', values: [{ repo: 'o/r', tag: 't', path: 'v.yaml' }] },
      () => 'a:\n  b: 1\n  "c.d": {}\nlist: [1]\nnothing:\nsub:\n  e: x\n');
    const sorted = (xs: readonly (readonly string[])[]) => xs.map((x) => x.join(' > ')).sort();
    expect(sorted(derived.keys)).toEqual(['a', 'a > b', 'a > c.d', 'list', 'nothing', 'sub', 'sub > e']);
    expect(sorted(derived.open)).toEqual(['a > c.d', 'list', 'nothing']);
    expect(unknownKeys(derived, [['a', 'b'], ['a', 'c.d', 'anything'], ['sub', 'e']])).toEqual([]);
    expect(unknownKeys(derived, [['a', 'z'], ['sub', 'e', 'f'], ['b']])).toEqual(['a > z', 'sub > e > f', 'b']);
    expect(keysOf('x: 1', ['grafana']).keys).toEqual([['grafana', 'x']]);
  });

  it('the HelmChartConfigs of K3s\' Traefik in Git use keys of the charts K3s bundles', () => {
    const valuesOf = (file: string) => parse(parse(readFileSync(join(ROOT, file), 'utf8')).spec.valuesContent);
    // The HTTPS redirect's default (the root Application replaces it per K3s version): the v34-v38 form.
    const redirect = valuesOf('gitops/infrastructure/base/ingress/traefik-https-redirect.yaml');
    for (const chart of TRAEFIK_CHART_RANGE.redirections) expect([chart, unknownKeys(readKnown('traefik', chart)!, leafPaths(redirect))]).toEqual([chart, []]);
    // k3s-homelab's NodePorts, whatever K3s version the adopted k3s1 runs: every chart from v25 to v40.
    const nodePorts = valuesOf('gitops/infrastructure/ingress/traefik-nodeports/helmchartconfig.yaml');
    for (const chart of Object.values(TRAEFIK_CHART_RANGE).flat()) expect([chart, unknownKeys(readKnown('traefik', chart)!, leafPaths(nodePorts))]).toEqual([chart, []]);
  });
});
