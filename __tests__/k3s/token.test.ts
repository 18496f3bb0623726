import { Testing, TerraformStack } from 'cdktf';
import { K3sClusterToken, K3sClusterTokenProps } from '../../lib/k3s/token';

function synth(props: K3sClusterTokenProps = {}) {
  const stack = new TerraformStack(Testing.app(), 's');
  const token = new K3sClusterToken(stack, 'token', props);
  return { token, passwords: JSON.parse(Testing.synth(stack)).resource.random_password };
}

describe('K3sClusterToken', () => {
  it('is random_password.cluster_token (or agent_token): 48 letters and digits, only ever referenced', () => {
    const { token, passwords } = synth();
    expect(passwords).toEqual({ cluster_token: { length: 48, special: false } });
    expect(token.value).toMatch(/^\$\{TfToken\[/);
    expect(Object.keys(synth({ address: 'agent_token', length: 64 }).passwords)).toEqual(['agent_token']);
  });

  it.each([
    [{ length: 16 }, 'length must be an integer from 32 to 128, got 16'],
    [{ address: 'Cluster-Token' }, 'address must be a Terraform resource name, got "Cluster-Token"'],
    // An address lib/core/addresses.ts does not know escapes the review and the harness.
    [{ address: 'join_token' }, 's/token: address = "join_token": must be cluster_token or agent_token (lib/core/addresses.ts)'],
  ])('refuses %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
