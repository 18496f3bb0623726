import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { Testing, TerraformStack, TerraformVariable, Token } from 'cdktf';
import {
  LONGHORN_BACKUP_CREDENTIALS_SECRET, LONGHORN_BACKUP_VALUES_CONFIGMAP, LONGHORN_BACKUP_VALUES_KEY, LonghornBackup, LonghornBackupProps,
} from '../../lib/platform/longhorn-backup';
import { CRD_SCHEMAS_DIR, CRD_SOURCES, crdSchemaFile, CrdSchema } from '../../tools/charts/derive-crd-schemas';
import { KNOWN_KEYS_DIR, knownKeysFile, KnownKeys } from '../../tools/charts/derive-known-keys';
import { ROOT } from '../helpers/repo';

/** The construct in a stack of its own, synthesized; `credentials` from a sensitive map variable unless given. */
function synth(props: Partial<LonghornBackupProps> & { target: string }, withVariable = props.target.startsWith('s3://')) {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const credentials = withVariable
    ? Token.asStringMap(new TerraformVariable(stack, 'creds', { type: 'map(string)', sensitive: true }).value)
    : undefined;
  const backup = new LonghornBackup(stack, 'backup', { ...(credentials ? { credentials } : {}), ...props });
  const json = JSON.parse(Testing.synth(stack));
  const configMap = json.resource.kubernetes_config_map_v1.longhorn_backup_values;
  return { backup, json, configMap, values: parse(configMap.data[LONGHORN_BACKUP_VALUES_KEY]) };
}

const S3 = 's3://longhorn-backups@us-east-1/k3s-homelab';

const helmRelease = () => parse(readFileSync(join(ROOT, 'gitops/infrastructure/storage/longhorn/base/helmrelease.yaml'), 'utf8'));

describe('LonghornBackup: what Longhorn is given', () => {
  it('S3: the chart values name the target (trailing / added) and the Secret; the keys go only into the Secret, from the reference', () => {
    const { json, configMap, values } = synth({ target: S3 });
    expect(configMap.metadata).toEqual({
      name: LONGHORN_BACKUP_VALUES_CONFIGMAP, namespace: 'longhorn-system',
      labels: { 'app.kubernetes.io/managed-by': 'terraform', 'reconcile.fluxcd.io/watch': 'Enabled' },
    });
    expect(values.defaultBackupStore).toEqual({
      backupTarget: 's3://longhorn-backups@us-east-1/k3s-homelab/', backupTargetCredentialSecret: LONGHORN_BACKUP_CREDENTIALS_SECRET, pollInterval: '300',
    });
    const secret = json.resource.kubernetes_secret_v1.longhorn_backup_credentials;
    expect(secret.metadata).toMatchObject({ name: LONGHORN_BACKUP_CREDENTIALS_SECRET, namespace: 'longhorn-system' });
    expect(secret.data).toBe('${var.creds}');
    // Plan stops when the map lacks a key Longhorn needs or has one it does not know.
    expect(secret.lifecycle.precondition[0].condition).toBe(
      '${((length(setsubtract(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], nonsensitive(keys(var.creds)))) < 1) && '
      + '(length(setsubtract(nonsensitive(keys(var.creds)), ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINTS", "AWS_CERT", "VIRTUAL_HOSTED_STYLE", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"])) < 1))}');
    expect(configMap.depends_on).toEqual(['kubernetes_secret_v1.longhorn_backup_credentials']);
  });

  it('NFS: the target as given, no Secret, no credential secret name', () => {
    const { json, values } = synth({ target: 'nfs://nas.lan:/export/longhorn?nfsOptions=nfsvers=4.1' });
    expect(values.defaultBackupStore).toEqual({ backupTarget: 'nfs://nas.lan:/export/longhorn?nfsOptions=nfsvers=4.1', pollInterval: '300' });
    expect(json.resource.kubernetes_secret_v1).toBeUndefined();
  });

  it('a snapshot and a backup RecurringJob for the default group, with the given schedules and retention', () => {
    const { values } = synth({ target: S3, snapshotJob: { cron: '0 */4 * * *', retain: 6 }, backupJob: { cron: '30 2 * * 0', retain: 8, concurrency: 2 }, pollIntervalSeconds: 600 });
    expect(values.defaultBackupStore.pollInterval).toBe('600');
    expect(values.extraObjects).toEqual([
      { apiVersion: 'longhorn.io/v1beta2', kind: 'RecurringJob', metadata: { name: 'default-snapshot', namespace: 'longhorn-system' },
        spec: { task: 'snapshot', cron: '0 */4 * * *', retain: 6, concurrency: 1, groups: ['default'] } },
      { apiVersion: 'longhorn.io/v1beta2', kind: 'RecurringJob', metadata: { name: 'default-backup', namespace: 'longhorn-system' },
        spec: { task: 'backup', cron: '30 2 * * 0', retain: 8, concurrency: 2, groups: ['default'] } },
    ]);
  });
});

