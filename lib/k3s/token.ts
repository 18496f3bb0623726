import { Password } from '@cdktf/provider-random/lib/password';
import { Construct } from 'constructs';
import { ADDRESSES, classifyAddress } from '../core/addresses';
import { validator } from '../core/validation';

export interface K3sClusterTokenProps {
  /**
   * Length of the generated token.
   * @default 48
   */
  readonly length?: number;
  /**
   * Terraform name of the generated `random_password` (an address users
   * rely on): `cluster_token` or `agent_token` (lib/core/addresses.ts).
   * @default 'cluster_token'
   */
  readonly address?: string;
}

/**
 * A join secret, generated: `random_password.cluster_token` (the server
 * token: servers join with it, and it encrypts K3s' bootstrap data) or
 * `random_password.agent_token` (agents join with it; it cannot join a
 * server, docs.k3s.io/cli/token). Letters and digits only, so it is safe
 * inside the YAML config file and a shell word; it is only ever
 * referenced, never written as a literal.
 */
export class K3sClusterToken extends Construct {
  public readonly value: string;

  constructor(scope: Construct, id: string, props: K3sClusterTokenProps = {}) {
    super(scope, id);
    const length = props.length ?? 48;
    if (!Number.isInteger(length) || length < 32 || length > 128) {
      throw new Error(`length must be an integer from 32 to 128, got ${length}`);
    }
    const address = props.address ?? ADDRESSES.clusterToken.name();
    if (!/^[a-z_][a-z0-9_]*$/.test(address)) throw new Error(`address must be a Terraform resource name, got ${JSON.stringify(address)}`);
    const kind = classifyAddress(`random_password.${address}`)?.kind;
    if (kind !== 'cluster-token' && kind !== 'agent-token') {
      validator(this).fail('address', address, `must be ${ADDRESSES.clusterToken.name()} or ${ADDRESSES.agentToken.name()} (lib/core/addresses.ts)`);
    }
    const password = new Password(this, 'token', { length, special: false });
    password.overrideLogicalId(address);
    this.value = password.result;
  }
}
