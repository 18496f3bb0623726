/**
 * Terraform's values on the wire (cty's msgpack encoding) with
 * @msgpack/msgpack, plus cty's one extension: an unknown value is extension
 * type 0 (cty/msgpack/unknown.go, written as fixext1 0xd4 0x00 0x00), or
 * type 12 when it carries refinements (cty/msgpack/unknown.go,
 * unknownValWithRefinements), which we read as a plain unknown (simplifies:
 * the refinements are dropped).
 */
import { decode as decodeMsgpack, encode as encodeMsgpack, ExtensionCodec } from '@msgpack/msgpack';

/** An unknown ("known after apply") value. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value } | typeof UNKNOWN;

export function isObject(v: Value | undefined): v is { [key: string]: Value } {
  return v !== null && v !== undefined && v !== UNKNOWN && typeof v === 'object' && !Array.isArray(v);
}

const UNKNOWN_EXT = 0;
const UNKNOWN_WITH_REFINEMENTS_EXT = 12;

const ctyExtensions = new ExtensionCodec();
ctyExtensions.register({
  type: UNKNOWN_EXT,
  // cty writes one zero byte as the payload.
  encode: (input: unknown) => (input === UNKNOWN ? new Uint8Array([0]) : null),
  decode: () => UNKNOWN,
});
ctyExtensions.register({ type: UNKNOWN_WITH_REFINEMENTS_EXT, encode: () => null, decode: () => UNKNOWN });

export function decode(buf: Buffer): Value {
  return decodeMsgpack(buf, { extensionCodec: ctyExtensions }) as Value;
}

export function encode(value: Value): Buffer {
  const bytes = encodeMsgpack(value, { extensionCodec: ctyExtensions });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