describe('LonghornBackup: the rendered values against the pinned chart', () => {
  const chart = helmRelease().spec.chart.spec;

  it('every values key is one Longhorn chart 1.11.3 knows (its upstream values.yaml)', () => {
    const known: KnownKeys = JSON.parse(readFileSync(join(ROOT, KNOWN_KEYS_DIR, knownKeysFile(chart.chart, chart.version)), 'utf8'));
    const keys = new Set(known.keys.map((k) => JSON.stringify(k)));
    const { values } = synth({ target: S3 });
    const paths = Object.entries(values).flatMap(([k, v]) => (k === 'extraObjects' ? [[k]] : Object.keys(v as object).map((c) => [k, c])));
    expect(paths.filter((p) => !keys.has(JSON.stringify(p)))).toEqual([]);
    // extraObjects is a list the chart renders as it is (templates/extra-objects.yaml).
    expect(known.open).toContainEqual(['extraObjects']);
  });

  it('every RecurringJob fits the CRD schema of that chart version (derived by tools/charts/derive-crd-schemas.ts)', () => {
    const source = CRD_SOURCES.find((s) => s.crd === 'recurringjobs.longhorn.io')!;
    expect(source.chartVersion).toBe(chart.version);
    const crd: CrdSchema = JSON.parse(readFileSync(join(ROOT, CRD_SCHEMAS_DIR, crdSchemaFile(source)), 'utf8'));
    const { values } = synth({ target: S3 });
    for (const job of values.extraObjects) {
      expect(`${job.apiVersion} ${job.kind}`).toBe(`${crd.apiVersion} ${crd.kind}`);
      expect(schemaErrors(job, crd.schema, job.metadata.name)).toEqual([]);
    }
    // The checker finds what the API server would prune or reject.
    const bad = { ...values.extraObjects[0], spec: { ...values.extraObjects[0].spec, task: 'nightly', retention: 3, retain: '3' } };
    expect(schemaErrors(bad, crd.schema, 'bad')).toEqual([
      'bad.spec.retain must be integer',
      'bad.spec.retention is not in the schema',
      'bad.spec.task must be one of snapshot, snapshot-force-create, snapshot-cleanup, snapshot-delete, backup, backup-force-create, filesystem-trim, system-backup',
    ]);
  });

  it('the Git HelmRelease reads the ConfigMap, optionally, in the same namespace', () => {
    const hr = helmRelease();
    expect(hr.metadata.namespace).toBe('longhorn-system');
    expect(hr.spec.valuesFrom).toEqual([{ kind: 'ConfigMap', name: LONGHORN_BACKUP_VALUES_CONFIGMAP, valuesKey: LONGHORN_BACKUP_VALUES_KEY, optional: true }]);
  });
});

