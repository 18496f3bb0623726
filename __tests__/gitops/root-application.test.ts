import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { stringify } from 'yaml';
import { parse } from 'yaml';
import { chartValues } from '../../lib/monitoring';
import { PLATFORM_PROJECT, PlatformCluster, rootAppValues } from '../../lib/platform';
import { PlatformSettings } from '../../lib/settings';
import { buildLikeArgoCd, validateManifests } from '../helpers/gitops';
import { exampleSettings, synthGitops, tempDir } from '../helpers/repo';

let example: PlatformSettings;
let gitopsSettings: Awaited<ReturnType<typeof exampleSettings>>['k3s-gitops'];
let cluster: PlatformCluster;
beforeAll(async () => {
  gitopsSettings = (await exampleSettings())['k3s-gitops'];
  example = gitopsSettings.platform;
  cluster = {
    k3sVersion: gitopsSettings.k3sVersion,
    serverIps: gitopsSettings.controlPlaneNodes.map((n) => n.ipAddress),
    nodeIps: [...gitopsSettings.controlPlaneNodes, ...gitopsSettings.workerNodes].map((n) => n.ipAddress),
    embeddedEtcd: gitopsSettings.controlPlaneNodes.length > 1,
  };
});

/** Traefik's redirectRegex applied to a URL (Go's ${1} is JavaScript's $1). */
const redirect = (middleware: any, url: string): string => {
  const { regex, replacement } = middleware.spec.redirectRegex;
  return url.replace(new RegExp(regex), replacement.replace(/\$\{(\d+)\}/g, '$$$1'));
};

const root = (s: PlatformSettings, monitoringByStack = false, on: PlatformCluster = cluster) =>
  (rootAppValues(s, { monitoringByStack, cluster: on }) as any).applications['bootstrap-apps'];
/** The Applications the root Application creates, rendered as Argo CD renders them. */
const bootstrapApps = (s: PlatformSettings, monitoringByStack = false, on: PlatformCluster = cluster) => buildLikeArgoCd(root(s, monitoringByStack, on).source);
const byName = (apps: any[], name: string) => apps.find((a) => a.metadata.name === name);

