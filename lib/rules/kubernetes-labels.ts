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
