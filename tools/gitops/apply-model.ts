/**
 * How Flux and Argo CD *apply* the trees of gitops/, beyond building them:
 * the rules the controllers enforce at apply time, each from its source,
 * as checks that name what would fail on a cluster.
 *
 * Flux (kustomize-controller, fluxcd/pkg ssa/manager_apply.go):
 * - `ApplyAllStaged` applies CustomResourceDefinitions, Namespaces and
 *   ClusterRoles of a Kustomization first and waits for them; then
 *   `ApplyAll` server-side dry-runs *every* other object before applying
 *   any, and returns on the first dry-run error. An object whose kind's CRD
 *   is not yet in the cluster fails with "no matches for kind" and nothing
 *   of the stage is applied: a CRD that a HelmRelease of the same
 *   Kustomization would install never comes (fluxcd/flux#3560: a SealedSecret
 *   beside the HelmRelease of its controller; dependsOn without wait:
 *   kustomize-controller #601).
 * - `dependsOn` only waits for the other Kustomization to be Ready; without
 *   `wait: true` (or a health check of the HelmRelease) Ready means
 *   "applied", not "the HelmRelease installed its CRDs" (kustomize-controller
 *   docs, spec.wait / spec.healthChecks; helm-controller #387).
 *
 * Argo CD:
 * - a cluster-scoped object is synced only when its group and kind match an
 *   entry of the AppProject's clusterResourceWhitelist (filepath.Match on
 *   each; argo-cd pkg/apis/application/v1alpha1 AppProject.IsGroupKindPermitted);
 *   namespaced objects are free while no namespace list is set;
 * - Helm hooks become Argo CD hooks: pre-install and pre-upgrade run as
 *   PreSync, post-install and post-upgrade as PostSync, other Helm hooks
 *   are not run (gitops-engine pkg/sync/hook/helm/type.go); an
 *   `argocd.argoproj.io/hook` annotation takes precedence. PreSync runs
 *   before any object of the Sync phase exists, on the first sync too
 *   (argo-cd docs, user-guide/sync-waves.md, "How phases work").
 */
import { ChartKinds, chartValues } from '../charts/derive-chart-kinds';
import { mayRender } from '../charts/template-guards';

// ---------------------------------------------------------------- scopes

/**
 * Cluster-scoped kinds of the Kubernetes API (`kubectl api-resources
 * --namespaced=false` on Kubernetes 1.3x, the groups K3s serves), by group.
 * Simplified: only kinds charts and Git create.
 */
const BUILT_IN_CLUSTER: Record<string, readonly string[]> = {
  '': ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'admissionregistration.k8s.io': ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
  'apiregistration.k8s.io': ['APIService'],
  'storage.k8s.io': ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment'],
  'scheduling.k8s.io': ['PriorityClass'],
  'networking.k8s.io': ['IngressClass'],
  'node.k8s.io': ['RuntimeClass'],
  'policy': ['PodSecurityPolicy'],
  'certificates.k8s.io': ['CertificateSigningRequest'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'gateway.networking.k8s.io': ['GatewayClass'],
};

/** Namespaced kinds of the Kubernetes API the charts render (same source). */
const BUILT_IN_NAMESPACED: Record<string, readonly string[]> = {
  '': ['ConfigMap', 'Secret', 'Service', 'ServiceAccount', 'Pod', 'PersistentVolumeClaim', 'Endpoints', 'LimitRange', 'ResourceQuota', 'Event'],
  apps: ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet'],
  batch: ['Job', 'CronJob'],
  'rbac.authorization.k8s.io': ['Role', 'RoleBinding'],
  'networking.k8s.io': ['Ingress', 'NetworkPolicy'],
  policy: ['PodDisruptionBudget'],
  autoscaling: ['HorizontalPodAutoscaler'],
  'coordination.k8s.io': ['Lease'],
  'discovery.k8s.io': ['EndpointSlice'],
  'gateway.networking.k8s.io': ['HTTPRoute', 'Gateway', 'GRPCRoute', 'ListenerSet'],
  'route.openshift.io': ['Route'],
  'security.openshift.io': [],
  'autoscaling.k8s.io': ['VerticalPodAutoscaler'],
};

export const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** Every CRD the derived charts install: group/kind -> scope. */
export function crdScopes(charts: readonly ChartKinds[]): Map<string, 'Namespaced' | 'Cluster'> {
  return new Map(charts.flatMap((c) => c.crds.map((d) => [`${d.group}/${d.kind}`, d.scope] as const)));
}

/** 'Cluster', 'Namespaced', or undefined when neither the API nor a known CRD says. */
export function scopeOf(group: string, kind: string, crds: Map<string, 'Namespaced' | 'Cluster'>): 'Cluster' | 'Namespaced' | undefined {
  if (BUILT_IN_CLUSTER[group]?.includes(kind)) return 'Cluster';
  if (BUILT_IN_NAMESPACED[group]?.includes(kind)) return 'Namespaced';
  return crds.get(`${group}/${kind}`);
}

// ---------------------------------------------------------------- Flux

export interface FluxKustomization {
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly path: string;
    readonly dependsOn?: readonly { readonly name: string }[];
    readonly wait?: boolean;
    readonly healthChecks?: readonly { readonly kind: string; readonly name: string; readonly namespace?: string }[];
  };
}

