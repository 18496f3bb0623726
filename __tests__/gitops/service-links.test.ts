import { join } from 'path';
import { runInNewContext } from 'vm';
import { kustomizeBuild as build } from '../helpers/gitops';
import { exampleSettings, ROOT, StackJson, synthGitops } from '../helpers/repo';

/**
 * The Headlamp plugin of gitops/applications/system/dashboard/, run as
 * Headlamp runs it (a script with its plugin library in `pluginLib`)
 * against a fake library: React elements are plain objects, the hooks
 * return what the fake cluster holds.
 */
const DASHBOARD = join(ROOT, 'gitops/applications/system/dashboard');

interface FakeCluster {
  readonly registry?: Record<string, string> | null; // the ConfigMap's data, null when it does not exist
  readonly registryError?: { status: number; message: string };
  readonly ingresses?: object[];
  readonly loading?: boolean; // the API has not answered yet
}

const built = build(DASHBOARD);
const pluginFiles = built.find((o) => o.metadata.name === 'headlamp-plugin-service-links').data;

function loadPlugin(cluster: FakeCluster) {
  const registered = { sidebar: [] as any[], routes: [] as any[] };
  const asked: string[] = [];
  const pluginLib = {
    React: { createElement: (type: unknown, props: object | null, ...children: unknown[]) => ({ type, props: props ?? {}, children: children.flat() }) },
    K8s: {
      ResourceClasses: {
        ConfigMap: {
          useGet: (name: string, namespace: string) => {
            asked.push(`${namespace}/${name}`);
            if (cluster.loading) return { data: null, error: null, isLoading: true };
            if (cluster.registryError) return { data: null, error: cluster.registryError };
            if (cluster.registry === null) return { data: null, error: { status: 404, message: 'not found' } };
            return { data: { data: cluster.registry }, error: null };
          },
        },
        Ingress: { useList: () => (cluster.loading ? { items: null, error: null, isLoading: true } : { items: (cluster.ingresses ?? []).map((jsonData) => ({ jsonData })), error: null }) },
      },
    },
    registerSidebarEntry: (e: object) => registered.sidebar.push(e),
    registerRoute: (r: object) => registered.routes.push(r),
  };
  runInNewContext(pluginFiles['main.js'], { pluginLib });
  return { ...registered, asked };
}

/** The page's text, links and alerts, with function components expanded. */
function renderPage(cluster: FakeCluster) {
  const plugin = loadPlugin(cluster);
  const links: { text: string; href: string; note: string }[] = [];
  const alerts: string[] = [];
  // Function components rendered once, as React would for one render.
  const expand = (n: any): any => (!n || typeof n !== 'object' ? n
    : typeof n.type === 'function' ? expand(n.type(n.props)) : { ...n, children: n.children.map(expand) });
  const text = (n: any): string => (n === null || n === undefined || n === false ? '' : typeof n === 'string' ? n : (n.children ?? []).map(text).join(''));
  const walk = (n: any): void => {
    if (!n || typeof n !== 'object') return;
    if (n.type === 'li') {
      const a = n.children.find((c: any) => c?.type === 'a');
      links.push({ text: text(a), href: a.props.href, note: n.children.filter((c: any) => typeof c === 'string').join('') });
      expect(a.props.rel).toBe('noopener noreferrer');
    }
    if (n.props?.role === 'alert') alerts.push(text(n));
    n.children.forEach(walk);
  };
  const page = expand(plugin.routes[0].component());
  walk(page);
  return { links, alerts, all: text({ children: [page] }), asked: plugin.asked };
}

/** The routes' Ingresses as the API returns them, from the synthesized stack. */
function ingressesOf(stack: StackJson): object[] {
  return Object.values<any>(stack.resource.kubernetes_ingress_v1).map((i) => ({
    metadata: { name: i.metadata.name, namespace: i.metadata.namespace },
    spec: {
      tls: (i.spec.tls ?? []).map((t: any) => ({ hosts: t.hosts })),
      rules: i.spec.rule.map((r: any) => ({ host: r.host, http: { paths: r.http.path.map((p: any) => ({ path: p.path })) } })),
    },
  }));
}

