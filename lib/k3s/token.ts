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
  /**
   * The same reference as plain text (`${random_password.<address>.result}`),
   * for text the synth need not resolve (a node's config file): the JSON is
   * the same, and per-node steps hold no token for cdktf to resolve.
   * Not for Terraform functions, which tell a reference from a string.
   */
  public readonly reference: string;

  constructor(scope: Construct, id: string, props: K3sClusterTokenProps = {}) {
    super(scope, id);
    const length = props.length ?? 48;
    const { check } = validator(this);
    check('length', length, Number.isInteger(length) && length >= 32 && length <= 128, 'must be an integer from 32 to 128');
    const address = props.address ?? ADDRESSES.clusterToken.name();
    check('address', address, /^[a-z_][a-z0-9_]*$/.test(address), 'must be a Terraform resource name (lowercase letters, digits and _, not starting with a digit)');
    const kind = classifyAddress(`random_password.${address}`)?.kind;
    check('address', address, kind === 'cluster-token' || kind === 'agent-token', `must be ${ADDRESSES.clusterToken.name()} or ${ADDRESSES.agentToken.name()} (lib/core/addresses.ts)`);
    const password = new Password(this, 'token', { length, special: false });
    password.overrideLogicalId(address);
    this.value = password.result;
    this.reference = `\${${password.terraformResourceType}.${password.friendlyUniqueId}.result}`;
  }
}