describe('the root Application (what Argo CD makes of gitops/argocd/bootstrap-apps)', () => {
  it('validates against Argo CD\'s Application and AppProject schemas', () => {
    const dir = tempDir('root-app');
    mkdirSync(join(dir, 'root'));
    const app = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'bootstrap-apps', namespace: 'argocd' }, spec: root({ ...example, ingressController: 'nginx' }, true) };
    delete app.spec.namespace;
    writeFileSync(join(dir, 'root/app.yaml'), stringify(app));
    // The AppProject as argocd-apps' projects.yaml renders it (name, namespace; the spec fields as given).
    const { namespace, ...spec } = (rootAppValues(example, { monitoringByStack: false, cluster }) as any).projects.platform;
    writeFileSync(join(dir, 'root/project.yaml'), stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'platform', namespace }, spec }));
    writeFileSync(join(dir, 'root/kustomization.yaml'), stringify({ resources: ['app.yaml', 'project.yaml'] }));
    const r = validateManifests([join(dir, 'root')]);
    expect(r.out).not.toContain('FAIL');
    expect(r.status).toBe(0);
  });

  it('a fork only changes the settings: every Application from this repository follows repository_url and revision', () => {
    const fork = { ...example, repositoryUrl: 'git@git.example.org:me/homelab.git', revision: 'v1.2.0' };
    const apps = bootstrapApps(fork);
    const fromRepo = apps.filter((a) => a.spec.source.path);
    expect(fromRepo.map((a) => a.metadata.name).sort()).toEqual(['applications', 'infrastructure', 'ingress', 'security']);
    for (const a of fromRepo) expect([a.metadata.name, a.spec.source.repoURL, a.spec.source.targetRevision]).toEqual([a.metadata.name, fork.repositoryUrl, 'v1.2.0']);
    // Chart Applications keep their chart repository and pinned version.
    expect(byName(apps, 'monitoring').spec.source).toMatchObject({ repoURL: 'https://prometheus-community.github.io/helm-charts', targetRevision: '88.5.3' });
  });

  it('the NGINX controller\'s Application comes from Git only when the settings choose nginx', () => {
    expect(byName(bootstrapApps(example), 'ingress-nginx')).toBeUndefined();
    const nginx = byName(bootstrapApps({ ...example, ingressController: 'nginx' }), 'ingress-nginx');
    expect(nginx.spec.source).toEqual({ repoURL: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', targetRevision: '4.15.1' });
    expect(nginx.spec.destination.namespace).toBe('ingress-nginx');
    expect(nginx.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
  });

  it('a stack that installs kube-prometheus-stack itself gets no second one from Argo CD', () => {
    expect(byName(bootstrapApps(example), 'monitoring')).toBeDefined();
    const apps = bootstrapApps(example, true);
    expect(byName(apps, 'monitoring')).toBeUndefined();
    expect(byName(apps, 'dashboard')).toBeDefined();
  });

  it.each([
    ['baseline', true],
    ['restricted', false],
  ])('security: `default` enforces %s, default-deny policy %s', (level, policies) => {
    const s = { ...example, podSecurityStandard: level as PlatformSettings['podSecurityStandard'], networkPolicies: policies };
    const security = byName(bootstrapApps(s), 'security');
    const objects = buildLikeArgoCd(security.spec.source);
    const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'default');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe(level);
    const policy = objects.find((o) => o.kind === 'NetworkPolicy');
    if (!policies) return expect(policy).toBeUndefined();
    expect(policy.metadata).toEqual({ name: 'default-deny-ingress', namespace: 'default' });
    expect(policy.spec.ingress[0].from.map((f: any) => f.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] ?? 'same namespace'))
      .toEqual(['same namespace', 'kube-system', 'ingress-nginx']);
  });

  it('Traefik: each subdomain\'s root is redirected to its route\'s path, every other URL passes', () => {
    const ingressApp = byName(bootstrapApps(example), 'ingress');
    const objects = buildLikeArgoCd(ingressApp.spec.source);
    const middlewares = objects.filter((o) => o.kind === 'Middleware');
    // The subdomain Ingresses name exactly these Middlewares.
    const stack = synthGitops(gitopsSettings);
    const named = Object.values<any>(stack.resource.kubernetes_ingress_v1)
      .map((i) => i.metadata.annotations?.['traefik.ingress.kubernetes.io/router.middlewares']).filter(Boolean).sort();
    expect(middlewares.map((m) => `${m.metadata.namespace}-${m.metadata.name}@kubernetescrd`).sort()).toEqual(named);
    const argocd = middlewares.find((m) => m.metadata.namespace === 'argocd');
    expect(redirect(argocd, 'https://argocd.cluster.local/')).toBe('https://argocd.cluster.local/argocd/');
    expect(redirect(argocd, 'https://argocd.cluster.local')).toBe('https://argocd.cluster.local/argocd/');
    expect(redirect(argocd, 'https://argocd.cluster.local/argocd/applications')).toBe('https://argocd.cluster.local/argocd/applications');
    expect(redirect(argocd, 'https://argocd.cluster.local/?x=1')).toBe('https://argocd.cluster.local/?x=1');
    // The rest of the ingress Application is unchanged.
    expect(objects.filter((o) => o.kind !== 'Middleware').map((o) => o.kind).sort()).toEqual(['Certificate', 'ClusterIssuer', 'ClusterIssuer', 'HelmChartConfig']);
  });

  it('other paths in the settings reach Git: Headlamp\'s base URL, Grafana\'s root URL, the redirects; no Middleware without a route', () => {
    const routes = example.routes.filter((r) => r.name !== 'grafana').map((r) => (r.name === 'dashboard' ? { ...r, path: '/headlamp' } : r));
    const s = { ...example, routes };
    const apps = bootstrapApps(s);
    expect(byName(apps, 'dashboard').spec.source.helm.valuesObject.config.baseURL).toBe('/headlamp');
    expect(byName(apps, 'monitoring').spec.source.helm.valuesObject.grafana['grafana.ini'].server.root_url).toBe('%(protocol)s://%(domain)s/grafana');
    const middlewares = buildLikeArgoCd(byName(apps, 'ingress').spec.source).filter((o) => o.kind === 'Middleware');
    expect(middlewares.map((m) => m.metadata.namespace).sort()).toEqual(['argocd', 'dashboard']);
    expect(redirect(middlewares.find((m) => m.metadata.namespace === 'dashboard'), 'https://dashboard.cluster.local/')).toBe('https://dashboard.cluster.local/headlamp/');
    const moved = bootstrapApps({ ...example, routes: example.routes.map((r) => (r.name === 'grafana' ? { ...r, path: '/metrics' } : r)) });
    expect(byName(moved, 'monitoring').spec.source.helm.valuesObject.grafana['grafana.ini'].server).toEqual({ root_url: '%(protocol)s://%(domain)s/metrics', serve_from_sub_path: true });
  });

  it.each([
    // K3s lines and the Traefik chart they bundle (lib/rules/k3s-traefik.ts).
    ['v1.31.4+k3s1', { redirectTo: { port: 'websecure' } }],
    ['v1.33.5+k3s1', { redirections: { entryPoint: { to: 'websecure', scheme: 'https', permanent: true } } }],
    ['v1.33.9+k3s1', { redirections: { entryPoint: { to: 'websecure', scheme: 'https', permanent: true } } }],
    ['v1.33.10+k3s1', { http: { redirections: { entryPoint: { to: 'websecure', scheme: 'https', permanent: true } } } }],
    ['v1.34.6+k3s1', { http: { redirections: { entryPoint: { to: 'websecure', scheme: 'https', permanent: true } } } }],
    ['v1.36.2+k3s1', { http: { redirections: { entryPoint: { to: 'websecure', scheme: 'https', permanent: true } } } }],
  ])('Traefik on K3s %s: HTTP is redirected to HTTPS with the keys its bundled chart takes', (k3sVersion, web) => {
    const ingressApp = byName(bootstrapApps(example, false, { ...cluster, k3sVersion }), 'ingress');
    const configs = buildLikeArgoCd(ingressApp.spec.source).filter((o) => o.kind === 'HelmChartConfig');
    expect(configs.map((c) => `${c.metadata.namespace}/${c.metadata.name}`)).toEqual(['kube-system/traefik']);
    expect(parse(configs[0].spec.valuesContent)).toEqual({ ports: { web } });
  });

  it('a K3s older than v1.28.3 with Traefik is refused, naming the version (its chart takes another redirect form)', () => {
    expect(() => root(example, false, { ...cluster, k3sVersion: 'v1.27.9+k3s1' })).toThrow(/v1\.27\.9\+k3s1 bundles a Traefik chart older than v24/);
    expect(() => root({ ...example, ingressController: 'nginx' }, false, { ...cluster, k3sVersion: 'v1.27.9+k3s1' })).not.toThrow();
  });

  it('kube-prometheus-stack from Git knows it runs on K3s: the same component values as the Terraform release for the same nodes', () => {
    const values = byName(bootstrapApps(example), 'monitoring').spec.source.helm.valuesObject;
    const terraform = chartValues({
      namespace: 'monitoring', retention: '15d', storageSize: '10Gi', grafanaAdminUser: 'admin',
      serverIps: cluster.serverIps, nodeIps: cluster.nodeIps, embeddedEtcd: cluster.embeddedEtcd,
    });
    for (const k of ['kubeControllerManager', 'kubeScheduler', 'kubeProxy', 'kubeEtcd']) expect([k, values[k]]).toEqual([k, terraform[k]]);
    expect(values.kubeControllerManager.endpoints).toEqual(cluster.serverIps);
    expect(values.kubeProxy.endpoints).toEqual(cluster.nodeIps);
    // The rest of the Application's values stay (Grafana under its route's path).
    expect(values.grafana['grafana.ini'].server.serve_from_sub_path).toBe(true);
    const ha = byName(bootstrapApps(example, false, { ...cluster, serverIps: ['10.0.0.1', '10.0.0.2', '10.0.0.3'], embeddedEtcd: true }), 'monitoring');
    expect(ha.spec.source.helm.valuesObject.kubeEtcd).toMatchObject({ enabled: true, endpoints: ['10.0.0.1', '10.0.0.2', '10.0.0.3'], service: { port: 2381 } });
  });

  it('NGINX: no Traefik Middleware in Git (ingress-nginx redirects the root with app-root)', () => {
    const ingressApp = byName(bootstrapApps({ ...example, ingressController: 'nginx' }), 'ingress');
    expect(ingressApp.spec.source.kustomize).toBeUndefined();
    expect(buildLikeArgoCd(ingressApp.spec.source).filter((o) => o.kind === 'Middleware')).toEqual([]);
  });

  it('the platform AppProject admits only the settings\' repository, the charts Git names and the cluster-scoped kinds Git and those charts create; the root Application is in it', () => {
    const fork = { ...example, repositoryUrl: 'git@git.example.org:me/homelab.git', ingressController: 'nginx' as const };
    const values = rootAppValues(fork, { monitoringByStack: false, cluster }) as any;
    const project = values.projects[PLATFORM_PROJECT];
    expect(values.applications['bootstrap-apps'].project).toBe('platform');
    expect(project.sourceRepos).not.toContain('*');
    const apps = bootstrapApps(fork);
    // Every Application Git holds is in the project, and the project admits exactly the sources they name.
    expect(apps.map((a) => [a.metadata.name, a.spec.project])).toEqual(apps.map((a) => [a.metadata.name, 'platform']));
    expect([...new Set([fork.repositoryUrl, ...apps.map((a) => a.spec.source.repoURL)])].sort()).toEqual([...project.sourceRepos].sort());
    expect(project.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: '*' }]);
    expect(project.clusterResourceWhitelist).not.toContainEqual(expect.objectContaining({ kind: '*' }));
    // What the Applications from this repository create cluster-wide is whitelisted (the charts' kinds: see PLATFORM_CLUSTER_KINDS).
    const NAMESPACED = new Set(['ServiceAccount', 'Certificate', 'HelmChartConfig', 'Middleware', 'NetworkPolicy', 'ConfigMap', 'Secret', 'Deployment', 'Service', 'Role', 'RoleBinding', 'Issuer']);
    const clusterScoped = apps.filter((a) => a.spec.source.path).flatMap((a) => buildLikeArgoCd(a.spec.source)).filter((o) => !NAMESPACED.has(o.kind) && !o.metadata.namespace);
    expect(clusterScoped.length).toBeGreaterThan(0);
    for (const o of clusterScoped) {
      const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
      expect(project.clusterResourceWhitelist).toContainEqual({ group, kind: o.kind });
    }
  });

  it('security tools: Trivy Operator scans images, Sealed Secrets keeps secrets in Git encrypted', () => {
    const apps = bootstrapApps(example);
    expect(byName(apps, 'operator-trivy-operator').spec.source).toMatchObject({ chart: 'trivy-operator', targetRevision: '0.34.0' });
    expect(byName(apps, 'operator-sealed-secrets').spec.source).toMatchObject({ chart: 'sealed-secrets' });
  });
});
