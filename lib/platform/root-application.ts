import { Release } from '@cdktf/provider-helm/lib/release';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { dependOn } from '../core/depends-on';
import { helmValues } from '../helm-values';
import { PlatformOptions } from './catalogue';
import { bootstrapKustomize, RootAppOptions } from './gitops-patches';

/** Pinned chart (argo-helm). */
export const ARGOCD_APPS_CHART_VERSION = '2.0.5';
/** Where the root Application looks in the repository. */
export const BOOTSTRAP_APPS_PATH = 'gitops/argocd/bootstrap-apps';
/** The AppProject of the root Application and of every Application in gitops/argocd/bootstrap-apps. */
export const PLATFORM_PROJECT = 'platform';

export interface RootApplicationProps extends RootAppOptions {
  /** Repository, revision and the options the kustomize patches carry. */
  readonly platform: PlatformOptions;
  /** What Argo CD syncs after: its own release, and Secrets the Applications read (Grafana's). */
  readonly after: ITerraformDependable[];
}

/**
 * `helm_release.argocd_apps`: the `platform` AppProject and the root
 * Application (app-of-apps) of gitops/argocd/bootstrap-apps. A resource of
 * `scope` (see platformNamespaces).
 */
export function rootApplication(scope: Construct, props: RootApplicationProps): Release {
  const { platform, after, ...opts } = props;
  const release = new Release(scope, 'apps', {
    name: 'argocd-apps', namespace: 'argocd', repository: 'https://argoproj.github.io/argo-helm', chart: 'argocd-apps',
    version: ARGOCD_APPS_CHART_VERSION,
    values: [helmValues(rootAppValues(platform, opts))],
  });
  release.overrideLogicalId(ADDRESSES.argocdApps.name());
  dependOn(release, after);
  return release;
}

/**
 * Chart repositories the Applications in gitops/argocd/bootstrap-apps name
 * (a test keeps this list and Git equal): with the settings' repository,
 * the only sources the `platform` AppProject admits.
 */
export const PLATFORM_CHART_REPOSITORIES: readonly string[] = [
  'https://aquasecurity.github.io/helm-charts', // trivy-operator
  'https://bitnami-labs.github.io/sealed-secrets',
  'https://charts.longhorn.io',
  'https://kubernetes-sigs.github.io/headlamp/',
  'https://kubernetes.github.io/ingress-nginx',
  'https://prometheus-community.github.io/helm-charts', // kube-prometheus-stack
];

/**
 * Cluster-scoped kinds the platform's Applications create: those in Git
 * (ClusterIssuer, StorageClass, ClusterRoleBinding, the `default`
 * Namespace) and those the pinned charts render with the values in Git
 * (CRDs, cluster RBAC, the admission webhooks of kube-prometheus-stack and
 * ingress-nginx, ingress-nginx's IngressClass, Longhorn's StorageClass and
 * PriorityClass, trivy-operator's Namespace and ClusterComplianceReports).
 * Anything else cluster-wide is refused by Argo CD. Namespaced kinds are not
 * restricted. __tests__/gitops/argocd-apply.test.ts checks every kind the
 * pinned charts render (tools/charts/kinds, `npm run charts:kinds`).
 */
export const PLATFORM_CLUSTER_KINDS: readonly { group: string; kind: string }[] = [
  { group: '', kind: 'Namespace' },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
  { group: 'networking.k8s.io', kind: 'IngressClass' },
  { group: 'storage.k8s.io', kind: 'StorageClass' },
  { group: 'scheduling.k8s.io', kind: 'PriorityClass' },
  { group: 'cert-manager.io', kind: 'ClusterIssuer' },
  // Trivy Operator's compliance reports (CIS, NSA, Pod Security Standards):
  // chart 0.34.0 renders one per `compliance.specs` entry, four by default.
  { group: 'aquasecurity.github.io', kind: 'ClusterComplianceReport' },
];

/**
 * The `platform` AppProject (chart argocd-apps `projects`): only the
 * settings' repository and the charts named in gitops/, only this cluster,
 * only the cluster-scoped kinds above. It is in the same Helm release as
 * the root Application, so it exists before the root Application needs it.
 */
export function platformProject(s: Pick<PlatformOptions, 'repositoryUrl'>): object {
  return {
    namespace: 'argocd',
    description: 'Cluster platform of seed 004 (ingress, security, dashboard, monitoring, operators)',
    sourceRepos: [s.repositoryUrl, ...PLATFORM_CHART_REPOSITORIES],
    destinations: [{ server: 'https://kubernetes.default.svc', namespace: '*' }],
    clusterResourceWhitelist: PLATFORM_CLUSTER_KINDS,
  };
}

const SYNC = {
  automated: { prune: true, selfHeal: true },
  retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
};

/**
 * The root Application: everything comes from gitops/argocd/bootstrap-apps,
 * built by Argo CD with kustomize; the settings choose through kustomize
 * options, never by editing Git: the repository and revision of the child
 * Applications, the NGINX controller's component (Traefik comes with K3s;
 * the stack then disables it), and the security Application's options
 * (gitops-patches.ts).
 */
export function rootAppValues(s: PlatformOptions, opts: RootAppOptions): object {
  return {
    projects: { [PLATFORM_PROJECT]: platformProject(s) },
    applications: {
      'bootstrap-apps': {
        namespace: 'argocd',
        project: PLATFORM_PROJECT,
        source: { repoURL: s.repositoryUrl, targetRevision: s.revision, path: BOOTSTRAP_APPS_PATH, kustomize: bootstrapKustomize(s, opts) },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
        syncPolicy: SYNC,
      },
    },
  };
}
