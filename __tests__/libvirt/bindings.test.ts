import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { generateLibvirtBindings, BINDINGS_DIR, GENERATED_HEADER } from '../../tools/gen-libvirt/generate';
import { FORCE_NEW_PATH, forceNewFromGo, resourceBlockFromGo, SCHEMA_PATH } from '../../tools/gen-libvirt/schema-from-go';
import { providerSchema } from '../../tools/providers/pinned';
import { ROOT, tempDir } from '../helpers/repo';

function tree(dir: string, at = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(join(dir, at), { withFileTypes: true })) {
    const rel = join(at, e.name);
    if (e.isDirectory()) Object.assign(out, tree(dir, rel));
    else out[rel] = readFileSync(join(dir, rel), 'utf8');
  }
  return out;
}

describe('libvirt bindings', () => {
  it('npm run gen:libvirt reproduces the committed bindings from the committed schema', async () => {
    const out = tempDir('libvirt-bindings');
    await generateLibvirtBindings(out);
    const fresh = tree(out);
    const committed = tree(join(ROOT, BINDINGS_DIR));
    expect(Object.keys(fresh).sort()).toEqual(Object.keys(committed).sort());
    for (const f of Object.keys(fresh)) expect([f, fresh[f]]).toEqual([f, committed[f]]);
  }, 60_000);

  it('says in every source file how it is regenerated, and .gitattributes marks it generated', () => {
    const sources = Object.keys(tree(join(ROOT, BINDINGS_DIR))).filter((f) => f.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(5);
    for (const f of sources) expect([f, readFileSync(join(ROOT, BINDINGS_DIR, f), 'utf8').split('\n')[0]]).toEqual([f, GENERATED_HEADER]);
    expect(readFileSync(join(ROOT, '.gitattributes'), 'utf8')).toMatch(/^lib\/libvirt\/bindings\/\*\* linguist-generated=true$/m);
  });

  it('pins dmacvicar/libvirt 0.8.3 exactly', () => {
    const domain = readFileSync(join(ROOT, BINDINGS_DIR, 'providers/libvirt/domain/index.ts'), 'utf8');
    expect(domain).toContain("providerName: 'libvirt'");
    expect(domain).toContain("providerVersion: '0.8.3'");
    expect(domain).toContain("providerVersionConstraint: '0.8.3'");
    expect(domain).toContain("terraformResourceType: 'libvirt_domain'");
  });
});

describe('libvirt 0.8.3 schema (from the provider source at v0.8.3)', () => {
  const all = JSON.parse(readFileSync(join(ROOT, SCHEMA_PATH), 'utf8')).provider_schemas['registry.terraform.io/dmacvicar/libvirt'];
  const r = (t: string) => all.resource_schemas[t].block;

  it('has the provider block and the five resources we use', () => {
    expect(all.provider.block.attributes.uri).toEqual({ type: 'string', required: true });
    expect(Object.keys(all.resource_schemas).sort()).toEqual(['libvirt_cloudinit_disk', 'libvirt_domain', 'libvirt_network', 'libvirt_pool', 'libvirt_volume']);
  });

  it('known attributes of each kind', () => {
    expect(r('libvirt_volume').attributes.size).toEqual({ type: 'number', optional: true, computed: true });
    expect(r('libvirt_volume').attributes.name).toEqual({ type: 'string', required: true });
    expect(r('libvirt_cloudinit_disk').attributes.network_config).toEqual({ type: 'string', optional: true });
    expect(r('libvirt_domain').attributes.qemu_agent).toEqual({ type: 'bool', optional: true });
    expect(r('libvirt_domain').attributes.cmdline).toEqual({ type: ['list', ['map', 'string']], optional: true });
    expect(r('libvirt_domain').block_types.network_interface.nesting_mode).toBe('list');
    expect(r('libvirt_domain').block_types.network_interface.block.attributes.addresses).toEqual({ type: ['list', 'string'], optional: true, computed: true });
    expect(r('libvirt_domain').block_types.console.block.attributes.target_port).toEqual({ type: 'string', required: true });
    expect(r('libvirt_domain').block_types.cpu.max_items).toBe(1);
    expect(r('libvirt_domain').attributes.id).toEqual({ type: 'string', optional: true, computed: true });
  });

  it('the stub provider serves it for exactly 0.8.3', () => {
    expect(providerSchema('dmacvicar/libvirt', '0.8.3', ['libvirt_volume'], []).resource_schemas.libvirt_volume.block.attributes?.size.type).toBe('number');
    expect(() => providerSchema('dmacvicar/libvirt', '0.9.0', [], [])).toThrow(/knows dmacvicar\/libvirt 0\.8\.3 only/);
  });
});

describe('SDK schema rules of the Go reader', () => {
  const go = `
func resourceThing() *schema.Resource {
	return &schema.Resource{
		CreateContext: create, // a comment with { brace
		Schema: map[string]*schema.Schema{
			"name": {Type: schema.TypeString, Required: true, Description: "a \\"quoted\\" }"},
			"labels": {Type: schema.TypeMap, Optional: true},
			"ports": {Type: schema.TypeSet, Optional: true, Elem: &schema.Schema{Type: schema.TypeInt}},
			"disk": {
				Type: schema.TypeList, Required: true,
				Elem: &schema.Resource{Schema: map[string]*schema.Schema{"file": {Type: schema.TypeString, Optional: true}}},
			},
			"status": {
				Type: schema.TypeList, Computed: true,
				Elem: &schema.Resource{Schema: map[string]*schema.Schema{"ok": {Type: schema.TypeBool, Computed: true}}},
			},
			"secret": {Type: schema.TypeString, Optional: true, Sensitive: true, ValidateFunc: validation.StringInSlice([]string{"a", "b"}, false)},
		},
	}
}`;
  const b = resourceBlockFromGo(go, 'resourceThing', 'thing');

  it('maps types, flags and nesting like helper/schema does', () => {
    expect(b.attributes!.name).toEqual({ type: 'string', required: true });
    expect(b.attributes!.labels).toEqual({ type: ['map', 'string'], optional: true });
    expect(b.attributes!.ports).toEqual({ type: ['set', 'number'], optional: true });
    expect(b.attributes!.secret).toEqual({ type: 'string', optional: true, sensitive: true });
    expect(b.block_types!.disk).toEqual({ nesting_mode: 'list', min_items: 1, block: { attributes: { file: { type: 'string', optional: true } } } });
    // A computed-only list of resources is an attribute, not a block.
    expect(b.attributes!.status).toEqual({ type: ['list', ['object', { ok: 'bool' }]], computed: true });
    expect(b.attributes!.id).toEqual({ type: 'string', optional: true, computed: true });
  });

  it('lists ForceNew names for the stub, which plans replacements from them', () => {
    expect(forceNewFromGo(go.replace('Required: true, Description', 'Required: true, ForceNew: true, Description'), 'resourceThing')).toEqual(['name']);
    const committed = JSON.parse(readFileSync(join(ROOT, FORCE_NEW_PATH), 'utf8'));
    expect(committed.libvirt_cloudinit_disk).toEqual(['meta_data', 'name', 'network_config', 'pool', 'user_data']);
    expect(committed.libvirt_domain).toEqual(expect.arrayContaining(['disk', 'memory', 'name', 'vcpu']));
    expect(committed.libvirt_domain).not.toContain('cloudinit'); // updated in place by the provider
  });

  it('names the function it cannot find', () => {
    expect(() => resourceBlockFromGo(go, 'resourceOther', 'other')).toThrow(/resourceOther not found/);
  });
});
