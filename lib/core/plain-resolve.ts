import { Token, Tokenization } from 'cdktf';

/**
 * A shortcut through cdktf's token resolution for plain JSON values.
 *
 * Every synth pass (prepareStack, each element, the merged stack) hands the
 * whole configuration to `Tokenization.resolve`, which builds a context
 * object and two closures per value and tests every string against four
 * token patterns: at 300 nodes that was ~1.8 s of a 3.5 s synth. Almost all
 * of it is plain strings, numbers and objects that resolve to themselves.
 *
 * `resolvePlain` walks a value the way cdktf 0.21's resolve does
 * (node_modules/cdktf/lib/tokens/private/resolve.js) and returns plain parts
 * as cdktf would (undefined dropped from objects and arrays, key order
 * kept); any part that is or may hold a token (a `resolve()` method, a token
 * marker or token-encoded number in a string, a token number, a list or map
 * token) is handed to the original `Tokenization.resolve` unchanged, so
 * tokens resolve exactly as before. When in doubt it hands over more, never
 * less. On any error the whole value is resolved again by cdktf, so error
 * messages (which name the path) are cdktf's own.
 *
 * __tests__/core/plain-resolve.test.ts and __tests__/synth-fast-path.test.ts
 * prove the output byte-identical to plain cdktf (every stack, 300 nodes).
 */

type Resolve = typeof Tokenization.resolve;
type ResolveOptions = Parameters<Resolve>[1];

/** Any token marker: `${TfToken[` (string), `#{TfToken[` (list), `&{TfToken[` (map). */
const TOKEN_MARKER = 'TfToken[';
/**
 * Matches exactly the strings cdktf's NUMBER_TOKEN_REGEX (`[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)`)
 * matches: one character of the first class right before `e`, one of the second after.
 */
const NUMBER_IN_STRING = /[-|\d.+]e[-|\d.eE+]/;
/** cdktf refuses to resolve deeper than this (its guard against cycles). */
const MAX_DEPTH = 200;
/**
 * Token numbers are doubles around -2^960 (about -1e289, see cdktf's
 * createTokenDouble); everything from here down goes to cdktf.
 */
const TOKEN_NUMBER_LIMIT = -1e280;

class NotPlain extends Error {}

/** Frozen plain values (markPlain): they resolve to themselves, so the walk returns them as they are. */
const KNOWN_PLAIN = new WeakSet<object>();

/**
 * Declares `value` plain JSON when it is (no token anywhere, no undefined,
 * only plain objects, arrays, strings, numbers, booleans, null): it and its
 * parts are frozen and every synth pass returns them as they are instead of
 * walking them again. Parts of a value that holds a token are marked on
 * their own. Returns whether the whole value is plain.
 */
export function markPlain(value: unknown): boolean {
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'string') return isPlainString(value);
  if (typeof value === 'number') return isPlainNumber(value);
  if (typeof value !== 'object') return false;
  if (KNOWN_PLAIN.has(value)) return true;
  let plain = true;
  if (Array.isArray(value)) {
    for (const x of value) if (!markPlain(x)) plain = false;
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    const object = value as Record<string, unknown>;
    for (const k of Object.keys(object)) if (!isPlainString(k) || !markPlain(object[k])) plain = false;
  }
  if (plain) {
    Object.freeze(value);
    KNOWN_PLAIN.add(value);
  }
  return plain;
}

/** Short strings recur (trigger values, keys, ignore_changes entries): their verdict is kept. */
const verdicts = new Map<string, boolean>();
const MEMO_MAX_LENGTH = 64;
const MEMO_MAX_ENTRIES = 100_000;

function isPlainString(s: string): boolean {
  if (s.length > MEMO_MAX_LENGTH) return testPlainString(s);
  let plain = verdicts.get(s);
  if (plain === undefined) {
    plain = testPlainString(s);
    if (verdicts.size < MEMO_MAX_ENTRIES) verdicts.set(s, plain);
  }
  return plain;
}

function testPlainString(s: string): boolean {
  return !s.includes(TOKEN_MARKER) && !NUMBER_IN_STRING.test(s) && s !== Token.STRING_MAP_TOKEN_VALUE && s !== Token.ANY_MAP_TOKEN_VALUE;
}

function isPlainNumber(n: number): boolean {
  return n > TOKEN_NUMBER_LIMIT && n !== Token.NUMBER_MAP_TOKEN_VALUE;
}

function walk(value: unknown, options: ResolveOptions, original: Resolve, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new NotPlain();
  if (value === undefined || value === null) return value;
  switch (typeof value) {
    case 'string':
      return isPlainString(value) ? value : original(value, options);
    case 'number':
      return isPlainNumber(value) ? value : original(value, options);
    case 'boolean':
    case 'bigint':
    case 'symbol':
      return value;
    case 'function':
      return original(value, options);
  }
  if (KNOWN_PLAIN.has(value)) return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) {
    // A list token is a one-element array holding a marker string or token number: cdktf's, whole.
    for (const x of value) {
      if ((typeof x === 'string' && x.includes(TOKEN_MARKER)) || (typeof x === 'number' && !isPlainNumber(x))) return original(value, options);
    }
    const out: unknown[] = [];
    for (const x of value) {
      const r = walk(x, options, original, depth + 1);
      if (r !== undefined) out.push(r);
    }
    return out;
  }
  const object = value as Record<string, unknown>;
  // Tokens (IResolvable) and constructs (which cdktf refuses, naming the path) go to cdktf.
  if (typeof object.resolve === 'function' || (object._children !== undefined && object._metadata !== undefined)) return original(value, options);
  const keys = Object.keys(object);
  for (const key of keys) if (!isPlainString(key)) return original(value, options);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const r = walk(object[key], options, original, depth + 1);
    if (r !== undefined) out[key] = r;
  }
  return out;
}

/** Resolves `value` as `original` (cdktf's Tokenization.resolve) would, without its cost for plain parts. */
export function resolvePlain(value: unknown, options: ResolveOptions, original: Resolve = Tokenization.resolve): unknown {
  try {
    return walk(value, options, original, 0);
  } catch {
    // cdktf's own error, with cdktf's path in it (or its result, if the shortcut was what failed).
    return original(value, options);
  }
}

let installed = false;

/**
 * Runs `fn` (a synth) with `Tokenization.resolve`, through which cdktf
 * resolves every synth pass, taking the plain-value shortcut; restores it
 * after, whatever happens.
 */
export function withPlainResolve<T>(fn: () => T): T {
  if (installed) return fn();
  const tokenization = Tokenization as { resolve: Resolve };
  const original = tokenization.resolve;
  const bound: Resolve = (obj, options) => original.call(Tokenization, obj, options);
  tokenization.resolve = (obj, options) => resolvePlain(obj, options, bound);
  installed = true;
  try {
    return fn();
  } finally {
    tokenization.resolve = original;
    installed = false;
  }
}
