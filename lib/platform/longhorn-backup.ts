import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Fn, ITerraformDependable, Op, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { dependOn } from '../core/depends-on';
import { validator } from '../core/validation';
import { helmValues } from '../helm-values';
import {
  BackupTarget, backupTargetUrl, CONCURRENCY_RULE, DEFAULT_BACKUP_JOB, DEFAULT_POLL_INTERVAL_SECONDS, DEFAULT_SNAPSHOT_JOB, isConcurrency, isJobCron,
  isPollInterval, isRetain, JOB_CRON_RULE, KNOWN_S3_KEYS, LONGHORN_BACKUP_CREDENTIALS_SECRET, LONGHORN_BACKUP_VALUES_CONFIGMAP,
  LONGHORN_BACKUP_VALUES_KEY, parseBackupTarget, POLL_INTERVAL_RULE, REQUIRED_S3_KEYS, RETAIN_RULE, BACKUP_JOB_NAME, SNAPSHOT_JOB_NAME,
} from '../rules/longhorn-backup';

export { LONGHORN_BACKUP_CREDENTIALS_SECRET, LONGHORN_BACKUP_VALUES_CONFIGMAP, LONGHORN_BACKUP_VALUES_KEY } from '../rules/longhorn-backup';

export interface LonghornRecurringJob {
  /** Kubernetes CronJob schedule (5 fields or a macro such as @daily). */
  readonly cron: string;
  /** Snapshots or backups kept per volume, 1 to 100. */
  readonly retain: number;
  /** Volumes the job works on at once. @default 1 */
  readonly concurrency?: number;
}

export interface LonghornBackupProps {
  /** `nfs://<host>:/<path>` or `s3://<bucket>@<region>/[<folder>/]` (a missing trailing `/` is added). */
  readonly target: string;
  /**
   * S3 only, and then required: the credential Secret's keys as Longhorn
   * names them (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, optionally
   * AWS_ENDPOINTS, AWS_CERT, VIRTUAL_HOSTED_STYLE, proxies), as a
   * Terraform reference to a sensitive map (a variable, or a file read at
   * plan), never literals. Plan stops if a required key is missing or a key
   * is unknown.
   * @default - none (NFS needs no credentials)
   */
  readonly credentials?: Readonly<Record<string, string>>;
  /** How often Longhorn lists the backupstore for new backups; 0 turns it off. @default 300 */
  readonly pollIntervalSeconds?: number;
  /** @default - every 6 hours, 4 kept */
  readonly snapshotJob?: LonghornRecurringJob;
  /** @default - every night at 03:00, 7 kept */
  readonly backupJob?: LonghornRecurringJob;
  /** Longhorn's namespace. @default 'longhorn-system' */
  readonly namespace?: string;
  /**
   * Write the chart values into `kubernetes_config_map_v1.longhorn_backup_values`
   * for a Flux HelmRelease's `valuesFrom`. false: Argo CD installs Longhorn and
   * gets `values` through the root Application (K3sPlatform's
   * longhornBackupValues); only the credentials Secret is made here.
   * @default true
   */
  readonly valuesConfigMap?: boolean;
  /** What must exist first. @default - nothing */
  readonly after?: ITerraformDependable[];
}

/** Longhorn's chart values of a backup configuration: the default backup target and the two RecurringJobs (chart `extraObjects`). */
export interface LonghornBackupChartValues {
  readonly defaultBackupStore: Record<string, string>;
  readonly extraObjects: object[];
}

/** A recurring job with its unset fields taken from `defaults`, field by field. */
function withJobDefaults(j: LonghornRecurringJob | undefined, defaults: Required<LonghornRecurringJob>): Required<LonghornRecurringJob> {
  return { cron: j?.cron ?? defaults.cron, retain: j?.retain ?? defaults.retain, concurrency: j?.concurrency ?? defaults.concurrency };
}

/**
 * The chart values of `props`, the defaults filled in: what the Flux
 * ConfigMap holds and what the Argo CD Application gets. Not a validator:
 * LonghornBackup checks the props with errors naming its path.
 */
export function longhornBackupChartValues(props: Omit<LonghornBackupProps, 'after' | 'credentials' | 'valuesConfigMap'>): LonghornBackupChartValues {
  const parsed = parseBackupTarget(props.target);
  if (!('target' in parsed)) throw new Error(`longhorn backup target ${JSON.stringify(props.target)} ${parsed.rule}`);
  const target = parsed.target;
  const namespace = props.namespace ?? 'longhorn-system';
  const job = (name: string, task: 'snapshot' | 'backup', j: LonghornRecurringJob | undefined, d: Required<LonghornRecurringJob>) => ({
    apiVersion: 'longhorn.io/v1beta2',
    kind: 'RecurringJob',
    metadata: { name, namespace },
    spec: { task, ...withJobDefaults(j, d), groups: ['default'] },
  });
  return {
    defaultBackupStore: {
      backupTarget: backupTargetUrl(target),
      ...(target.kind === 's3' ? { backupTargetCredentialSecret: LONGHORN_BACKUP_CREDENTIALS_SECRET } : {}),
      // The chart writes it into longhorn-default-resource; Longhorn's docs give it as a string.
      pollInterval: String(props.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS),
    },
    extraObjects: [job(SNAPSHOT_JOB_NAME, 'snapshot', props.snapshotJob, DEFAULT_SNAPSHOT_JOB), job(BACKUP_JOB_NAME, 'backup', props.backupJob, DEFAULT_BACKUP_JOB)],
  };
}

