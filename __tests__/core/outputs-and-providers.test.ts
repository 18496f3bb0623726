import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { stackOutput } from '../../lib/core/outputs';
import { stackProvider, stackProviders } from '../../lib/core/providers';

/** A stack with a construct two levels down, as constructs sit in real stacks. */
function nested() {
  const stack = new TerraformStack(Testing.app(), 'env');
  const deep = new Construct(new Construct(stack, 'a'), 'b');
  return { stack, deep };
}

describe('stackOutput', () => {
  it('defines the documented output at the stack\'s top level, wherever the defining construct sits', () => {
    const { stack, deep } = nested();
    stackOutput(deep, 'agent_token', { value: 'x', description: 'd', sensitive: true });
    const tf = stack.toTerraform() as any;
    expect(tf.output).toEqual({ agent_token: { value: 'x', description: 'd', sensitive: true } });
    // cdktf records each output's construct path: `tofu output` names and this map stay as documented.
    expect(tf['//'].outputs).toEqual({ env: { agent_token: 'agent_token' } });
  });

  it('writes sensitive only when given (an unset one stays out of the JSON)', () => {
    const { stack, deep } = nested();
    stackOutput(deep, 'cluster_name', { value: 'c', description: 'd' });
    expect((stack.toTerraform() as any).output.cluster_name).toEqual({ value: 'c', description: 'd' });
  });

  it('two constructs cannot define the same output name', () => {
    const { stack, deep } = nested();
    stackOutput(deep, 'api_endpoint', { value: 'x', description: 'd' });
    expect(() => stackOutput(stack, 'api_endpoint', { value: 'y', description: 'd' })).toThrow(/api_endpoint/);
  });
});

describe('stackProvider', () => {
  it('creates the provider once, at the stack\'s top level, however many constructs ask', () => {
    const { stack, deep } = nested();
    const first = stackProvider(deep, 'null', (s, id) => new NullProvider(s, id));
    const second = stackProvider(stack, 'null', (s, id) => new NullProvider(s, id));
    expect(second).toBe(first);
    expect(first.node.path).toBe('env/null');
    expect(JSON.parse(Testing.synth(stack)).provider).toEqual({ null: [{}] });
  });

  it('stackProviders lists every provider of the stack, nested ones included', () => {
    const { stack, deep } = nested();
    new RandomProvider(deep, 'random');
    stackProvider(deep, 'null', (s, id) => new NullProvider(s, id));
    expect(stackProviders(stack).map((p) => p.terraformResourceType).sort()).toEqual(['null', 'random']);
  });
});
