import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { argoCd, ARGO_CD_CHART_VERSION } from '../../lib/platform/argocd';
import { certManager, CERT_MANAGER_CHART_VERSION } from '../../lib/platform/cert-manager';
import { GRAFANA_ADMIN_SECRET, grafanaAdmin } from '../../lib/platform/grafana-admin';
import { platformNamespaces } from '../../lib/platform/namespaces';
import { ARGOCD_APPS_CHART_VERSION, rootApplication } from '../../lib/platform/root-application';
import { PlatformOptions } from '../../lib/platform/catalogue';

const platform: PlatformOptions = {
  repositoryUrl: 'https://git.example/k3s.git', revision: 'v2', ingressController: 'traefik', domain: 'home.lan',
  tls: { mode: 'selfsigned' }, podSecurityStandard: 'baseline', networkPolicies: false,
  routes: [{ name: 'cd', path: '/cd/', service: { name: 'argocd-server', namespace: 'argocd', port: 80 }, tls: true }],
};
const cluster = { k3sVersion: 'v1.33.5+k3s1', serverIps: ['10.0.0.1'], nodeIps: ['10.0.0.1'], embeddedEtcd: false };

function synth() {
  const stack = new TerraformStack(Testing.app(), 's');
  const scope = new Construct(stack, 'platform');
  const ns = platformNamespaces(scope, { names: ['argocd', 'cert-manager', 'monitoring'], podSecurityStandard: 'baseline' });
  const cm = certManager(scope, { namespace: ns['cert-manager'] });
  const cd = argoCd(scope, { platform, namespace: ns.argocd });
  const grafana = grafanaAdmin(scope, { namespace: ns.monitoring });
  rootApplication(scope, { platform, monitoringByStack: false, cluster, after: [cd, grafana.secret] });
  return { cm, json: JSON.parse(Testing.synth(stack)) };
}

describe('the platform\'s releases, each after its namespace', () => {
  const { json } = synth();
  const h = json.resource.helm_release;

  it('cert-manager: helm_release.cert_manager with its CRDs, pinned, in its namespace', () => {
    expect(h.cert_manager).toMatchObject({ chart: 'cert-manager', version: CERT_MANAGER_CHART_VERSION, namespace: 'cert-manager' });
    expect(h.cert_manager.depends_on).toEqual(['kubernetes_namespace_v1.platform_namespace_cert_manager']);
    expect(parse(h.cert_manager.values[0])).toEqual({ crds: { enabled: true } });
  });

  it('Argo CD: helm_release.argocd under its route\'s path and host', () => {
    expect(h.argocd).toMatchObject({ chart: 'argo-cd', version: ARGO_CD_CHART_VERSION, namespace: 'argocd' });
    expect(h.argocd.depends_on).toEqual(['kubernetes_namespace_v1.platform_namespace_argocd']);
    expect(parse(h.argocd.values[0])).toEqual({
      global: { domain: 'cd.home.lan' },
      configs: { cm: { url: 'https://cd.home.lan/cd' }, params: { 'server.insecure': true, 'server.rootpath': '/cd/', 'server.basehref': '/cd/' } },
    });
  });

  it('Grafana\'s admin: a generated password in the Secret the monitoring Application reads, after its namespace', () => {
    expect(json.resource.random_password.grafana_admin_password).toMatchObject({ length: 24, special: false });
    const secret = json.resource.kubernetes_secret_v1.grafana_admin;
    expect(secret.metadata).toEqual({ name: GRAFANA_ADMIN_SECRET.name, namespace: GRAFANA_ADMIN_SECRET.namespace });
    expect(secret.data).toEqual({ 'admin-user': 'admin', 'admin-password': '${random_password.grafana_admin_password.result}' });
    expect(secret.depends_on).toEqual(['kubernetes_namespace_v1.platform_namespace_monitoring']);
  });

  it('the root Application: helm_release.argocd_apps from the settings\' repository and revision, after what it is given', () => {
    expect(h.argocd_apps).toMatchObject({ chart: 'argocd-apps', version: ARGOCD_APPS_CHART_VERSION, namespace: 'argocd' });
    expect(h.argocd_apps.depends_on).toEqual(['helm_release.argocd', 'kubernetes_secret_v1.grafana_admin']);
    const app = parse(h.argocd_apps.values[0]).applications['bootstrap-apps'];
    expect(app.source).toMatchObject({ repoURL: 'https://git.example/k3s.git', targetRevision: 'v2', path: 'gitops/argocd/bootstrap-apps' });
  });
});
