import { DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformStack, TerraformVariable, Testing, Token, Tokenization } from 'cdktf';
import { resolvePlain, withPlainResolve } from '../../lib/core/plain-resolve';

/** Values of every kind cdktf resolves, tokens of every encoding among them. */
function values(stack: TerraformStack) {
  const str = new TerraformVariable(stack, 'str', { type: 'string' });
  const num = new TerraformVariable(stack, 'num', { type: 'number' });
  const list = new TerraformVariable(stack, 'list', { type: 'list(string)' });
  const map = new TerraformVariable(stack, 'map', { type: 'map(string)' });
  return {
    plain: { a: 'x', n: 3, f: 1.5, neg: -7, t: true, nul: null, none: undefined, when: new Date(0), nested: [{ k: ['v', undefined, 2] }], empty: {}, list: [] },
    strings: ['${self.triggers.host}', '$${escaped}', '${file(pathexpand("~/.ssh/id"))}', 'v1.33.5+k3s1', '1e5', 'a-e-b', '10.0.0.1', 'x\ny\t"z"'],
    stringToken: `host: ${str.stringValue}`,
    numberToken: num.numberValue,
    numberInString: `${num.numberValue} nodes`,
    listToken: list.listValue,
    mapToken: Token.asStringMap(map.value),
    fn: Fn.join(',', list.listValue),
    lazy: Lazy.stringValue({ produce: () => `lazy ${str.stringValue}` }),
    lazyObject: Lazy.anyValue({ produce: () => ({ deep: [str.stringValue, { plain: 'yes', gone: undefined }] }) }),
    tokenKey: { [str.stringValue]: 'value', plain: 'value' },
    inArray: ['a', str.stringValue, 2, num.numberValue],
  };
}

describe('resolvePlain (the synth shortcut through cdktf token resolution)', () => {
  const stack = new TerraformStack(Testing.app(), 'test');
  const v = values(stack);
  for (const preparing of [false, true]) {
    const options = { scope: stack, preparing, resolver: new DefaultTokenResolver(new StringConcat()) };
    for (const [name, value] of Object.entries(v)) {
      it(`resolves ${name} exactly as cdktf does (preparing: ${preparing})`, () => {
        const expected = Tokenization.resolve(value, options);
        const got = resolvePlain(value, options);
        expect(got).toEqual(expected);
        // Same key order and the same bytes once written.
        expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
      });
    }
  }

  it('returns plain values unchanged in content and drops undefined like cdktf', () => {
    const options = { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) };
    expect(resolvePlain({ a: [1, undefined, 'b'], b: undefined }, options)).toEqual({ a: [1, 'b'] });
  });

  it('fails with cdktf\'s own message (which names the path)', () => {
    const options = { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) };
    for (const bad of [{ deep: { fn: () => 1 } }, { deep: [{ construct: stack }] }]) {
      let expected = '';
      try { Tokenization.resolve(bad, options); } catch (e) { expected = (e as Error).message; }
      expect(expected).not.toBe('');
      expect(() => resolvePlain(bad, options)).toThrow(expected);
    }
  });

  it('is installed only while the synth runs', () => {
    const original = Tokenization.resolve;
    let during: unknown;
    withPlainResolve(() => { during = Tokenization.resolve; });
    expect(during).not.toBe(original);
    expect(Tokenization.resolve).toBe(original);
    expect(() => withPlainResolve(() => { throw new Error('synth failed'); })).toThrow('synth failed');
    expect(Tokenization.resolve).toBe(original);
  });
});
