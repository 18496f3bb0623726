import { decode, encode, UNKNOWN, Value } from '../../tools/harness/stub-provider/msgpack';

/** Terraform's wire values as go-cty writes them (cty/msgpack/marshal.go, unknown.go). */
describe('stub provider msgpack codec (cty)', () => {
  it('reads and writes an unknown value as cty does: fixext1 of type 0, one zero byte', () => {
    expect(encode(UNKNOWN).toString('hex')).toBe('d40000');
    expect(decode(Buffer.from('d40000', 'hex'))).toBe(UNKNOWN);
  });

  it('reads a refined unknown (extension 12 with a refinement map) as unknown', () => {
    // ext8, length 3, type 0x0c, { 1: false } (definitely not null), as marshalUnknownValue writes it.
    expect(decode(Buffer.from('c7030c8101c2', 'hex'))).toBe(UNKNOWN);
  });

  it('round-trips the values of a resource state: nulls, booleans, numbers, strings, lists and objects, unknowns inside', () => {
    const state: Value = { id: UNKNOWN, triggers: { host: '192.0.2.1', port: '22' }, n: 3, big: 2 ** 40, neg: -7, f: 1.5, on: true, off: false, none: null, list: ['a'.repeat(300), UNKNOWN] };
    expect(decode(encode(state))).toEqual(state);
  });

  it('reads the integers and floats cty writes (int64, float64)', () => {
    expect(decode(Buffer.from('d3000000e8d4a51000', 'hex'))).toBe(1e12);
    expect(decode(Buffer.from('cb3ff8000000000000', 'hex'))).toBe(1.5);
  });
});
