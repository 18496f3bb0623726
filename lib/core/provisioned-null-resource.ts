import { Resource, ResourceConfig } from '@cdktf/provider-null/lib/resource';
import { FileProvisioner, LocalExecProvisioner, RemoteExecProvisioner, Tokenization } from 'cdktf';
import { Construct } from 'constructs';
import { markPlain } from './plain-resolve';

type Provisioner = FileProvisioner | LocalExecProvisioner | RemoteExecProvisioner;

/**
 * A `null_resource` (same class, same JSON) whose provisioners are put in
 * Terraform's shape once, when it is built. cdktf converts every
 * provisioner's keys to snake_case on each of its synth passes (twice), and
 * resolves the result each time (three times): a K3s node has two such
 * resources of ~10 provisioners, most of the JSON of a large cluster.
 * Here the converted steps are shared by identity (the install and upgrade
 * resources of a node, the connection block of its steps) and the
 * token-free ones are declared plain (markPlain), so synth passes skip them.
 *
 * The provisioners are read when the resource is built: change the steps
 * before, not after.
 */
export class ProvisionedNullResource extends Resource {
  private readonly steps?: readonly object[];

  constructor(scope: Construct, id: string, config: ResourceConfig) {
    // An empty list keeps cdktf's merge: it appends nothing to ours, and overrides apply after.
    super(scope, id, { ...config, provisioners: config.provisioners === undefined ? undefined : [] });
    this.steps = config.provisioners?.map(toTerraformProvisioner);
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const attributes = super.synthesizeAttributes();
    return this.steps === undefined ? attributes : { ...attributes, provisioner: this.steps };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    const attributes = super.synthesizeHclAttributes();
    if (this.steps === undefined) return attributes;
    // cdktf's block form for HCL output (terraform-resource.js toHclTerraform).
    const provisioner = this.steps.map((step) => {
      const [[type, value]] = Object.entries(step);
      return { [type]: { isBlock: true, type: 'list', storageClassType: 'object', value } };
    });
    return { ...attributes, provisioner };
  }
}

const converted = new WeakMap<object, object>();

/** cdktf's `({ type, ...props }) => ({ [type]: keysToSnakeCase(props) })`, once per step object. */
function toTerraformProvisioner(step: Provisioner): object {
  let out = converted.get(step);
  if (out === undefined) {
    const { type, ...props } = step;
    out = { [type]: keysToSnakeCase(props) };
    markPlain(out);
    converted.set(step, out);
  }
  return out;
}

const snakeCaseMemo = new Map<string, string>();

/** cdktf 0.21's snakeCase (lib/util.js), memoized. */
function snakeCase(str: string): string {
  if (!str) return '';
  let out = snakeCaseMemo.get(str);
  if (out === undefined) {
    out = String(str)
      .replace(/^[^A-Za-z0-9]*|[^A-Za-z0-9]*$/g, '')
      .replace(/([a-z0-9])([A-Z])/g, (_m, a: string, b: string) => a + '_' + b.toLowerCase())
      .replace(/[^A-Za-z0-9]+|_+/g, '_')
      .toLowerCase();
    snakeCaseMemo.set(str, out);
  }
  return out;
}

const snakeCased = new WeakMap<object, unknown>();

/**
 * cdktf 0.21's keysToSnakeCase (lib/util.js), same result; a value met
 * again (a connection block shared by a node's steps) gives the same
 * converted object.
 */
function keysToSnakeCase(object: any): any {
  if (Tokenization.isResolvable(object)) return object;
  if (object !== null && typeof object === 'object' && snakeCased.has(object)) return snakeCased.get(object);
  let out: any;
  if (Array.isArray(object)) {
    out = object.map((e) => (typeof e === 'object' ? keysToSnakeCase(e) : e));
  } else {
    out = {};
    for (const key of Object.keys(object)) {
      if (key === 'tags' || key === 'environment') {
        out[key] = object[key];
        continue;
      }
      let value = object[key];
      if (typeof value === 'object') value = keysToSnakeCase(value);
      // cdktf converts array elements a second time; snake_case of snake_case is the same, so the elements are kept.
      out[snakeCase(key)] = value;
    }
  }
  snakeCased.set(object, out);
  return out;
}
