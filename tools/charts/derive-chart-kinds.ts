/**
 * `npm run charts:kinds -- [--mirror <dir>] [--git owner/name=<git dir>] [<chart>@<version> ...]`:
 * for each chart below (those Argo CD's Applications and Flux's HelmReleases
 * install), reads its templates and CRDs at the pinned tag from a local Git
 * copy of the repository (as `npm run charts:keys` does) and writes what
 * they can render to tools/charts/kinds/<chart>@<version>.json: each
 * object's apiVersion, kind, name, template, guards and hooks
 * (tools/charts/template-guards.ts), the CRDs the chart installs (group,
 * kind, scope), and the chart's defaults for every `.Values` path a guard
 * reads, so the tests can decide the guards with an Application's values
 * offline. Data derived from the chart, never its files.
 *
 * Subcharts are read from their own tags (Chart.yaml `dependencies`), their
 * `.Values` paths moved under their key and their `condition` added as a
 * guard; a subchart not read is listed with its condition (`notRead`), so a
 * check can refuse values that enable it.
 *
 * The Git copies: `<mirror>/<owner>+<name>/repo` (default /work/.mirror, as
 * the workplace's fetch tool brings them), or `--git owner/name=<git dir>`.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { repoRoot } from '../../lib/core/repo-root';
import { readTemplate, TemplateObject, underValues, valuesPaths } from './template-guards';

export const CHART_KINDS_DIR = 'tools/charts/kinds';

export interface ChartPart {
  readonly repo: string;
  readonly tag: string;
  /** The chart's directory in the repository. */
  readonly path: string;
  /** A subchart's values key in the parent (its name or alias). @default - the chart itself */
  readonly under?: string;
  /** The parent's Chart.yaml condition for it (a values path). */
  readonly condition?: string;
}

export interface ChartKindsSource {
  readonly chart: string;
  readonly version: string;
  /** The chart, then its subcharts. */
  readonly parts: readonly ChartPart[];
  /** Subcharts not read, with the condition that enables them. */
  readonly notRead?: readonly { readonly chart: string; readonly condition: string; readonly why: string }[];
}

export const CHART_KINDS_SOURCES: readonly ChartKindsSource[] = [
  // Argo CD Applications (gitops/argocd/bootstrap-apps).
  {
    chart: 'kube-prometheus-stack',
    version: '88.5.3',
    parts: [
      { repo: 'prometheus-community/helm-charts', tag: 'kube-prometheus-stack-88.5.3', path: 'charts/kube-prometheus-stack' },
      // Chart.yaml dependencies of 88.5.3: crds (in the chart), kube-state-metrics 8.4.0, prometheus-node-exporter 4.56.1, grafana 12.11.1.
      { repo: 'prometheus-community/helm-charts', tag: 'kube-prometheus-stack-88.5.3', path: 'charts/kube-prometheus-stack/charts/crds', under: 'crds', condition: 'crds.enabled' },
      { repo: 'prometheus-community/helm-charts', tag: 'kube-state-metrics-8.4.0', path: 'charts/kube-state-metrics', under: 'kube-state-metrics', condition: 'kubeStateMetrics.enabled' },
      { repo: 'prometheus-community/helm-charts', tag: 'prometheus-node-exporter-4.56.1', path: 'charts/prometheus-node-exporter', under: 'prometheus-node-exporter', condition: 'nodeExporter.enabled' },
      { repo: 'grafana-community/helm-charts', tag: 'grafana-12.11.1', path: 'charts/grafana', under: 'grafana', condition: 'grafana.enabled' },
    ],
    notRead: [{ chart: 'prometheus-windows-exporter', condition: 'windowsMonitoring.enabled', why: 'Chart.yaml pins no version ("0.12.*"); off by default' }],
  },
  { chart: 'ingress-nginx', version: '4.15.1', parts: [{ repo: 'kubernetes/ingress-nginx', tag: 'helm-chart-4.15.1', path: 'charts/ingress-nginx' }] },
  { chart: 'headlamp', version: '0.45.0', parts: [{ repo: 'kubernetes-sigs/headlamp', tag: 'headlamp-helm-0.45.0', path: 'charts/headlamp' }] },
  { chart: 'longhorn', version: '1.11.3', parts: [{ repo: 'longhorn/longhorn', tag: 'v1.11.3', path: 'chart' }] },
  { chart: 'sealed-secrets', version: '2.18.5', parts: [{ repo: 'bitnami-labs/sealed-secrets', tag: 'helm-v2.18.5', path: 'helm/sealed-secrets' }] },
  // Chart 0.34.0 is trivy-operator v0.32.0's deploy/helm (its Chart.yaml).
  { chart: 'trivy-operator', version: '0.34.0', parts: [{ repo: 'aquasecurity/trivy-operator', tag: 'v0.32.0', path: 'deploy/helm' }] },
  // Flux HelmReleases (gitops/infrastructure/monitoring-crds): the CRDs it installs.
  {
    chart: 'prometheus-operator-crds',
    version: '29.0.0',
    parts: [
      { repo: 'prometheus-community/helm-charts', tag: 'prometheus-operator-crds-29.0.0', path: 'charts/prometheus-operator-crds' },
      { repo: 'prometheus-community/helm-charts', tag: 'prometheus-operator-crds-29.0.0', path: 'charts/prometheus-operator-crds/charts/crds', under: 'crds' },
    ],
  },
];

