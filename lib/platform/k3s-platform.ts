import { Release } from '@cdktf/provider-helm/lib/release';
import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Password } from '@cdktf/provider-random/lib/password';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { dependOn } from '../core/depends-on';
import type { IApplicationSourceKustomize } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSourceKustomize';
import { stringify } from 'yaml';
import { k3sComponentValues, K3sScrapeTargets } from '../monitoring/k3s-components';
import { grafanaServedUnder } from '../monitoring/kube-prometheus-stack';
import { isK3sVersion, K3S_VERSION_RULE } from '../rules/k3s-version';
import { traefikHttpsRedirectValues, traefikRedirectForm } from '../rules/k3s-traefik';
import { validator } from '../core/validation';
import { PLATFORM_SERVICES, PlatformOptions, PlatformRoute, routeTo } from './catalogue';
import { helmValues } from '../helm-values';

/** Pinned charts (argo-helm, jetstack). */
export const ARGO_CD_CHART_VERSION = '10.1.1'; // Argo CD v3.4.4
export const ARGOCD_APPS_CHART_VERSION = '2.0.5';
export const CERT_MANAGER_CHART_VERSION = 'v1.21.1';
/** Port cert-manager's webhook pod listens on (chart v1.21.1 `webhook.securePort`; its Service's 443 targets it). */
export const CERT_MANAGER_WEBHOOK_PORT = 10250;
/** The self-signed CA ClusterIssuer that gitops/infrastructure/base/ingress/ defines. */
export const SELF_SIGNED_ISSUER = 'homelab-ca';
/**
 * Grafana's admin credentials when monitoring comes from Git: the stack
 * generates the password into this Secret, and the `monitoring` Application
 * (gitops/argocd/bootstrap-apps/monitoring.yaml) points the chart's
 * `grafana.admin.existingSecret` at it, so the chart's default password
 * (`prom-operator`) is never used. Keys: the grafana chart's defaults
 * (`admin.userKey`, `admin.passwordKey`).
 */
export const GRAFANA_ADMIN_SECRET = { name: 'grafana-admin', namespace: 'monitoring', userKey: 'admin-user', passwordKey: 'admin-password', user: 'admin' } as const;
/** Where the root Application looks in the repository. */
export const BOOTSTRAP_APPS_PATH = 'gitops/argocd/bootstrap-apps';

/** The cluster the platform runs on, as far as the platform's charts must know it. */
export interface PlatformCluster extends K3sScrapeTargets {
  /** The K3s release the nodes run: its bundled Traefik chart decides the HTTPS redirect's values. */
  readonly k3sVersion: string;
}

export interface K3sPlatformProps {
  /** Seed 004's platform: repository, ingress controller, domain, TLS, security, routes. */
  readonly platform: PlatformOptions;
  /** The cluster: K3s version and node addresses (kube-prometheus-stack's K3s values in Git). */
  readonly cluster: PlatformCluster;
  /**
   * Namespaces of routed services that the stack already manages (e.g.
   * `monitoring` in chocolandiadc); the platform creates the others.
   * @default []
   */
  readonly existingNamespaces?: readonly string[];
  /**
   * The stack installs kube-prometheus-stack itself (chocolandiadc): the
   * root Application leaves out the bootstrap `monitoring` Application, so
   * that Terraform and Argo CD never manage the same release.
   * @default false
   */
  readonly monitoringByStack?: boolean;
  /**
   * kube-prometheus-stack's `alertmanager` values for the Argo CD
   * `monitoring` Application (AlertmanagerReceivers' values); their
   * Secret goes into the `monitoring` namespace this platform creates when
   * monitoring comes from Git. Ignored with `monitoringByStack`.
   * @default - the chart's: no receiver
   */
  readonly alertmanagerValues?: Record<string, unknown>;
  /** What must exist first (the cluster and its kubeconfig). @default - nothing */
  readonly after?: ITerraformDependable[];
}

/**
 * Seed 004's platform, switchable on any cluster stack: cert-manager,
 * Argo CD served under /argocd and on argocd.<domain>, the root
 * Application (app-of-apps) of gitops/argocd/bootstrap-apps, which installs
 * the dashboard, the ingress controller, operators, monitoring and security
 * tools from Git; and two Ingresses per route, on <domain><path> and on
 * <name>.<domain> (its root sent to <path>), TLS from cert-manager, HTTP
 * redirected to HTTPS.
 * Only Helm releases and core Kubernetes objects: nothing needs a CRD at plan.
 */
