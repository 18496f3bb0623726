/**
 * Writes lib/libvirt/schema/libvirt-0.8.3.schema.json, in the shape of
 * `terraform providers schema -json`, from the provider's own Go source at
 * tag v0.8.3 (terraform-plugin-sdk/v2 schema literals), applying the SDK's
 * rules for turning a helper/schema.Schema into Terraform's core schema.
 *
 *   node dist/tools/gen-libvirt/schema-from-go.js <checkout of dmacvicar/terraform-provider-libvirt at v0.8.3>
 *
 * The checkout is read, never committed; only the JSON written here is.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { repoRoot } from '../../lib/core/repo-root';
import type { Attribute, Block, CtyType, NestedBlock, Schema } from '../providers/schema';

export const LIBVIRT_VERSION = '0.8.3';
export const SCHEMA_PATH = 'lib/libvirt/schema/libvirt-0.8.3.schema.json';
/**
 * Top-level attributes and blocks marked ForceNew, per resource: not part of
 * a core schema (the provider answers "requires replace" at plan time), but
 * the stub provider needs them to plan replacements as the real one does.
 */
export const FORCE_NEW_PATH = 'lib/libvirt/schema/libvirt-0.8.3.force-new.json';

/** The resources our stacks use: [Terraform type, Go file, constructor function]. */
const RESOURCES: [string, string, string][] = [
  ['libvirt_domain', 'resource_libvirt_domain.go', 'resourceLibvirtDomain'],
  ['libvirt_volume', 'resource_libvirt_volume.go', 'resourceLibvirtVolume'],
  ['libvirt_cloudinit_disk', 'resource_libvirt_cloud_init.go', 'resourceCloudInitDisk'],
  ['libvirt_network', 'resource_libvirt_network.go', 'resourceLibvirtNetwork'],
  ['libvirt_pool', 'resource_libvirt_pool.go', 'resourceLibvirtPool'],
];

/** One helper/schema.Schema literal, as far as the core schema needs it. */
interface GoSchema {
  type?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  forceNew?: boolean;
  hasDefaultFunc?: boolean;
  minItems?: number;
  maxItems?: number;
  elemSchema?: GoSchema;
  elemResource?: Record<string, GoSchema>;
}

/** A scanner over Go source that understands just enough: strings, comments, balanced brackets. */
class GoLiteral {
  constructor(private readonly src: string, private pos: number) {}

  static atFunction(src: string, fn: string): GoLiteral {
    const at = src.indexOf(`func ${fn}() *schema.`);
    if (at < 0) throw new Error(`function ${fn} not found`);
    return new GoLiteral(src, at);
  }

  private ws(): void {
    for (;;) {
      while (/\s/.test(this.src[this.pos] ?? '')) this.pos++;
      if (this.src.startsWith('//', this.pos)) this.pos = this.src.indexOf('\n', this.pos);
      else if (this.src.startsWith('/*', this.pos)) this.pos = this.src.indexOf('*/', this.pos) + 2;
      else return;
    }
  }

  private expect(token: string): void {
    this.ws();
    if (!this.src.startsWith(token, this.pos)) throw new Error(`expected ${token} at ${this.where()}`);
    this.pos += token.length;
  }

  private where(): string {
    const line = this.src.slice(0, this.pos).split('\n').length;
    return `line ${line}: ${JSON.stringify(this.src.slice(this.pos, this.pos + 40))}`;
  }

  /** Moves to just after the next occurrence of `token`. */
  seek(token: string): this {
    const at = this.src.indexOf(token, this.pos);
    if (at < 0) throw new Error(`${token} not found after ${this.where()}`);
    this.pos = at + token.length;
    return this;
  }

  private string(): string {
    this.ws();
    const q = this.src[this.pos];
    if (q !== '"' && q !== '`') throw new Error(`expected a string at ${this.where()}`);
    let i = this.pos + 1;
    while (this.src[i] !== q) i += this.src[i] === '\\' && q === '"' ? 2 : 1;
    const s = q === '"' ? JSON.parse(this.src.slice(this.pos, i + 1)) : this.src.slice(this.pos + 1, i);
    this.pos = i + 1;
    return s;
  }

