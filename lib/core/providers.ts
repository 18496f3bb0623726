import { TerraformProvider, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * The stack's one provider of a kind, created at the stack's top level the
 * first time a construct needs it (aws-cdk's singleton pattern): a
 * construct a stack adds only for some settings brings the provider its
 * resources need, and two such constructs never declare it twice. `id` is
 * the provider's type (`null`, `random`).
 */
export function stackProvider<T extends TerraformProvider>(scope: IConstruct, id: string, create: (stack: TerraformStack, id: string) => T): T {
  const stack = TerraformStack.of(scope);
  return (stack.node.tryFindChild(id) as T | undefined) ?? create(stack, id);
}

/** Every provider the stack declares, in the order they were created. */
export function stackProviders(stack: TerraformStack): TerraformProvider[] {
  return stack.node.findAll().filter((c): c is TerraformProvider => c instanceof TerraformProvider);
}
