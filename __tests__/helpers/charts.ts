import { readdirSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { PlatformCluster, rootAppValues } from '../../lib/platform';
import { PlatformSettings } from '../../lib/settings';
import { buildLikeArgoCd, kustomizeBuild } from './gitops';
import { ROOT, StackJson } from './repo';

/** One Helm release this project makes, wherever it is declared. */
export interface ChartUse {
  /** Where: `k3s-gitops helm_release.argocd`, `Argo CD Application dashboard`, `Flux HelmRelease ...`. */
  readonly origin: string;
  readonly chart: string;
  readonly version: string;
  /** Helm's release name, as the tool that installs it chooses it. */
  readonly releaseName: string;
  readonly namespace: string;
  readonly values: Record<string, any>;
  /** Values set by name (helm_release `set`, `set_sensitive`): dotted paths. */
  readonly setPaths: readonly string[][];
}

/** Terraform's helm_release resources: values documents merged in order, `set`/`set_sensitive` names. */
export function terraformReleases(stack: string, json: StackJson): ChartUse[] {
  return Object.entries<any>(json.resource.helm_release ?? {}).map(([name, r]) => {
    const values = Object.assign({}, ...(r.values ?? []).map((v: string) => parse(v) ?? {}));
    // Helm's --set syntax: dots separate keys (escaped dots `\.` stay in the key).
    const setPaths = [...(r.set ?? []), ...(r.set_sensitive ?? [])].map((s: any) => (s.name as string).split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, '.')));
    // A namespace given as a reference to the stack's Namespace resource is that resource's name.
    const ref = /^\$\{(kubernetes_namespace(?:_v1)?)\.(\w+)\.metadata\[0\]\.name\}$/.exec(r.namespace ?? '');
    const namespace = ref ? json.resource[ref[1]][ref[2]].metadata.name : r.namespace;
    return { origin: `${stack} helm_release.${name}`, chart: r.chart, version: r.version, releaseName: r.name, namespace, values, setPaths };
  });
}

/** Argo CD's chart Applications as the root Application renders them (Argo CD names a release after its Application unless helm.releaseName says). */
export function argoCdReleases(s: PlatformSettings, cluster: PlatformCluster, monitoringByStack = false): ChartUse[] {
  const root = (rootAppValues(s, { monitoringByStack, cluster }) as any).applications['bootstrap-apps'];
  return buildLikeArgoCd(root.source).filter((a) => a.kind === 'Application' && a.spec.source.chart).map((a) => ({
    origin: `Argo CD Application ${a.metadata.name}`,
    chart: a.spec.source.chart,
    version: a.spec.source.targetRevision,
    releaseName: a.spec.source.helm?.releaseName ?? a.metadata.name,
    namespace: a.spec.destination.namespace,
    values: a.spec.source.helm?.valuesObject ?? {},
    setPaths: [],
  }));
}

/** Flux HelmReleases anywhere in gitops/ (release name: spec.releaseName, else the object's name; Flux docs, HelmRelease spec.releaseName). */
export function fluxReleases(): ChartUse[] {
  const dirs: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name === 'kustomization.yaml') dirs.push(d);
    }
  };
  walk(join(ROOT, 'gitops'));
  const seen = new Set<string>();
  return dirs.flatMap((d) => kustomizeBuild(d)).filter((o) => o?.kind === 'HelmRelease').flatMap((o) => {
    const key = `${o.metadata.namespace}/${o.metadata.name}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const namespace = o.spec.targetNamespace ?? o.metadata.namespace;
    return [{
      origin: `Flux HelmRelease ${key}`,
      chart: o.spec.chart.spec.chart,
      version: String(o.spec.chart.spec.version),
      releaseName: o.spec.releaseName ?? (o.spec.targetNamespace ? `${o.spec.targetNamespace}-${o.metadata.name}` : o.metadata.name),
      namespace,
      values: o.spec.values ?? {},
      setPaths: [],
    }];
  });
}

/** Leaf paths of a values object: scalars and lists are leaves (a list is replaced whole). */
export function leafPaths(v: unknown, at: string[] = []): string[][] {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v as object);
    return entries.length ? entries.flatMap(([k, x]) => leafPaths(x, [...at, k])) : [at];
  }
  return [at];
}