export interface ChartCrd {
  readonly group: string;
  readonly kind: string;
  readonly scope: 'Namespaced' | 'Cluster';
  /** Where it is: crds/ (Helm installs it before the templates) or a template. */
  readonly file: string;
  readonly guards: readonly string[];
}

export interface ChartKinds {
  readonly chart: string;
  readonly version: string;
  readonly sources: readonly { readonly url: string; readonly under?: string; readonly condition?: string }[];
  readonly derivedBy: string;
  readonly notRead: readonly { readonly chart: string; readonly condition: string; readonly why: string }[];
  readonly crds: readonly ChartCrd[];
  /** The chart's default for every values path a guard reads (JSON path segments joined with '.'; null: not set). */
  readonly defaults: Record<string, unknown>;
  readonly objects: readonly TemplateObject[];
}

export const partUrl = (p: ChartPart) => `https://github.com/${p.repo}/tree/${p.tag}/${p.path}`;

/** Reading access to one part's files at its tag. */
export interface PartFiles {
  list(part: ChartPart): string[];
  read(part: ChartPart, file: string): string;
}

/** The CRD a (possibly templated) document defines, read with patterns (its template actions stay). */
function crdOf(doc: string): { group: string; kind: string; scope: 'Namespaced' | 'Cluster' } | undefined {
  if (!/^kind:\s*CustomResourceDefinition\s*$/m.test(doc)) return undefined;
  const group = /^ {2}group:\s*(\S+)\s*$/m.exec(doc)?.[1];
  const kind = /^ {2}names:\s*\n(?:^ {4}.*\n|^ {6}.*\n)*?^ {4}kind:\s*(\S+)\s*$/m.exec(doc)?.[1];
  const scope = /^ {2}scope:\s*(\S+)\s*$/m.exec(doc)?.[1];
  if (!group || !kind || (scope !== 'Namespaced' && scope !== 'Cluster')) return undefined;
  return { group, kind, scope };
}

