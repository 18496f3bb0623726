/**
 * Builds each kustomization with `kubectl kustomize` and validates every
 * object against its schema: Kubernetes kinds with `kubernetes-models`, Flux
 * kinds with `@kubernetes-models/flux-cd`, Prometheus Operator monitors with
 * `@kubernetes-models/prometheus-operator`, Longhorn's Node and Traefik's
 * redirect Middleware with the fields of their CRDs (below). An unknown kind is an error.
 *
 *   node dist/tools/gitops/validate-manifests.js <kustomization dir> ...
 *
 * The schema packages are ES modules: they are loaded with a real import().
 */
import { spawnSync } from 'child_process';
import { parseAllDocuments } from 'yaml';
import { importEsm } from '../esm';


const PACKAGES: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'rbac.authorization.k8s.io/v1': 'kubernetes-models/rbac.authorization.k8s.io/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'helm.toolkit.fluxcd.io/v2': '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2',
  'source.toolkit.fluxcd.io/v1': '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1',
  'kustomize.toolkit.fluxcd.io/v1': '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
  'storage.k8s.io/v1': 'kubernetes-models/storage.k8s.io/v1',
  'argoproj.io/v1alpha1': '@kubernetes-models/argo-cd/argoproj.io/v1alpha1',
  'cert-manager.io/v1': '@kubernetes-models/cert-manager/cert-manager.io/v1',
};

/** K3s' helm.cattle.io/v1 HelmChartConfig: only spec.valuesContent (a YAML string) and spec.failurePolicy. */
function checkHelmChartConfig(obj: any): string[] {
  const errors: string[] = [];
  for (const k of Object.keys(obj.spec ?? {})) if (!['valuesContent', 'failurePolicy'].includes(k)) errors.push(`spec.${k} is not a field of HelmChartConfig`);
  if (typeof obj.spec?.valuesContent !== 'string') errors.push('spec.valuesContent must be a string');
  else {
    try { parseAllDocuments(obj.spec.valuesContent).forEach((d) => { if (d.errors.length) throw d.errors[0]; }); } catch (e) { errors.push(`spec.valuesContent is not YAML: ${String(e)}`); }
  }
  return errors;
}

/**
 * The fields of object `o` at `at` against a CRD's `fields` (name -> type:
 * string, boolean, integer, object, string[]): unknown fields and wrong
 * types, each named.
 */
function crdFieldErrors(o: any, at: string, fields: Record<string, string>, kind: string): string[] {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return [`${at} must be an object`];
  const errors: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    const type = fields[k];
    if (!type) errors.push(`${at}.${k} is not a field of ${kind}`);
    else if (type === 'string[]' ? !(Array.isArray(v) && v.every((x) => typeof x === 'string')) : type === 'integer' ? !Number.isInteger(v) : type !== 'object' && typeof v !== type) {
      errors.push(`${at}.${k} must be ${type}`);
    }
  }
  return errors;
}

/**
 * traefik.io/v1alpha1 Middleware: only redirectRegex (what gitops/ uses),
 * with the fields of Traefik's CRD; the regex must compile.
 */
function checkTraefikMiddleware(obj: any): string[] {
  const spec = obj.spec ?? {};
  const errors = Object.keys(spec).filter((k) => k !== 'redirectRegex').map((k) => `spec.${k}: only redirectRegex middlewares are validated here`);
  const rr = spec.redirectRegex;
  if (!rr || typeof rr !== 'object') return [...errors, 'spec.redirectRegex is required'];
  errors.push(...crdFieldErrors(rr, 'spec.redirectRegex', { regex: 'string', replacement: 'string', permanent: 'boolean' }, 'traefik.io/v1alpha1 Middleware'));
  for (const k of ['regex', 'replacement']) if (rr[k] === undefined) errors.push(`spec.redirectRegex.${k} is required`);
  if (typeof rr.regex === 'string') {
    try { new RegExp(rr.regex); } catch (e) { errors.push(`spec.redirectRegex.regex does not compile: ${String(e)}`); }
  }
  return errors;
}

/** longhorn.io/v1beta2 Node: the spec fields of Longhorn 1.11's CRD. */
function checkLonghornNode(obj: any): string[] {
  const kind = 'longhorn.io/v1beta2 Node';
  const errors: string[] = [];
  if (!obj.metadata?.name) errors.push('metadata.name is required');
  errors.push(...crdFieldErrors(obj.spec ?? {}, 'spec', { allowScheduling: 'boolean', disks: 'object', evictionRequested: 'boolean', instanceManagerCPURequest: 'integer', name: 'string', tags: 'string[]' }, kind));
  for (const [name, disk] of Object.entries<any>(obj.spec?.disks ?? {})) {
    errors.push(...crdFieldErrors(disk, `spec.disks.${name}`, { allowScheduling: 'boolean', diskDriver: 'string', diskType: 'string', evictionRequested: 'boolean', path: 'string', storageReserved: 'integer', tags: 'string[]' }, kind));
    if (typeof disk?.path !== 'string') errors.push(`spec.disks.${name}.path is required`);
  }
  return errors;
}

export async function validateObject(obj: any): Promise<string[]> {
  const where = `${obj?.apiVersion} ${obj?.kind} ${obj?.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${obj?.metadata?.name}`;
  if (obj?.apiVersion === 'longhorn.io/v1beta2' && obj.kind === 'Node') return checkLonghornNode(obj).map((e) => `${where}: ${e}`);
  if (obj?.apiVersion === 'traefik.io/v1alpha1' && obj.kind === 'Middleware') return checkTraefikMiddleware(obj).map((e) => `${where}: ${e}`);
  if (obj?.apiVersion === 'helm.cattle.io/v1' && obj.kind === 'HelmChartConfig') return checkHelmChartConfig(obj).map((e) => `${where}: ${e}`);
  const pkg = PACKAGES[obj?.apiVersion];
  if (!pkg) return [`${where}: no schema known for apiVersion ${obj?.apiVersion}`];
  const mod = await importEsm(pkg);
  const Model = mod[obj.kind];
  if (!Model) return [`${where}: no schema known for kind ${obj.kind} in ${obj.apiVersion}`];
  try {
    new Model(obj).validate();
    return [];
  } catch (err) {
    return [`${where}: ${err instanceof Error ? err.message : String(err)}`];
  }
}

export async function validateKustomization(dir: string): Promise<{ objects: number; errors: string[] }> {
  const built = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  if (built.error) throw new Error('kubectl is not installed (Debian package kubernetes-client, or the machine image\'s kubectl)');
  if (built.status !== 0) return { objects: 0, errors: [`kubectl kustomize ${dir}: ${built.stderr.trim()}`] };
  const docs = parseAllDocuments(built.stdout).map((d) => d.toJS()).filter(Boolean);
  const errors = (await Promise.all(docs.map(validateObject))).flat();
  return { objects: docs.length, errors };
}

async function main(): Promise<void> {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) throw new Error('usage: validate-manifests.js <kustomization dir> ...');
  let failed = false;
  for (const dir of dirs) {
    const r = await validateKustomization(dir);
    if (r.errors.length) {
      failed = true;
      console.log(`FAIL ${dir}\n  ${r.errors.join('\n  ')}`);
    } else {
      console.log(`ok ${dir}: ${r.objects} objects`);
    }
  }
  if (failed) process.exit(1);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`validate-manifests: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
