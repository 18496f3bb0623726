/**
 * The platform of seed 004 as plain data (no cdktf, no settings): the
 * options K3sPlatform takes, and the catalogue of services it runs, which
 * the settings schema also checks routes against.
 */

export interface PlatformRoute {
  readonly name: string;
  readonly path: string;
  readonly service: { readonly name: string; readonly namespace: string; readonly port: number };
  readonly tls: boolean;
}

export interface PlatformOptions {
  readonly repositoryUrl: string;
  readonly revision: string;
  readonly ingressController: 'traefik' | 'nginx';
  readonly domain: string;
  readonly tls: { readonly mode: 'selfsigned' | 'issuer' | 'secret'; readonly issuer?: string; readonly secretName?: string };
  readonly podSecurityStandard: 'privileged' | 'baseline' | 'restricted';
  readonly networkPolicies: boolean;
  readonly routes: readonly PlatformRoute[];
}

/** Services the platform itself runs, with their ports: routes may only point at these. */
export const PLATFORM_SERVICES: Record<string, { namespace: string; port: number }> = {
  'argocd-server': { namespace: 'argocd', port: 80 },
  headlamp: { namespace: 'dashboard', port: 8080 },
  'kube-prometheus-stack-grafana': { namespace: 'monitoring', port: 80 },
};

/** The (first) route to one of PLATFORM_SERVICES, when the settings route it. */
export function routeTo(s: Pick<PlatformOptions, 'routes'>, service: string): PlatformRoute | undefined {
  return s.routes.find((r) => r.service.name === service);
}
