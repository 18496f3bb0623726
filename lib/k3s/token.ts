import { Password } from '@cdktf/provider-random/lib/password';
import { Construct } from 'constructs';

export interface K3sClusterTokenProps {
  /**
   * Length of the generated token.
   * @default 48
   */
  readonly length?: number;
}

/**
 * The shared secret servers and agents join with: `random_password.cluster_token`.
 * Letters and digits only, so it is safe inside the YAML config file and a
 * shell word; it is only ever referenced, never written as a literal.
 */
export class K3sClusterToken extends Construct {
  public readonly value: string;

  constructor(scope: Construct, id: string, props: K3sClusterTokenProps = {}) {
    super(scope, id);
    const length = props.length ?? 48;
    if (!Number.isInteger(length) || length < 32 || length > 128) {
      throw new Error(`length must be an integer from 32 to 128, got ${length}`);
    }
    const password = new Password(this, 'token', { length, special: false });
    password.overrideLogicalId('cluster_token');
    this.value = password.result;
  }
}
