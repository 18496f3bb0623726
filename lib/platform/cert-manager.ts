import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { dependOn } from '../core/depends-on';
import { helmValues } from '../helm-values';

/** Pinned chart (jetstack). */
export const CERT_MANAGER_CHART_VERSION = 'v1.21.1';
/** Port cert-manager's webhook pod listens on (chart v1.21.1 `webhook.securePort`; its Service's 443 targets it). */
export const CERT_MANAGER_WEBHOOK_PORT = 10250;

export interface CertManagerProps {
  /** Its namespace, `cert-manager` (the release waits for it). */
  readonly namespace: NamespaceV1;
}

/** `helm_release.cert_manager`, with its CRDs: issues the routes' certificates. A resource of `scope` (see platformNamespaces). */
export function certManager(scope: Construct, props: CertManagerProps): Release {
  const release = new Release(scope, 'cert-manager', {
    name: 'cert-manager', namespace: 'cert-manager', repository: 'https://charts.jetstack.io', chart: 'cert-manager',
    version: CERT_MANAGER_CHART_VERSION,
    values: [helmValues({ crds: { enabled: true } })],
  });
  release.overrideLogicalId(ADDRESSES.certManager.name());
  dependOn(release, [props.namespace]);
  return release;
}
