import { readFileSync } from 'fs';
import { join } from 'path';
import { Attribute, Block, CtyType, NestedBlock, NestingMode, ProviderSchema, Schema } from './schema';

/**
 * Derives provider schemas from the prebuilt CDKTF bindings we pin
 * (`@cdktf/provider-*`): they were generated from each provider's real
 * schema at its pinned version, and their code still carries, per
 * attribute, the name, block-or-attribute, nesting and value type
 * (`synthesizeHclAttributes`), whether it is required (`?` in the config
 * interface) and which attributes are computed only (getters with no
 * config entry). What the bindings do not carry is listed in OVERRIDES,
 * from the providers' documentation: sensitivity, and optional attributes
 * the provider computes when unset.
 */

interface Overrides {
  readonly sensitive?: string[];
  readonly optionalComputed?: string[];
}

/** Keyed by `<type>` (resource or provider) or `data.<type>`; paths are dotted. */
const OVERRIDES: Record<string, Overrides> = {
  random_password: { sensitive: ['result', 'bcrypt_hash'] },
  local_sensitive_file: { sensitive: ['content', 'content_base64'], optionalComputed: ['file_permission', 'directory_permission'] },
  local_file: { sensitive: ['sensitive_content'], optionalComputed: ['file_permission', 'directory_permission'] },
  'data.local_sensitive_file': { sensitive: ['content', 'content_base64'] },
  helm_release: { sensitive: ['set_sensitive.value', 'repository_password', 'manifest'], optionalComputed: ['namespace', 'version', 'timeout', 'atomic', 'wait'] },
  helm: { sensitive: ['kubernetes.client_key', 'kubernetes.password', 'kubernetes.token', 'registries.password'] },
  kubernetes: { sensitive: ['client_key', 'password', 'token'] },
  kubernetes_namespace: { optionalComputed: ['metadata.name'] },
  // terraform-provider-kubernetes, resource_kubernetes_secret_v1.go: data and binary_data are Sensitive.
  kubernetes_secret_v1: { sensitive: ['data', 'binary_data'] },
};

interface RawAttr { name: string; camel: string; isBlock: boolean; kind: string; storage: string; mapper?: string }

export class BindingsSchemaReader {
  private readonly jsCache = new Map<string, string>();

  constructor(private readonly packageDir: string) {}

  /** Schema of the provider block and of the given resource and data source types. */
  public read(providerName: string, resources: string[], dataSources: string[]): ProviderSchema {
    return {
      provider: this.schemaOf('provider', providerName, providerName),
      resource_schemas: Object.fromEntries(resources.map((t) => [t, this.schemaOf(t.replace(/^[^_]+_/, '').replace(/_/g, '-'), t, t)])),
      data_source_schemas: Object.fromEntries(dataSources.map((t) => [t, this.schemaOf(`data-${t.replace(/_/g, '-')}`, t, `data.${t}`)])),
    };
  }

  private schemaOf(dir: string, typeName: string, overrideKey: string): Schema {
    const js = this.file(dir, 'index.js');
    const dts = this.file(dir, 'index.d.ts');
    const className = new RegExp(`(\\w+)\\.tfResourceType = "${typeName}";`).exec(js)?.[1];
    if (!className) throw new Error(`${this.packageDir}/lib/${dir} does not define ${typeName}`);
    const classBody = this.classBody(js, className);
    const configInterface = dir === 'provider' ? `${className}Config` : `${className}Config`;
    const block = this.block(js, dts, classBody, configInterface, className, OVERRIDES[overrideKey] ?? {}, '', dir === 'provider');
    return { version: 0, block };
  }

