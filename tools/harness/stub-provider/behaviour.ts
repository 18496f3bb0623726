import { createHash, randomBytes, randomInt } from 'crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'fs';
import { dirname, join } from 'path';
import { repoRoot } from '../../../lib/core/repo-root';
import { isObject, UNKNOWN, Value } from './msgpack';
import { Block, CtyType, Schema } from './schema';

type Obj = { [key: string]: Value };

/**
 * What the stub does beyond echoing: values real providers compute, the
 * attributes whose change forces replacement, and the side effects tests
 * rely on (local_file really writes its file, with its permission).
 */
export interface TypeBehaviour {
  /** Top-level attributes (or `a.0.b` paths) whose change forces a new resource. */
  readonly forceNew?: readonly string[];
  /** Fills computed values at apply; `state` has the planned values. */
  apply?(state: Obj): void;
  /** Undoes the side effect at destroy. */
  destroy?(prior: Obj): void;
  /** Refresh: return null when the real object is gone. */
  read?(state: Obj): Obj | null;
}

const LOCAL_FILE_FORCE_NEW = ['content', 'content_base64', 'sensitive_content', 'source', 'filename', 'file_permission', 'directory_permission'];

function contentOf(s: Obj): Buffer {
  if (typeof s.content === 'string') return Buffer.from(s.content, 'utf8');
  if (typeof s.sensitive_content === 'string') return Buffer.from(s.sensitive_content, 'utf8');
  if (typeof s.content_base64 === 'string') return Buffer.from(s.content_base64, 'base64');
  if (typeof s.source === 'string') return readFileSync(s.source);
  throw new Error('local_file: one of content, sensitive_content, content_base64 or source is required');
}

/** The hash attributes of hashicorp/local, computed as it does. */
function hashes(content: Buffer): Obj {
  const h = (alg: string, enc: 'hex' | 'base64') => createHash(alg).update(content).digest(enc);
  return {
    id: h('sha1', 'hex'),
    content_md5: h('md5', 'hex'),
    content_sha1: h('sha1', 'hex'),
    content_sha256: h('sha256', 'hex'),
    content_sha512: h('sha512', 'hex'),
    content_base64sha256: h('sha256', 'base64'),
    content_base64sha512: h('sha512', 'base64'),
  };
}

const localFile: TypeBehaviour = {
  forceNew: LOCAL_FILE_FORCE_NEW,
  apply(s) {
    const content = contentOf(s);
    const filePermission = typeof s.file_permission === 'string' ? s.file_permission : '0777';
    const dirPermission = typeof s.directory_permission === 'string' ? s.directory_permission : '0777';
    const filename = String(s.filename);
    mkdirSync(dirname(filename), { recursive: true, mode: parseInt(dirPermission, 8) });
    writeFileSync(filename, content, { mode: parseInt(filePermission, 8) });
    chmodSync(filename, parseInt(filePermission, 8));
    Object.assign(s, hashes(content), { file_permission: filePermission, directory_permission: dirPermission });
  },
  destroy(prior) {
    rmSync(String(prior.filename), { force: true });
  },
  read(s) {
    const filename = String(s.filename);
    if (!existsSync(filename)) return null;
    return createHash('sha1').update(readFileSync(filename)).digest('hex') === s.id ? s : null;
  },
};

const RANDOM_PASSWORD_FORCE_NEW = ['keepers', 'length', 'lower', 'min_lower', 'min_numeric', 'min_special', 'min_upper', 'number', 'numeric', 'override_special', 'special', 'upper'];

export const BEHAVIOURS: Record<string, TypeBehaviour> = {
  null_resource: {
    forceNew: ['triggers'],
    apply(s) { s.id = `${randomInt(1e9, 9e9)}${randomInt(1e9, 9e9)}`; },
  },
  local_file: localFile,
  local_sensitive_file: localFile,
  random_password: {
    forceNew: RANDOM_PASSWORD_FORCE_NEW,
    apply(s) {
      let chars = '';
      if (s.upper !== false) chars += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
      if (s.lower !== false) chars += 'abcdefghijklmnopqrstuvwxyz';
      if (s.numeric !== false && s.number !== false) chars += '0123456789';
      if (s.special !== false) chars += typeof s.override_special === 'string' ? s.override_special : '!@#$%&*()-_=+[]{}<>:?';
      s.result = Array.from({ length: Number(s.length) }, () => chars[randomInt(chars.length)]).join('');
      s.bcrypt_hash = `$2a$10$${randomBytes(40).toString('base64').slice(0, 53)}`;
      s.id = 'none';
    },
  },
  helm_release: {
    forceNew: ['name', 'namespace'],
    apply(s) {
      s.id = s.name;
      s.status = 'deployed';
    },
  },
  kubernetes_namespace: {
    forceNew: ['metadata.0.name'],
    apply(s) {
      const meta = (s.metadata as Obj[])[0];
      if (meta.name === UNKNOWN || meta.name === null) meta.name = `${typeof meta.generate_name === 'string' ? meta.generate_name : 'ns-'}${randomBytes(3).toString('hex')}`;
      s.id = meta.name;
    },
  },
};