describe('LonghornBackup: refuses what Longhorn would not take, naming the field', () => {
  const make = (props: Partial<LonghornBackupProps> & { target: string }, withVariable?: boolean) => () => synth(props, withVariable);
  it.each([
    ['s3://longhorn-backups/k3s', 'must be a Longhorn backup target: nfs://'],
    ['s3://Longhorn_Backups@us-east-1/', 'the bucket "Longhorn_Backups" must be an S3 bucket name'],
    ['s3://longhorn-backups@/', 'the region "" must be a region name'],
    ['s3://longhorn-backups@us-east-1/a/../b/', 'the folder "a/../b" must be a folder inside the bucket'],
    ['nfs://nas.lan/export/longhorn', 'must be a Longhorn backup target'],
    ['nfs://nas.lan:/export/../etc', 'no .. in the path'],
    ['https://minio.lan:9000/longhorn', 'must be a Longhorn backup target'],
  ])('target %s', (target, rule) => {
    expect(make({ target }, false)).toThrow(`stack/backup: target = ${JSON.stringify(target)}: `);
    expect(make({ target }, false)).toThrow(rule);
  });

  it.each([
    [{ snapshotJob: { cron: '@every 6h', retain: 4 } }, 'snapshotJob.cron = "@every 6h": must be a cron schedule'],
    [{ backupJob: { cron: '0 3 * *', retain: 4 } }, 'backupJob.cron = "0 3 * *": must be a cron schedule'],
    [{ backupJob: { cron: '0 3 * * *', retain: 0 } }, 'backupJob.retain = 0: must be a whole number from 1 to 100'],
    [{ snapshotJob: { cron: '0 3 * * *', retain: 101 } }, 'snapshotJob.retain = 101: must be a whole number from 1 to 100'],
    [{ backupJob: { cron: '0 3 * * *', retain: 2, concurrency: 0 } }, 'backupJob.concurrency = 0: must be a whole number, at least 1'],
    [{ pollIntervalSeconds: -1 }, 'pollIntervalSeconds = -1: must be a whole number of seconds'],
  ])('%j', (props, message) => {
    expect(make({ target: S3, ...props })).toThrow(`stack/backup: ${message}`);
  });

  it('S3 without credentials, literal credentials, NFS with credentials', () => {
    expect(make({ target: S3 }, false)).toThrow('stack/backup: credentials = (unset): are required for an S3 target: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    expect(make({ target: S3, credentials: { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 'hunter2' } }, false))
      .toThrow('stack/backup: credentials = "***": must be a Terraform reference to a sensitive map');
    expect(make({ target: 'nfs://nas.lan:/export/longhorn' }, true)).toThrow('stack/backup: credentials = "***": must be unset for an NFS target');
  });
});

/**
 * `o` against an OpenAPI v3 schema of a CRD: types, enums, and fields the
 * schema does not have (the API server prunes those silently). Simplified:
 * only what structural CRD schemas of this kind use (type, properties,
 * additionalProperties, items, enum); `metadata` is not looked into.
 */
function schemaErrors(o: unknown, schema: any, at: string): string[] {
  const type = schema.type as string | undefined;
  const is: Record<string, (v: unknown) => boolean> = {
    object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
    array: Array.isArray,
    string: (v) => typeof v === 'string',
    integer: Number.isInteger,
    boolean: (v) => typeof v === 'boolean',
  };
  if (type && !is[type](o)) return [`${at} must be ${type}`];
  if (schema.enum && !schema.enum.includes(o)) return [`${at} must be one of ${schema.enum.join(', ')}`];
  if (type === 'array' && schema.items) return (o as unknown[]).flatMap((v, i) => schemaErrors(v, schema.items, `${at}[${i}]`));
  if (type !== 'object' || at.endsWith('.metadata')) return [];
  return Object.entries(o as object).sort(([a], [b]) => a.localeCompare(b)).flatMap(([k, v]) => {
    if (schema.properties?.[k]) return schemaErrors(v, schema.properties[k], `${at}.${k}`);
    if (schema.additionalProperties) return schemaErrors(v, schema.additionalProperties, `${at}.${k}`);
    return [`${at}.${k} is not in the schema`];
  });
}
