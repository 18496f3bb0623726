import { z } from 'zod';
import { BUCKET_RULE, isS3Bucket, isS3Region, REGION_RULE } from '../rules/s3';
import { matching, maskUrlPassword, nonEmptyString, plainString, refusedInSettings } from './rules';

/**
 * Where an environment keeps its OpenTofu state: the optional `backend`
 * block every environment's terraform.tfvars may hold. Default `local`, at
 * the documents' path next to the settings. Credentials never live here:
 * PostgreSQL's connection string comes from PG_CONN_STR, S3 keys from
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or a profile), as OpenTofu's
 * backends read them (opentofu.org/docs/language/settings/backends/pg and /s3).
 */

/** Keys a user may reach for that would put a credential into Git and plans. */
const CREDENTIALS: Record<string, string> = {
  conn_str: 'the connection string (it holds the password) comes from the environment: export PG_CONN_STR',
  password: 'the password comes from the environment: export PG_CONN_STR (or PGPASSWORD)',
  access_key: 'the access key comes from the environment: export AWS_ACCESS_KEY_ID (or AWS_PROFILE)',
  secret_key: 'the secret key comes from the environment: export AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)',
  token: 'a session token comes from the environment: export AWS_SESSION_TOKEN',
};

/** A credential key is refused with the place it belongs, its value masked. */
const refusedCredentials = (keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, refusedInSettings(CREDENTIALS[k]).describe(`Refused: ${CREDENTIALS[k]}.`)]));

const pgSchemaName = matching(
  /^[a-z_][a-z0-9_]{0,62}$/,
  'must be a PostgreSQL schema name: lowercase letters, digits and _, starting with a letter or _, at most 63 characters',
);

const s3Bucket = plainString.refine(isS3Bucket, BUCKET_RULE);

const s3Key = matching(/^[A-Za-z0-9][A-Za-z0-9_.\/-]{0,1000}$/, 'must be an object key like chocolandiadc/terraform.tfstate (letters, digits, _ . / -; no leading /)');

const region = plainString.refine(isS3Region, REGION_RULE);

/** An http(s) endpoint without user information: credentials come from the environment. */
const endpoint = nonEmptyString
  .refine((s) => /^https?:\/\/[^\s/@]+(:\d{1,5})?(\/[^\s]*)?$/.test(s) || /@/.test(s), 'must be an http(s) URL like https://minio.lan:9000')
  .refine((s) => !/^[a-z]+:\/\/[^/]*@/i.test(s), {
    message: 'must not carry a user or password: the keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY',
    params: { maskValue: maskUrlPassword },
  });

const bool = z.boolean({ invalid_type_error: 'must be true or false' });

export const backendSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('local') }).strict(),
  z.object({ type: z.literal('pg'), schema_name: pgSchemaName.optional().describe("PostgreSQL schema of the state; default the environment's name with _ for -."), ...refusedCredentials(['conn_str', 'password']) }).strict(),
  z.object({
    type: z.literal('s3'),
    bucket: s3Bucket.describe("S3 bucket of the state."),
    key: s3Key.optional().describe("Object key of the state; default <environment>/terraform.tfstate."),
    region: region.default('us-east-1').describe("Region (MinIO accepts any)."),
    endpoint: endpoint.optional().describe("http(s) URL of an S3-compatible store (https://minio.lan:9000); default AWS S3."),
    use_path_style: bool.optional().describe("Address buckets by path (MinIO, most homelab stores); default true with an endpoint."),
    use_lockfile: bool.default(true).describe("Lock the state with a .tflock object next to it (OpenTofu 1.10+)."),
    ...refusedCredentials(['access_key', 'secret_key', 'token']),
  }).strict(),
], { errorMap: (issue, ctx) => ({ message: issue.code === 'invalid_union_discriminator' ? 'type must be "local", "pg" or "s3"' : ctx.defaultError }) });

export type BackendInput = z.infer<typeof backendSchema>;

export type BackendSettings =
  | { readonly type: 'local' }
  /** State in PostgreSQL (built-in locking); the connection string from PG_CONN_STR. */
  | { readonly type: 'pg'; readonly schemaName: string }
  /** State in an S3-compatible bucket, locked by a lock file next to it (use_lockfile). */
  | {
      readonly type: 's3';
      readonly bucket: string;
      readonly key: string;
      readonly region: string;
      /** @default - AWS S3 */
      readonly endpoint?: string;
      readonly usePathStyle: boolean;
      readonly useLockfile: boolean;
    };

/** Typed backend settings; names default after the environment. */
export function toBackendSettings(input: BackendInput | undefined, environment: string): BackendSettings {
  if (!input || input.type === 'local') return { type: 'local' };
  if (input.type === 'pg') return { type: 'pg', schemaName: input.schema_name ?? environment.replace(/-/g, '_') };
  return {
    type: 's3',
    bucket: input.bucket,
    key: input.key ?? `${environment}/terraform.tfstate`,
    region: input.region,
    ...(input.endpoint ? { endpoint: input.endpoint } : {}),
    // MinIO and most homelab stores serve buckets by path, not by virtual host.
    usePathStyle: input.use_path_style ?? input.endpoint !== undefined,
    useLockfile: input.use_lockfile,
  };
}
