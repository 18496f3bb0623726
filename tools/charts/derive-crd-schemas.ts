/**
 * `npm run charts:crds -- [--mirror <dir>] [--git owner/name=<git dir>]`:
 * for each CRD below, reads the pinned chart's CRD file at its tag from a
 * local Git copy of the repository and writes the CRD's openAPIV3Schema
 * for the served version to tools/charts/crd-schemas/<group>_<plural>@<chart version>.json,
 * naming its source URL: data derived from the file, never the file itself.
 * __tests__/platform/longhorn-backup.test.ts validates the objects we
 * render against it (kubernetes-models has no Longhorn CRDs).
 *
 * The Git copies: `<mirror>/<owner>+<name>/repo` (a bare repository with
 * the tags, as the workplace's fetch tool brings them; default /work/.mirror),
 * or any clone: `--git owner/name=<git dir>`.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../../lib/core/repo-root';

export const CRD_SCHEMAS_DIR = 'tools/charts/crd-schemas';

export interface CrdSource {
  /** GitHub owner/name. */
  readonly repo: string;
  readonly tag: string;
  /** The file holding the CRDs (a chart template: `{{ ... }}` is dropped before parsing). */
  readonly path: string;
  /** The chart version this tag is released as. */
  readonly chartVersion: string;
  /** CRD name, e.g. recurringjobs.longhorn.io. */
  readonly crd: string;
  readonly version: string;
}

export const CRD_SOURCES: readonly CrdSource[] = [
  // gitops/infrastructure/storage/longhorn/base/helmrelease.yaml pins chart 1.11.3.
  { repo: 'longhorn/longhorn', tag: 'v1.11.3', path: 'chart/templates/crds.yaml', chartVersion: '1.11.3', crd: 'recurringjobs.longhorn.io', version: 'v1beta2' },
];

export interface CrdSchema {
  readonly crd: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly source: string;
  readonly derivedBy: string;
  readonly schema: Record<string, unknown>;
}

export const crdSchemaFile = (s: CrdSource) => `${s.crd.replace(/^([^.]+)\.(.*)$/, '$2_$1')}@${s.chartVersion}.json`;
export const crdSourceUrl = (s: CrdSource) => `https://github.com/${s.repo}/blob/${s.tag}/${s.path}`;

/** The CRD's schema from the file's text. */
export function deriveCrdSchema(source: CrdSource, text: string): CrdSchema {
  // Helm template actions only fill in labels here; without them the file is YAML.
  const docs = parseAllDocuments(text.replace(/\{\{[^}]*\}\}/g, '')).map((d) => d.toJS());
  const crd = docs.find((d) => d?.kind === 'CustomResourceDefinition' && d.metadata?.name === source.crd);
  if (!crd) throw new Error(`${crdSourceUrl(source)}: no CustomResourceDefinition ${source.crd}`);
  const version = crd.spec.versions.find((v: { name: string }) => v.name === source.version);
  if (!version?.schema?.openAPIV3Schema) throw new Error(`${source.crd}: no schema for version ${source.version}`);
  return {
    crd: source.crd,
    apiVersion: `${crd.spec.group}/${source.version}`,
    kind: crd.spec.names.kind,
    source: crdSourceUrl(source),
    derivedBy: 'tools/charts/derive-crd-schemas.ts',
    schema: withoutDescriptions(version.schema.openAPIV3Schema),
  };
}

/** The schema's structure only: upstream's prose stays upstream. */
function withoutDescriptions(node: unknown): any {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === 'description' && typeof v === 'string')).map(([k, v]) => [k, withoutDescriptions(v)]));
}

export function cli(argv = process.argv.slice(2)): void {
  const opt = (name: string) => argv.flatMap((a, i) => (a === name ? [argv[i + 1]] : []));
  const mirror = opt('--mirror')[0] ?? '/work/.mirror';
  const gitDirs = new Map(opt('--git').map((g) => g.split('=') as [string, string]));
  const outDir = join(repoRoot(), CRD_SCHEMAS_DIR);
  mkdirSync(outDir, { recursive: true });
  for (const source of CRD_SOURCES) {
    const gitDir = gitDirs.get(source.repo) ?? join(mirror, source.repo.replace('/', '+'), 'repo');
    const text = execFileSync('git', ['--git-dir', gitDir, 'show', `${source.tag}:${source.path}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const schema = deriveCrdSchema(source, text);
    writeFileSync(join(outDir, crdSchemaFile(source)), `${JSON.stringify(schema, null, 2)}\n`);
    process.stdout.write(`${source.crd} ${source.version}: from ${schema.source}\n`);
  }
}

if (require.main === module) cli();
