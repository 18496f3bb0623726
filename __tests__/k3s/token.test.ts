import { Password } from '@cdktf/provider-random/lib/password';
import { Testing, TerraformStack } from 'cdktf';
import { K3sClusterToken, K3sClusterTokenProps } from '../../lib/k3s';
import '../helpers/cdktf-matchers';

function synth(props?: K3sClusterTokenProps) {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const token = new K3sClusterToken(stack, 'token', props);
  return { token, synthesized: Testing.synth(stack) };
}

describe('K3sClusterToken', () => {
  it('is random_password.cluster_token by default: 48 letters and digits, only ever referenced', () => {
    const { token, synthesized } = synth();
    expect(synthesized).toHaveResourceWithProperties(Password, { length: 48, special: false });
    expect(Object.keys(JSON.parse(synthesized).resource.random_password)).toEqual(['cluster_token']);
    expect(token.value).toMatch(/^\$\{TfToken\[/);
  });

  it('takes another documented address and length (the agent token)', () => {
    const r = JSON.parse(synth({ address: 'agent_token', length: 64 }).synthesized).resource.random_password;
    expect(r).toEqual({ agent_token: { length: 64, special: false } });
  });

  it.each([
    [{ length: 31 }, 'length = 31: must be an integer from 32 to 128'],
    [{ length: 129 }, 'length = 129: must be an integer from 32 to 128'],
    [{ length: 40.5 }, 'length = 40.5: must be an integer from 32 to 128'],
    [{ address: 'agent-token' }, 'address = "agent-token": must be a Terraform resource name'],
    [{ address: '1token' }, 'address = "1token": must be a Terraform resource name'],
    // An address lib/core/addresses.ts does not know escapes the review and the harness.
    [{ address: 'join_token' }, 'address = "join_token": must be cluster_token or agent_token (lib/core/addresses.ts)'],
  ])('refuses %j naming the construct path, the field, the value and the rule', (props, message) => {
    expect(() => synth(props)).toThrow(`stack/token: ${message}`);
  });
});
