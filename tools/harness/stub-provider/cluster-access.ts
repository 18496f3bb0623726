/**
 * How the stub helm and kubernetes providers reach "the cluster": as the
 * real ones do, through the host in their provider configuration. Refresh
 * and apply of their resources open a TCP connection to that host (the test
 * hosts' 6443, where the K3s double answers) and fail the way the real
 * providers fail when nothing answers or the host is unknown. The stub
 * never speaks HTTP/TLS: a host that accepts a connection counts as a
 * cluster that answers (simplification: certificates and credentials are
 * not checked, only whether they are known).
 *
 * Sources, at the pinned versions (package.json's @cdktf/provider-helm 12.1.2
 * wraps hashicorp/helm 3.1.1, @cdktf/provider-kubernetes 12.1.1 wraps
 * hashicorp/kubernetes 2.38.0):
 * - unknown config: helm/provider.go `(*HelmProvider).Configure` (v3.1.1) and
 *   kubernetes/provider.go `ConfigureProvider`/`providerConfigure` (v2.38.0)
 *   defer only when the client allows deferral (Terraform and OpenTofu do
 *   not, outside experiments); otherwise unknown values configure as empty,
 *   and an empty host is client-go's default http://localhost;
 * - helm_release refresh: helm/resource_helm_release.go `(*HelmRelease).Read`
 *   calls `resourceReleaseExists`, which returns false on any error; Read then
 *   removes the release from state (the error is dropped), so the plan
 *   shows the release to be *created*;
 * - helm apply: `(*HelmRelease).Create` ("Error checking installed release":
 *   "Failed to determine if release exists: ...") and Update/Delete go
 *   through helm's action API, whose pkg/kube `(*Client).IsReachable`
 *   (helm.sh/helm/v3 v3.18.4, the provider's go.mod) wraps the error as
 *   "Kubernetes cluster unreachable: <client-go error>";
 * - kubernetes_* refresh and apply: kubernetes/resource_kubernetes_namespace_v1.go
 *   `resourceKubernetesNamespaceV1Read` (and every SDKv2 resource alike)
 *   returns client-go's error (`Get "<url>": dial tcp <addr>: connect:
 *   connection refused`) as the diagnostic: the refresh fails.
 */
import { connect } from 'net';
import { isObject, UNKNOWN, Value } from './msgpack';

type Obj = { [key: string]: Value };

/** What the provider configuration says about the cluster. */
export interface ClusterAccess {
  /** host:port to connect to; undefined when the host is unknown or empty (client-go's http://localhost). */
  readonly address?: { host: string; port: number };
  /** The URL as client-go would print it. */
  readonly url: string;
  /** Why the configuration cannot reach a cluster, when it cannot. */
  readonly unknown: boolean;
}

const CREDENTIALS = ['host', 'cluster_ca_certificate', 'client_certificate', 'client_key'];

/** The kubernetes provider's top-level attributes, or helm's `kubernetes` attribute (object or one-element list). */
export function clusterAccess(config: Value): ClusterAccess {
  let block: Value = isObject(config) ? config : null;
  if (isObject(block) && 'kubernetes' in block) {
    const k = block.kubernetes;
    block = Array.isArray(k) ? (k[0] ?? null) : k;
  }
  if (block === UNKNOWN || !isObject(block) || CREDENTIALS.some((c) => block !== null && isObject(block) && block[c] === UNKNOWN)) {
    return { url: 'http://localhost', unknown: true };
  }
  const host = typeof block.host === 'string' ? block.host : '';
  if (!host) return { url: 'http://localhost', unknown: true };
  const u = new URL(/^[a-z]+:\/\//.test(host) ? host : `https://${host}`);
  const port = Number(u.port || (u.protocol === 'http:' ? 80 : 443));
  return { address: { host: u.hostname, port }, url: `${u.protocol}//${u.host}`, unknown: false };
}

/** client-go's error for a request to `path` that found nothing listening. */
function refused(access: ClusterAccess, path: string): string {
  // An unknown host is http://localhost: the stub does not dial it (something else may listen there on a test machine).
  const dial = access.address ? `${access.address.host}:${access.address.port}` : '[::1]:80';
  return `Get "${access.url}${path}": dial tcp ${dial}: connect: connection refused`;
}

/** Resolves true when a TCP connection to the address opens within `timeoutMs`. */
export function answers(access: ClusterAccess, timeoutMs = 3000): Promise<boolean> {
  const a = access.address;
  if (!a || access.unknown) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect({ host: a.host, port: a.port });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface Diagnostic { readonly severity: number; readonly summary: string; readonly detail: string }
const error = (summary: string, detail: string): Diagnostic[] => [{ severity: 1, summary, detail }];

/** Types the cluster check applies to: every resource of the helm and kubernetes providers. */
export const needsCluster = (type: string): boolean => /^(helm|kubernetes)_/.test(type);

/**
 * Refresh of an existing resource: `undefined` when the cluster answers
 * (read as usual), else what the real provider returns: helm drops the
 * release from state (`{ gone: true }`), kubernetes fails the refresh.
 */
export async function refreshWithoutCluster(type: string, state: Obj, access: ClusterAccess): Promise<{ gone: true } | { diagnostics: Diagnostic[] } | undefined> {
  if (await answers(access)) return undefined;
  if (type.startsWith('helm_')) return { gone: true };
  const meta = Array.isArray(state.metadata) && isObject(state.metadata[0]) ? state.metadata[0] : {};
  const ns = typeof meta.namespace === 'string' && meta.namespace ? `/namespaces/${meta.namespace}` : '';
  const name = typeof meta.name === 'string' ? meta.name : String(state.id ?? '');
  const path = type.startsWith('kubernetes_namespace') ? `/api/v1/namespaces/${name}` : `/api/v1${ns}/${type.replace(/^kubernetes_|_v\d+$/g, '')}s/${name}`;
  return { diagnostics: error(refused(access, path), '') };
}

/** Create, update or destroy: the error the real provider returns when the cluster does not answer, else undefined. */
export async function applyWithoutCluster(type: string, access: ClusterAccess): Promise<Diagnostic[] | undefined> {
  if (await answers(access)) return undefined;
  if (type.startsWith('helm_')) {
    return error('Error checking installed release', `Failed to determine if release exists: Kubernetes cluster unreachable: ${refused(access, '/version')}`);
  }
  return error(refused(access, '/api/v1'), '');
}
