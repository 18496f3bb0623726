import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { dependOn } from '../core/depends-on';
import { helmValues } from '../helm-values';
import { PlatformOptions, routeTo } from './catalogue';

/** Pinned chart (argo-helm). */
export const ARGO_CD_CHART_VERSION = '10.1.1'; // Argo CD v3.4.4

export interface ArgoCdProps {
  /** Domain and routes: Argo CD serves under its route's path, on its route's host. */
  readonly platform: Pick<PlatformOptions, 'domain' | 'routes'>;
  /** Its namespace, `argocd` (the release waits for it). */
  readonly namespace: NamespaceV1;
}

/** `helm_release.argocd`: Argo CD behind the ingress. A resource of `scope` (see platformNamespaces). */
export function argoCd(scope: Construct, props: ArgoCdProps): Release {
  const release = new Release(scope, 'argocd', {
    name: 'argocd', namespace: 'argocd', repository: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd',
    version: ARGO_CD_CHART_VERSION,
    values: [helmValues(argocdValues(props.platform))],
  });
  release.overrideLogicalId(ADDRESSES.argocd.name());
  dependOn(release, [props.namespace]);
  return release;
}

/** Argo CD behind the ingress (TLS ends there) under /argocd: root path and base href agree. */
export function argocdValues(s: Pick<PlatformOptions, 'domain' | 'routes'>): object {
  const route = routeTo(s, 'argocd-server');
  const root = route?.path ?? '/';
  const host = `${route?.name ?? 'argocd'}.${s.domain}`;
  return {
    global: { domain: host },
    configs: {
      // Argo CD's external URL (SSO callbacks, links in notifications) includes the root path.
      cm: { url: `${route && !route.tls ? 'http' : 'https'}://${host}${root === '/' ? '' : root.replace(/\/+$/, '')}` },
      params: { 'server.insecure': true, 'server.rootpath': root, 'server.basehref': root },
    },
  };
}