  private block(js: string, dts: string, body: string, iface: string, outputClass: string | undefined, o: Overrides, prefix: string, isProvider: boolean): Block {
    const raws = parseAttrs(body).filter((r) => !(isProvider && r.name === 'alias'));
    const props = interfaceProps(dts, iface);
    const attributes: Record<string, Attribute> = {};
    const blockTypes: Record<string, NestedBlock> = {};
    for (const r of raws) {
      const prop = props.get(r.camel);
      if (!prop) throw new Error(`${iface}: no property ${r.camel} for ${r.name}`);
      const path = prefix + r.name;
      const required = !prop.optional && r.name !== 'id';
      const optionalComputed = r.name === 'id' || (o.optionalComputed ?? []).includes(path);
      const flags = {
        ...(required ? { required: true } : { optional: true }),
        ...(optionalComputed ? { computed: true } : {}),
        ...((o.sensitive ?? []).includes(path) ? { sensitive: true } : {}),
      };
      const primitive = primitiveType(r.kind, r.storage);
      if (primitive) {
        attributes[r.name] = { type: primitive, ...flags };
        continue;
      }
      if (!r.mapper) throw new Error(`${iface}.${r.name}: cannot tell the type of ${r.storage}`);
      const structName = r.mapper.replace(/ToHclTerraform$/, '').replace(/^./, (c) => c.toUpperCase());
      const nested = this.block(js, dts, functionBody(js, r.mapper), structName, `${structName}OutputReference`, o, `${path}.`, false);
      const nesting: NestingMode = r.kind === 'struct' ? 'single' : (r.kind as NestingMode);
      if (r.isBlock) {
        const single = !prop.array;
        blockTypes[r.name] = {
          nesting_mode: nesting,
          block: nested,
          ...(required ? { min_items: 1 } : {}),
          ...(nesting !== 'single' && single ? { max_items: 1 } : {}),
        };
      } else {
        if (nested.block_types && Object.keys(nested.block_types).length) throw new Error(`${path}: blocks inside a nested attribute`);
        attributes[r.name] = { nested_type: { attributes: nested.attributes ?? {}, nesting_mode: nesting }, ...flags };
      }
    }
    // Computed-only attributes: getters of the output class with no config entry.
    if (outputClass && new RegExp(`class ${outputClass} `).test(js)) {
      for (const [name, type] of computedGetters(this.classBody(js, outputClass), js, this)) {
        if (!(name in attributes) && !(name in blockTypes)) {
          attributes[name] = { type, computed: true, ...((o.sensitive ?? []).includes(prefix + name) ? { sensitive: true } : {}) };
        }
      }
    }
    return {
      ...(Object.keys(attributes).length ? { attributes } : {}),
      ...(Object.keys(blockTypes).length ? { block_types: blockTypes } : {}),
    };
  }

  /** Type of a computed nested output class (all its getters). */
  public outputObjectType(js: string, outputClass: string): CtyType {
    const fields: Record<string, CtyType> = {};
    for (const [name, type] of computedGetters(this.classBody(js, outputClass), js, this)) fields[name] = type;
    return ['object', fields];
  }

  public classBody(js: string, className: string): string {
    const start = js.search(new RegExp(`class ${className} extends`));
    if (start < 0) throw new Error(`class ${className} not found`);
    return js.slice(start, matchBrace(js, js.indexOf('{', start)));
  }

  private file(dir: string, name: string): string {
    const path = join(this.packageDir, 'lib', dir, name);
    let text = this.jsCache.get(path);
    if (text === undefined) {
      text = readFileSync(path, 'utf8');
      this.jsCache.set(path, text);
    }
    return text;
  }
}

/** Index just past the brace that closes the one at `open`; skips strings and comments. */
function matchBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) + 1;
    else if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
    if (i < 0) break;
  }
  throw new Error('unbalanced braces');
}

