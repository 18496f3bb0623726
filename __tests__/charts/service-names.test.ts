import { PlatformCluster } from '../../lib/platform';
import { AllSettings, PLATFORM_SERVICES } from '../../lib/settings';
import { argoCdReleases, ChartUse, fluxReleases, terraformReleases } from '../helpers/charts';
import { join } from 'path';
import { kustomizeBuild } from '../helpers/gitops';
import { exampleSettings, ROOT, StackJson, synthGitops, synthHa, synthHomelab } from '../helpers/repo';

/**
 * Every Service this project names (the routes' Ingress backends, the
 * platform's service catalogue, the port-forward hints) is one a chart will
 * create: its name computed from the release name, as the tool installing it
 * chooses it, and the chart's fullname rule at the pinned version.
 */

/**
 * The fullname rule of `helm create`'s _helpers.tpl, which these charts
 * copy: fullnameOverride, else the release name when it contains the chart
 * name (or nameOverride), else <release>-<name>; truncated to `max`.
 */
function fullname(release: string, chartName: string, values: any, max = 63): string {
  const cut = (s: string) => s.slice(0, max).replace(/-+$/, '');
  if (values?.fullnameOverride) return cut(values.fullnameOverride);
  const name = values?.nameOverride || chartName;
  return cut(release.includes(name) ? release : `${release}-${name}`);
}

interface Service { readonly namespace: string; readonly name: string; readonly port: number; readonly from: string }

/** The Services a chart creates that the project may refer to, per chart (templates cited at the pinned tag). */
const SERVICES: Record<string, (u: ChartUse) => Omit<Service, 'namespace' | 'from'>[]> = {
  // kubernetes-sigs/headlamp headlamp-helm-0.45.0 charts/headlamp/templates/_helpers.tpl (headlamp.fullname),
  // templates/service.yaml: name fullname, port .Values.service.port (values.yaml: 80).
  headlamp: (u) => [{ name: fullname(u.releaseName, 'headlamp', u.values), port: u.values.service?.port ?? 80 }],
  // argoproj/argo-helm argo-cd-10.1.1 charts/argo-cd/templates/_common.tpl (argo-cd.fullname; values.yaml nameOverride: argocd),
  // _helpers.tpl argo-cd.server.fullname = <fullname>-<server.name: server>; argocd-server/service.yaml port server.service.servicePortHttp (80).
  'argo-cd': (u) => [{
    name: `${fullname(u.releaseName, 'argo-cd', { nameOverride: 'argocd', ...u.values })}-${u.values.server?.name ?? 'server'}`,
    port: u.values.server?.service?.servicePortHttp ?? 80,
  }],
  // prometheus-community/helm-charts kube-prometheus-stack-88.5.3 templates/_helpers.tpl (kube-prometheus-stack.fullname, truncated to 26),
  // templates/prometheus/service.yaml: <fullname>-prometheus, port prometheus.service.port (9090);
  // the grafana subchart (grafana-community/helm-charts grafana-12.11.1 templates/_helpers.tpl grafana.fullname with the same release name,
  // templates/service.yaml port .Values.service.port: 80).
  'kube-prometheus-stack': (u) => [
    { name: `${fullname(u.releaseName, 'kube-prometheus-stack', u.values, 26)}-prometheus`, port: u.values.prometheus?.service?.port ?? 9090 },
    { name: fullname(u.releaseName, 'grafana', u.values.grafana), port: u.values.grafana?.service?.port ?? 80 },
  ],
};

const servicesOf = (uses: ChartUse[]): Service[] => uses.flatMap((u) => (SERVICES[u.chart]?.(u) ?? []).map((s) => ({ ...s, namespace: u.namespace, from: u.origin })));

const key = (s: { namespace: string; name: string; port: number }) => `${s.namespace}/${s.name}:${s.port}`;

/** Ingress backends of a synthesized stack: namespace/name:port and the Ingress's address. */
function backends(json: StackJson): { at: string; namespace: string; name: string; port: number }[] {
  return Object.entries<any>(json.resource.kubernetes_ingress_v1 ?? {}).flatMap(([id, ing]) => ing.spec.rule.flatMap((rule: any) => rule.http.path.map((p: any) => ({
    at: `kubernetes_ingress_v1.${id}`, namespace: ing.metadata.namespace, name: p.backend.service.name, port: p.backend.service.port.number,
  }))));
}

let settings: AllSettings;
const clusterOf = (s: AllSettings['k3s-gitops'] | AllSettings['chocolandiadc']): PlatformCluster => ({
  k3sVersion: s.k3sVersion,
  serverIps: s.controlPlaneNodes.map((n) => n.ipAddress),
  nodeIps: [...s.controlPlaneNodes, ...s.workerNodes].map((n) => n.ipAddress),
  embeddedEtcd: s.controlPlaneNodes.length > 1,
});
beforeAll(async () => { settings = await exampleSettings(); });

