import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { join } from 'path';
import { repoRoot } from '../../../lib/core/repo-root';
import { BEHAVIOURS, DATA_SOURCES, fillUnknown, markComputedUnknown, replacePaths } from './behaviour';
import { applyWithoutCluster, clusterAccess, ClusterAccess, needsCluster, refreshWithoutCluster } from './cluster-access';
import { decode, encode, isObject, Value } from './msgpack';
import { Block, ProviderSchema, Schema } from '../../providers/schema';

type Obj = { [key: string]: Value };
type Handler = (request: any) => unknown;

const NESTING = { single: 1, list: 2, set: 3, map: 4 } as const;

function protoSchema(schema: Schema) {
  const block = (b: Block): unknown => ({
    version: 0,
    attributes: Object.entries(b.attributes ?? {}).map(([name, a]) => ({
      name,
      type: Buffer.from(JSON.stringify(a.type)),
      required: !!a.required,
      optional: !!a.optional,
      computed: !!a.computed,
      sensitive: !!a.sensitive,
    })),
    block_types: Object.entries(b.block_types ?? {}).map(([name, nb]) => ({
      type_name: name,
      block: block(nb.block),
      nesting: NESTING[nb.nesting_mode],
      min_items: nb.min_items ?? 0,
      max_items: nb.max_items ?? 0,
    })),
  });
  return { version: schema.version, block: block(schema.block) };
}

const dyn = (v: Value) => ({ msgpack: encode(v) });
const undyn = (d: { msgpack?: Buffer } | null | undefined): Value => (d?.msgpack?.length ? decode(d.msgpack) : null);
const error = (summary: string, detail = '') => [{ severity: 1, summary, detail }];

/**
 * Provider RPCs over the stub's schema. Terraform core validates config
 * against the schema (unknown attributes, missing required ones, types,
 * blocks vs attributes), so validation here only has to accept.
 */
