/**
 * Network value rules, in one place for the settings schemas and the
 * constructs (no cdktf here).
 */

export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** RFC 1123 label: what Kubernetes and DNS accept as a name (node names, namespaces, hostnames). */
export function isDnsLabel(s: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(s);
}

export const DNS_LABEL_RULE = 'must be DNS-compliant: lowercase letters, digits and hyphens, start and end alphanumeric, at most 63 characters';

/** A DNS name: dot-separated labels, at most 253 characters, not an IP address, e.g. k3s.home.lan. */
export function isDnsName(s: string): boolean {
  return s.length >= 1 && s.length <= 253 && s.split('.').every(isDnsLabel) && !/^[\d.]+$/.test(s);
}

export const DNS_NAME_RULE = 'must be a DNS name like cluster.local or k3s.home.lan (dot-separated DNS labels, at most 253 characters, not an IP address)';

export const API_ADDRESS_RULE = 'must be an IPv4 address or a DNS name (no scheme, no port), like 192.168.1.100 or k3s.home.lan';

/** Linux network interface names: 1 to 15 characters, no / or whitespace. */
export function isInterfaceName(s: string): boolean {
  return /^[A-Za-z0-9_.:-]{1,15}$/.test(s);
}

export function isTcpPort(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

export const TCP_PORT_RULE = 'must be a TCP port from 1 to 65535';

export const INTERFACE_RULE = 'must be a network interface name like eth0 or enp1s0 (1 to 15 letters, digits, _ . : -)';
