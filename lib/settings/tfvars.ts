import { createHash } from 'crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import { SettingsProblem } from './problems';

/** Bump when the cached shape changes; part of every cache key. */
const CACHE_FORMAT = 'hcl2json-0.21.0/1';

export type TfvarsResult =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly problem: SettingsProblem };

/**
 * Reads a `terraform.tfvars` file (HCL) into plain JSON.
 *
 * `@cdktf/hcl2json` is Go compiled to WASM: loading it costs more than cdktf
 * itself, so parsed results are cached by file content and the parser is
 * only loaded on a cache miss. A cache entry can never be stale: its key is
 * the hash of the exact bytes that were parsed.
 */
export async function readTfvars(file: string, cacheDir?: string): Promise<TfvarsResult> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(err);
    return { ok: false, problem: { file, path: '', rule: `cannot read settings: ${reason}` } };
  }
  const key = createHash('sha256').update(CACHE_FORMAT).update('\0').update(source).digest('hex');
  const cached = cacheDir ? readCache(cacheDir, key) : undefined;
  if (cached) return { ok: true, value: cached };

  const result = await parseHcl(file, source);
  if (result.ok && cacheDir) writeCache(cacheDir, key, result.value);
  return result;
}

async function parseHcl(file: string, source: string): Promise<TfvarsResult> {
  // Loaded lazily: see readTfvars.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('@cdktf/hcl2json') as typeof import('@cdktf/hcl2json');
  try {
    const value = (await parse(file, source)) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      return { ok: false, problem: { file, path: '', rule: 'settings must be HCL attributes (name = value)' } };
    }
    return { ok: true, value: value as Record<string, unknown> };
  } catch (err) {
    return { ok: false, problem: { file, path: '', rule: `HCL syntax error: ${hclMessage(err)}` } };
  }
}

/** hcl2json reports `parse config: [file:line,col-col: Summary; Detail.]`; keep the useful part. */
function hclMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const inner = /^parse config: \[(.*)\]$/s.exec(text.trim());
  return (inner ? inner[1] : text).replace(/\s+/g, ' ').trim();
}

function readCache(cacheDir: string, key: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(join(cacheDir, `${key}.json`), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function writeCache(cacheDir: string, key: string, value: Record<string, unknown>): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename, so a concurrent reader never sees half a file.
    const tmp = join(cacheDir, `${key}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, join(cacheDir, `${key}.json`));
  } catch {
    // A cache that cannot be written only costs speed.
  }
}
