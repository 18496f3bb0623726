import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { repoRoot } from '../../lib/core/repo-root';
import { BindingsSchemaReader } from './bindings-schema';
import { assertProtocol5, ProviderSchema } from './schema';

/**
 * The providers the stacks pin, each at exactly one version: the one our
 * prebuilt bindings (or hand-written schema) describe. The review reads
 * their schemas (which values are secret) and the stub providers serve them.
 */
interface KnownProvider {
  readonly version: string;
  /** Schema of the provider block and the given types (types it lacks are left out, as the real provider would refuse them). */
  schema(resources: string[], dataSources: string[]): ProviderSchema;
}

function fromBindings(pkg: string, name: string): KnownProvider {
  const dir = join(repoRoot(), 'node_modules', pkg);
  const version = (/providerVersion: '([^']+)'/.exec(readFileSync(join(dir, 'lib/provider/index.js'), 'utf8')) ?? [])[1];
  if (!version) throw new Error(`${pkg}: cannot read the provider version it was generated from`);
  const reader = new BindingsSchemaReader(dir);
  const has = (d: string) => existsSync(join(dir, 'lib', d, 'index.js'));
  return {
    version,
    schema: (resources, dataSources) =>
      reader.read(
        name,
        resources.filter((t) => has(t.replace(/^[^_]+_/, '').replace(/_/g, '-'))),
        dataSources.filter((t) => has(`data-${t.replace(/_/g, '-')}`)),
      ),
  };
}

/** A schema JSON in `terraform providers schema -json` shape, e.g. lib/libvirt/schema/. */
function fromSchemaFile(relativePath: string, source: string, version: string): KnownProvider {
  return {
    version,
    schema: (resources, dataSources) => {
      const path = join(repoRoot(), relativePath);
      const all = JSON.parse(readFileSync(path, 'utf8')).provider_schemas[`registry.terraform.io/${source}`] as ProviderSchema;
      const pick = (m: Record<string, unknown>, names: string[]) => Object.fromEntries(names.filter((n) => n in m).map((n) => [n, m[n]]));
      return {
        provider: all.provider,
        resource_schemas: pick(all.resource_schemas, resources) as ProviderSchema['resource_schemas'],
        data_source_schemas: pick(all.data_source_schemas ?? {}, dataSources) as ProviderSchema['data_source_schemas'],
      };
    },
  };
}

const PROVIDERS: Record<string, () => KnownProvider> = {
  'hashicorp/null': () => fromBindings('@cdktf/provider-null', 'null'),
  'hashicorp/local': () => fromBindings('@cdktf/provider-local', 'local'),
  'hashicorp/random': () => fromBindings('@cdktf/provider-random', 'random'),
  'hashicorp/helm': () => fromBindings('@cdktf/provider-helm', 'helm'),
  'hashicorp/kubernetes': () => fromBindings('@cdktf/provider-kubernetes', 'kubernetes'),
  'dmacvicar/libvirt': () => fromSchemaFile('lib/libvirt/schema/libvirt-0.8.3.schema.json', 'dmacvicar/libvirt', '0.8.3'),
};

/** The pinned version known for a source, or an error naming what is known. */
export function knownProvider(source: string): KnownProvider {
  const make = PROVIDERS[source];
  if (!make) throw new Error(`no schema for provider ${source} (known: ${Object.keys(PROVIDERS).join(', ')})`);
  return make();
}

/** The schema of the given types of a pinned provider, or an error when `version` is not the pinned one. */
export function providerSchema(source: string, version: string, resources: string[], dataSources: string[]): ProviderSchema {
  const known = knownProvider(source);
  if (known.version !== version) {
    throw new Error(`no schema for ${source} ${version}: the project knows ${source} ${known.version} only (pin that version)`);
  }
  const schema = known.schema(resources, dataSources);
  assertProtocol5(source, schema);
  return schema;
}
