import { z } from 'zod';
import { isK3sVersion, K3S_VERSION_RULE } from '../rules/k3s-version';
import { DNS_LABEL_RULE, isDnsLabel, isIpv4, isTcpPort, TCP_PORT_RULE } from '../rules/network';
import { isPrometheusDuration, isStorageQuantity, PROMETHEUS_DURATION_RULE, STORAGE_QUANTITY_RULE } from '../rules/quantities';
import { hasUrlCredentials, maskUrlPassword, URL_CREDENTIALS_RULE } from '../rules/url-credentials';

export { isIpv4, maskUrlPassword };
import { isSshPublicKey, SSH_HOST_KEY_RULE, SSH_PUBLIC_KEY_RULE } from '../rules/ssh-key';

/**
 * Field rules shared by every environment. Each message states the rule, so
 * that "<field> = <value>: <message>" reads as a complete sentence.
 */

/**
 * A settings string is data, never code: `${...}` or `%{...}` would become a
 * Terraform interpolation once written into the JSON.
 */
export const plainString = z
  .string({ invalid_type_error: 'must be a string' })
  .refine((s) => !/[$%]\{/.test(s), 'must not contain a template sequence (${ or %{)');

export const nonEmptyString = plainString.refine((s) => s.trim().length > 0, 'must not be empty');

/** RFC 1123 label: what Kubernetes and DNS accept as a name. */
export const dnsLabel = plainString.refine(isDnsLabel, DNS_LABEL_RULE);

/** K3s release tags, e.g. v1.28.3+k3s1. */
export const k3sVersion = plainString.refine(isK3sVersion, K3S_VERSION_RULE);

export const ipv4 = plainString.refine(isIpv4, 'must be an IPv4 address like 192.168.1.101');

/** An IPv4 network `a.b.c.d/len` with a prefix length from 8 to `maxPrefix`. */
export function ipv4Network(maxPrefix: number, rule: string) {
  return plainString.refine((s) => {
    const [ip, len, ...rest] = s.split('/');
    return rest.length === 0 && isIpv4(ip) && /^\d{1,2}$/.test(len ?? '') && Number(len) >= 8 && Number(len) <= maxPrefix;
  }, rule);
}

/** Prometheus duration: one or more <number><unit> pairs, e.g. 15d, 1w2d, 12h. */
export const prometheusDuration = plainString.refine(isPrometheusDuration, PROMETHEUS_DURATION_RULE);

/** Kubernetes quantity for a volume size; must be a positive amount of bytes. */
export const storageQuantity = plainString.refine(isStorageQuantity, STORAGE_QUANTITY_RULE);

/**
 * A POSIX user name (useradd's default rule): it reaches ssh as a word, so
 * `-oProxyCommand=...` must never pass for one.
 */
export const posixUser = plainString.refine(
  (s) => /^[a-z_][a-z0-9_-]{0,31}$/.test(s),
  'must be a user name: lowercase letters, digits, _ and -, starting with a letter or _, at most 32 characters',
);

/** One OpenSSH public key line (authorized keys). */
export const sshPublicKey = plainString.refine(isSshPublicKey, SSH_PUBLIC_KEY_RULE);

/**
 * A node's SSH host key: Terraform's connections and the operator-side
 * scripts refuse any other key the address answers with.
 */
export const sshHostKey = plainString.refine(isSshPublicKey, SSH_HOST_KEY_RULE);

/** Secrets encrypted at rest on the servers from their first start (K3s' secrets-encryption). */
export const secretsEncryption = z.boolean({ invalid_type_error: 'must be true or false' }).default(true)
  .describe('true (default): servers encrypt Secrets at rest (K3s secrets-encryption) from their first install; an installed server keeps what it started with. Rotation and existing clusters: docs/ssh-and-tokens.md.');

/** A TCP port number. */
export const tcpPort = z.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').refine(isTcpPort, TCP_PORT_RULE);

export function matching(pattern: RegExp, rule: string) {
  return plainString.refine((s) => pattern.test(s), rule);
}

/**
 * A Git repository URL without a password or token in it: the URL ends up
 * in plans, state and Git; credentials belong to Argo CD or Flux. The
 * problem shows the URL with the secret masked (`maskValue`).
 */
export function gitUrl(pattern: RegExp, rule: string) {
  return withoutCredentials(matching(pattern, rule), 'give the repository credentials to Argo CD or Flux instead');
}

/** `schema` refusing a URL with credentials (lib/rules/url-credentials), the URL shown masked; `instead` says where they belong. */
export function withoutCredentials(schema: z.ZodType<string>, instead: string) {
  return schema.refine((s) => !hasUrlCredentials(s), {
    message: `${URL_CREDENTIALS_RULE}: ${instead}`,
    params: { maskValue: maskUrlPassword },
  });
}

/** A secret written into the settings: refused, the value never echoed; `instead` says where it belongs. */
export function refusedInSettings(instead: string) {
  return z.unknown().refine(() => false, { message: `must not be in the settings: ${instead}`, params: { maskValue: () => '***' } }).optional();
}
