import { z } from 'zod';
import {
  CRON_RULE, DEFAULT_SNAPSHOT_CRON, DEFAULT_SNAPSHOT_RETENTION, DIRECTORY_RULE, isCronSchedule, isSnapshotDirectory, isSnapshotRetention, RETENTION_RULE,
} from '../rules/etcd-snapshots';
import { BUCKET_RULE, ENDPOINT_RULE, FOLDER_RULE, isS3Bucket, isS3Folder, isS3Region, parseS3Endpoint, REGION_RULE } from '../rules/s3';
import { plainString, refusedInSettings } from './rules';

/**
 * The optional `etcd_snapshots` block of the embedded-etcd environments
 * (chocolandiadc; k3s-gitops with 3 or more servers): K3s's scheduled
 * snapshots (docs.k3s.io/cli/etcd-snapshot) and an optional S3-compatible
 * copy. The bucket's keys never live here: the stack reads them from the
 * sensitive variables etcd_s3_access_key / etcd_s3_secret_key
 * (TF_VAR_etcd_s3_access_key, TF_VAR_etcd_s3_secret_key).
 */

const refusedKey = (variable: string) =>
  refusedInSettings(`set the sensitive variable ${variable} instead (export TF_VAR_${variable}=...)`);

const bool = z.boolean({ invalid_type_error: 'must be true or false' });

const s3Schema = z
  .object({
    endpoint: plainString.describe("https://host[:port] of the S3-compatible service, without path or credentials (http:// only with insecure = true)."),
    bucket: plainString.refine(isS3Bucket, BUCKET_RULE).describe("S3 bucket name: 3-63 lowercase letters, digits, dots, hyphens."),
    folder: plainString.refine(isS3Folder, FOLDER_RULE).optional().describe("Folder inside the bucket (k3s/chocolandiadc); default the bucket's top level."),
    region: plainString.refine(isS3Region, REGION_RULE).optional().describe("Region name (us-east-1, K3s's default)."),
    /** Lets `endpoint` be http:// (a LAN MinIO without TLS): the snapshots then travel unencrypted. */
    insecure: bool.default(false).describe("true allows an http:// endpoint: the snapshots then travel unencrypted."),
    access_key: refusedKey('etcd_s3_access_key').describe("Refused: set TF_VAR_etcd_s3_access_key (a sensitive variable) instead."),
    secret_key: refusedKey('etcd_s3_secret_key').describe("Refused: set TF_VAR_etcd_s3_secret_key (a sensitive variable) instead."),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (!parseS3Endpoint(s.endpoint, s.insecure)) {
      ctx.addIssue({ code: 'custom', path: ['endpoint'], message: s.insecure ? ENDPOINT_RULE.replace(' (http:// only with insecure = true)', '') : ENDPOINT_RULE });
    }
  });

export const etcdSnapshotSchema = z
  .object({
    schedule_cron: plainString.refine(isCronSchedule, CRON_RULE).default(DEFAULT_SNAPSHOT_CRON).describe("When K3s snapshots etcd: cron with 5 fields (minute hour day-of-month month day-of-week) or @daily, @hourly, @every 6h."),
    retention: z.number({ invalid_type_error: 'must be a number' }).refine(isSnapshotRetention, RETENTION_RULE).default(DEFAULT_SNAPSHOT_RETENTION).describe("Snapshots kept per server (and in S3): 1 to 1000."),
    directory: plainString.refine(isSnapshotDirectory, DIRECTORY_RULE).optional().describe("Absolute directory of the snapshots on each server; default K3s's /var/lib/rancher/k3s/server/db/snapshots."),
    s3: s3Schema.optional().describe("A copy of every snapshot in an S3-compatible bucket (MinIO, Garage, a NAS, AWS); keys from TF_VAR_etcd_s3_access_key / TF_VAR_etcd_s3_secret_key."),
  })
  .strict();

export type EtcdSnapshotInput = z.infer<typeof etcdSnapshotSchema>;

/** Where K3s copies its snapshots besides each server's disk. */
export interface EtcdSnapshotS3Settings {
  /** https://host[:port] (http:// only when `insecure`). */
  readonly endpoint: string;
  readonly bucket: string;
  readonly folder?: string;
  readonly region?: string;
  readonly insecure: boolean;
}

export interface EtcdSnapshotSettings {
  readonly scheduleCron: string;
  readonly retention: number;
  /** @default - K3s's ${data-dir}/server/db/snapshots */
  readonly directory?: string;
  readonly s3?: EtcdSnapshotS3Settings;
}

export function toEtcdSnapshotSettings(input: EtcdSnapshotInput): EtcdSnapshotSettings {
  const s3 = input.s3;
  return {
    scheduleCron: input.schedule_cron,
    retention: input.retention,
    ...(input.directory !== undefined ? { directory: input.directory } : {}),
    ...(s3 ? {
      s3: {
        endpoint: s3.endpoint,
        bucket: s3.bucket,
        ...(s3.folder !== undefined ? { folder: s3.folder } : {}),
        ...(s3.region !== undefined ? { region: s3.region } : {}),
        insecure: s3.insecure,
      },
    } : {}),
  };
}
