import { Resource } from '@cdktf/provider-null/lib/resource';
import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { platformNamespaces } from '../../lib/platform/namespaces';
import { platformRoutes, RouteOptions } from '../../lib/platform/routes';

const platform: RouteOptions = {
  domain: 'home.lan', ingressController: 'traefik', tls: { mode: 'selfsigned' },
  routes: [
    { name: 'argocd', path: '/argocd', service: { name: 'argocd-server', namespace: 'argocd', port: 80 }, tls: true },
    { name: 'grafana', path: '/', service: { name: 'kube-prometheus-stack-grafana', namespace: 'monitoring', port: 80 }, tls: false },
  ],
};

/** Routes into `argocd` (a namespace the platform created) and `monitoring` (one the stack manages). */
function synth(over: Partial<RouteOptions> = {}) {
  const stack = new TerraformStack(Testing.app(), 's');
  const scope = new Construct(stack, 'platform');
  const namespaces = platformNamespaces(scope, { names: ['argocd'], podSecurityStandard: 'baseline' });
  const certManager = new Resource(stack, 'cert-manager');
  const cluster = new Resource(stack, 'cluster');
  platformRoutes(scope, { platform: { ...platform, ...over }, namespaces, certManager, after: [cluster] });
  return JSON.parse(Testing.synth(stack)).resource.kubernetes_ingress_v1;
}

describe('platformRoutes', () => {
  const r = synth();

  it('serves each route on <domain><path> and <name>.<domain> at documented addresses', () => {
    expect(Object.keys(r).sort()).toEqual(['route_argocd', 'route_argocd_subdomain', 'route_grafana', 'route_grafana_subdomain']);
    expect(r.route_argocd.spec.rule[0]).toEqual({ host: 'home.lan', http: { path: [{ path: '/argocd', path_type: 'Prefix', backend: { service: { name: 'argocd-server', port: { number: 80 } } } }] } });
    expect(r.route_argocd_subdomain.spec.rule[0]).toMatchObject({ host: 'argocd.home.lan', http: { path: [{ path: '/' }] } });
    expect(r.route_argocd.metadata).toMatchObject({ name: 'argocd', namespace: 'argocd' });
  });

  it('waits for cert-manager, the route\'s namespace when the platform created it, and `after`', () => {
    expect(r.route_argocd.depends_on).toEqual(['null_resource.cert-manager', 'kubernetes_namespace_v1.platform_namespace_argocd', 'null_resource.cluster']);
    expect(r.route_grafana.depends_on).toEqual(['null_resource.cert-manager', 'null_resource.cluster']);
  });

  it('TLS: a certificate per host from the self-signed issuer, or the given issuer, or one Secret for all; none without tls', () => {
    expect(r.route_argocd.spec.tls).toEqual([{ hosts: ['home.lan'], secret_name: 'argocd-tls' }]);
    expect(r.route_argocd_subdomain.spec.tls).toEqual([{ hosts: ['argocd.home.lan'], secret_name: 'argocd-subdomain-tls' }]);
    expect(r.route_argocd.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'homelab-ca' });
    expect(r.route_grafana.spec.tls).toBeUndefined();
    expect(synth({ tls: { mode: 'issuer', issuer: 'letsencrypt' } }).route_argocd.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(synth({ tls: { mode: 'secret', secretName: 'wildcard' } }).route_argocd_subdomain.spec.tls).toEqual([{ hosts: ['argocd.home.lan'], secret_name: 'wildcard' }]);
  });

  it('sends a subdomain\'s root to the route\'s path: Traefik\'s Middleware of the namespace, or ingress-nginx\'s app-root (and its HTTPS redirect)', () => {
    expect(r.route_argocd_subdomain.metadata.annotations['traefik.ingress.kubernetes.io/router.middlewares']).toBe('argocd-root-redirect@kubernetescrd');
    expect(r.route_grafana_subdomain.metadata.annotations).toEqual({});
    const nginx = synth({ ingressController: 'nginx' });
    expect(nginx.route_argocd_subdomain.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'homelab-ca', 'nginx.ingress.kubernetes.io/ssl-redirect': 'true', 'nginx.ingress.kubernetes.io/app-root': '/argocd',
    });
    expect(nginx.route_argocd.spec.ingress_class_name).toBe('nginx');
  });
});