export interface FluxModelInput {
  readonly kustomizations: readonly FluxKustomization[];
  /** The objects a Kustomization applies (its path, built with kustomize). */
  readonly objects: (k: FluxKustomization) => readonly any[];
  /** CRDs the HelmRelease of a chart installs (from tools/charts/kinds), by `<chart>@<version>`. */
  readonly charts: ReadonlyMap<string, ChartKinds>;
  /** API groups in the cluster before Flux applies anything (the Kubernetes API, K3s' and Flux's own CRDs). */
  readonly preinstalled: (group: string) => boolean;
}

/**
 * What would fail when Flux applies these Kustomizations on a fresh cluster:
 * each problem names the Kustomization, the object and the rule.
 */
export function fluxApplyProblems(input: FluxModelInput): string[] {
  const problems: string[] = [];
  const byName = new Map(input.kustomizations.map((k) => [k.metadata.name, k]));
  const objectsOf = new Map(input.kustomizations.map((k) => [k.metadata.name, input.objects(k)]));
  /** CRD groups/kinds a Kustomization's HelmReleases install, with the HelmRelease. */
  const helmCrds = (k: FluxKustomization) => objectsOf.get(k.metadata.name)!.filter((o) => o.kind === 'HelmRelease').flatMap((hr) => {
    const spec = hr.spec.chart?.spec ?? {};
    const chart = input.charts.get(`${spec.chart}@${spec.version}`);
    if (!chart) {
      problems.push(`${k.metadata.name}: HelmRelease ${hr.metadata.namespace}/${hr.metadata.name} installs chart ${spec.chart}@${spec.version}, whose CRDs are not derived (add it to tools/charts/derive-chart-kinds.ts, npm run charts:kinds)`);
      return [];
    }
    return chart.crds.map((c) => ({ key: `${c.group}/${c.kind}`, release: hr }));
  });
  const plainCrds = (k: FluxKustomization) => new Set(objectsOf.get(k.metadata.name)!.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => `${o.spec.group}/${o.spec.names.kind}`));
  /** Kustomizations k depends on, directly or through others. */
  const ancestors = (k: FluxKustomization, seen = new Set<string>()): FluxKustomization[] => (k.spec.dependsOn ?? []).flatMap((d) => {
    const dep = byName.get(d.name);
    if (!dep) {
      problems.push(`${k.metadata.name}: dependsOn ${d.name}, which is not a Kustomization of this cluster`);
      return [];
    }
    if (seen.has(d.name)) return [];
    seen.add(d.name);
    return [dep, ...ancestors(dep, seen)];
  });
  /** True when Flux holds `k` not Ready until `release` is Ready. */
  const waitsFor = (k: FluxKustomization, release: any) => k.spec.wait === true
    || (k.spec.healthChecks ?? []).some((h) => h.kind === 'HelmRelease' && h.name === release.metadata.name && (h.namespace ?? release.metadata.namespace) === release.metadata.namespace);
  for (const k of input.kustomizations) {
    const own = plainCrds(k);
    const ownHelm = new Map(helmCrds(k).map((c) => [c.key, c.release]));
    const deps = ancestors(k);
    for (const o of objectsOf.get(k.metadata.name)!) {
      const group = groupOf(o.apiVersion);
      if (input.preinstalled(group)) continue;
      const key = `${group}/${o.kind}`;
      const what = `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
      if (own.has(key)) continue; // ApplyAllStaged: CRDs of the same Kustomization are applied and ready first
      const release = ownHelm.get(key);
      if (release) {
        problems.push(`${k.metadata.name}: ${what} needs the CRD ${key} that HelmRelease ${release.metadata.namespace}/${release.metadata.name} of the same Kustomization installs; kustomize-controller dry-runs every object before applying any, so the dry-run fails ("no matches for kind ${o.kind}") and the HelmRelease is never created: move ${o.kind} to a Kustomization that dependsOn this one (with wait: true)`);
        continue;
      }
      const providers = deps.flatMap((d) => [
        ...(plainCrds(d).has(key) ? [{ d, release: undefined as any }] : []),
        ...helmCrds(d).filter((c) => c.key === key).map((c) => ({ d, release: c.release })),
      ]);
      if (providers.length === 0) {
        problems.push(`${k.metadata.name}: ${what} needs the CRD ${key}, which neither this Kustomization nor any it dependsOn installs`);
        continue;
      }
      for (const p of providers) {
        if (p.release && !waitsFor(p.d, p.release)) {
          problems.push(`${k.metadata.name}: ${what} needs the CRD ${key} from HelmRelease ${p.release.metadata.namespace}/${p.release.metadata.name} of ${p.d.metadata.name}, which does not wait for it (set wait: true or a HelmRelease health check): dependsOn alone is satisfied once it is applied, before the CRDs exist`);
        }
      }
    }
  }
  return [...new Set(problems)];
}

// ---------------------------------------------------------------- Argo CD

export interface ArgoApplication {
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly project: string;
    readonly source: { readonly chart?: string; readonly targetRevision?: string; readonly helm?: { readonly valuesObject?: Record<string, unknown> } };
  };
}

export interface AppProjectSpec {
  readonly clusterResourceWhitelist?: readonly { readonly group: string; readonly kind: string }[];
  readonly clusterResourceBlacklist?: readonly { readonly group: string; readonly kind: string }[];
}

/** Go's filepath.Match for the patterns Argo CD whitelists use (`*`, `?`). */
const globMatch = (pattern: string, s: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(s);
const inList = (group: string, kind: string, list: readonly { group: string; kind: string }[] = []) => list.some((e) => globMatch(e.kind, kind) && globMatch(e.group, group));

/** AppProject.IsGroupKindPermitted for a cluster-scoped kind. */
export function clusterKindPermitted(project: AppProjectSpec, group: string, kind: string): boolean {
  return (project.clusterResourceWhitelist ?? []).length > 0 && inList(group, kind, project.clusterResourceWhitelist) && !inList(group, kind, project.clusterResourceBlacklist);
}

/** The Argo CD phase a chart object runs in. */
export function argoPhase(o: { helmHook?: string; argocdHook?: string }): 'PreSync' | 'Sync' | 'PostSync' | 'Skip' | 'NotRun' {
  if (o.argocdHook) return o.argocdHook.split(',')[0] as 'PreSync';
  if (!o.helmHook) return 'Sync';
  const hooks = o.helmHook.split(',');
  if (hooks.some((h) => h === 'pre-install' || h === 'pre-upgrade')) return 'PreSync';
  if (hooks.some((h) => h === 'post-install' || h === 'post-upgrade')) return 'PostSync';
  return 'NotRun';
}

/** K3s' API versions for `.Capabilities.APIVersions.Has` (Kubernetes 1.3x: no policy/v1beta1, autoscaling/v2). */
export function k3sHasApi(v: string): boolean | undefined {
  if (/^policy\/v1beta1/.test(v)) return false;
  if (/^(v1|apps\/v1|batch\/v1|policy\/v1|autoscaling\/v2|networking\.k8s\.io\/v1|rbac\.authorization\.k8s\.io\/v1|storage\.k8s\.io\/v1|admissionregistration\.k8s\.io\/v1)(\/|$)/.test(v)) return true;
  if (/^(autoscaling\/v2beta[12]|networking\.k8s\.io\/v1beta1|extensions\/v1beta1|batch\/v1beta1)(\/|$)/.test(v)) return false;
  return undefined;
}

export interface ArgoModelInput {
  readonly application: ArgoApplication;
  readonly project: AppProjectSpec;
  readonly chart: ChartKinds;
  /** Every derived chart (CRD scopes). */
  readonly allCharts: readonly ChartKinds[];
}

/** The objects an Application's chart may render with its values (a superset: undecidable guards count as "may"). */
export function renderedObjects(chart: ChartKinds, valuesObject: Record<string, unknown> = {}) {
  const values = chartValues(chart, valuesObject);
  return chart.objects.filter((o) => mayRender(o.guards, { values, hasApi: k3sHasApi }));
}

/**
 * What Argo CD would refuse or hang on when it syncs this Application:
 * cluster-scoped kinds the project does not whitelist, kinds of unknown
 * scope, and PreSync hooks using a ServiceAccount the chart creates in the
 * Sync phase (which does not exist yet on the first sync).
 */
export function argoApplyProblems(input: ArgoModelInput): string[] {
  const { application: app, project, chart } = input;
  const problems: string[] = [];
  const name = app.metadata.name;
  const valuesObject = app.spec.source.helm?.valuesObject ?? {};
  const values = chartValues(chart, valuesObject);
  for (const n of chart.notRead) {
    if (!mayRender([`.Values.${n.condition}`], { values })) continue;
    problems.push(`${name}: values enable ${n.chart} (${n.condition}), a subchart tools/charts/kinds does not read (${n.why})`);
  }
  const objects = renderedObjects(chart, valuesObject);
  const scopes = crdScopes(input.allCharts);
  const crds = chart.crds.filter((c) => mayRender(c.guards, { values, hasApi: k3sHasApi }));
  const kinds = new Map<string, { group: string; kind: string; from: string }>();
  for (const c of crds) kinds.set(`apiextensions.k8s.io/CustomResourceDefinition`, { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', from: c.file });
  for (const o of objects) {
    if (argoPhase(o) === 'NotRun' || argoPhase(o) === 'Skip') continue;
    if (/\{\{/.test(o.apiVersion)) {
      // A templated apiVersion: its `default "<group>/<version>"`, else the group the kind has in the API.
      const dflt = /default\s+"([^"]+)"/.exec(o.apiVersion)?.[1];
      const group = dflt !== undefined ? groupOf(dflt) : Object.entries({ ...BUILT_IN_CLUSTER, ...BUILT_IN_NAMESPACED }).find(([, ks]) => ks.includes(o.kind))?.[0];
      if (group === undefined) { problems.push(`${name}: ${o.kind} in ${o.template} has a templated apiVersion and a kind of unknown group`); continue; }
      kinds.set(`${group}/${o.kind}`, { group, kind: o.kind, from: o.template });
    } else kinds.set(`${groupOf(o.apiVersion)}/${o.kind}`, { group: groupOf(o.apiVersion), kind: o.kind, from: o.template });
  }
  for (const { group, kind, from } of kinds.values()) {
    const scope = scopeOf(group, kind, scopes);
    if (scope === undefined) problems.push(`${name}: ${group || 'core'}/${kind} (${from}): scope unknown (not a Kubernetes kind tools/gitops/apply-model.ts lists, nor a derived chart's CRD)`);
    else if (scope === 'Cluster' && !clusterKindPermitted(project, group, kind)) {
      problems.push(`${name}: chart ${chart.chart}@${chart.version} renders the cluster-scoped ${kind} (group '${group}', ${from}), which project ${app.spec.project}'s clusterResourceWhitelist does not admit: Argo CD refuses the sync`);
    }
  }
  // PreSync hooks that use a ServiceAccount the chart creates in the Sync phase.
  const syncAccounts = new Set(objects.filter((o) => o.kind === 'ServiceAccount' && argoPhase(o) === 'Sync').map((o) => o.name));
  const preAccounts = new Set(objects.filter((o) => o.kind === 'ServiceAccount' && argoPhase(o) === 'PreSync').map((o) => o.name));
  for (const o of objects.filter((x) => argoPhase(x) === 'PreSync' && x.serviceAccountName)) {
    if (syncAccounts.has(o.serviceAccountName!) && !preAccounts.has(o.serviceAccountName!)) {
      problems.push(`${name}: ${o.kind} ${o.name} (${o.template}, helm.sh/hook ${o.helmHook}) runs as an Argo CD PreSync hook with ServiceAccount ${o.serviceAccountName}, which the chart creates in the Sync phase, after it: on the first sync its Pod is refused (serviceaccount not found) and the sync never ends`);
    }
  }
  return problems;
}