  /** Skips one expression: stops before a top-level ',' or closing bracket. */
  private skipExpr(): string {
    const start = this.pos;
    let depth = 0;
    for (;;) {
      this.ws();
      const c = this.src[this.pos];
      if (c === undefined) throw new Error('unexpected end of source');
      if (c === '"' || c === '`') { this.string(); continue; }
      if (c === '\'') { this.pos = this.src.indexOf('\'', this.pos + 2) + 1; continue; }
      if ('({['.includes(c)) depth++;
      if (')}]'.includes(c)) { if (depth === 0) break; depth--; }
      if (c === ',' && depth === 0) break;
      this.pos++;
    }
    return this.src.slice(start, this.pos).trim();
  }

  private comma(): void {
    this.ws();
    if (this.src[this.pos] === ',') this.pos++;
  }

  private closes(): boolean {
    this.ws();
    if (this.src[this.pos] === '}') { this.pos++; return true; }
    return false;
  }

  /** `map[string]*schema.Schema{ "name": {...}, ... }` */
  schemaMap(): Record<string, GoSchema> {
    this.expect('map[string]*schema.Schema');
    this.expect('{');
    const out: Record<string, GoSchema> = {};
    while (!this.closes()) {
      const name = this.string();
      this.expect(':');
      this.ws();
      if (this.src.startsWith('&schema.Schema', this.pos)) this.pos += '&schema.Schema'.length;
      out[name] = this.schemaFields();
      this.comma();
    }
    return out;
  }

  /** The fields of a schema.Schema literal, from its `{`. */
  private schemaFields(): GoSchema {
    this.expect('{');
    const s: GoSchema = {};
    while (!this.closes()) {
      this.ws();
      const key = /^[A-Za-z]+/.exec(this.src.slice(this.pos))![0];
      this.pos += key.length;
      this.expect(':');
      this.ws();
      if (key === 'Elem') {
        if (this.src.startsWith('&schema.Resource', this.pos)) {
          this.pos += '&schema.Resource'.length;
          s.elemResource = this.resourceFields();
        } else if (this.src.startsWith('&schema.Schema', this.pos)) {
          this.pos += '&schema.Schema'.length;
          s.elemSchema = this.schemaFields();
        } else {
          throw new Error(`Elem of an unexpected kind at ${this.where()}`);
        }
      } else {
        const value = this.skipExpr();
        if (key === 'Type') s.type = value.replace(/^schema\./, '');
        else if (key === 'Required') s.required = value === 'true';
        else if (key === 'Optional') s.optional = value === 'true';
        else if (key === 'Computed') s.computed = value === 'true';
        else if (key === 'Sensitive') s.sensitive = value === 'true';
        else if (key === 'ForceNew') s.forceNew = value === 'true';
        else if (key === 'DefaultFunc') s.hasDefaultFunc = true;
        else if (key === 'MinItems') s.minItems = Number(value);
        else if (key === 'MaxItems') s.maxItems = Number(value);
      }
      this.comma();
    }
    return s;
  }

  /** The `Schema:` of a schema.Resource literal, from its `{`. */
  resourceFields(): Record<string, GoSchema> {
    this.expect('{');
    let schema: Record<string, GoSchema> | undefined;
    while (!this.closes()) {
      this.ws();
      const key = /^[A-Za-z]+/.exec(this.src.slice(this.pos))![0];
      this.pos += key.length;
      this.expect(':');
      if (key === 'Schema') { this.ws(); schema = this.schemaMap(); } else this.skipExpr();
      this.comma();
    }
    if (!schema) throw new Error(`resource literal without Schema at ${this.where()}`);
    return schema;
  }
}

const PRIMITIVES: Record<string, CtyType> = { TypeString: 'string', TypeInt: 'number', TypeFloat: 'number', TypeBool: 'bool' };

/** helper/schema's CoreConfigSchema rules (terraform-plugin-sdk/v2 helper/schema/core_schema.go). */
function coreType(s: GoSchema, at: string): CtyType {
  if (s.type && PRIMITIVES[s.type]) return PRIMITIVES[s.type];
  const kind = ({ TypeList: 'list', TypeSet: 'set', TypeMap: 'map' } as const)[s.type as 'TypeList'];
  if (!kind) throw new Error(`${at}: unknown type ${s.type}`);
  if (s.elemResource) return [kind, ['object', Object.fromEntries(Object.entries(s.elemResource).map(([k, v]) => [k, coreType(v, `${at}.${k}`)]))]];
  return [kind, s.elemSchema ? coreType(s.elemSchema, `${at}.elem`) : 'string'];
}

