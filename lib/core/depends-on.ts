import { ITerraformDependable, TerraformDataSource, TerraformResource } from 'cdktf';

/**
 * `depends_on` as plain addresses. cdktf's `dependsOn` prop wraps every
 * entry in a token that captures a full stack trace and is resolved on
 * every synth pass; the platform's resources depend on every node's
 * install, so a 300-node cluster made ~4,000 such tokens. The JSON is the
 * same: `<type>.<name>` (resources), `data.<type>.<name>` (data sources).
 * A dependency must have its final logical id (overrideLogicalId) first.
 */
export function addressOf(dependency: ITerraformDependable): string {
  if (TerraformResource.isTerraformResource(dependency)) return `${dependency.terraformResourceType}.${dependency.friendlyUniqueId}`;
  if (dependency instanceof TerraformDataSource) return `data.${dependency.terraformResourceType}.${dependency.friendlyUniqueId}`;
  return dependency.fqn;
}

/** Sets what `element` waits for, as cdktf's `dependsOn` prop would: `[]` stays `[]`, undefined sets nothing. */
export function dependOn(element: TerraformResource | TerraformDataSource, dependencies: readonly ITerraformDependable[] | undefined): void {
  if (dependencies !== undefined) element.dependsOn = dependencies.map(addressOf);
}
