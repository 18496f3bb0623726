/**
 * Rules of K3s's etcd snapshot settings, in one place for the settings
 * schema, the K3s cluster construct and the review (no cdktf here). The
 * keys and their defaults are K3s's (docs.k3s.io/cli/etcd-snapshot):
 * `etcd-snapshot-schedule-cron` (default `0 *\/12 * * *`),
 * `etcd-snapshot-retention` (default 5), `etcd-snapshot-dir`, and the
 * `etcd-s3*` keys of an S3-compatible target.
 */

/** K3s's default schedule: at 00:00 and 12:00. */
export const DEFAULT_SNAPSHOT_CRON = '0 */12 * * *';
export const DEFAULT_SNAPSHOT_RETENTION = 5;

/** [min, max] of each field of a standard 5-field cron spec. */
const CRON_FIELDS: readonly [number, number][] = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
const CRON_DESCRIPTORS = /^@(yearly|annually|monthly|weekly|daily|midnight|hourly)$/;
const CRON_EVERY = /^@every ([0-9]+(ns|us|ms|s|m|h))+$/;

export const CRON_RULE =
  'must be a cron schedule like "0 */12 * * *" (5 fields: minute hour day-of-month month day-of-week; numbers, *, ranges a-b, steps /n, lists a,b) or @daily, @hourly, @every 6h';

/**
 * A schedule K3s's parser (robfig/cron, standard spec) accepts: 5 numeric
 * fields with *, ranges, steps and lists, or a descriptor.
 */
export function isCronSchedule(spec: string): boolean {
  if (CRON_DESCRIPTORS.test(spec) || CRON_EVERY.test(spec)) return true;
  const fields = spec.trim().split(/\s+/);
  if (fields.length !== 5) return false;
  return fields.every((field, i) => {
    const [min, max] = CRON_FIELDS[i];
    return field.split(',').every((part) => {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
      if (!m) return false;
      const [, , a, b, step] = m;
      if (step !== undefined && Number(step) < 1) return false;
      if (a === undefined) return true;
      const lo = Number(a); const hi = b === undefined ? lo : Number(b);
      return lo >= min && hi <= max && lo <= hi;
    });
  });
}

export const RETENTION_RULE = 'must be a whole number of snapshots from 1 to 1000';

export function isSnapshotRetention(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 1000;
}

export const DIRECTORY_RULE = 'must be an absolute directory path like /var/lib/rancher/k3s/server/db/snapshots (no spaces, no ..)';

export function isSnapshotDirectory(path: string): boolean {
  return /^\/[A-Za-z0-9._/-]*$/.test(path) && !path.split('/').includes('..');
}