export function providerHandlers(schema: ProviderSchema): Record<string, Handler> {
  const resource = (type: string) => schema.resource_schemas[type];
  // The helm and kubernetes providers reach their cluster through the configured host (cluster-access.ts).
  let access: ClusterAccess = clusterAccess(null);
  return {
    GetSchema: () => ({
      provider: protoSchema(schema.provider),
      resource_schemas: Object.fromEntries(Object.entries(schema.resource_schemas).map(([k, s]) => [k, protoSchema(s)])),
      data_source_schemas: Object.fromEntries(Object.entries(schema.data_source_schemas).map(([k, s]) => [k, protoSchema(s)])),
      diagnostics: [],
      server_capabilities: { plan_destroy: false, get_provider_schema_optional: false },
    }),
    PrepareProviderConfig: (req) => ({ prepared_config: req.config, diagnostics: [] }),
    ValidateResourceTypeConfig: () => ({ diagnostics: [] }),
    ValidateDataSourceConfig: () => ({ diagnostics: [] }),
    Configure: (req) => {
      access = clusterAccess(undyn(req.config));
      return { diagnostics: [] };
    },
    Stop: () => ({ Error: '' }),
    UpgradeResourceState: (req) => ({ upgraded_state: dyn(JSON.parse(req.raw_state.json.toString('utf8')) as Value), diagnostics: [] }),
    ReadResource: async (req) => {
      const state = undyn(req.current_state);
      if (needsCluster(req.type_name) && isObject(state)) {
        const without = await refreshWithoutCluster(req.type_name, state, access);
        if (without && 'gone' in without) return { new_state: dyn(null), diagnostics: [], private: req.private };
        if (without) return { new_state: req.current_state, diagnostics: without.diagnostics, private: req.private };
      }
      const read = BEHAVIOURS[req.type_name]?.read;
      const fresh = isObject(state) && read ? read(state) : state;
      return { new_state: dyn(fresh), diagnostics: [], private: req.private };
    },
    PlanResourceChange: (req) => {
      const prior = undyn(req.prior_state);
      const proposed = undyn(req.proposed_new_state);
      if (!isObject(proposed)) return { planned_state: dyn(null), diagnostics: [] };
      if (!isObject(prior)) {
        markComputedUnknown(resource(req.type_name).block, proposed);
        return { planned_state: dyn(proposed), diagnostics: [] };
      }
      const replace = replacePaths(req.type_name, prior, proposed);
      return {
        planned_state: dyn(proposed),
        requires_replace: replace.map((path) => ({
          steps: path.map((k) => (/^\d+$/.test(k) ? { element_key_int: Number(k) } : { attribute_name: k })),
        })),
        diagnostics: [],
      };
    },
    ApplyResourceChange: async (req) => {
      const planned = undyn(req.planned_state);
      const behaviour = BEHAVIOURS[req.type_name];
      if (needsCluster(req.type_name)) {
        const diagnostics = await applyWithoutCluster(req.type_name, access);
        if (diagnostics) return { new_state: req.prior_state, diagnostics };
      }
      try {
        if (!isObject(planned)) {
          const prior = undyn(req.prior_state);
          if (isObject(prior)) behaviour?.destroy?.(prior);
          return { new_state: dyn(null), diagnostics: [] };
        }
        behaviour?.apply?.(planned);
        fillUnknown(resource(req.type_name).block, planned);
        return { new_state: dyn(planned), diagnostics: [], private: req.planned_private };
      } catch (err) {
        return { new_state: req.prior_state, diagnostics: error(`${req.type_name}: ${(err as Error).message}`) };
      }
    },
    ReadDataSource: (req) => {
      const config = undyn(req.config) as Obj;
      const read = DATA_SOURCES[req.type_name];
      try {
        const state = read ? read(config) : { ...config };
        fillUnknown(schema.data_source_schemas[req.type_name].block, state);
        markNullComputed(schema.data_source_schemas[req.type_name].block, state);
        return { state: dyn(state), diagnostics: [] };
      } catch (err) {
        return { state: req.config, diagnostics: error((err as Error).message) };
      }
    },
    ImportResourceState: (req) => ({ imported_resources: [], diagnostics: error(`${req.type_name}: import is not supported by the stub provider`) }),
  };
}

/** Data sources must return a value for every computed attribute. */
function markNullComputed(block: Block, state: Obj): void {
  for (const [name, a] of Object.entries(block.attributes ?? {})) if (a.computed && state[name] === undefined) state[name] = null;
}

const PROTO_DIR = join(repoRoot(), 'tools/harness/stub-provider/proto');

function load(file: string) {
  const def = protoLoader.loadSync(join(PROTO_DIR, file), { keepCase: true, longs: Number, enums: Number, defaults: true, oneofs: true });
  return grpc.loadPackageDefinition(def) as any;
}

/** Serves the provider on loopback; resolves with the port. */
export function serve(schema: ProviderSchema, onShutdown: () => void): Promise<number> {
  const server = new grpc.Server();
  const wrap = (handlers: Record<string, Handler>) =>
    Object.fromEntries(
      Object.entries(handlers).map(([name, fn]) => [
        name,
        (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
          const fail = (err: unknown) => callback({ code: grpc.status.INTERNAL, message: `stub provider ${name}: ${(err as Error).stack}` });
          try {
            // A handler may answer later (the helm and kubernetes stubs dial their cluster).
            Promise.resolve(fn(call.request)).then((r) => callback(null, r), fail);
          } catch (err) {
            fail(err);
          }
        },
      ]),
    );
  server.addService(load('tfplugin5.proto').tfplugin5.Provider.service, wrap(providerHandlers(schema)));
  server.addService(load('go-plugin.proto').plugin.GRPCController.service, wrap({ Shutdown: () => { setImmediate(onShutdown); return {}; } }));
  server.addService(load('health.proto').grpc.health.v1.Health.service, wrap({ Check: () => ({ status: 1 }) }));
  return new Promise((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port)));
  });
}
