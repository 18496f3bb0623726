import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { repoRoot } from '../../lib/core/repo-root';

/**
 * Attributes whose change makes Terraform replace a resource (ForceNew in
 * the providers' schemas: the plugin protocol does not announce them, a
 * provider answers them per plan). Top-level names, or `a.0.b` paths into
 * blocks. The review tells replacements from updates with these; the stub
 * providers plan with them.
 */
export const FORCE_NEW: Record<string, readonly string[]> = {
  // hashicorp/null 3.2.4 resource_null_resource: triggers is ForceNew.
  null_resource: ['triggers'],
  // hashicorp/local 2.6.1 resource_local_file / resource_local_sensitive_file: every attribute is RequiresReplace.
  local_file: ['content', 'content_base64', 'sensitive_content', 'source', 'filename', 'file_permission', 'directory_permission'],
  local_sensitive_file: ['content', 'content_base64', 'sensitive_content', 'source', 'filename', 'file_permission', 'directory_permission'],
  // hashicorp/random 3.7.2 resource_password: every argument is RequiresReplace.
  random_password: ['keepers', 'length', 'lower', 'min_lower', 'min_numeric', 'min_special', 'min_upper', 'number', 'numeric', 'override_special', 'special', 'upper'],
  // hashicorp/helm 3.1.1 helm_release: name and namespace are RequiresReplace.
  helm_release: ['name', 'namespace'],
  // hashicorp/kubernetes 2.38.0 kubernetes_namespace: metadata.name is ForceNew.
  kubernetes_namespace: ['metadata.0.name'],
  // dmacvicar/libvirt 0.8.3: as the provider's Go source marks them (written by tools/gen-libvirt/schema-from-go.ts).
  ...libvirtForceNew(),
};

function libvirtForceNew(): Record<string, readonly string[]> {
  const file = join(repoRoot(), 'lib/libvirt/schema/libvirt-0.8.3.force-new.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[]>) : {};
}