/**
 * Longhorn's backups, for a Longhorn that Flux installs from Git:
 * `kubernetes_config_map_v1.longhorn_backup_values` holds chart values (the
 * default backup target, chart key `defaultBackupStore`, and two
 * RecurringJobs through the chart's `extraObjects`), which the Git
 * HelmRelease reads with `valuesFrom`; `kubernetes_secret_v1.longhorn_backup_credentials`
 * holds an S3 target's keys, from sensitive Terraform values only. Both
 * live in longhorn-system, so Longhorn (installed by Flux) must be running
 * before the first apply with them (docs/operations.md). With
 * `valuesConfigMap: false` (Argo CD installs Longhorn, k3s-gitops) only the
 * Secret is made; `values` go to the Application through the root
 * Application's patch.
 */
export class LonghornBackup extends Construct {
  /** The chart values the ConfigMap holds. */
  public readonly values: LonghornBackupChartValues;
  /** Unset with `valuesConfigMap: false`. */
  public readonly valuesConfigMap?: ConfigMapV1;
  public readonly credentialsSecret?: SecretV1;

  constructor(scope: Construct, id: string, props: LonghornBackupProps) {
    super(scope, id);
    const { check, fail } = validator(this);
    const parsed = parseBackupTarget(props.target);
    const target: BackupTarget = 'target' in parsed ? parsed.target : fail('target', props.target, parsed.rule);
    const jobs = {
      snapshotJob: withJobDefaults(props.snapshotJob, DEFAULT_SNAPSHOT_JOB),
      backupJob: withJobDefaults(props.backupJob, DEFAULT_BACKUP_JOB),
    };
    for (const [field, job] of Object.entries(jobs)) {
      check(`${field}.cron`, job.cron, isJobCron, JOB_CRON_RULE);
      check(`${field}.retain`, job.retain, isRetain, RETAIN_RULE);
      check(`${field}.concurrency`, job.concurrency, isConcurrency, CONCURRENCY_RULE);
    }
    const pollInterval = props.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS;
    check('pollIntervalSeconds', pollInterval, isPollInterval, POLL_INTERVAL_RULE);
    const creds = props.credentials;
    if (target.kind === 'nfs' && creds !== undefined) fail('credentials', '***', 'must be unset for an NFS target (Longhorn mounts it without credentials)');
    if (target.kind === 's3' && creds === undefined) fail('credentials', undefined, `are required for an S3 target: ${REQUIRED_S3_KEYS.join(' and ')}`);
    // A literal would land in the JSON, the plan and Git.
    if (creds !== undefined && !Token.isUnresolved(creds)) fail('credentials', '***', 'must be a Terraform reference to a sensitive map (a variable or a file read at plan), never literals');

    const namespace = props.namespace ?? 'longhorn-system';
    this.values = longhornBackupChartValues({ ...props, pollIntervalSeconds: pollInterval, ...jobs });

    if (creds !== undefined) {
      const keys = Fn.nonsensitive(Fn.keys(creds));
      const secret = new SecretV1(this, 'credentials', {
        metadata: { name: LONGHORN_BACKUP_CREDENTIALS_SECRET, namespace, labels: { 'app.kubernetes.io/managed-by': 'terraform' } },
        data: creds as Record<string, string>,
        lifecycle: {
          precondition: [{
            // `< 1`, not `== 0`: cdktf's Op.eq renders the number 0 as `undefined`.
            condition: Op.and(
              Op.lt(Fn.lengthOf(Fn.setsubtract([...REQUIRED_S3_KEYS], keys)), 1),
              Op.lt(Fn.lengthOf(Fn.setsubtract(keys, [...KNOWN_S3_KEYS])), 1),
            ),
            errorMessage: `The Longhorn backup credentials must have the keys ${REQUIRED_S3_KEYS.join(' and ')}, and no key other than ${KNOWN_S3_KEYS.join(', ')}.`,
          }],
        },
      });
      secret.overrideLogicalId(ADDRESSES.longhornBackupCredentials.name());
      dependOn(secret, props.after);
      this.credentialsSecret = secret;
    }

    if (props.valuesConfigMap === false) return;
    const configMap = new ConfigMapV1(this, 'values', {
      metadata: {
        name: LONGHORN_BACKUP_VALUES_CONFIGMAP,
        namespace,
        // helm-controller upgrades the release as soon as a watched valuesFrom source changes (Flux: "Reacting immediately to configuration dependencies").
        labels: { 'app.kubernetes.io/managed-by': 'terraform', 'reconcile.fluxcd.io/watch': 'Enabled' },
      },
      data: { [LONGHORN_BACKUP_VALUES_KEY]: helmValues(this.values) },
    });
    configMap.overrideLogicalId(ADDRESSES.longhornBackupValues.name());
    this.valuesConfigMap = configMap;
    // The Secret first: Longhorn reads it as soon as the target is set.
    dependOn(configMap, [...(props.after ?? []), ...(this.credentialsSecret ? [this.credentialsSecret] : [])]);
  }
}
