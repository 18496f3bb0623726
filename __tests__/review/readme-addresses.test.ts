import { readFileSync } from 'fs';
import { join } from 'path';
import { classifyAddress } from '../../lib/core/addresses';
import { ROOT, runSynth, tempDir } from '../helpers/repo';

/**
 * "What it creates" on each stack's page (docs/<stack>.md) names resource addresses users
 * rely on (moved blocks, targets, imports): each one named there must be in
 * the stack's synthesized JSON. Lines about optional resources ("only
 * with", "only when") and placeholders (`<node>`) are not checked.
 */
const STACKS = ['chocolandiadc', 'chocolandiadc-mvp', 'k3s-gitops', 'k3s-homelab', 'kpi-sandbox'];
const ADDRESS = /`((?:data\.)?(?:null_resource|random_password|local_file|local_sensitive_file|helm_release|kubernetes_[a-z0-9_]+|libvirt_[a-z_]+)\.[a-z0-9_]+)`/g;

function sections(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const stack of STACKS) {
    const page = readFileSync(join(ROOT, 'docs', `${stack}.md`), 'utf8');
    const chunk = page.split('\n## What it creates\n')[1]?.split('\n## ')[0] ?? '';
    const lines = chunk.split('\n').filter((l) => !/only (with|when)/.test(l));
    out.set(stack, lines.flatMap((l) => [...l.matchAll(ADDRESS)].map((m) => m[1])));
  }
  return out;
}

describe('docs/<stack>.md: what each stack creates', () => {
  it('every documented address exists in the synthesized stack', () => {
    const out = tempDir('readme-out');
    const r = runSynth(out);
    if (r.status !== 0) throw new Error(r.stderr);
    const documented = sections();
    expect([...documented.keys()].sort()).toEqual(['chocolandiadc', 'chocolandiadc-mvp', 'k3s-gitops', 'k3s-homelab', 'kpi-sandbox']);
    const missing: string[] = [];
    for (const [stack, addresses] of documented) {
      const json = JSON.parse(readFileSync(join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect([stack, addresses.length > 0]).toEqual([stack, true]);
      for (const a of addresses) {
        const [kind, type, name] = a.startsWith('data.') ? a.split('.') : ['resource', ...a.split('.')];
        if (!json[kind]?.[type]?.[name]) missing.push(`${stack}: ${a}`);
      }
    }
    expect(missing).toEqual([]);
    // ...and lib/core/addresses.ts knows each one (the review and the harness classify with it).
    expect([...documented.values()].flat().filter((a) => !classifyAddress(a))).toEqual([]);
  });
});
