/**
 * `npm run gen:libvirt`: generates the TypeScript bindings of
 * dmacvicar/libvirt 0.8.3 into lib/libvirt/bindings/ from the committed
 * schema (lib/libvirt/schema/), offline, with the CDKTF generator that
 * `cdktf get` uses (@cdktf/provider-generator 0.21.0). No prebuilt
 * @cdktf/provider-libvirt package exists.
 *
 *   generate.js [outDir]   (default lib/libvirt/bindings; the test writes elsewhere and compares)
 */
import { existsSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { repoRoot } from '../harness/repo-root';
import { LIBVIRT_VERSION, SCHEMA_PATH } from './schema-from-go';

export const BINDINGS_DIR = 'lib/libvirt/bindings';
const FQPN = 'registry.terraform.io/dmacvicar/libvirt';

export async function generateLibvirtBindings(outDir: string): Promise<void> {
  // Loading @cdktf/commons runs `terraform version`, which warns when
  // TF_CLI_CONFIG_FILE names a missing file: drop such a setting first.
  if (process.env.TF_CLI_CONFIG_FILE && !existsSync(process.env.TF_CLI_CONFIG_FILE)) delete process.env.TF_CLI_CONFIG_FILE;
  const { ConstructsMakerProviderTarget, LANGUAGES, TerraformProviderConstraint } = require('@cdktf/commons') as typeof import('@cdktf/commons');
  const { CodeMaker, TerraformProviderGenerator } = require('@cdktf/provider-generator') as typeof import('@cdktf/provider-generator');
  const schema = JSON.parse(readFileSync(join(repoRoot(), SCHEMA_PATH), 'utf8'));
  schema.provider_versions = { [FQPN]: LIBVIRT_VERSION };
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  // An exact pin: the synthesized required_providers says version = "0.8.3".
  const constraint = new TerraformProviderConstraint({ name: 'libvirt', source: 'dmacvicar/libvirt', version: LIBVIRT_VERSION, namespace: 'dmacvicar' } as never);
  generator.generate(new ConstructsMakerProviderTarget(constraint, LANGUAGES[0]));
  rmSync(outDir, { recursive: true, force: true });
  await code.save(outDir);
}

if (require.main === module) {
  const out = process.argv[2] ?? join(repoRoot(), BINDINGS_DIR);
  generateLibvirtBindings(out).then(
    () => console.log(`wrote ${out}`),
    (err: unknown) => {
      console.error(`gen:libvirt: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
