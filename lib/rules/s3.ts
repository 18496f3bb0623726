/**
 * Rules of S3-compatible storage settings (the state backend, etcd snapshot
 * targets), in one place for the settings schemas and the constructs (no
 * cdktf here).
 */

export const BUCKET_RULE =
  'must be an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, not an IP address';

/** S3's bucket naming rules (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
export function isS3Bucket(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !name.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(name);
}

export const FOLDER_RULE = 'must be a folder inside the bucket like k3s/chocolandiadc: letters, digits, . _ - and /, no leading or trailing /';

export function isS3Folder(folder: string): boolean {
  return /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(folder) && !folder.split('/').includes('..');
}

export const REGION_RULE = 'must be a region name like us-east-1 (lowercase letters, digits and hyphens)';

export function isS3Region(region: string): boolean {
  return /^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/.test(region);
}

/** An S3 endpoint as K3s wants it: host[:port], and whether it is plain HTTP. */
export interface S3Endpoint {
  readonly hostPort: string;
  readonly insecure: boolean;
}

export const ENDPOINT_RULE =
  'must be an https URL of the S3 service without path or credentials, like https://minio.lan:9000 (http:// only with insecure = true)';

/** `https://host[:port]` (or `http://` when `allowHttp`), or undefined when it is not one. */
export function parseS3Endpoint(url: string, allowHttp: boolean): S3Endpoint | undefined {
  const m = /^(https?):\/\/([A-Za-z0-9.-]+)(:\d{1,5})?\/?$/.exec(url);
  if (!m) return undefined;
  if (m[1] === 'http' && !allowHttp) return undefined;
  if (m[3] && Number(m[3].slice(1)) > 65535) return undefined;
  return { hostPort: `${m[2]}${m[3] ?? ''}`, insecure: m[1] === 'http' };
}
