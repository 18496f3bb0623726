/**
 * What the platform's settings change in gitops/ without editing Git:
 * kustomize options and JSON patches the root Application passes to Argo
 * CD (repository and revision of the child Applications, the ingress
 * controller, TLS redirects, Pod Security, monitoring values, the routes'
 * paths, Longhorn's backups).
 */
import type { IApplicationSourceKustomize } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSourceKustomize';
import { stringify } from 'yaml';
import { k3sComponentValues, K3sScrapeTargets } from '../monitoring/k3s-components';
import { grafanaServedUnder } from '../monitoring/kube-prometheus-stack';
import { traefikHttpsRedirectValues } from '../rules/k3s-traefik';
import { LONGHORN_ARGOCD_APPLICATION } from '../rules/longhorn-backup';
import { PLATFORM_SERVICES, PlatformOptions, routeTo } from './catalogue';

/** The cluster the platform runs on, as far as the platform's charts must know it. */
export interface PlatformCluster extends K3sScrapeTargets {
  /** The K3s release the nodes run: its bundled Traefik chart decides the HTTPS redirect's values. */
  readonly k3sVersion: string;
}

export interface RootAppOptions {
  /** Leave out the bootstrap `monitoring` Application (see K3sPlatformProps). */
  readonly monitoringByStack: boolean;
  /** The cluster (see K3sPlatformProps). */
  readonly cluster: PlatformCluster;
  /** Alertmanager's values for the `monitoring` Application (see K3sPlatformProps). */
  readonly alertmanagerValues?: Record<string, unknown>;
  /** Longhorn's backup values for the `operator-longhorn` Application (see K3sPlatformProps). */
  readonly longhornBackupValues?: Readonly<Record<string, unknown>>;
}

/**
 * Label selector of the Applications in gitops/ that sync from this
 * repository: the root Application points them at the settings'
 * repository and revision, so a fork only changes the settings.
 */
export const THIS_REPOSITORY_SELECTOR = 'k3s-gitops.io/source=this-repository';
/** Kustomize component of bootstrap-apps holding the NGINX ingress controller's Application. */
export const NGINX_COMPONENT = 'components/ingress-nginx';
/** Kustomize component of gitops/infrastructure/base/security: default-deny ingress in `default`. */
export const DEFAULT_DENY_COMPONENT = 'components/default-deny';
/** Name of the Traefik Middleware that sends a subdomain's root to its route's path (one per routed namespace). */
export const ROOT_REDIRECT_MIDDLEWARE = 'root-redirect';
/** Kustomize component of gitops/infrastructure/base/ingress holding those Middlewares. */
export const TRAEFIK_ROOT_REDIRECTS_COMPONENT = 'components/traefik-root-redirects';
/** The HelmChartConfig of K3s' Traefik in gitops/infrastructure/base/ingress/ (HTTP redirected to HTTPS). */
export const TRAEFIK_HELM_CHART_CONFIG = { group: 'helm.cattle.io', version: 'v1', kind: 'HelmChartConfig', name: 'traefik', namespace: 'kube-system' } as const;

/** A JSON 6902 patch as kustomize reads it (JSON is YAML). */
const jsonPatch = (...ops: object[]): string => JSON.stringify(ops);
/** A strategic-merge patch that removes one object from the build. */
const deletePatch = (apiVersion: string, kind: string, name: string, namespace: string): string =>
  stringify({ apiVersion, kind, metadata: { name, namespace }, $patch: 'delete' });

