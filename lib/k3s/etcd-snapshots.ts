import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { validator } from '../core/validation';
import {
  CRON_RULE, DEFAULT_SNAPSHOT_CRON, DEFAULT_SNAPSHOT_RETENTION, DIRECTORY_RULE, isCronSchedule, isSnapshotDirectory, isSnapshotRetention, RETENTION_RULE,
} from '../rules/etcd-snapshots';
import { BUCKET_RULE, ENDPOINT_RULE, FOLDER_RULE, isS3Bucket, isS3Folder, isS3Region, parseS3Endpoint, REGION_RULE } from '../rules/s3';

/** An S3-compatible bucket K3s copies every snapshot to (docs.k3s.io/cli/etcd-snapshot, S3 options). */
export interface EtcdSnapshotS3Options {
  /** https://host[:port]; http:// only with `insecure`. */
  readonly endpoint: string;
  readonly bucket: string;
  /** @default - the bucket's top level */
  readonly folder?: string;
  /** @default - K3s's us-east-1 */
  readonly region?: string;
  /** Allow an http:// endpoint (`etcd-s3-insecure`). @default false */
  readonly insecure?: boolean;
  /** The access key as a Terraform reference (a sensitive variable), never a literal. */
  readonly accessKey: string;
  /** The secret key as a Terraform reference (a sensitive variable), never a literal. */
  readonly secretKey: string;
}

/** K3s's scheduled etcd snapshots on every server of an embedded-etcd cluster. */
export interface EtcdSnapshotOptions {
  /** @default '0 *\/12 * * *' (K3s's default: 00:00 and 12:00) */
  readonly scheduleCron?: string;
  /** Snapshots kept per server (and in S3). @default 5 */
  readonly retention?: number;
  /** @default - K3s's ${data-dir}/server/db/snapshots */
  readonly directory?: string;
  /** @default - snapshots stay on each server's disk only */
  readonly s3?: EtcdSnapshotS3Options;
}

/**
 * Checks the options with the construct's validator (construct path in
 * every error; unresolved tokens are left to Terraform).
 */
export function validateEtcdSnapshots(scope: IConstruct, o: EtcdSnapshotOptions): void {
  const { check, fail } = validator(scope);
  const optional = (field: string, value: string | number | undefined, ok: (v: any) => boolean, rule: string) => {
    if (value !== undefined) check(`etcdSnapshots.${field}`, value, ok, rule);
  };
  optional('scheduleCron', o.scheduleCron, isCronSchedule, CRON_RULE);
  optional('retention', o.retention, isSnapshotRetention, RETENTION_RULE);
  optional('directory', o.directory, isSnapshotDirectory, DIRECTORY_RULE);
  const s3 = o.s3;
  if (!s3) return;
  optional('s3.endpoint', s3.endpoint, (e: string) => parseS3Endpoint(e, s3.insecure ?? false) !== undefined, ENDPOINT_RULE);
  optional('s3.bucket', s3.bucket, isS3Bucket, BUCKET_RULE);
  optional('s3.folder', s3.folder, isS3Folder, FOLDER_RULE);
  optional('s3.region', s3.region, isS3Region, REGION_RULE);
  for (const key of ['accessKey', 'secretKey'] as const) {
    // A literal would land in the JSON, the plan and Git.
    if (!Token.isUnresolved(s3[key])) fail(`etcdSnapshots.s3.${key}`, '***', 'must be a Terraform reference to a sensitive variable, never a literal');
  }
}

/** The K3s config keys of the options (servers of an embedded-etcd cluster only). */
export function etcdSnapshotConfig(o: EtcdSnapshotOptions): Record<string, unknown> {
  const s3 = o.s3;
  const endpoint = s3 && parseS3Endpoint(s3.endpoint, s3.insecure ?? false);
  return {
    'etcd-snapshot-schedule-cron': o.scheduleCron ?? DEFAULT_SNAPSHOT_CRON,
    'etcd-snapshot-retention': o.retention ?? DEFAULT_SNAPSHOT_RETENTION,
    ...(o.directory !== undefined ? { 'etcd-snapshot-dir': o.directory } : {}),
    ...(s3 ? {
      'etcd-s3': true,
      'etcd-s3-endpoint': endpoint ? endpoint.hostPort : s3.endpoint,
      ...(endpoint?.insecure ? { 'etcd-s3-insecure': true } : {}),
      'etcd-s3-bucket': s3.bucket,
      ...(s3.folder !== undefined ? { 'etcd-s3-folder': s3.folder } : {}),
      ...(s3.region !== undefined ? { 'etcd-s3-region': s3.region } : {}),
      'etcd-s3-access-key': s3.accessKey,
      'etcd-s3-secret-key': s3.secretKey,
    } : {}),
  };
}

/**
 * The options in words, without the keys: the servers' upgrade resources
 * carry it as a trigger (a change re-runs the installer, so K3s restarts
 * with the new config, one server at a time) and the review shows it.
 */
export function etcdSnapshotSummary(o: EtcdSnapshotOptions): string {
  const s3 = o.s3;
  return [
    `schedule ${o.scheduleCron ?? DEFAULT_SNAPSHOT_CRON}`,
    `keep ${o.retention ?? DEFAULT_SNAPSHOT_RETENTION}`,
    `in ${o.directory ?? '(K3s default directory)'}`,
    s3 ? `copy to ${s3.endpoint}/${s3.bucket}${s3.folder ? `/${s3.folder}` : ''}${s3.region ? ` (${s3.region})` : ''}` : 'no S3 copy',
  ].join(', ');
}
