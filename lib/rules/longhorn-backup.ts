/**
 * Rules of Longhorn's backups (chart 1.11.3, the version
 * gitops/infrastructure/storage/longhorn/base/helmrelease.yaml pins), in one
 * place for the settings schema and the LonghornBackup construct (no cdktf
 * here). Sources, Longhorn 1.11.3 docs:
 * - snapshots-and-backups/backup-and-restore/set-backup-target: the target
 *   URL (`nfs://<host>:/<path>`, `s3://<bucket>@<region>/[<folder>/]` with
 *   the trailing `/`), the credential Secret's keys (AWS_ACCESS_KEY_ID,
 *   AWS_SECRET_ACCESS_KEY, AWS_ENDPOINTS, AWS_CERT, VIRTUAL_HOSTED_STYLE,
 *   HTTP_PROXY, HTTPS_PROXY, NO_PROXY), the poll interval (seconds, 300).
 * - snapshots-and-backups/scheduling-backups-and-snapshots: RecurringJob
 *   `cron`, `retain` and `concurrency` (each at least 1), group `default`.
 * - enhancements/20230821-customize-maximum-recurring-job-retain-number:
 *   `retain` at most the setting recurring-job-max-retention (default 100).
 * The S3 parts (bucket, region, folder) are the rules of lib/rules/s3.ts.
 */
import { isCronSchedule } from './etcd-snapshots';
import { BUCKET_RULE, FOLDER_RULE, isS3Bucket, isS3Folder, isS3Region, REGION_RULE } from './s3';

/**
 * The ConfigMap of Longhorn chart values that the HelmRelease in
 * gitops/infrastructure/storage/longhorn/base/helmrelease.yaml reads with
 * `valuesFrom` (optional: absent, the chart keeps its values). Its
 * Terraform address, and the Secret's, are lib/core/addresses.ts's.
 */
export const LONGHORN_BACKUP_VALUES_CONFIGMAP = 'longhorn-backup-values';
export const LONGHORN_BACKUP_VALUES_KEY = 'values.yaml';
/** k3s-gitops: the Argo CD Application that installs Longhorn (gitops/argocd/bootstrap-apps/operators/longhorn.yaml); the root Application patches these values into it. */
export const LONGHORN_ARGOCD_APPLICATION = 'operator-longhorn';
/** The backup target's credential Secret (S3 only), in Longhorn's namespace as Longhorn requires. */
export const LONGHORN_BACKUP_CREDENTIALS_SECRET = 'longhorn-backup-credentials';
/** The RecurringJobs, both in Longhorn's `default` group: every volume without recurring job labels. */
export const SNAPSHOT_JOB_NAME = 'default-snapshot';
export const BACKUP_JOB_NAME = 'default-backup';

export const TARGET_RULE = 'must be a Longhorn backup target: nfs://<host>:/<export path> (NFSv4) or s3://<bucket>@<region>/[<folder>/]';

export type BackupTarget =
  | { readonly kind: 'nfs'; readonly host: string; readonly path: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly region: string; readonly folder?: string };

/**
 * The target, or the rule it breaks. NFS: a host name or IPv4 address, `:`
 * and an absolute export path, optionally `?nfsOptions=...` (kept as it
 * is). S3: the bucket, `@`, the region and an optional folder.
 */
export function parseBackupTarget(url: string): { target: BackupTarget } | { rule: string } {
  const nfs = /^nfs:\/\/([A-Za-z0-9.-]+):(\/[A-Za-z0-9._/-]*)(\?nfsOptions=[A-Za-z0-9=,._-]+)?$/.exec(url);
  if (nfs) {
    if (nfs[2].split('/').includes('..')) return { rule: `${TARGET_RULE} (no .. in the path)` };
    return { target: { kind: 'nfs', host: nfs[1], path: nfs[2] + (nfs[3] ?? '') } };
  }
  const s3 = /^s3:\/\/([^@/]*)@([^/]*)(?:\/(.*))?$/.exec(url);
  if (!s3) return { rule: TARGET_RULE };
  const [, bucket, region, rest] = s3;
  const folder = (rest ?? '').replace(/\/$/, '');
  if (!isS3Bucket(bucket)) return { rule: `the bucket ${JSON.stringify(bucket)} ${BUCKET_RULE}` };
  if (!isS3Region(region)) return { rule: `the region ${JSON.stringify(region)} ${REGION_RULE} (Longhorn needs one in the URL; MinIO and most homelab stores take us-east-1)` };
  if (folder !== '' && !isS3Folder(folder)) return { rule: `the folder ${JSON.stringify(folder)} ${FOLDER_RULE}` };
  return { target: { kind: 's3', bucket, region, ...(folder ? { folder } : {}) } };
}