/** The `attrs` object of a synthesizeHclAttributes method or a *ToHclTerraform function. */
function parseAttrs(body: string): RawAttr[] {
  const start = body.indexOf('const attrs = {');
  if (start < 0) return [];
  const text = body.slice(start, matchBrace(body, body.indexOf('{', start)));
  const re = /(\w+): \{\s*value: ([^\n]*),\s*isBlock: (true|false),\s*type: "(\w+)",\s*storageClassType: "(\w+)",\s*\}/g;
  const out: RawAttr[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const camel = /(?:this\._|struct\.)(\w+)/.exec(m[2])?.[1];
    if (!camel) throw new Error(`cannot read the property of ${m[1]}: ${m[2]}`);
    const mapper = /(?<![.\w])([a-z]\w*ToHclTerraform)\b/.exec(m[2])?.[1];
    out.push({ name: m[1], camel, isBlock: m[3] === 'true', kind: m[4], storage: m[5], mapper });
  }
  return out;
}

function functionBody(js: string, fn: string): string {
  const start = js.indexOf(`function ${fn}(`);
  if (start < 0) throw new Error(`function ${fn} not found`);
  return js.slice(start, matchBrace(js, js.indexOf('{', start)));
}

/** Properties of a TypeScript interface: optional (`?`) and array-typed or not. */
function interfaceProps(dts: string, iface: string): Map<string, { optional: boolean; array: boolean }> {
  const start = dts.search(new RegExp(`export interface ${iface}( extends [\\w.]+)? \\{`));
  if (start < 0) throw new Error(`interface ${iface} not found`);
  const body = dts.slice(start, matchBrace(dts, dts.indexOf('{', start)));
  const props = new Map<string, { optional: boolean; array: boolean }>();
  for (const m of body.matchAll(/^ {4}readonly (\w+)(\?)?: ([^\n]*)$/gm)) {
    props.set(m[1], { optional: m[2] === '?', array: /\[\]/.test(m[3]) });
  }
  return props;
}

function primitiveType(kind: string, storage: string): CtyType | undefined {
  const base = /^(string|number|boolean|any)(List|Map)?$/.exec(storage);
  if (!base) return undefined;
  const elem: CtyType = base[1] === 'boolean' ? 'bool' : base[1] === 'any' ? 'dynamic' : (base[1] as 'string' | 'number');
  if (kind === 'simple') return elem;
  if (kind === 'list' || kind === 'set' || kind === 'map') return [kind, elem];
  throw new Error(`unknown attribute kind ${kind}`);
}

const GETTER_TYPES: Record<string, CtyType> = {
  String: 'string', Number: 'number', Boolean: 'bool', List: ['list', 'string'], NumberList: ['list', 'number'],
  StringMap: ['map', 'string'], NumberMap: ['map', 'number'], BooleanMap: ['map', 'bool'], AnyMap: ['map', 'dynamic'],
};

/** Getters without a setter: what the provider computes. */
function computedGetters(body: string, js: string, reader: BindingsSchemaReader): [string, CtyType][] {
  const out: [string, CtyType][] = [];
  for (const m of body.matchAll(/ {4}get (\w+)\(\) \{\s*return ([^;]*);/g)) {
    if (new RegExp(` set ${m[1]}\\(`).test(body)) continue;
    const simple = /^this\.get(\w+)Attribute\('(\w+)'\)$/.exec(m[2]);
    if (simple && GETTER_TYPES[simple[1]]) {
      out.push([simple[2], GETTER_TYPES[simple[1]]]);
      continue;
    }
    const complex = /^this\._(\w+)$/.exec(m[2]);
    if (!complex) continue;
    const init = new RegExp(`this\\._${complex[1]} = new ([\\w.]+)\\(this, "(\\w+)"(, (true|false))?\\)`).exec(body);
    if (!init) continue;
    const cls = init[1];
    const map = /^cdktf\.(String|Number|Boolean|Any)Map$/.exec(cls);
    if (map) out.push([init[2], GETTER_TYPES[`${map[1]}Map`]]);
    else if (cls.endsWith('OutputReference')) out.push([init[2], reader.outputObjectType(js, cls)]);
    else if (cls.endsWith('List')) out.push([init[2], ['list', reader.outputObjectType(js, `${cls.replace(/List$/, '')}OutputReference`)]]);
  }
  return out;
}
