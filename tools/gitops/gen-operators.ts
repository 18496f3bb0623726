/**
 * `npm run gen:operators`: seed 004's operator definitions
 * (gitops/infrastructure/operators/*.yaml) -> Argo CD Applications in
 * gitops/argocd/bootstrap-apps/operators/, with a sync wave per dependency
 * level so that an operator syncs after what it depends on.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { isDnsLabel } from '../../lib/rules/network';
import { repoRoot } from '../../lib/core/repo-root';

export const DEFINITIONS_DIR = 'gitops/infrastructure/operators';
export const APPLICATIONS_DIR = 'gitops/argocd/bootstrap-apps/operators';

export interface OperatorDefinition {
  readonly name: string;
  readonly namespace: string;
  readonly chart: { readonly repository: string; readonly name: string; readonly version: string };
  readonly values: Record<string, unknown>;
  readonly dependencies: readonly string[];
}


/** Reads and checks one definition; errors name the file and the field. */
export function readDefinition(file: string, text: string): OperatorDefinition {
  const doc = parse(text);
  const op = doc?.operator;
  const fail = (field: string, rule: string): never => { throw new Error(`${file}: operator.${field} ${rule}`); };
  if (!op || typeof op !== 'object') fail('', 'is missing (the file must hold `operator: {...}`)');
  const known = ['name', 'namespace', 'chart', 'values', 'dependencies'];
  for (const k of Object.keys(op)) if (!known.includes(k)) fail(k, `is not a field of an operator definition (${known.join(', ')})`);
  if (typeof op.name !== 'string' || !isDnsLabel(op.name)) fail('name', `must be a DNS label, got ${JSON.stringify(op.name)}`);
  if (typeof op.namespace !== 'string' || !isDnsLabel(op.namespace)) fail('namespace', `must be a DNS label, got ${JSON.stringify(op.namespace)}`);
  if (typeof op.chart?.repository !== 'string' || !/^(https:\/\/|oci:\/\/)\S+$/.test(op.chart.repository)) fail('chart.repository', `must be an https:// or oci:// chart repository, got ${JSON.stringify(op.chart?.repository)}`);
  if (typeof op.chart?.name !== 'string' || !op.chart.name) fail('chart.name', 'must be a chart name');
  if (op.chart?.version === undefined || !/^v?\d+\.\d+\.\d+/.test(String(op.chart.version))) fail('chart.version', `must pin an exact version, got ${JSON.stringify(op.chart?.version)}`);
  const values = op.values ?? {};
  if (typeof values !== 'object' || Array.isArray(values)) fail('values', 'must be an object');
  const deps = op.dependencies ?? [];
  if (!Array.isArray(deps) || deps.some((d: unknown) => typeof d !== 'string')) fail('dependencies', 'must be a list of operator names');
  return { name: op.name, namespace: op.namespace, chart: { repository: op.chart.repository, name: op.chart.name, version: String(op.chart.version) }, values, dependencies: deps };
}

/** Sync wave of each operator: 0 without dependencies, else 1 + the highest wave it depends on. */
export function waves(defs: readonly OperatorDefinition[]): Map<string, number> {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const out = new Map<string, number>();
  const visit = (name: string, path: string[]): number => {
    if (out.has(name)) return out.get(name)!;
    if (path.includes(name)) throw new Error(`operators: circular dependency ${[...path, name].join(' -> ')}`);
    const d = byName.get(name)!;
    let wave = 0;
    for (const dep of d.dependencies) {
      if (!byName.has(dep)) throw new Error(`operators: ${name} depends on ${dep}, which has no definition in ${DEFINITIONS_DIR}`);
      wave = Math.max(wave, visit(dep, [...path, name]) + 1);
    }
    out.set(name, wave);
    return wave;
  };
  for (const d of defs) visit(d.name, []);
  return out;
}

export function application(d: OperatorDefinition, wave: number): object {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `operator-${d.name}`, namespace: 'argocd', annotations: { 'argocd.argoproj.io/sync-wave': String(wave) } },
    spec: {
      project: 'platform',
      source: { repoURL: d.chart.repository, chart: d.chart.name, targetRevision: d.chart.version, helm: { valuesObject: d.values } },
      destination: { server: 'https://kubernetes.default.svc', namespace: d.namespace },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
        syncOptions: ['CreateNamespace=true'],
      },
    },
  };
}

/** The generated files: name -> content. */
export function generate(root: string): Map<string, string> {
  const dir = join(root, DEFINITIONS_DIR);
  const defs = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()
    .map((f) => readDefinition(`${DEFINITIONS_DIR}/${f}`, readFileSync(join(dir, f), 'utf8')));
  const seen = new Set<string>();
  for (const d of defs) {
    if (seen.has(d.name)) throw new Error(`operators: ${d.name} is defined twice`);
    seen.add(d.name);
  }
  const w = waves(defs);
  const header = `# Generated by npm run gen:operators from ${DEFINITIONS_DIR}/: edit the definition, not this file.\n`;
  const files = new Map<string, string>();
  for (const d of defs) files.set(`${d.name}.yaml`, header + stringify(application(d, w.get(d.name)!), { lineWidth: 0 }));
  files.set('kustomization.yaml', header + stringify({
    apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: defs.map((d) => `${d.name}.yaml`),
  }));
  return files;
}

if (require.main === module) {
  try {
    const root = repoRoot();
    const files = generate(root);
    const out = join(root, APPLICATIONS_DIR);
    if (existsSync(out)) rmSync(out, { recursive: true });
    mkdirSync(out, { recursive: true });
    for (const [name, content] of files) writeFileSync(join(out, name), content);
    console.log(`wrote ${[...files.keys()].map((f) => `${APPLICATIONS_DIR}/${f}`).join(', ')}`);
  } catch (err) {
    console.error(`gen:operators: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
