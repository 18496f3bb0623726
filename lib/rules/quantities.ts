/**
 * Durations and sizes, in one place for the settings schemas and the
 * constructs (no cdktf here).
 */

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
