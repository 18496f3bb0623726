import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { AllSettings } from '../../lib/settings';
import { exampleSettings, ROOT, StackJson, synthGitops, synthHa } from '../helpers/repo';

let all: AllSettings;
let settings: AllSettings['k3s-gitops'];
let json: StackJson;
beforeAll(async () => {
  all = await exampleSettings();
  settings = all['k3s-gitops'];
  json = synthGitops(settings);
});
const values = (r: any) => parse(r.values[0]);

describe('k3s-gitops phase 1: the cluster', () => {
  it('installs over SSH with seed 004\'s network settings in the K3s config', () => {
    const upload = json.resource.null_resource.gitops1_install.provisioner.find((p: any) => p.file?.content)?.file;
    expect(parse(upload.content)).toMatchObject({ 'cluster-cidr': '10.42.0.0/16', 'service-cidr': '10.43.0.0/16', 'node-name': 'gitops1' });
    expect(parse(upload.content)).not.toHaveProperty('cluster-init'); // one server: SQLite
    expect(json.terraform.backend.local.path).toBe('../../../terraform/environments/k3s-gitops/terraform.tfstate');
  });
});

describe('k3s-gitops phases 2 and 3: the platform', () => {
  it('Argo CD under /argocd with matching root path and base href, TLS ending at the ingress', () => {
    const r = json.resource.helm_release.argocd;
    expect(r).toMatchObject({ chart: 'argo-cd', version: '10.1.1', namespace: 'argocd' });
    expect(values(r).configs.params).toEqual({ 'server.insecure': true, 'server.rootpath': '/argocd', 'server.basehref': '/argocd' });
    expect(values(r).configs.cm).toEqual({ url: 'https://argocd.cluster.local/argocd' });
  });

  it('the root Application syncs gitops/argocd/bootstrap-apps of the settings repository, automated with retries', () => {
    const root = values(json.resource.helm_release.argocd_apps).applications['bootstrap-apps'];
    expect(root.source).toMatchObject({ repoURL: 'https://github.com/example/k3s-gitops.git', targetRevision: 'main', path: 'gitops/argocd/bootstrap-apps' });
    expect(root.syncPolicy).toEqual({ automated: { prune: true, selfHeal: true }, retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } } });
    expect(json.resource.helm_release.argocd_apps.depends_on).toEqual(['helm_release.argocd', 'kubernetes_secret_v1.grafana_admin']);
  });

  it('two Ingresses per route: <domain><path>, and <name>.<domain> with its root sent to the path; TLS from the self-signed CA', () => {
    const ing = json.resource.kubernetes_ingress_v1;
    expect(Object.keys(ing).sort()).toEqual(['route_argocd', 'route_argocd_subdomain', 'route_dashboard', 'route_dashboard_subdomain', 'route_grafana', 'route_grafana_subdomain']);
    const shape = (i: any) => ({ name: i.metadata.name, tls: i.spec.tls, rules: i.spec.rule.map((r: any) => [r.host, r.http.path[0].path, r.http.path[0].backend.service.name, r.http.path[0].backend.service.port.number]) });
    expect(shape(ing.route_dashboard)).toEqual({
      name: 'dashboard', tls: [{ hosts: ['cluster.local'], secret_name: 'dashboard-tls' }], rules: [['cluster.local', '/dashboard', 'headlamp', 8080]],
    });
    expect(shape(ing.route_dashboard_subdomain)).toEqual({
      name: 'dashboard-subdomain', tls: [{ hosts: ['dashboard.cluster.local'], secret_name: 'dashboard-subdomain-tls' }], rules: [['dashboard.cluster.local', '/', 'headlamp', 8080]],
    });
    expect(ing.route_dashboard.metadata).toMatchObject({ namespace: 'dashboard', annotations: { 'cert-manager.io/cluster-issuer': 'homelab-ca' } });
    expect(ing.route_dashboard.spec.ingress_class_name).toBe('traefik');
    expect(ing.route_dashboard.metadata.annotations).not.toHaveProperty(['traefik.ingress.kubernetes.io/router.middlewares']);
    expect(ing.route_dashboard_subdomain.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'homelab-ca', 'traefik.ingress.kubernetes.io/router.middlewares': 'dashboard-root-redirect@kubernetescrd',
    });
    expect(json.output.argocd_url.value).toBe('https://argocd.cluster.local/argocd');
    expect(json.output.dashboard_url.value).toBe('https://dashboard.cluster.local/dashboard');
  });

  it('a route at the root path needs no redirect; outputs follow the routes', () => {
    const routes = settings.platform.routes.map((r) => (r.name === 'dashboard' ? { ...r, path: '/' } : r)).filter((r) => r.name !== 'argocd');
    const atRoot = synthGitops({ ...settings, platform: { ...settings.platform, routes } });
    expect(atRoot.resource.kubernetes_ingress_v1.route_dashboard_subdomain.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'homelab-ca' });
    expect(atRoot.output.dashboard_url.value).toBe('https://dashboard.cluster.local/');
    expect(atRoot.output).not.toHaveProperty('argocd_url');
  });

  it('nginx, an issuer of yours, or your own secret', () => {
    const nginx = synthGitops({ ...settings, platform: { ...settings.platform, ingressController: 'nginx', tls: { mode: 'issuer', issuer: 'letsencrypt' } } });
    expect(nginx.resource.kubernetes_ingress_v1.route_argocd.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt', 'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
    });
    expect(nginx.resource.kubernetes_ingress_v1.route_argocd_subdomain.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt', 'nginx.ingress.kubernetes.io/ssl-redirect': 'true', 'nginx.ingress.kubernetes.io/app-root': '/argocd',
    });
    expect(values(nginx.resource.helm_release.argocd_apps).applications['bootstrap-apps'].source.kustomize.components).toEqual(['components/ingress-nginx']);
    const nginxConfig = nginx.resource.null_resource.gitops1_install.provisioner.find((p: any) => p.file?.content)?.file.content;
    expect(parse(nginxConfig).disable).toEqual(['traefik']);
    expect(values(json.resource.helm_release.argocd_apps).applications['bootstrap-apps'].source.kustomize).not.toHaveProperty('components');
    const own = synthGitops({ ...settings, platform: { ...settings.platform, tls: { mode: 'secret', secretName: 'wildcard-tls' } } });
    expect(own.resource.kubernetes_ingress_v1.route_argocd.spec.tls[0].secret_name).toBe('wildcard-tls');
    expect(own.resource.kubernetes_ingress_v1.route_argocd.metadata.annotations ?? {}).not.toHaveProperty('cert-manager.io/cluster-issuer');
  });

  it('namespaces carry the Pod Security level; default-deny ingress policies admit the controller only', () => {
    const ns = json.resource.kubernetes_namespace_v1;
    expect(ns.platform_namespace_argocd.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(ns.platform_namespace_monitoring.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    const deny = json.resource.kubernetes_network_policy_v1.default_deny_dashboard;
    expect(deny.spec.policy_types).toEqual(['Ingress']);
    expect(deny.spec.ingress[0].from).toEqual(expect.arrayContaining([{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } } }]));
    // cert-manager: the API server reaches its webhook from any address, but only the webhook's port (10250).
    const cm = json.resource.kubernetes_network_policy_v1.default_deny_cert_manager.spec.ingress;
    expect(cm).toEqual([
      { from: [{ pod_selector: {} }, { namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } } }] },
      { from: [{ ip_block: { cidr: '0.0.0.0/0' } }], ports: [{ port: '10250', protocol: 'TCP' }] },
    ]);
    for (const [name, p] of Object.entries<any>(json.resource.kubernetes_network_policy_v1)) {
      for (const rule of p.spec.ingress) if (JSON.stringify(rule.from).includes('ip_block')) expect([name, rule.ports]).toEqual(['default_deny_cert_manager', [{ port: '10250', protocol: 'TCP' }]]);
    }
    const open = synthGitops({ ...settings, platform: { ...settings.platform, networkPolicies: false } });
    expect(open.resource.kubernetes_network_policy_v1).toBeUndefined();
  });

  it('Grafana never keeps the chart\'s default password: a generated one in the Secret the monitoring Application reads, a sensitive output', () => {
    const secret = json.resource.kubernetes_secret_v1.grafana_admin;
    expect(secret.metadata).toEqual({ name: 'grafana-admin', namespace: 'monitoring' });
    expect(secret.data).toEqual({ 'admin-user': 'admin', 'admin-password': '${random_password.grafana_admin_password.result}' });
    expect(secret.depends_on).toEqual(['kubernetes_namespace_v1.platform_namespace_monitoring']);
    expect(json.resource.random_password.grafana_admin_password).toMatchObject({ length: 24 });
    expect(json.output.grafana_admin_password).toMatchObject({ value: '${random_password.grafana_admin_password.result}', sensitive: true });
    // The grafana subchart (12.11.1 of kube-prometheus-stack 88.5.3, templates/_pod.tpl) reads admin.existingSecret with admin.userKey/passwordKey.
    const app = parse(readFileSync(join(ROOT, 'gitops/argocd/bootstrap-apps/monitoring.yaml'), 'utf8'));
    expect(app.spec.destination.namespace).toBe(secret.metadata.namespace);
    expect(app.spec.source.helm.valuesObject.grafana.admin).toEqual({ existingSecret: secret.metadata.name, userKey: 'admin-user', passwordKey: 'admin-password' });
    expect(app.spec.source.helm.valuesObject.grafana).not.toHaveProperty('adminPassword');
    // Argo CD syncs the monitoring Application only once the Secret exists.
    expect(json.resource.helm_release.argocd_apps.depends_on).toContain('kubernetes_secret_v1.grafana_admin');
    // Without a grafana route the monitoring namespace is still created for the Secret.
    const unrouted = synthGitops({ ...settings, platform: { ...settings.platform, routes: settings.platform.routes.filter((r) => r.name !== 'grafana') } });
    expect(unrouted.resource.kubernetes_secret_v1.grafana_admin.depends_on).toEqual(['kubernetes_namespace_v1.platform_namespace_monitoring']);
    expect(unrouted.resource.kubernetes_namespace_v1).toHaveProperty('platform_namespace_monitoring');
  });

  it('cert-manager with its CRDs; nothing needs a CRD at plan', () => {
    expect(values(json.resource.helm_release.cert_manager)).toEqual({ crds: { enabled: true } });
    expect(Object.keys(json.resource).filter((t) => t.includes('manifest'))).toEqual([]);
    expect(json.output.argocd_admin_password_command.value).toContain('argocd-initial-admin-secret');
  });
});

