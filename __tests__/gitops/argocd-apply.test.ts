import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { ChartKinds, CHART_KINDS_DIR, CHART_KINDS_SOURCES, chartKindsFile, deriveChartKinds } from '../../tools/charts/derive-chart-kinds';
import { evaluateGuard, readTemplate, UNKNOWN } from '../../tools/charts/template-guards';
import { argoApplyProblems, argoPhase, clusterKindPermitted, renderedObjects } from '../../tools/gitops/apply-model';
import { platformProject } from '../../lib/platform/root-application';
import { kustomizeBuild as build } from '../helpers/gitops';
import { ROOT } from '../helpers/repo';

/**
 * Argo CD syncs what each Application's chart renders at its pinned
 * version, not what Git holds: the kinds come from tools/charts/kinds
 * (`npm run charts:kinds`, read from the charts' templates at their tags and
 * committed, so this runs offline), checked with Argo CD's rules
 * (tools/gitops/apply-model.ts cites them).
 */
const kinds = (chart: string, version: string): ChartKinds => JSON.parse(readFileSync(join(ROOT, CHART_KINDS_DIR, chartKindsFile(chart, version)), 'utf8'));
const ALL = CHART_KINDS_SOURCES.map((s) => kinds(s.chart, s.version));
const project = platformProject({ repositoryUrl: 'https://github.com/example/k3s-gitops.git' }) as any;
const chartApps = () => [
  ...build(join(ROOT, 'gitops/argocd/bootstrap-apps')),
  ...build(join(ROOT, 'gitops/argocd/bootstrap-apps/components/ingress-nginx')),
].filter((a) => a.kind === 'Application' && a.spec.source.chart);
const problemsOf = (app: any) => argoApplyProblems({ application: app, project, chart: kinds(app.spec.source.chart, app.spec.source.targetRevision), allCharts: ALL });

