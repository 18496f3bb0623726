import { z } from 'zod';
import {
  CONCURRENCY_RULE, DEFAULT_BACKUP_JOB, DEFAULT_POLL_INTERVAL_SECONDS, DEFAULT_SNAPSHOT_JOB, isConcurrency, isJobCron, isPollInterval, isRetain, JOB_CRON_RULE,
  KNOWN_S3_KEYS, parseBackupTarget, POLL_INTERVAL_RULE, REQUIRED_S3_KEYS, RETAIN_RULE,
} from '../rules/longhorn-backup';
import { nonEmptyString, plainString, refusedInSettings } from './rules';

/**
 * The optional `longhorn_backup` block of k3s-homelab and k3s-gitops: Longhorn's default
 * backup target (NFS or S3) and two recurring jobs (snapshot, backup) for
 * every volume of Longhorn's `default` group. An S3 target's keys and
 * endpoint never live here: they come from the JSON file
 * `credentials_file`, or else from the sensitive variable
 * longhorn_backup_credentials (TF_VAR_longhorn_backup_credentials), both a
 * map of the credential Secret's keys as Longhorn names them.
 */

const CREDENTIALS = `put it in credentials_file, or in the sensitive variable longhorn_backup_credentials (TF_VAR_longhorn_backup_credentials='{"AWS_ACCESS_KEY_ID":"...","AWS_SECRET_ACCESS_KEY":"...","AWS_ENDPOINTS":"https://minio.lan:9000"}')`;

const whole = (rule: string, ok: (n: number) => boolean) => z.number({ invalid_type_error: 'must be a number' }).refine(ok, rule);

const job = (what: string, d: { cron: string; retain: number; concurrency: number }) => z
  .object({
    cron: plainString.refine(isJobCron, JOB_CRON_RULE).default(d.cron).describe(`When the ${what} runs: cron with 5 fields (minute hour day-of-month month day-of-week) or @daily, @hourly.`),
    retain: whole(RETAIN_RULE, isRetain).default(d.retain).describe(`${what === 'backup' ? 'Backups' : 'Snapshots'} kept per volume, 1 to 100.`),
    concurrency: whole(CONCURRENCY_RULE, isConcurrency).default(d.concurrency).describe('Volumes the job works on at once.'),
  })
  .strict()
  .default({});

export const longhornBackupSchema = z
  .object({
    target: plainString.describe("Longhorn's backup target: nfs://<host>:/<export path> (NFSv4, optionally ?nfsOptions=...) or s3://<bucket>@<region>/[<folder>/] (MinIO, Garage, a NAS, AWS; region us-east-1 when the store has none)."),
    credentials_file: nonEmptyString.optional().describe(`S3 only: a JSON file on the operator's machine (~ allowed, read at plan) with the credential Secret's keys: ${REQUIRED_S3_KEYS.join(', ')}, optionally ${KNOWN_S3_KEYS.slice(REQUIRED_S3_KEYS.length).join(', ')} (AWS_ENDPOINTS: https://host:port of a store that is not AWS). Unset: the sensitive variable longhorn_backup_credentials, the same map (TF_VAR_longhorn_backup_credentials).`),
    poll_interval_seconds: whole(POLL_INTERVAL_RULE, isPollInterval).default(DEFAULT_POLL_INTERVAL_SECONDS).describe(`How often Longhorn lists the backupstore for new backups, in seconds (0: never).`),
    snapshot: job('snapshot', DEFAULT_SNAPSHOT_JOB).describe('The recurring snapshot job { cron, retain, concurrency } (snapshots stay on the nodes\' disks).'),
    backup: job('backup', DEFAULT_BACKUP_JOB).describe('The recurring backup job { cron, retain, concurrency } (to the target).'),
    access_key: refusedInSettings(CREDENTIALS).describe('Refused: use credentials_file or TF_VAR_longhorn_backup_credentials.'),
    secret_key: refusedInSettings(CREDENTIALS).describe('Refused: use credentials_file or TF_VAR_longhorn_backup_credentials.'),
    endpoint: refusedInSettings(CREDENTIALS).describe('Refused: AWS_ENDPOINTS goes in credentials_file or TF_VAR_longhorn_backup_credentials.'),
    credentials: refusedInSettings(CREDENTIALS).describe('Refused: use credentials_file or TF_VAR_longhorn_backup_credentials.'),
  })
  .strict()
  .superRefine((s, ctx) => {
    const parsed = parseBackupTarget(s.target);
    if ('rule' in parsed) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: parsed.rule });
    } else if (parsed.target.kind === 'nfs' && s.credentials_file !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['credentials_file'], message: 'must be unset for an nfs:// target (Longhorn mounts NFS without credentials)' });
    }
  });

export type LonghornBackupInput = z.infer<typeof longhornBackupSchema>;

export interface LonghornRecurringJobSettings {
  readonly cron: string;
  readonly retain: number;
  readonly concurrency: number;
}

export interface LonghornBackupSettings {
  /** nfs://host:/path or s3://bucket@region/[folder/]. */
  readonly target: string;
  /** S3: a JSON file with the credential Secret's keys; unset means the sensitive variable longhorn_backup_credentials. */
  readonly credentialsFile?: string;
  readonly pollIntervalSeconds: number;
  readonly snapshot: LonghornRecurringJobSettings;
  readonly backup: LonghornRecurringJobSettings;
}

export function toLonghornBackupSettings(i: LonghornBackupInput): LonghornBackupSettings {
  return {
    target: i.target,
    ...(i.credentials_file !== undefined ? { credentialsFile: i.credentials_file } : {}),
    pollIntervalSeconds: i.poll_interval_seconds,
    snapshot: { ...i.snapshot },
    backup: { ...i.backup },
  };
}
