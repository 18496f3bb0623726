/**
 * A stand-in for a Terraform provider, started by Terraform through the
 * executable in the filesystem mirror (see ../terraform.ts), or once by the
 * harness for Terraform to reattach to (STUB_UNMANAGED=1, see
 * startStubProviders). Usage:
 *   main.js <source> <version>   with env STUB_RESOURCES, STUB_DATA_SOURCES
 * (comma-separated types the configuration uses).
 */
import { handshakeLine, MAGIC_COOKIE } from './handshake';
import { providerSchema } from '../../providers/pinned';
import { serve } from './server';

async function main(): Promise<void> {
  if (process.env.TF_PLUGIN_MAGIC_COOKIE !== MAGIC_COOKIE) {
    process.stderr.write('This is a Terraform provider plugin (a test stub); Terraform starts it, not you.\n');
    process.exit(1);
  }
  const [source, version] = process.argv.slice(2);
  const list = (v?: string) => (v ? v.split(',').filter(Boolean) : []);
  const schema = providerSchema(source, version, list(process.env.STUB_RESOURCES), list(process.env.STUB_DATA_SOURCES));
  const port = await serve(schema, () => process.exit(0));
  process.stdout.write(handshakeLine(port));
  // Unmanaged: Terraform never stops it; the harness holds our stdin open while it needs us, so we cannot outlive it.
  if (process.env.STUB_UNMANAGED === '1') process.stdin.on('end', () => process.exit(0)).resume();
}

main().catch((err: unknown) => {
  process.stderr.write(`stub provider: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