describe('the platform switched on for chocolandiadc', () => {
  it('adds the platform next to kube-prometheus-stack, reusing its monitoring namespace', () => {
    const ha = synthHa({ ...all.chocolandiadc, platform: settings.platform });
    expect(Object.keys(ha.resource.helm_release).sort()).toEqual(['argocd', 'argocd_apps', 'cert_manager', 'kube_prometheus_stack']);
    expect(Object.keys(ha.resource.kubernetes_namespace_v1)).not.toContain('platform_namespace_monitoring');
    expect(ha.resource.kubernetes_ingress_v1.route_grafana.depends_on).toEqual(expect.arrayContaining(['helm_release.kube_prometheus_stack']));
    // Grafana behind the /grafana route builds its links and assets under that path.
    expect(values(ha.resource.helm_release.kube_prometheus_stack).grafana['grafana.ini']).toEqual({
      server: { root_url: '%(protocol)s://%(domain)s/grafana', serve_from_sub_path: true },
    });
    expect(values(synthHa(all.chocolandiadc).resource.helm_release.kube_prometheus_stack).grafana).not.toHaveProperty(['grafana.ini']);
    const patches = values(ha.resource.helm_release.argocd_apps).applications['bootstrap-apps'].source.kustomize.patches;
    expect(patches.map((p: any) => parse(p.patch))).toContainEqual(expect.objectContaining({ metadata: { name: 'monitoring', namespace: 'argocd' }, $patch: 'delete' }));
    expect(synthHa(all.chocolandiadc).resource.helm_release.argocd).toBeUndefined();
    // Its Grafana password is the stack's own (set_sensitive); no second one for a Grafana Argo CD does not install.
    expect(ha.resource.kubernetes_secret_v1?.grafana_admin).toBeUndefined();
  });
});
