import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { dependOn } from '../core/depends-on';
import { PlatformOptions, PlatformRoute } from './catalogue';
import { ROOT_REDIRECT_MIDDLEWARE } from './gitops-patches';

/** The self-signed CA ClusterIssuer that gitops/infrastructure/base/ingress/ defines. */
export const SELF_SIGNED_ISSUER = 'homelab-ca';

/** What the routes need of the platform's options. */
export type RouteOptions = Pick<PlatformOptions, 'domain' | 'ingressController' | 'tls' | 'routes'>;

export interface PlatformRoutesProps {
  /** Domain, ingress controller, TLS mode and the routes. */
  readonly platform: RouteOptions;
  /** Namespaces the platform created, by name: a route in one of them waits for it. */
  readonly namespaces: Readonly<Record<string, NamespaceV1>>;
  /** cert-manager's release: it issues the routes' certificates, so every Ingress waits for it. */
  readonly certManager: ITerraformDependable;
  /** What else must exist first (the cluster and its kubeconfig). @default - nothing */
  readonly after?: ITerraformDependable[];
}

/**
 * Two Ingresses per route: `kubernetes_ingress_v1.route_<name>` on
 * <domain><path>, next to the other routes on the same host, and
 * `route_<name>_subdomain` on <name>.<domain> (everything to the service,
 * the bare root sent to its path: Argo CD, Grafana and Headlamp serve only
 * below it). TLS from cert-manager, HTTP redirected to HTTPS. Resources of
 * `scope` (see platformNamespaces).
 */
export function platformRoutes(scope: Construct, props: PlatformRoutesProps): IngressV1[] {
  const s = props.platform;
  const ingresses: IngressV1[] = [];
  for (const r of s.routes) {
    const ns = props.namespaces[r.service.namespace];
    const route = (id: string, address: string, name: string, host: string, path: string, secret: string, annotations: Record<string, string>) => {
      const ing = new IngressV1(scope, id, {
        metadata: { name, namespace: r.service.namespace, annotations },
        spec: {
          ingressClassName: s.ingressController,
          ...(r.tls ? { tls: [{ hosts: [host], secretName: s.tls.mode === 'secret' ? s.tls.secretName : secret }] } : {}),
          rule: [{
            host,
            http: { path: [{ path, pathType: 'Prefix', backend: { service: { name: r.service.name, port: { number: r.service.port } } } }] },
          }],
        },
      });
      ing.overrideLogicalId(address);
      dependOn(ing, [props.certManager, ...(ns ? [ns] : []), ...(props.after ?? [])]);
      ingresses.push(ing);
    };
    route(`route-${r.name}`, ADDRESSES.route.name({ route: r.name }), r.name, s.domain, r.path, `${r.name}-tls`, routeAnnotations(s, r.tls));
    route(`route-${r.name}-subdomain`, ADDRESSES.routeSubdomain.name({ route: r.name }), `${r.name}-subdomain`, `${r.name}.${s.domain}`, '/', `${r.name}-subdomain-tls`,
      { ...routeAnnotations(s, r.tls), ...subdomainRootRedirect(s, r) });
  }
  return ingresses;
}

/**
 * cert-manager issues the certificate. HTTP is redirected to HTTPS: by
 * ingress-nginx per Ingress, by Traefik for every route through the
 * HelmChartConfig in gitops/infrastructure/base/ingress/.
 */
export function routeAnnotations(s: Pick<PlatformOptions, 'tls' | 'ingressController'>, tls: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (!tls) return out;
  if (s.tls.mode === 'issuer') out['cert-manager.io/cluster-issuer'] = s.tls.issuer!;
  if (s.tls.mode === 'selfsigned') out['cert-manager.io/cluster-issuer'] = SELF_SIGNED_ISSUER;
  if (s.ingressController === 'nginx') out['nginx.ingress.kubernetes.io/ssl-redirect'] = 'true';
  return out;
}

/**
 * How <name>.<domain>/ reaches the route's path: ingress-nginx's app-root,
 * or the route namespace's Traefik Middleware (Git, see ingressKustomize).
 * Nothing when the path is the root itself.
 */
export function subdomainRootRedirect(s: Pick<PlatformOptions, 'ingressController'>, r: PlatformRoute): Record<string, string> {
  if (r.path === '/') return {};
  if (s.ingressController === 'nginx') return { 'nginx.ingress.kubernetes.io/app-root': r.path };
  return { 'traefik.ingress.kubernetes.io/router.middlewares': `${r.service.namespace}-${ROOT_REDIRECT_MIDDLEWARE}@kubernetescrd` };
}
