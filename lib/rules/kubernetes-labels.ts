/**
 * Kubernetes label rules (kubernetes.io/docs/concepts/overview/working-with-objects/labels/
 * #syntax-and-character-set), in one place for the settings schemas and the
 * constructs (no cdktf here).
 */

const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

/** `[prefix/]name`: prefix a DNS subdomain of at most 253 characters, name at most 63. */
export function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  return NAME.test(name) && (prefix === undefined || /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/.test(prefix));
}

export const LABEL_KEY_RULE = 'must be a Kubernetes label key ([prefix/]name, name at most 63 characters)';

/** Empty, or at most 63 letters, digits, `-`, `_` and `.`, starting and ending alphanumeric. */
export function isLabelValue(value: string): boolean {
  return value === '' || NAME.test(value);
}

export const LABEL_VALUE_RULE = 'must be a Kubernetes label value (at most 63 characters)';

/**
 * Label keys kubelet sets on its own Node (`--node-labels`, K3s'
 * `node-label`): kubelet refuses to start when a key under `kubernetes.io`
 * or `k8s.io` (or a subdomain of either) is not one of these
 * (kubernetes cmd/kubelet/app/options/options.go ValidateKubeletFlags:
 * "unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels").
 * The list: k8s.io/kubelet/pkg/apis/well_known_labels.go `kubeletLabels`.
 */
export const KUBELET_LABELS: readonly string[] = [
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
];

/** ... and any key in these namespaces or their subdomains (`kubeletLabelNamespaces`, same file). */
export const KUBELET_LABEL_NAMESPACES: readonly string[] = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

const labelNamespace = (key: string) => (key.includes('/') ? key.slice(0, key.indexOf('/')) : '');
const under = (ns: string, domain: string) => ns === domain || ns.endsWith(`.${domain}`);

/** A key in the `kubernetes.io` or `k8s.io` namespaces (kubelet's isKubernetesLabel). */
export function isKubernetesLabel(key: string): boolean {
  const ns = labelNamespace(key);
  return under(ns, 'kubernetes.io') || under(ns, 'k8s.io');
}

/** A label key kubelet accepts in --node-labels: outside kubernetes.io and k8s.io, or in its allowed list. */
export function isKubeletNodeLabelKey(key: string): boolean {
  if (!isKubernetesLabel(key)) return true;
  const ns = labelNamespace(key);
  return KUBELET_LABELS.includes(key) || KUBELET_LABEL_NAMESPACES.some((allowed) => under(ns, allowed));
}

export const KUBELET_NODE_LABEL_RULE = 'kubelet refuses to start with a label key under kubernetes.io or k8s.io it does not allow '
  + '(allowed: *.kubelet.kubernetes.io/*, *.node.kubernetes.io/*, and kubernetes.io/hostname, kubernetes.io/os, kubernetes.io/arch, '
  + 'topology.kubernetes.io/zone, topology.kubernetes.io/region and their beta forms); '
  + 'set others such as node-role.kubernetes.io/* through the API (kubectl label node) or use your own prefix';
