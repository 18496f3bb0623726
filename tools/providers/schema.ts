/**
 * Provider schemas in the shape `terraform providers schema -json` prints,
 * so schemas from any source (prebuilt bindings, a hand-written JSON such as
 * lib/libvirt/schema/) plug into the stub the same way.
 */
export type CtyType = 'string' | 'number' | 'bool' | 'dynamic' | ['list' | 'set' | 'map', CtyType] | ['object', Record<string, CtyType>];
export type NestingMode = 'single' | 'list' | 'set' | 'map';

export interface Attribute {
  readonly type?: CtyType;
  readonly nested_type?: NestedType;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
}

export interface NestedType {
  readonly attributes: Record<string, Attribute>;
  readonly nesting_mode: NestingMode;
}

export interface Block {
  readonly attributes?: Record<string, Attribute>;
  readonly block_types?: Record<string, NestedBlock>;
}

export interface NestedBlock {
  readonly nesting_mode: NestingMode;
  readonly block: Block;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface Schema {
  readonly version: number;
  readonly block: Block;
}

export interface ProviderSchema {
  readonly provider: Schema;
  readonly resource_schemas: Record<string, Schema>;
  readonly data_source_schemas: Record<string, Schema>;
}

/** Nested attribute types exist only in protocol 6, which the stub does not speak. */
export function assertProtocol5(name: string, schema: ProviderSchema): void {
  const check = (b: Block, at: string): void => {
    for (const [k, a] of Object.entries(b.attributes ?? {})) {
      if (a.nested_type) throw new Error(`${name}: ${at}${k} is a nested attribute type, which needs plugin protocol 6`);
    }
    for (const [k, nb] of Object.entries(b.block_types ?? {})) check(nb.block, `${at}${k}.`);
  };
  check(schema.provider.block, 'provider.');
  for (const [t, s] of Object.entries(schema.resource_schemas)) check(s.block, `${t}.`);
  for (const [t, s] of Object.entries(schema.data_source_schemas)) check(s.block, `data.${t}.`);
}