describe('Argo CD applies the charts of k3s-gitops', () => {
  it('every chart an Application names is derived at its pinned version, with its sources', () => {
    const apps = chartApps();
    expect(apps.map((a) => a.spec.source.chart).sort()).toEqual(['headlamp', 'ingress-nginx', 'kube-prometheus-stack', 'longhorn', 'sealed-secrets', 'trivy-operator']);
    for (const a of apps) {
      const k = kinds(a.spec.source.chart, a.spec.source.targetRevision);
      expect(k.sources.every((s) => /^https:\/\/github\.com\/[^/]+\/[^/]+\/tree\/[^/]+\//.test(s.url))).toBe(true);
      expect(k.objects.length).toBeGreaterThan(0);
    }
    // No stale files: every derived file has its source row.
    expect(readdirSync(join(ROOT, CHART_KINDS_DIR)).sort()).toEqual(CHART_KINDS_SOURCES.map((s) => chartKindsFile(s.chart, s.version)).sort());
  });

  it('every kind each chart renders with its Application\'s values is admitted by the platform AppProject, and no PreSync hook needs a Sync-phase object', () => {
    const problems = chartApps().flatMap(problemsOf);
    expect(problems).toEqual([]);
  });

  it('Trivy Operator renders its ClusterComplianceReports (compliance.specs, on by default) and the project admits the kind', () => {
    const app = chartApps().find((a) => a.metadata.name === 'operator-trivy-operator');
    const reports = renderedObjects(kinds('trivy-operator', '0.34.0'), app.spec.source.helm.valuesObject).filter((o) => o.kind === 'ClusterComplianceReport');
    expect(reports.map((r) => r.name).sort()).toEqual(['k8s-cis-1.23', 'k8s-nsa-1.0', 'k8s-pss-baseline-0.1', 'k8s-pss-restricted-0.1']);
    expect(clusterKindPermitted(project, 'aquasecurity.github.io', 'ClusterComplianceReport')).toBe(true);
    // The check refuses a project without it (what 86c1497 shipped).
    const without = { clusterResourceWhitelist: project.clusterResourceWhitelist.filter((e: any) => e.kind !== 'ClusterComplianceReport') };
    expect(argoApplyProblems({ application: app, project: without, chart: kinds('trivy-operator', '0.34.0'), allCharts: ALL }))
      .toEqual([expect.stringMatching(/operator-trivy-operator: chart trivy-operator@0\.34\.0 renders the cluster-scoped ClusterComplianceReport .*Argo CD refuses the sync/)]);
  });

  it('Longhorn: the pre-upgrade checker Job (a PreSync hook under Argo CD) is off; with it on, the check flags its Sync-phase ServiceAccount', () => {
    const app = chartApps().find((a) => a.metadata.name === 'operator-longhorn');
    expect(app.spec.source.helm.valuesObject.preUpgradeChecker).toEqual({ jobEnabled: false });
    const chart = kinds('longhorn', '1.11.3');
    const job = chart.objects.find((o) => o.name === 'longhorn-pre-upgrade')!;
    expect(argoPhase(job)).toBe('PreSync');
    const on = { ...app, spec: { ...app.spec, source: { ...app.spec.source, helm: { valuesObject: { ...app.spec.source.helm.valuesObject, preUpgradeChecker: { jobEnabled: true } } } } } };
    expect(argoApplyProblems({ application: on, project, chart, allCharts: ALL }))
      .toEqual([expect.stringMatching(/operator-longhorn: Job longhorn-pre-upgrade .*PreSync hook with ServiceAccount longhorn-service-account, which the chart creates in the Sync phase/)]);
  });

  it('Helm hooks map to Argo CD phases as gitops-engine does', () => {
    expect(argoPhase({ helmHook: 'pre-install,pre-upgrade' })).toBe('PreSync');
    expect(argoPhase({ helmHook: 'post-upgrade' })).toBe('PostSync');
    expect(argoPhase({ helmHook: 'pre-delete' })).toBe('NotRun');
    expect(argoPhase({ helmHook: 'pre-upgrade', argocdHook: 'Sync' })).toBe('Sync');
    expect(argoPhase({})).toBe('Sync');
  });
});

describe('tools/charts/template-guards: a static reading of chart templates', () => {
  const text = [
    '{{- if and .Values.a.on (not .Values.b) }}',
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata:',
    '  name: one',
    '{{- else if .Values.c }}',
    'kind: ConfigMap',
    'metadata:',
    '  name: two',
    '{{- else }}',
    'kind: Secret',
    '{{- end }}',
    '---',
    '{{- define "x" }}',
    'kind: Pod',
    '{{- end }}',
    '{{- range .Values.list }}',
    '---',
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: j',
    '  annotations:',
    '    "helm.sh/hook": pre-install,pre-upgrade',
    'spec:',
    '  template:',
    '    spec:',
    '      serviceAccountName: {{ .Values.sa }}',
    '{{- end }}',
  ].join('\n');
  const objects = readTemplate('t.yaml', text);

  it('records each literal kind with the conditions around it; define bodies are not objects', () => {
    expect(objects.map((o) => [o.kind, o.guards])).toEqual([
      ['ServiceAccount', ['and .Values.a.on (not .Values.b)']],
      ['ConfigMap', ['not (and .Values.a.on (not .Values.b))', '.Values.c']],
      ['Secret', ['not (and .Values.a.on (not .Values.b))', 'not (.Values.c)']],
      ['Job', ['.Values.list']],
    ]);
    expect(objects[3]).toMatchObject({ name: 'j', helmHook: 'pre-install,pre-upgrade', serviceAccountName: '{{ .Values.sa }}' });
  });

  it('decides guards from values, and says UNKNOWN where a template would need more than values', () => {
    const values = { a: { on: true }, b: false, list: [], specs: ['x'] };
    expect(evaluateGuard('and .Values.a.on (not .Values.b)', { values })).toBe(true);
    expect(evaluateGuard('.Values.list', { values })).toBe(false);
    expect(evaluateGuard('.Values.specs | has "x"', { values })).toBe(true);
    expect(evaluateGuard('.Values.specs | has "y"', { values })).toBe(false);
    expect(evaluateGuard('eq .Release.Namespace "x"', { values })).toBe(UNKNOWN);
    expect(evaluateGuard('include "x" .', { values })).toBe(UNKNOWN);
    expect(evaluateGuard('.Capabilities.APIVersions.Has "policy/v1beta1/PodSecurityPolicy"', { values, hasApi: () => false })).toBe(false);
  });
});

describe('tools/charts/derive-chart-kinds: a chart and its subchart at their tags', () => {
  // A parent with a subchart `sub` (condition sub.enabled): files as `git show <tag>:<path>` would give them.
  const FILES: Record<string, Record<string, string>> = {
    parent: {
      'values.yaml': 'rbac:\n  create: true\nsub:\n  enabled: false\n  psp: true\n',
      'templates/role.yaml': '{{- if .Values.rbac.create }}\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\n{{- end }}\n',
      'templates/_helpers.tpl': '{{- define "x" }}\nkind: Secret\n{{- end }}\n',
      'charts/sub/values.yaml': 'ignored: true\n',
      'crds/crd.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  names:\n    kind: Widget\n    plural: widgets\n  scope: Cluster\n',
    },
    sub: {
      'values.yaml': 'psp: false\nglobal: {}\n',
      'templates/psp.yaml': '{{- if and .Values.psp .Values.global.x }}\napiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: p\n{{- end }}\n',
    },
  };
  const source = { chart: 'parent', version: '1.0.0', parts: [
    { repo: 'o/r', tag: 't1', path: 'parent' },
    { repo: 'o/r', tag: 't2', path: 'sub', under: 'sub', condition: 'sub.enabled' },
  ] };
  const k = deriveChartKinds(source, { list: (p) => Object.keys(FILES[p.path]), read: (p, f) => FILES[p.path][f] });

  it('records each object with its guards, a subchart\'s moved under its key with its condition; CRDs with their scope; helpers and nested charts/ are not read twice', () => {
    expect(k.objects.map((o) => [o.kind, o.guards])).toEqual([
      ['ClusterRole', ['.Values.rbac.create']],
      ['PodSecurityPolicy', ['.Values.sub.enabled', 'and .Values.sub.psp .Values.global.x']],
    ]);
    expect(k.crds).toEqual([expect.objectContaining({ group: 'example.com', kind: 'Widget', scope: 'Cluster' })]);
    expect(k.sources.map((x) => x.url)).toEqual(['https://github.com/o/r/tree/t1/parent', 'https://github.com/o/r/tree/t2/sub']);
  });

  it('keeps the defaults the guards read, the parent\'s values over the subchart\'s (Helm\'s coalescing)', () => {
    expect(k.defaults).toEqual({ 'global.x': null, 'rbac.create': true, 'sub.enabled': false, 'sub.psp': true });
    expect(renderedObjects(k).map((o) => o.kind)).toEqual(['ClusterRole']);
    expect(renderedObjects(k, { sub: { enabled: true }, global: { x: 1 } }).map((o) => o.kind)).toEqual(['ClusterRole', 'PodSecurityPolicy']);
    expect(renderedObjects(k, { rbac: { create: false } }).map((o) => o.kind)).toEqual([]);
  });
});

