/**
 * Durations and sizes, in one place for the settings schemas and the
 * constructs (no cdktf here).
 */

/** A wait or timeout in whole seconds: 1 second to 1 day. */
export function isWaitSeconds(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 86400;
}
export const WAIT_SECONDS_RULE = 'must be a whole number of seconds from 1 to 86400';

/** Terraform's duration for a connection timeout: minutes when whole (300 -> 5m), else seconds. */
export function terraformDuration(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/** Prometheus duration: one or more <number><unit> pairs, e.g. 15d, 1w2d, 12h; not zero. */
export function isPrometheusDuration(s: string): boolean {
  return /^([0-9]+(ms|s|m|h|d|w|y))+$/.test(s) && /[1-9]/.test(s);
}
export const PROMETHEUS_DURATION_RULE = 'must be a Prometheus duration like 15d or 30d (units ms, s, m, h, d, w, y)';

/** Kubernetes quantity for a volume size: a positive amount of bytes. */
export function isStorageQuantity(s: string): boolean {
  return /^([0-9]+(\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.test(s) && Number(/^[0-9.]+/.exec(s)![0]) > 0;
}
export const STORAGE_QUANTITY_RULE = 'must be a positive Kubernetes quantity like 10Gi';