/**
 * libvirt 0.8.3: ForceNew attributes as the provider's Go source marks them
 * (written by tools/gen-libvirt/schema-from-go.ts next to the schema).
 */
const LIBVIRT_FORCE_NEW = join(repoRoot(), 'lib/libvirt/schema/libvirt-0.8.3.force-new.json');
if (existsSync(LIBVIRT_FORCE_NEW)) {
  for (const [type, forceNew] of Object.entries(JSON.parse(readFileSync(LIBVIRT_FORCE_NEW, 'utf8')) as Record<string, string[]>)) {
    BEHAVIOURS[type] = { forceNew, apply(s) { if (s.id === UNKNOWN || s.id === null) s.id = `${type}-${randomBytes(8).toString('hex')}`; } };
  }
}

/** Data sources the stub really reads. */
export const DATA_SOURCES: Record<string, (config: Obj) => Obj> = {
  local_file: readLocalFile,
  local_sensitive_file: readLocalFile,
};

function readLocalFile(config: Obj): Obj {
  const filename = String(config.filename);
  let content: Buffer;
  try {
    content = readFileSync(filename);
  } catch (err) {
    throw new Error(`Read local file data source error: ${(err as Error).message}`);
  }
  return { ...config, ...hashes(content), content: content.toString('utf8'), content_base64: content.toString('base64') };
}

/** Sets every null computed attribute to unknown, as a provider plans a create. */
export function markComputedUnknown(block: Block, value: Obj): void {
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (attr.computed && (value[name] === null || value[name] === undefined)) value[name] = UNKNOWN;
  }
  forEachNested(block, value, markComputedUnknown);
}

/** Replaces unknowns left after the type's own apply with plausible values. */
export function fillUnknown(block: Block, value: Obj): void {
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (value[name] === UNKNOWN) value[name] = placeholder(attr.type ?? 'string', name);
  }
  forEachNested(block, value, fillUnknown);
}

function forEachNested(block: Block, value: Obj, fn: (b: Block, v: Obj) => void): void {
  for (const [name, nb] of Object.entries(block.block_types ?? {})) {
    const v = value[name];
    if (Array.isArray(v)) v.forEach((x) => isObject(x) && fn(nb.block, x));
    else if (isObject(v)) {
      if (nb.nesting_mode === 'map') Object.values(v).forEach((x) => isObject(x) && fn(nb.block, x));
      else fn(nb.block, v);
    }
  }
}

function placeholder(type: CtyType, name: string): Value {
  if (type === 'string') return name === 'id' ? randomBytes(8).toString('hex') : '';
  if (type === 'number') return name.endsWith('deployed') ? Math.floor(Date.now() / 1000) : 1;
  if (type === 'bool') return false;
  if (type === 'dynamic') return null;
  if (type[0] === 'object') return Object.fromEntries(Object.entries(type[1]).map(([k, t]) => [k, placeholder(t, k)]));
  return type[0] === 'map' ? {} : [];
}

/** Paths whose change between prior and proposed state forces replacement. */
export function replacePaths(behaviour: TypeBehaviour | undefined, prior: Obj, proposed: Obj): string[][] {
  const at = (v: Value, path: string[]): Value | undefined => path.reduce<Value | undefined>((x, k) => {
    if (Array.isArray(x)) return x[Number(k)];
    return isObject(x) ? x[k] : undefined;
  }, v);
  return (behaviour?.forceNew ?? [])
    .map((p) => p.split('.'))
    .filter((path) => !sameValue(at(prior, path), at(proposed, path)));
}

export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a === UNKNOWN || b === UNKNOWN) return a === b;
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export type { Schema };