describe('the dashboard\'s "Services" page (Headlamp plugin service-links)', () => {
  let platformIngresses: object[];
  const registry = built.find((o) => o.metadata.name === 'dashboard-links').data;
  beforeAll(async () => {
    platformIngresses = ingressesOf(synthGitops((await exampleSettings())['k3s-gitops']));
  });

  it('is a Headlamp plugin: a sidebar entry and its page, a package.json Headlamp accepts', () => {
    const plugin = loadPlugin({});
    expect(plugin.sidebar).toEqual([expect.objectContaining({ name: 'service-links', label: 'Services', url: '/service-links' })]);
    expect(plugin.routes).toEqual([expect.objectContaining({ path: '/service-links', sidebar: 'service-links' })]);
    // Headlamp loads plugins whose @kinvolk/headlamp-plugin is >= 0.8.0-alpha.3.
    const pkg = JSON.parse(pluginFiles['package.json']);
    expect(pkg.name).toBe('service-links');
    const [major, minor] = pkg.devDependencies['@kinvolk/headlamp-plugin'].replace(/^\D*/, '').split('.').map(Number);
    expect(major > 0 || minor >= 8).toBe(true);
  });

  it('shows the registry from Git with each path on the host of the Ingress serving it, then the other routes', () => {
    const page = renderPage({ registry, ingresses: platformIngresses });
    expect(page.asked).toEqual(['dashboard/dashboard-links']);
    expect(page.alerts).toEqual([]);
    expect(page.links.slice(0, 3)).toEqual([
      { text: 'Argo CD', href: 'https://cluster.local/argocd', note: ' GitOps applications and their sync status' },
      { text: 'Grafana', href: 'https://cluster.local/grafana', note: ' Metrics dashboards (kube-prometheus-stack)' },
      { text: 'Dashboard', href: 'https://cluster.local/dashboard', note: ' Cluster overview (Headlamp, read-only)' },
    ]);
    expect(page.links.slice(3).map((l) => l.href).sort()).toEqual(['https://argocd.cluster.local/', 'https://dashboard.cluster.local/', 'https://grafana.cluster.local/']);
  });

  it('discovers a workload\'s Ingress (http without TLS) and marks a registry link that no Ingress serves', () => {
    const page = renderPage({
      registry: { 'links.json': JSON.stringify([{ name: 'Wiki', url: '/wiki' }, { name: 'Status', url: 'https://status.example.org' }]) },
      ingresses: [{ metadata: { name: 'blog', namespace: 'web' }, spec: { rules: [{ host: 'blog.lan', http: { paths: [{ path: '/' }] } }, { host: '*.lan', http: { paths: [{ path: '/' }] } }] } }],
    });
    expect(page.links).toEqual([
      { text: 'Wiki', href: '/wiki', note: ' (no Ingress serves this path)' },
      { text: 'Status', href: 'https://status.example.org', note: '' },
      { text: 'web/blog', href: 'http://blog.lan/', note: ' Ingress web/blog' },
    ]);
  });

  it.each([
    ['a registry that is not JSON', { registry: { 'links.json': '- name: Argo CD' } }, /links\.json is not JSON/],
    ['an entry without a url', { registry: { 'links.json': '[{"name":"A","url":"/a"},{"name":"B"}]' } }, /links\.json\[1\] needs a name and a url .* got \{"name":"B"\}/],
    ['an unreadable registry', { registryError: { status: 403, message: 'forbidden' } }, /cannot read ConfigMap dashboard\/dashboard-links: forbidden/],
  ])('names the problem with %s and still shows the Ingresses', (_what, cluster, message) => {
    const page = renderPage({ ...cluster, ingresses: platformIngresses });
    expect(page.alerts.join('\n')).toMatch(message);
    expect(page.links.map((l) => l.href)).toContain('https://argocd.cluster.local/');
  });

  it('while the API has not answered: says so, instead of "No services"', () => {
    const page = renderPage({ loading: true });
    expect(page.all).toBe('Loading services…');
  });

  it('without registry or Ingress: no alert, a hint where to add a service', () => {
    const page = renderPage({ registry: null });
    expect(page.alerts).toEqual([]);
    expect(page.links).toEqual([]);
    expect(page.all).toMatch(/No services: add one to ConfigMap dashboard\/dashboard-links \(links\.json\) or create an Ingress/);
  });

  it('Headlamp mounts the plugin in its plugins directory; the read-only sign-in token may read the registry and Ingresses (view)', () => {
    const apps = build(join(ROOT, 'gitops/argocd/bootstrap-apps'));
    const values = apps.find((a) => a.metadata.name === 'dashboard').spec.source.helm.valuesObject;
    const mount = values.volumeMounts.find((m: any) => m.name === 'service-links-plugin');
    expect(mount.mountPath).toBe(`${values.config.pluginsDir}/service-links`);
    expect(values.volumes.find((v: any) => v.name === mount.name).configMap.name).toBe('headlamp-plugin-service-links');
    expect(Object.keys(pluginFiles).sort()).toEqual(['main.js', 'package.json']);
    expect(built.every((o) => o.metadata.namespace === 'dashboard')).toBe(true);
    const binding = build(join(ROOT, 'gitops/infrastructure/base/rbac')).find((o) => o.kind === 'ClusterRoleBinding');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'dashboard-viewer', namespace: 'dashboard' }]);
    expect(binding.roleRef.name).toBe('view');
  });
});
