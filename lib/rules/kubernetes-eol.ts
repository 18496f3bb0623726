/**
 * End of life of each Kubernetes minor that K3s releases track (no cdktf
 * here: synth and `npm run review` both print the notice). K3s ships one
 * release line per Kubernetes minor and stops patching a line when
 * Kubernetes does.
 *
 * Source: the "End Of Life Date" of each release series on
 * https://kubernetes.io/releases/ (e.g. https://kubernetes.io/releases/1.34/),
 * read 2026-11-30. Add a row when a new minor comes out.
 */
import { K3S_VERSION } from './k3s-version';

export const KUBERNETES_EOL_SOURCE = 'https://kubernetes.io/releases/';

/** Kubernetes minor (1.<minor>) -> last day of upstream patch support (UTC). */
export const KUBERNETES_END_OF_LIFE: Readonly<Record<number, string>> = Object.freeze({
  25: '2023-10-28',
  26: '2024-02-28',
  27: '2024-06-28',
  28: '2024-10-28',
  29: '2025-02-28',
  30: '2025-06-28',
  31: '2025-10-28',
  32: '2026-02-28',
  33: '2026-06-28',
  34: '2026-10-27',
  35: '2027-02-28',
  36: '2027-06-28',
});

export type SupportStatus =
  | { readonly kind: 'supported'; readonly minor: number; readonly endOfLife: string }
  | { readonly kind: 'end-of-life'; readonly minor: number; readonly endOfLife: string }
  /** Older than the table (long past end of life) or newer (not in the table yet). */
  | { readonly kind: 'unknown'; readonly minor?: number };

/** Whether a K3s release's Kubernetes minor is still patched upstream on `today` (YYYY-MM-DD, UTC). */
export function supportStatus(k3sVersion: string, today: string): SupportStatus {
  const m = K3S_VERSION.exec(k3sVersion);
  if (!m) return { kind: 'unknown' };
  const minor = Number(m[1]);
  const endOfLife = KUBERNETES_END_OF_LIFE[minor];
  if (!endOfLife) {
    const oldest = Math.min(...Object.keys(KUBERNETES_END_OF_LIFE).map(Number));
    return minor < oldest ? { kind: 'end-of-life', minor, endOfLife: `before ${KUBERNETES_END_OF_LIFE[oldest]}` } : { kind: 'unknown', minor };
  }
  return today > endOfLife ? { kind: 'end-of-life', minor, endOfLife } : { kind: 'supported', minor, endOfLife };
}

/** The minors still supported on `today`, oldest first (for the docs and the notice). */
export function supportedMinors(today: string): number[] {
  return Object.entries(KUBERNETES_END_OF_LIFE).filter(([, eol]) => today <= eol).map(([m]) => Number(m)).sort((a, b) => a - b);
}

/** Today's date in UTC as YYYY-MM-DD. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The one-line notice for a stack whose K3s minor is past end of life, or
 * undefined when it is supported (or not in the table).
 */
export function endOfLifeNotice(stack: string, k3sVersion: string, today: string): string | undefined {
  const s = supportStatus(k3sVersion, today);
  if (s.kind !== 'end-of-life') return undefined;
  const next = supportedMinors(today)[0];
  const upgrade = next === undefined ? '' : `: upgrade one minor at a time to v1.${next} or newer`;
  return `notice: ${stack}: K3s ${k3sVersion} is past end of life (Kubernetes v1.${s.minor} ended ${s.endOfLife}, ${KUBERNETES_EOL_SOURCE})${upgrade}, see docs/platform.md`;
}