/** Kustomize options of the root Application (`spec.source.kustomize`). */
export function bootstrapKustomize(s: PlatformOptions, opts: RootAppOptions): IApplicationSourceKustomize {
  return {
    ...(s.ingressController === 'nginx' ? { components: [NGINX_COMPONENT] } : {}),
    patches: [
      {
        target: { group: 'argoproj.io', kind: 'Application', labelSelector: THIS_REPOSITORY_SELECTOR },
        patch: jsonPatch(
          { op: 'replace', path: '/spec/source/repoURL', value: s.repositoryUrl },
          { op: 'replace', path: '/spec/source/targetRevision', value: s.revision },
        ),
      },
      {
        target: { group: 'argoproj.io', kind: 'Application', name: 'security' },
        patch: jsonPatch({ op: 'add', path: '/spec/source/kustomize', value: securityKustomize(s) }),
      },
      ...(s.ingressController === 'traefik' ? [{
        target: { group: 'argoproj.io', kind: 'Application', name: 'ingress' },
        patch: jsonPatch({ op: 'add', path: '/spec/source/kustomize', value: ingressKustomize(s, opts.cluster.k3sVersion) }),
      }] : []),
      ...(opts.alertmanagerValues && !opts.monitoringByStack ? [{
        target: { group: 'argoproj.io', kind: 'Application', name: 'monitoring' },
        patch: jsonPatch({ op: 'add', path: '/spec/source/helm/valuesObject/alertmanager', value: opts.alertmanagerValues }),
      }] : []),
      ...(opts.longhornBackupValues ? [{
        // Added next to the values in Git (persistence, defaultSettings), one top-level key each.
        target: { group: 'argoproj.io', kind: 'Application', name: LONGHORN_ARGOCD_APPLICATION },
        patch: jsonPatch(...Object.entries(opts.longhornBackupValues).map(([key, value]) => (
          { op: 'add', path: `/spec/source/helm/valuesObject/${key}`, value }))),
      }] : []),
      ...servicePathPatches(s),
      ...(opts.monitoringByStack ? [{
        patch: deletePatch('argoproj.io/v1alpha1', 'Application', 'monitoring', 'argocd'),
      }] : [{
        // The same K3s values as the Terraform release (k3sComponentValues).
        target: { group: 'argoproj.io', kind: 'Application', name: 'monitoring' },
        patch: jsonPatch(...Object.entries(k3sComponentValues(opts.cluster)).map(([key, value]) => (
          { op: 'add', path: `/spec/source/helm/valuesObject/${key}`, value }))),
      }]),
    ],
  };
}

/** The platform services' Applications in Git follow their routes' paths: Headlamp's base URL, Grafana's root URL. */
function servicePathPatches(s: PlatformOptions): NonNullable<IApplicationSourceKustomize['patches']> {
  const path = (service: string) => routeTo(s, service)?.path;
  const out: NonNullable<IApplicationSourceKustomize['patches']> = [];
  const dashboard = path('headlamp');
  if (dashboard) {
    out.push({
      target: { group: 'argoproj.io', kind: 'Application', name: 'dashboard' },
      patch: jsonPatch({ op: 'replace', path: '/spec/source/helm/valuesObject/config/baseURL', value: dashboard.replace(/\/+$/, '') }),
    });
  }
  const grafana = path('kube-prometheus-stack-grafana');
  if (grafana) {
    out.push({
      target: { group: 'argoproj.io', kind: 'Application', name: 'monitoring' },
      patch: jsonPatch({ op: 'replace', path: '/spec/source/helm/valuesObject/grafana/grafana.ini', value: grafanaServedUnder(grafana) }),
    });
  }
  return out;
}

/**
 * Kustomize options of the `ingress` Application with Traefik: the HTTPS
 * redirect in the form of the Traefik chart that K3s `k3sVersion` bundles
 * (lib/rules/k3s-traefik.ts); the root redirect Middleware of each routed
 * namespace points at its route's path (the first route of the namespace);
 * those of namespaces without a route are left out.
 */
export function ingressKustomize(s: Pick<PlatformOptions, 'routes'>, k3sVersion: string): IApplicationSourceKustomize {
  return {
    components: [TRAEFIK_ROOT_REDIRECTS_COMPONENT],
    patches: [{
      target: { ...TRAEFIK_HELM_CHART_CONFIG },
      patch: jsonPatch({ op: 'replace', path: '/spec/valuesContent', value: stringify(traefikHttpsRedirectValues(k3sVersion)) }),
    }, ...[...new Set(Object.values(PLATFORM_SERVICES).map((p) => p.namespace))].map((namespace) => {
      const target = { group: 'traefik.io', version: 'v1alpha1', kind: 'Middleware', name: ROOT_REDIRECT_MIDDLEWARE, namespace };
      const r = s.routes.find((route) => route.service.namespace === namespace && route.path !== '/');
      if (!r) return { target, patch: deletePatch('traefik.io/v1alpha1', 'Middleware', ROOT_REDIRECT_MIDDLEWARE, namespace) };
      return { target, patch: jsonPatch({ op: 'replace', path: '/spec/redirectRegex/replacement', value: `\${1}://\${2}${r.path.replace(/\/+$/, '')}/` }) };
    })],
  };
}

/**
 * Kustomize options of the `security` Application: Pod Security level of
 * `default` (settings pod_security_standard) and, with network_policies,
 * its default-deny ingress policy.
 */
export function securityKustomize(s: Pick<PlatformOptions, 'networkPolicies' | 'podSecurityStandard'>): IApplicationSourceKustomize {
  return {
    ...(s.networkPolicies ? { components: [DEFAULT_DENY_COMPONENT] } : {}),
    patches: [{
      target: { version: 'v1', kind: 'Namespace', name: 'default' },
      patch: jsonPatch({ op: 'replace', path: '/metadata/labels/pod-security.kubernetes.io~1enforce', value: s.podSecurityStandard }),
    }],
  };
}