function coreBlock(schema: Record<string, GoSchema>, at: string): Block {
  const attributes: Record<string, Attribute> = {};
  const block_types: Record<string, NestedBlock> = {};
  for (const name of Object.keys(schema).sort()) {
    const s = schema[name];
    // A list/set of resources is a nested block unless it is computed only.
    if (s.elemResource && (s.type === 'TypeList' || s.type === 'TypeSet') && !(s.computed && !s.optional && !s.required)) {
      const nb: NestedBlock = {
        nesting_mode: s.type === 'TypeList' ? 'list' : 'set',
        block: coreBlock(s.elemResource, `${at}.${name}`),
        ...(s.required && !s.minItems ? { min_items: 1 } : s.minItems ? { min_items: s.minItems } : {}),
        ...(s.maxItems ? { max_items: s.maxItems } : {}),
      };
      block_types[name] = nb;
      continue;
    }
    // Required with a DefaultFunc (e.g. an env var) stays required when the env var is unset, as in CI.
    const a: Attribute = {
      type: coreType(s, `${at}.${name}`),
      ...(s.required ? { required: true } : {}),
      ...(s.optional ? { optional: true } : {}),
      ...(s.computed ? { computed: true } : {}),
      ...(s.sensitive ? { sensitive: true } : {}),
    };
    if (!a.required && !a.optional && !a.computed) throw new Error(`${at}.${name}: neither required, optional nor computed`);
    attributes[name] = a;
  }
  return { attributes, ...(Object.keys(block_types).length ? { block_types } : {}) };
}

/** The core schema of the resource that Go function `fn` in `src` returns. */
export function resourceBlockFromGo(src: string, fn: string, type: string): Block {
  return resourceFromGo(src, fn, type).block;
}

/** Top-level ForceNew names of the resource that Go function `fn` in `src` returns. */
export function forceNewFromGo(src: string, fn: string): string[] {
  const fields = GoLiteral.atFunction(src, fn).seek('&schema.Resource').resourceFields();
  return Object.keys(fields).filter((k) => fields[k].forceNew).sort();
}

function resourceFromGo(src: string, fn: string, type: string): { block: Block } {
  const block = coreBlock(GoLiteral.atFunction(src, fn).seek('&schema.Resource').resourceFields(), type);
  // The SDK adds `id` to every resource.
  (block.attributes as Record<string, Attribute>).id ??= { type: 'string', optional: true, computed: true };
  return { block };
}

export function forceNewFromSource(checkout: string): Record<string, string[]> {
  const file = (f: string) => readFileSync(join(checkout, 'libvirt', f), 'utf8');
  return Object.fromEntries(RESOURCES.map(([type, f, fn]) => [type, forceNewFromGo(file(f), fn)]));
}

export function schemaFromSource(checkout: string): object {
  const file = (f: string) => readFileSync(join(checkout, 'libvirt', f), 'utf8');
  const resource_schemas: Record<string, Schema> = {};
  for (const [type, f, fn] of RESOURCES) resource_schemas[type] = { version: 0, block: resourceBlockFromGo(file(f), fn, type) };
  const providerFields = GoLiteral.atFunction(file('provider.go'), 'Provider').seek('Schema:').schemaMap();
  return {
    format_version: '1.0',
    provider_schemas: {
      'registry.terraform.io/dmacvicar/libvirt': {
        provider: { version: 0, block: coreBlock(providerFields, 'provider') },
        resource_schemas,
        data_source_schemas: {},
      },
    },
  };
}

if (require.main === module) {
  const checkout = process.argv[2];
  if (!checkout) {
    console.error('usage: schema-from-go.js <checkout of dmacvicar/terraform-provider-libvirt at v0.8.3>');
    process.exit(2);
  }
  writeFileSync(join(repoRoot(), SCHEMA_PATH), `${JSON.stringify(schemaFromSource(checkout), null, 2)}\n`);
  writeFileSync(join(repoRoot(), FORCE_NEW_PATH), `${JSON.stringify(forceNewFromSource(checkout), null, 2)}\n`);
  console.log(`wrote ${SCHEMA_PATH} and ${FORCE_NEW_PATH}`);
}
