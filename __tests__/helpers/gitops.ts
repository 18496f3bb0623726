import { spawnSync } from 'child_process';
import { cpSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { ROOT, tempDir } from './repo';

export interface KustomizeSource {
  readonly path: string;
  readonly kustomize?: { readonly components?: string[]; readonly patches?: object[] };
}

/**
 * The objects Argo CD renders for an Application's kustomize source from
 * this repository: like Argo CD, the Application's components and patches
 * are added to the kustomization at its path (in a copy of gitops/), then
 * the directory is built with `kubectl kustomize`.
 */
export function buildLikeArgoCd(source: KustomizeSource): any[] {
  const root = tempDir('argocd');
  cpSync(join(ROOT, 'gitops'), join(root, 'gitops'), { recursive: true });
  const file = join(root, source.path, 'kustomization.yaml');
  const k = parse(readFileSync(file, 'utf8'));
  if (source.kustomize?.components) k.components = [...(k.components ?? []), ...source.kustomize.components];
  if (source.kustomize?.patches) k.patches = [...(k.patches ?? []), ...source.kustomize.patches];
  writeFileSync(file, stringify(k));
  const r = spawnSync('kubectl', ['kustomize', join(root, source.path)], { encoding: 'utf8' });
  if (r.error) throw new Error('kubectl is not installed');
  if (r.status !== 0) throw new Error(`kubectl kustomize ${source.path}: ${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => d.toJS());
}