export function deriveChartKinds(source: ChartKindsSource, files: PartFiles): ChartKinds {
  const objects: TemplateObject[] = [];
  const crds: ChartCrd[] = [];
  const values: Record<string, unknown> = {};
  const merge = (into: Record<string, unknown>, from: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(from)) {
      if (v && typeof v === 'object' && !Array.isArray(v) && into[k] && typeof into[k] === 'object' && !Array.isArray(into[k])) merge(into[k] as Record<string, unknown>, v as Record<string, unknown>);
      else into[k] = v;
    }
  };
  // Subcharts' defaults first, the parent's values.yaml over them (Helm's coalescing).
  for (const part of [...source.parts].reverse()) {
    const list = files.list(part);
    const own = list.includes('values.yaml') ? (parse(files.read(part, 'values.yaml')) ?? {}) : {};
    merge(values, part.under ? { [part.under]: own } : own);
  }
  for (const part of source.parts) {
    const list = files.list(part);
    // A subchart's own subcharts are parts of their own (listed above), never read twice.
    const mine = list.filter((f) => !f.startsWith('charts/'));
    const extra = [
      ...(part.condition ? [`.Values.${part.condition}`] : []),
    ];
    const rewrite = (g: string) => (part.under ? underValues(g, part.under) : g);
    for (const f of mine.filter((x) => /^crds\/.*\.ya?ml$/.test(x))) {
      for (const doc of files.read(part, f).split(/^---.*$/m)) {
        const c = crdOf(doc);
        if (c) crds.push({ ...c, file: `${part.path}/${f}`, guards: extra });
      }
    }
    for (const f of mine.filter((x) => /^templates\/.*\.(ya?ml|tpl)$/.test(x) && !/(^|\/)_[^/]*$/.test(x))) {
      const text = files.read(part, f);
      for (const o of readTemplate(`${part.path}/${f}`, text)) {
        const guards = [...extra, ...o.guards.map(rewrite)];
        if (o.kind === 'CustomResourceDefinition') {
          const doc = text.split(/^---.*$/m).find((d) => new RegExp(`^ {2}name:\\s*${escape(o.name)}\\s*$`, 'm').test(d));
          const c = doc ? crdOf(doc) : undefined;
          if (c) crds.push({ ...c, file: `${part.path}/${f}`, guards });
        }
        objects.push({ ...o, guards });
      }
    }
  }
  const defaults: Record<string, unknown> = {};
  const guardsOf = [...objects.map((o) => o.guards), ...crds.map((c) => c.guards)].flat();
  for (const p of guardsOf.flatMap(valuesPaths)) {
    let v: unknown = values;
    for (const k of p) v = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined;
    defaults[p.join('.')] = v === undefined ? null : v;
  }
  const sortedDefaults = Object.fromEntries(Object.entries(defaults).sort(([a], [b]) => a.localeCompare(b)));
  return {
    chart: source.chart,
    version: source.version,
    sources: source.parts.map((p) => ({ url: partUrl(p), ...(p.under ? { under: p.under } : {}), ...(p.condition ? { condition: p.condition } : {}) })),
    derivedBy: 'tools/charts/derive-chart-kinds.ts (npm run charts:kinds)',
    notRead: source.notRead ?? [],
    crds,
    defaults: sortedDefaults,
    objects,
  };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The values a chart renders with: its defaults, the given values over them (Helm's merge of maps). */
export function chartValues(kinds: ChartKinds, given: Record<string, unknown> = {}): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [path, v] of Object.entries(kinds.defaults)) {
    const keys = path.split('.');
    let at = values;
    for (const k of keys.slice(0, -1)) at = (at[k] = at[k] && typeof at[k] === 'object' && !Array.isArray(at[k]) ? at[k] : {}) as Record<string, unknown>;
    const last = keys[keys.length - 1];
    if (!(last in at)) at[last] = v;
  }
  const merge = (into: Record<string, unknown>, from: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(from)) {
      if (v && typeof v === 'object' && !Array.isArray(v) && into[k] && typeof into[k] === 'object' && !Array.isArray(into[k])) merge(into[k] as Record<string, unknown>, v as Record<string, unknown>);
      else into[k] = v;
    }
  };
  merge(values, given);
  return values;
}

export const chartKindsFile = (chart: string, version: string) => `${chart}@${version}.json`;

export function cli(argv = process.argv.slice(2)): void {
  const opt = (name: string) => argv.flatMap((a, i) => (a === name ? [argv[i + 1]] : []));
  const mirror = opt('--mirror')[0] ?? '/work/.mirror';
  const gitDirs = new Map(opt('--git').map((g) => g.split('=') as [string, string]));
  const wanted = argv.filter((a, i) => !a.startsWith('--') && !['--mirror', '--git'].includes(argv[i - 1]));
  const gitDir = (p: ChartPart) => gitDirs.get(p.repo) ?? join(mirror, p.repo.replace('/', '+'), 'repo');
  const git = (p: ChartPart, ...args: string[]) => execFileSync('git', ['--git-dir', gitDir(p), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const files: PartFiles = {
    list: (p) => git(p, 'ls-tree', '-r', '--name-only', p.tag, `${p.path}/`).split('\n').filter(Boolean).map((f) => f.slice(p.path.length + 1)),
    read: (p, f) => git(p, 'show', `${p.tag}:${p.path}/${f}`),
  };
  const outDir = join(repoRoot(), CHART_KINDS_DIR);
  mkdirSync(outDir, { recursive: true });
  for (const source of CHART_KINDS_SOURCES) {
    if (wanted.length && !wanted.includes(`${source.chart}@${source.version}`)) continue;
    const k = deriveChartKinds(source, files);
    writeFileSync(join(outDir, chartKindsFile(source.chart, source.version)), `${JSON.stringify(k, null, 1)}\n`);
    process.stdout.write(`${source.chart}@${source.version}: ${k.objects.length} objects, ${k.crds.length} CRDs, from ${k.sources.map((s) => s.url).join(', ')}\n`);
  }
}

if (require.main === module) cli();