export class K3sPlatform extends Construct {
  public readonly argocd: Release;
  public readonly apps: Release;
  public readonly certManager: Release;
  public readonly ingresses: IngressV1[] = [];
  /** The generated Grafana admin password (user `admin`), when monitoring comes from Git. */
  public readonly grafanaAdminPassword?: string;
  /** The namespaces the platform creates, by name. */
  public readonly namespaces: Readonly<Record<string, NamespaceV1>>;

  constructor(scope: Construct, id: string, props: K3sPlatformProps) {
    super(scope, id);
    const s = props.platform;
    const { fail } = validator(this);
    if (!isK3sVersion(props.cluster.k3sVersion)) fail('cluster.k3sVersion', props.cluster.k3sVersion, K3S_VERSION_RULE);
    if (s.ingressController === 'traefik') {
      try {
        traefikRedirectForm(props.cluster.k3sVersion);
      } catch (err) {
        throw new Error(`${this.node.path}: cluster.${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (props.cluster.serverIps.length === 0) fail('cluster.serverIps', [], 'must list at least one server');
    for (const [i, r] of s.routes.entries()) {
      const known = PLATFORM_SERVICES[r.service.name];
      if (!known || known.namespace !== r.service.namespace) {
        fail(`platform.routes[${i}].service`, r.service, `must be a platform service: ${Object.entries(PLATFORM_SERVICES).map(([n, x]) => `${x.namespace}/${n}`).join(', ')}`);
      }
    }
    const after = props.after ?? [];
    const existing = new Set(props.existingNamespaces ?? []);
    const routed = s.routes.map((r) => r.service.namespace).filter((n) => !existing.has(n));
    const monitoringFromGit = !(props.monitoringByStack ?? false);
    const names = [...new Set(['argocd', 'cert-manager', 'dashboard', ...routed, ...(monitoringFromGit ? [GRAFANA_ADMIN_SECRET.namespace] : [])])];
    const namespaces = names.map((name) => {
      const ns = new NamespaceV1(this, `ns-${name}`, {
        metadata: {
          name,
          // Pod Security admission (seed 004's security.podSecurityStandard).
          // node-exporter (monitoring) needs the host's namespaces and paths.
          labels: {
            'pod-security.kubernetes.io/enforce': name === 'monitoring' ? 'privileged' : s.podSecurityStandard,
            'pod-security.kubernetes.io/warn': 'restricted',
          },
        },
      });
      ns.overrideLogicalId(`platform_namespace_${name.replace(/-/g, '_')}`);
      dependOn(ns, after);
      return ns;
    });
    this.namespaces = Object.fromEntries(names.map((name, i) => [name, namespaces[i]]));
    if (s.networkPolicies) {
      const controllerNs = s.ingressController === 'traefik' ? 'kube-system' : 'ingress-nginx';
      for (const [i, name] of names.entries()) {
        // Default deny for ingress traffic, except from the namespace itself and the ingress controller.
        const policy = new NetworkPolicyV1(this, `deny-${name}`, {
          metadata: { name: 'default-deny-ingress', namespace: name },
          spec: {
            podSelector: {},
            policyTypes: ['Ingress'],
            ingress: [
              {
                from: [
                  { podSelector: {} },
                  { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': controllerNs } } },
                ],
              },
              // The API server (a host process, from any server's address) calls cert-manager's webhook: only its port.
              ...(name === 'cert-manager' ? [{
                from: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
                ports: [{ port: String(CERT_MANAGER_WEBHOOK_PORT), protocol: 'TCP' }],
              }] : []),
            ],
          },
        });
        policy.overrideLogicalId(`default_deny_${name.replace(/-/g, '_')}`);
        dependOn(policy, [namespaces[i]]);
      }
    }

    this.certManager = new Release(this, 'cert-manager', {
      name: 'cert-manager', namespace: 'cert-manager', repository: 'https://charts.jetstack.io', chart: 'cert-manager',
      version: CERT_MANAGER_CHART_VERSION,
      values: [helmValues({ crds: { enabled: true } })],
    });
    this.certManager.overrideLogicalId('cert_manager');
    const namespaceOf = (name: string) => namespaces[names.indexOf(name)];
    dependOn(this.certManager, [namespaceOf('cert-manager')]);

    this.argocd = new Release(this, 'argocd', {
      name: 'argocd', namespace: 'argocd', repository: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd',
      version: ARGO_CD_CHART_VERSION,
      values: [helmValues(argocdValues(s))],
    });
    this.argocd.overrideLogicalId('argocd');
    dependOn(this.argocd, [namespaceOf('argocd')]);

    let grafanaAdmin: SecretV1 | undefined;
    if (monitoringFromGit) {
      const password = new Password(this, 'grafana-password', { length: 24, special: false });
      password.overrideLogicalId('grafana_admin_password');
      this.grafanaAdminPassword = password.result;
      const g = GRAFANA_ADMIN_SECRET;
      grafanaAdmin = new SecretV1(this, 'grafana-admin', {
        metadata: { name: g.name, namespace: g.namespace },
        data: { [g.userKey]: g.user, [g.passwordKey]: password.result },
      });
      grafanaAdmin.overrideLogicalId('grafana_admin');
      dependOn(grafanaAdmin, [namespaceOf(g.namespace)]);
    }

    this.apps = new Release(this, 'apps', {
      name: 'argocd-apps', namespace: 'argocd', repository: 'https://argoproj.github.io/argo-helm', chart: 'argocd-apps',
      version: ARGOCD_APPS_CHART_VERSION,
      values: [helmValues(rootAppValues(s, { monitoringByStack: props.monitoringByStack ?? false, cluster: props.cluster, alertmanagerValues: props.alertmanagerValues }))],
    });
    this.apps.overrideLogicalId('argocd_apps');
    // Grafana's Secret exists before Argo CD syncs the monitoring Application.
    dependOn(this.apps, [this.argocd, ...(grafanaAdmin ? [grafanaAdmin] : [])]);

    for (const r of s.routes) {
      const ns = namespaceOf(r.service.namespace);
      const route = (id: string, name: string, host: string, path: string, secret: string, annotations: Record<string, string>) => {
        const ing = new IngressV1(this, id, {
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
        ing.overrideLogicalId(id.replace(/-/g, '_'));
        dependOn(ing, [this.certManager, ...(ns ? [ns] : []), ...after]);
        this.ingresses.push(ing);
      };
      // <domain><path>, next to the other routes on the same host.
      route(`route-${r.name}`, r.name, s.domain, r.path, `${r.name}-tls`, routeAnnotations(s, r.tls));
      // <name>.<domain>: everything to the service, the bare root sent to its
      // path (Argo CD, Grafana and Headlamp serve only below it).
      route(`route-${r.name}-subdomain`, `${r.name}-subdomain`, `${r.name}.${s.domain}`, '/', `${r.name}-subdomain-tls`,
        { ...routeAnnotations(s, r.tls), ...subdomainRootRedirect(s, r) });
    }
  }
}

/**
 * cert-manager issues the certificate. HTTP is redirected to HTTPS: by
 * ingress-nginx per Ingress, by Traefik for every route through the
 * HelmChartConfig in gitops/infrastructure/base/ingress/.
 */
export function routeAnnotations(s: PlatformOptions, tls: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (!tls) return out;
  if (s.tls.mode === 'issuer') out['cert-manager.io/cluster-issuer'] = s.tls.issuer!;
  if (s.tls.mode === 'selfsigned') out['cert-manager.io/cluster-issuer'] = SELF_SIGNED_ISSUER;
  if (s.ingressController === 'nginx') out['nginx.ingress.kubernetes.io/ssl-redirect'] = 'true';
  return out;
}

/** Name of the Traefik Middleware that sends a subdomain's root to its route's path (one per routed namespace). */
export const ROOT_REDIRECT_MIDDLEWARE = 'root-redirect';
/** Kustomize component of gitops/infrastructure/base/ingress holding those Middlewares. */
export const TRAEFIK_ROOT_REDIRECTS_COMPONENT = 'components/traefik-root-redirects';

/**
 * How <name>.<domain>/ reaches the route's path: ingress-nginx's app-root,
 * or the route namespace's Traefik Middleware (Git, see ingressKustomize).
 * Nothing when the path is the root itself.
 */
export function subdomainRootRedirect(s: PlatformOptions, r: PlatformRoute): Record<string, string> {
  if (r.path === '/') return {};
  if (s.ingressController === 'nginx') return { 'nginx.ingress.kubernetes.io/app-root': r.path };
  return { 'traefik.ingress.kubernetes.io/router.middlewares': `${r.service.namespace}-${ROOT_REDIRECT_MIDDLEWARE}@kubernetescrd` };
}

/** Argo CD behind the ingress (TLS ends there) under /argocd: root path and base href agree. */
export function argocdValues(s: PlatformOptions): object {
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

/** The AppProject of the root Application and of every Application in gitops/argocd/bootstrap-apps. */
export const PLATFORM_PROJECT = 'platform';

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
 * PriorityClass, trivy-operator's Namespace). Anything else cluster-wide
 * is refused by Argo CD. Namespaced kinds are not restricted.
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
];

/**
 * The `platform` AppProject (chart argocd-apps `projects`): only the
 * settings' repository and the charts named in gitops/, only this cluster,
 * only the cluster-scoped kinds above. It is in the same Helm release as
 * the root Application, so it exists before the root Application needs it.
 */
export function platformProject(s: PlatformOptions): object {
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
 * Label selector of the Applications in gitops/ that sync from this
 * repository: the root Application points them at the settings'
 * repository and revision, so a fork only changes the settings.
 */
export const THIS_REPOSITORY_SELECTOR = 'k3s-gitops.io/source=this-repository';
/** Kustomize component of bootstrap-apps holding the NGINX ingress controller's Application. */
export const NGINX_COMPONENT = 'components/ingress-nginx';
/** Kustomize component of gitops/infrastructure/base/security: default-deny ingress in `default`. */
export const DEFAULT_DENY_COMPONENT = 'components/default-deny';

/** A JSON 6902 patch as kustomize reads it (JSON is YAML). */
const jsonPatch = (...ops: object[]): string => JSON.stringify(ops);
/** A strategic-merge patch that removes one object from the build. */
const deletePatch = (apiVersion: string, kind: string, name: string, namespace: string): string =>
  stringify({ apiVersion, kind, metadata: { name, namespace }, $patch: 'delete' });

/**
 * The root Application: everything comes from gitops/argocd/bootstrap-apps,
 * built by Argo CD with kustomize; the settings choose through kustomize
 * options, never by editing Git: the repository and revision of the child
 * Applications, the NGINX controller's component (Traefik comes with K3s;
 * the stack then disables it), and the security Application's options.
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

export interface RootAppOptions {
  /** Leave out the bootstrap `monitoring` Application (see K3sPlatformProps). */
  readonly monitoringByStack: boolean;
  /** The cluster (see K3sPlatformProps). */
  readonly cluster: PlatformCluster;
  /** Alertmanager's values for the `monitoring` Application (see K3sPlatformProps). */
  readonly alertmanagerValues?: Record<string, unknown>;
}

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

/** The HelmChartConfig of K3s' Traefik in gitops/infrastructure/base/ingress/ (HTTP redirected to HTTPS). */
export const TRAEFIK_HELM_CHART_CONFIG = { group: 'helm.cattle.io', version: 'v1', kind: 'HelmChartConfig', name: 'traefik', namespace: 'kube-system' } as const;

/**
 * Kustomize options of the `ingress` Application with Traefik: the HTTPS
 * redirect in the form of the Traefik chart that K3s `k3sVersion` bundles
 * (lib/rules/k3s-traefik.ts); the root redirect Middleware of each routed
 * namespace points at its route's path (the first route of the namespace);
 * those of namespaces without a route are left out.
 */
export function ingressKustomize(s: PlatformOptions, k3sVersion: string): IApplicationSourceKustomize {
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
export function securityKustomize(s: PlatformOptions): IApplicationSourceKustomize {
  return {
    ...(s.networkPolicies ? { components: [DEFAULT_DENY_COMPONENT] } : {}),
    patches: [{
      target: { version: 'v1', kind: 'Namespace', name: 'default' },
      patch: jsonPatch({ op: 'replace', path: '/metadata/labels/pod-security.kubernetes.io~1enforce', value: s.podSecurityStandard }),
    }],
  };
}
