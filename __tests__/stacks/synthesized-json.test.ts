/**
 * Guard: the synthesized JSON of every stack changes only on purpose.
 *
 * Each stack's snapshot lists every element of its JSON (resources, data
 * sources, outputs, variables, providers, the terraform block) with a short
 * digest of that element's JSON. What the elements hold is asserted where it
 * belongs (per-construct tests in __tests__/<area>/, composition in the stack
 * tests); this file only makes sure nothing changes unnoticed, and a snapshot
 * diff names exactly what changed: an added or removed line is an added or
 * removed address, a changed digest a changed element. To see the change:
 *   npm run synth && jq '.resource.null_resource.master1_install' cdktf.out/stacks/chocolandiadc/cdk.tf.json
 * (before and after). When it is intended, update and say why in the commit:
 *   npx jest __tests__/stacks/synthesized-json.test.ts -u
 * Asset directories are content hashes of bootstrap/ and cloud-init/: they
 * are normalized, the scripts have their own tests.
 */
import { createHash } from 'crypto';
import { AllSettings } from '../../lib/settings';
import { exampleSettings, StackJson, synthGitops, synthHa, synthHomelab, synthMvp, synthSandbox } from '../helpers/repo';

let settings: AllSettings;
beforeAll(async () => { settings = await exampleSettings(); });

const normalize = (json: unknown): unknown => JSON.parse(JSON.stringify(json)
  .replace(/assets\/[^"]*?\/([\w.-]+\.sh)/g, 'assets/<hash>/$1')
  .replace(/(assets\/[\w.-]+)\/[0-9A-F]{32}\//g, '$1/<hash>/'));

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);

/** Every element of the JSON (two levels deep under resource and data), with its digest. */
export function elements(json: StackJson): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [block, body] of Object.entries(normalize(json) as Record<string, unknown>)) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) { out[block] = digest(body); continue; }
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (block === 'resource' || block === 'data') {
        for (const [name, r] of Object.entries(value as Record<string, unknown>)) out[`${block}.${key}.${name}`] = digest(r);
      } else {
        out[`${block}.${key}`] = digest(value);
      }
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

describe('synthesized JSON of every stack (example settings)', () => {
  it.each([
    ['chocolandiadc', () => synthHa(settings.chocolandiadc)],
    ['chocolandiadc-mvp', () => synthMvp(settings['chocolandiadc-mvp'])],
    ['kpi-sandbox', () => synthSandbox(settings['kpi-sandbox'])],
    ['k3s-homelab (k3s1 adopted)', () => synthHomelab(settings['k3s-homelab'])],
    ['k3s-homelab (k3s1 installed)', () => synthHomelab({ ...settings['k3s-homelab'], server: { ...settings['k3s-homelab'].server, existing: false }, kubeconfigPath: undefined })],
    ['k3s-gitops', () => synthGitops(settings['k3s-gitops'])],
  ])('%s', (_name, synth) => {
    expect(elements(synth())).toMatchSnapshot();
  });
});

describe('the guard itself', () => {
  const json = () => synthMvp(settings['chocolandiadc-mvp']);

  it('a changed value changes the digest of its element and of no other', () => {
    const before = elements(json());
    const changed = json();
    changed.resource.null_resource.master1_k3s_server.triggers.k3s_version = 'v1.99.0+k3s1';
    const after = elements(changed);
    expect(Object.keys(after).filter((k) => after[k] !== before[k])).toEqual(['resource.null_resource.master1_k3s_server']);
  });

  it('an added or removed element is an added or removed line', () => {
    const changed = json();
    delete changed.output.agent_token;
    changed.resource.null_resource.extra = {};
    const keys = Object.keys(elements(changed));
    expect(keys).toContain('resource.null_resource.extra');
    expect(keys).not.toContain('output.agent_token');
  });

  it('asset content hashes do not count; asset names do', () => {
    const a = elements({ ...json(), locals: { x: 'assets/cluster_scripts_bundle_990B4D90/F52344669075AF211435CAD906511C99/post-install.sh' } } as StackJson);
    const b = elements({ ...json(), locals: { x: 'assets/cluster_scripts_bundle_990B4D90/00000000000000000000000000000000/post-install.sh' } } as StackJson);
    const c = elements({ ...json(), locals: { x: 'assets/cluster_scripts_bundle_990B4D90/F52344669075AF211435CAD906511C99/other.sh' } } as StackJson);
    expect(a['locals.x']).toBe(b['locals.x']);
    expect(a['locals.x']).not.toBe(c['locals.x']);
  });
});
