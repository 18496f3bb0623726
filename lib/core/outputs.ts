import { TerraformOutput, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

export interface StackOutputOptions {
  readonly value: unknown;
  readonly description: string;
  /** @default false */
  readonly sensitive?: boolean;
}

/**
 * A documented output (`tofu output <name>`), defined by the construct that
 * knows its value and meaning. Output names are one namespace per stack, so
 * it lives at the stack's top level whichever construct defines it: its
 * name and its place in the synthesized JSON do not depend on where that
 * construct sits in the tree.
 */
export function stackOutput(scope: IConstruct, name: string, options: StackOutputOptions): TerraformOutput {
  return new TerraformOutput(TerraformStack.of(scope), name, {
    value: options.value,
    description: options.description,
    ...(options.sensitive === undefined ? {} : { sensitive: options.sensitive }),
    staticId: true,
  });
}