describe('every route and Service reference names a Service a chart creates', () => {
  it('the fullname rule: override, release containing the name, <release>-<name>, truncation', () => {
    expect(fullname('dashboard', 'headlamp', {})).toBe('dashboard-headlamp');
    expect(fullname('headlamp', 'headlamp', {})).toBe('headlamp');
    expect(fullname('x', 'headlamp', { fullnameOverride: 'y-' })).toBe('y');
    expect(fullname('argocd', 'argo-cd', { nameOverride: 'argocd' })).toBe('argocd');
    expect(fullname('a-very-long-release-name-for-kps', 'kube-prometheus-stack', {}, 26)).toBe('a-very-long-release-name-f');
  });

  it.each([
    ['k3s-gitops (Argo CD installs the dashboard and monitoring)', () => {
      const s = settings['k3s-gitops'];
      const json = synthGitops(s);
      return { json, uses: [...terraformReleases('k3s-gitops', json), ...argoCdReleases(s.platform, clusterOf(s))] };
    }],
    ['k3s-gitops with NGINX', () => {
      const s = { ...settings['k3s-gitops'], platform: { ...settings['k3s-gitops'].platform, ingressController: 'nginx' as const } };
      const json = synthGitops(s);
      return { json, uses: [...terraformReleases('k3s-gitops', json), ...argoCdReleases(s.platform, clusterOf(s))] };
    }],
    ['chocolandiadc with the platform (Terraform installs monitoring)', () => {
      const s = { ...settings.chocolandiadc, platform: settings['k3s-gitops'].platform };
      const json = synthHa(s);
      return { json, uses: [...terraformReleases('chocolandiadc', json), ...argoCdReleases(s.platform, clusterOf(s), true)] };
    }],
  ])('%s: every Ingress backend is a Service of a release in its namespace, with that port', (_name, make) => {
    const { json, uses } = make();
    const created = new Map(servicesOf([...uses, ...fluxReleases()]).map((s) => [key(s), s]));
    const found = backends(json);
    expect(found.length).toBeGreaterThan(0);
    const missing = found.filter((b) => !created.has(key(b)))
      .map((b) => `${b.at} sends traffic to ${key(b)}; the charts create ${[...created.keys()].filter((k) => k.startsWith(`${b.namespace}/`)).join(', ') || 'nothing there'}`);
    expect(missing).toEqual([]);
  });

  it('the platform\'s service catalogue (what routes may name) lists Services the k3s-gitops platform creates', () => {
    const s = settings['k3s-gitops'];
    const created = new Set(servicesOf([...terraformReleases('k3s-gitops', synthGitops(s)), ...argoCdReleases(s.platform, clusterOf(s))]).map(key));
    const catalogue = Object.entries(PLATFORM_SERVICES).map(([name, p]) => key({ name, ...p }));
    expect(catalogue.filter((c) => !created.has(c))).toEqual([]);
  });

  it('chocolandiadc\'s port-forward hints name its kube-prometheus-stack Services', () => {
    const json = synthHa(settings.chocolandiadc);
    const ns = settings.chocolandiadc.monitoring.namespace;
    const created = servicesOf(terraformReleases('chocolandiadc', json)).map((s) => `${s.namespace}/${s.name}`);
    for (const output of ['prometheus_url', 'grafana_url']) {
      const svc = /port-forward svc\/([a-z0-9-]+)/.exec(json.output[output].description!)![1];
      expect(created).toContain(`${ns}/${svc}`);
    }
  });

  it('k3s-homelab: the Flux ServiceMonitor in Git selects Services the flux2 release labels, on a port they have', () => {
    // fluxcd-community/helm-charts flux2-2.18.3 templates/source-controller-service.yaml and
    // notification-controller-service.yaml: fixed names, `.service.labels` added to the labels, `.service.ports` appended.
    const release = terraformReleases('k3s-homelab', synthHomelab(settings['k3s-homelab'])).find((u) => u.chart === 'flux2')!;
    const services = [['sourceController', 'source-controller'], ['notificationController', 'notification-controller']].map(([key, name]) => ({
      name, labels: release.values[key].service.labels, ports: release.values[key].service.ports.map((p: any) => p.name),
    }));
    const monitor = kustomizeBuild(join(ROOT, 'gitops/infrastructure/monitors')).find((o) => o.kind === 'ServiceMonitor' && o.metadata.namespace === 'flux-system');
    const [expr] = monitor.spec.selector.matchExpressions;
    const selected = services.filter((svc) => expr.operator === 'In' && expr.values.includes(svc.labels?.[expr.key]));
    expect(selected.map((svc) => svc.name)).toEqual(expr.values);
    for (const svc of selected) for (const e of monitor.spec.endpoints) expect([svc.name, svc.ports]).toEqual([svc.name, expect.arrayContaining([e.port])]);
  });
});
