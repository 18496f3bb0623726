import { Testing, TerraformStack } from 'cdktf';
import { PlatformOptions } from '../../lib/platform/catalogue';
import { K3sPlatform, K3sPlatformProps } from '../../lib/platform/k3s-platform';

const platform: PlatformOptions = {
  repositoryUrl: 'https://github.com/example/k3s-gitops.git', revision: 'main', ingressController: 'traefik', domain: 'cluster.local',
  tls: { mode: 'selfsigned' }, podSecurityStandard: 'baseline', networkPolicies: true,
  routes: [
    { name: 'argocd', path: '/argocd', service: { name: 'argocd-server', namespace: 'argocd', port: 80 }, tls: true },
    { name: 'dashboard', path: '/dashboard', service: { name: 'headlamp', namespace: 'dashboard', port: 8080 }, tls: true },
  ],
};
const cluster = { k3sVersion: 'v1.33.5+k3s1', serverIps: ['10.0.0.1'], nodeIps: ['10.0.0.1'], embeddedEtcd: false };

function synth(over: Partial<K3sPlatformProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 's');
  new K3sPlatform(stack, 'platform', { platform, cluster, ...over });
  return JSON.parse(Testing.synth(stack)).resource;
}

describe('K3sPlatform', () => {
  const r = synth();

  it('creates the platform namespaces with Pod Security labels, and a default-deny policy in each', () => {
    expect(Object.keys(r.kubernetes_namespace_v1).sort()).toEqual(['platform_namespace_argocd', 'platform_namespace_cert_manager', 'platform_namespace_dashboard', 'platform_namespace_monitoring']);
    expect(r.kubernetes_namespace_v1.platform_namespace_argocd.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(r.kubernetes_namespace_v1.platform_namespace_monitoring.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(Object.keys(r.kubernetes_network_policy_v1).sort()).toEqual(['default_deny_argocd', 'default_deny_cert_manager', 'default_deny_dashboard', 'default_deny_monitoring']);
    expect(Object.keys(synth({ platform: { ...platform, networkPolicies: false } }).kubernetes_network_policy_v1 ?? {})).toEqual([]);
  });

  it('names each dependency by namespace, not by position: cert-manager in its namespace, Argo CD in argocd, the root app after Argo CD and Grafana\'s Secret', () => {
    expect(r.helm_release.cert_manager.depends_on).toEqual(['kubernetes_namespace_v1.platform_namespace_cert_manager']);
    expect(r.helm_release.argocd.depends_on).toEqual(['kubernetes_namespace_v1.platform_namespace_argocd']);
    expect(r.helm_release.argocd_apps.depends_on).toEqual(['helm_release.argocd', 'kubernetes_secret_v1.grafana_admin']);
    expect(r.kubernetes_secret_v1.grafana_admin.depends_on).toEqual(['kubernetes_namespace_v1.platform_namespace_monitoring']);
  });

  it('serves each route on <domain><path> and <name>.<domain>, after cert-manager', () => {
    expect(Object.keys(r.kubernetes_ingress_v1).sort()).toEqual(['route_argocd', 'route_argocd_subdomain', 'route_dashboard', 'route_dashboard_subdomain']);
    expect(r.kubernetes_ingress_v1.route_dashboard.spec.rule[0]).toMatchObject({ host: 'cluster.local' });
    expect(r.kubernetes_ingress_v1.route_dashboard_subdomain.spec.rule[0]).toMatchObject({ host: 'dashboard.cluster.local' });
    expect(r.kubernetes_ingress_v1.route_argocd.depends_on).toEqual(expect.arrayContaining(['helm_release.cert_manager']));
  });

  it('with monitoring from the stack, creates no Grafana Secret of its own', () => {
    const byStack = synth({ monitoringByStack: true, existingNamespaces: ['monitoring'] });
    expect(byStack.kubernetes_secret_v1).toBeUndefined();
    expect(Object.keys(byStack.kubernetes_namespace_v1)).not.toContain('platform_namespace_monitoring');
  });

  it.each([
    [{ cluster: { ...cluster, k3sVersion: 'v1.33' } }, 'cluster.k3sVersion = "v1.33": must be a K3s release'],
    [{ cluster: { ...cluster, serverIps: [] } }, 'cluster.serverIps = []: must list at least one server'],
    [{ platform: { ...platform, routes: [{ ...platform.routes[0], service: { name: 'grafana', namespace: 'monitoring', port: 80 } }] } }, 'platform.routes[0].service = {"name":"grafana","namespace":"monitoring","port":80}: must be a platform service'],
  ])('refuses %j naming the construct path, the field, the value and the rule', (over, message) => {
    expect(() => synth(over)).toThrow(`s/platform: ${message}`);
  });
});
