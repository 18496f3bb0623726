/**
 * The msgpack subset Terraform uses for values on the wire (cty's encoding):
 * nil, booleans, numbers, strings, arrays (lists, sets, tuples), maps
 * (objects, maps), and unknown values as extension type 0 (12 when the
 * unknown carries refinements, which we read as plain unknown).
 */

/** An unknown ("known after apply") value. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value } | typeof UNKNOWN;

export function isObject(v: Value | undefined): v is { [key: string]: Value } {
  return v !== null && v !== undefined && v !== UNKNOWN && typeof v === 'object' && !Array.isArray(v);
}

export function decode(buf: Buffer): Value {
  let pos = 0;
  const u8 = () => buf.readUInt8(pos++);
  const take = (n: number) => { const b = buf.subarray(pos, pos + n); pos += n; return b; };
  const str = (n: number) => take(n).toString('utf8');
  const arr = (n: number): Value[] => Array.from({ length: n }, () => read());
  const map = (n: number) => {
    const out: { [key: string]: Value } = {};
    for (let i = 0; i < n; i++) { const k = read(); out[String(k)] = read(); }
    return out;
  };
  const ext = (n: number): Value => { const type = buf.readInt8(pos++); take(n); if (type === 0 || type === 12) return UNKNOWN; throw new Error(`msgpack: unsupported extension type ${type}`); };
  function read(): Value {
    const b = u8();
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if ((b & 0xe0) === 0xa0) return str(b & 0x1f);
    if ((b & 0xf0) === 0x90) return arr(b & 0x0f);
    if ((b & 0xf0) === 0x80) return map(b & 0x0f);
    switch (b) {
      case 0xc0: return null;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xca: { const v = buf.readFloatBE(pos); pos += 4; return v; }
      case 0xcb: { const v = buf.readDoubleBE(pos); pos += 8; return v; }
      case 0xcc: return u8();
      case 0xcd: { const v = buf.readUInt16BE(pos); pos += 2; return v; }
      case 0xce: { const v = buf.readUInt32BE(pos); pos += 4; return v; }
      case 0xcf: { const v = Number(buf.readBigUInt64BE(pos)); pos += 8; return v; }
      case 0xd0: return buf.readInt8(pos++);
      case 0xd1: { const v = buf.readInt16BE(pos); pos += 2; return v; }
      case 0xd2: { const v = buf.readInt32BE(pos); pos += 4; return v; }
      case 0xd3: { const v = Number(buf.readBigInt64BE(pos)); pos += 8; return v; }
      case 0xd9: return str(u8());
      case 0xda: { const n = buf.readUInt16BE(pos); pos += 2; return str(n); }
      case 0xdb: { const n = buf.readUInt32BE(pos); pos += 4; return str(n); }
      case 0xdc: { const n = buf.readUInt16BE(pos); pos += 2; return arr(n); }
      case 0xdd: { const n = buf.readUInt32BE(pos); pos += 4; return arr(n); }
      case 0xde: { const n = buf.readUInt16BE(pos); pos += 2; return map(n); }
      case 0xdf: { const n = buf.readUInt32BE(pos); pos += 4; return map(n); }
      case 0xd4: return ext(1);
      case 0xd5: return ext(2);
      case 0xd6: return ext(4);
      case 0xd7: return ext(8);
      case 0xd8: return ext(16);
      case 0xc7: return ext(u8());
      case 0xc8: { const n = buf.readUInt16BE(pos); pos += 2; return ext(n); }
      case 0xc9: { const n = buf.readUInt32BE(pos); pos += 4; return ext(n); }
      default: throw new Error(`msgpack: unsupported byte 0x${b.toString(16)} at ${pos - 1}`);
    }
  }
  return read();
}

export function encode(value: Value): Buffer {
  const parts: Buffer[] = [];
  const head = (small: number, smallMax: number, codes: [number, number, number], n: number) => {
    if (n <= smallMax) parts.push(Buffer.from([small | n]));
    else if (codes[0] && n <= 0xff) parts.push(Buffer.from([codes[0], n]));
    else if (n <= 0xffff) { const b = Buffer.alloc(3); b[0] = codes[1]; b.writeUInt16BE(n, 1); parts.push(b); }
    else { const b = Buffer.alloc(5); b[0] = codes[2]; b.writeUInt32BE(n, 1); parts.push(b); }
  };
  function write(v: Value): void {
    if (v === UNKNOWN) parts.push(Buffer.from([0xd4, 0, 0]));
    else if (v === null) parts.push(Buffer.from([0xc0]));
    else if (v === true) parts.push(Buffer.from([0xc3]));
    else if (v === false) parts.push(Buffer.from([0xc2]));
    else if (typeof v === 'number') {
      if (Number.isInteger(v) && Math.abs(v) < 2 ** 31) {
        const b = Buffer.alloc(5); b[0] = 0xd2; b.writeInt32BE(v, 1); parts.push(b);
      } else {
        const b = Buffer.alloc(9); b[0] = 0xcb; b.writeDoubleBE(v, 1); parts.push(b);
      }
    } else if (typeof v === 'string') {
      const bytes = Buffer.from(v, 'utf8');
      head(0xa0, 31, [0xd9, 0xda, 0xdb], bytes.length);
      parts.push(bytes);
    } else if (Array.isArray(v)) {
      head(0x90, 15, [0, 0xdc, 0xdd], v.length);
      v.forEach(write);
    } else {
      const entries = Object.entries(v);
      head(0x80, 15, [0, 0xde, 0xdf], entries.length);
      for (const [k, x] of entries) { write(k); write(x); }
    }
  }
  write(value);
  return Buffer.concat(parts);
}
