/**
 * The K3s version rule, in one place for the settings schema, the
 * constructs and the review (no cdktf here): release tags such as
 * v1.28.3+k3s1 or v1.30.0-rc1+k3s1, and how two of them relate. Kubernetes
 * supports upgrading one minor version at a time and no downgrade
 * (https://kubernetes.io/releases/version-skew-policy/); install-k3s.sh
 * enforces the same rule on the node.
 */
export const K3S_VERSION = /^v1\.(\d{1,3})\.(\d{1,3})(?:-rc(\d+))?\+k3s(\d+)$/;

export const K3S_VERSION_RULE = 'must be a K3s release like v1.28.3+k3s1';

export function isK3sVersion(value: string): boolean {
  return K3S_VERSION.test(value);
}

/** [minor, patch, rc (a release sorts after its rcs), k3sN] */
function key(version: string): number[] | undefined {
  const m = K3S_VERSION.exec(version);
  return m ? [Number(m[1]), Number(m[2]), m[3] === undefined ? Number.MAX_SAFE_INTEGER : Number(m[3]), Number(m[4])] : undefined;
}

export type VersionChange =
  | { readonly kind: 'same' | 'upgrade' | 'unknown' }
  | { readonly kind: 'downgrade' }
  | { readonly kind: 'skip'; readonly nextMinor: string };

/** What changing a node from `from` to `to` means for the version guard. */
export function versionChange(from: string, to: string): VersionChange {
  const a = key(from);
  const b = key(to);
  if (!a || !b) return { kind: 'unknown' };
  const cmp = b.map((x, i) => Math.sign(x - a[i])).find((s) => s !== 0) ?? 0;
  if (cmp === 0) return { kind: 'same' };
  if (cmp < 0) return { kind: 'downgrade' };
  if (b[0] > a[0] + 1) return { kind: 'skip', nextMinor: `v1.${a[0] + 1}` };
  return { kind: 'upgrade' };
}