/** The URL Longhorn is given: S3 always ends with `/` (Longhorn errors without it). */
export function backupTargetUrl(t: BackupTarget): string {
  return t.kind === 'nfs' ? `nfs://${t.host}:${t.path}` : `s3://${t.bucket}@${t.region}/${t.folder ? `${t.folder}/` : ''}`;
}

/** Longhorn runs each recurring job as a Kubernetes CronJob: 5 fields or a macro, not robfig's `@every`. */
export const JOB_CRON_RULE =
  'must be a cron schedule like "0 3 * * *" (5 fields: minute hour day-of-month month day-of-week; numbers, *, ranges a-b, steps /n, lists a,b) or @daily, @hourly, @weekly';

export function isJobCron(spec: string): boolean {
  return !spec.startsWith('@every') && isCronSchedule(spec);
}

/** Longhorn's default recurring-job-max-retention. */
export const MAX_RETAIN = 100;
export const RETAIN_RULE = `must be a whole number from 1 to ${MAX_RETAIN} (Longhorn's recurring-job-max-retention)`;

export function isRetain(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MAX_RETAIN;
}

export const CONCURRENCY_RULE = 'must be a whole number, at least 1 (how many volumes the job works on at once)';

export function isConcurrency(n: number): boolean {
  return Number.isInteger(n) && n >= 1;
}

export const POLL_INTERVAL_RULE = 'must be a whole number of seconds, 0 to turn polling off';

export function isPollInterval(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

/** Defaults: a snapshot every 6 hours (a day's worth kept), a backup every night (a week kept). */
export const DEFAULT_SNAPSHOT_JOB = { cron: '0 */6 * * *', retain: 4, concurrency: 1 } as const;
export const DEFAULT_BACKUP_JOB = { cron: '0 3 * * *', retain: 7, concurrency: 1 } as const;
export const DEFAULT_POLL_INTERVAL_SECONDS = 300;

/** Keys an S3 credential Secret must have, and every key Longhorn's docs name for it. */
export const REQUIRED_S3_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
export const KNOWN_S3_KEYS = [...REQUIRED_S3_KEYS, 'AWS_ENDPOINTS', 'AWS_CERT', 'VIRTUAL_HOSTED_STYLE', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY'] as const;

/** What the review says about a change of the backup values (the ConfigMap's chart values; undefined: no backups). */
export function backupChangeInWords(before: LonghornBackupValues | undefined, after: LonghornBackupValues | undefined): { notes: string[]; warnings: string[] } {
  const notes: string[] = [];
  const warnings: string[] = [];
  const target = (v: LonghornBackupValues) => v.defaultBackupStore?.backupTarget;
  const jobs = (v: LonghornBackupValues | undefined) => new Map((v?.extraObjects ?? []).map((j) => [j.metadata?.name, j.spec ?? {}]));
  const describe = (v: LonghornBackupValues) => [...jobs(v)].map(([name, j]) => `${name}: ${j.task} at "${j.cron}", ${j.retain} kept`).join('; ');
  if (!before && after) notes.push(`Longhorn backups start: target \`${target(after)}\`; ${describe(after)}.`);
  if (before && !after) {
    warnings.push(`Longhorn backups **stop**: the recurring jobs are deleted (Helm removes them with the backup values); the backups in \`${target(before)}\` stay there, and Longhorn may keep it as its default backup target until you clear it.`);
  }
  if (!before || !after) return { notes, warnings };
  if (target(before) !== target(after)) {
    warnings.push(`Longhorn's backup target \`${target(before)}\` → \`${target(after)}\`: new backups go to the new target; Longhorn no longer lists the backups in the old one (they stay there, restore needs it as a target again).`);
  }
  const was = jobs(before);
  for (const [name, j] of jobs(after)) {
    const b = was.get(name);
    if (b && typeof b.retain === 'number' && typeof j.retain === 'number' && j.retain < b.retain) {
      warnings.push(`Recurring job \`${name}\` keeps ${b.retain} → ${j.retain}: on its next run Longhorn deletes the oldest ${j.task === 'backup' ? 'backups' : 'snapshots'} beyond ${j.retain} per volume.`);
    }
  }
  return { notes, warnings };
}

/** The part of the chart values that backupChangeInWords reads. */
export interface LonghornBackupValues {
  readonly defaultBackupStore?: { readonly backupTarget?: string };
  readonly extraObjects?: readonly { readonly metadata?: { readonly name?: string }; readonly spec?: { readonly task?: string; readonly cron?: string; readonly retain?: number } }[];
}
