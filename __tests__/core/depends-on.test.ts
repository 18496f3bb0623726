import { Resource } from '@cdktf/provider-null/lib/resource';
import { DataLocalFile } from '@cdktf/provider-local/lib/data-local-file';
import { Testing, TerraformStack } from 'cdktf';
import { addressOf, dependOn } from '../../lib/core/depends-on';
import { exampleSettings, synthGitops, synthHa, synthHomelab, synthMvp, synthSandbox } from '../helpers/repo';

describe('dependOn', () => {
  it('writes plain addresses, the same JSON cdktf\'s dependsOn writes', () => {
    const build = (plain: boolean) => {
      const stack = new TerraformStack(Testing.app(), 'test');
      const a = new Resource(stack, 'a');
      a.overrideLogicalId('first_install');
      const d = new DataLocalFile(stack, 'd', { filename: 'x' });
      const b = plain ? new Resource(stack, 'b') : new Resource(stack, 'b', { dependsOn: [a, d] });
      if (plain) dependOn(b, [a, d]);
      return JSON.parse(Testing.synth(stack));
    };
    expect(build(true)).toEqual(build(false));
    expect(build(true).resource.null_resource.b.depends_on).toEqual(['null_resource.first_install', `data.local_file.${Object.keys(build(true).data.local_file)[0]}`]);
  });

  it('writes what cdktf writes for an empty list and for none', () => {
    const build = (plain: boolean, deps: [] | undefined) => {
      const stack = new TerraformStack(Testing.app(), 'test');
      const r = plain ? new Resource(stack, 'r') : new Resource(stack, 'r', { dependsOn: deps });
      if (plain) dependOn(r, deps);
      return JSON.parse(Testing.synth(stack)).resource.null_resource.r;
    };
    expect(build(true, [])).toEqual(build(false, []));
    expect(build(true, [])).toHaveProperty('depends_on', []);
    expect(build(true, undefined)).toEqual(build(false, undefined));
    expect(build(true, undefined).depends_on).toBeUndefined();
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(addressOf(new Resource(stack, 'r'))).toMatch(/^null_resource\./);
  });

  it('in every stack, each depends_on entry names something the stack declares', async () => {
    const s = await exampleSettings();
    for (const json of [synthHa(s.chocolandiadc), synthMvp(s['chocolandiadc-mvp']), synthSandbox(s['kpi-sandbox']), synthHomelab(s['k3s-homelab']), synthGitops(s['k3s-gitops'])]) {
      const declared = new Set([
        ...Object.entries(json.resource).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`)),
        ...Object.entries(json.data ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `data.${type}.${n}`)),
      ]);
      const blocks = [...Object.values(json.resource), ...Object.values(json.data ?? {})].flatMap((byName) => Object.values<any>(byName));
      for (const b of blocks) for (const d of b.depends_on ?? []) expect(declared.has(d) ? d : `missing: ${d}`).toBe(d);
    }
  });
});
