import { spawnSync } from 'child_process';
import { cpSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { ROOT, tempDir } from './repo';

/** `kubectl kustomize <dir>`, parsed; a failure or a warning fails the test. */
export function kustomizeBuild(dir: string): any[] {
  const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  if (r.error) throw new Error('kubectl is not installed (Debian package kubernetes-client)');
  if (r.status !== 0 || r.stderr !== '') throw new Error(`kubectl kustomize ${dir}: ${r.stderr}`);
  return parseAllDocuments(r.stdout).map((d) => d.toJS());
}

/** tools/gitops/validate-manifests on kustomization directories (after `npm run build`). */
export function validateManifests(dirs: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/tools/gitops/validate-manifests.js'), ...dirs], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

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
  return kustomizeBuild(join(root, source.path));
}
