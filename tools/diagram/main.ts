/**
 * `npm run diagram`: refreshes the topology (a Mermaid diagram of the
 * synthesized stack) between the markers of each stack's page,
 * docs/<stack>.md. Synthesize first (the npm script does).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { repoRoot } from '../../lib/core/repo-root';
import { stackMermaid } from './mermaid';

export const BEGIN = '<!-- topology:begin (npm run diagram) -->';
export const END = '<!-- topology:end -->';

export function diagrams(outdir: string): Map<string, string> {
  const dir = join(outdir, 'stacks');
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: run npm run synth first`);
  const out = new Map<string, string>();
  for (const s of readdirSync(dir).sort()) {
    const json = JSON.parse(readFileSync(join(dir, s, 'cdk.tf.json'), 'utf8'));
    out.set(s, stackMermaid(s, json));
  }
  return out;
}

/** The generated block of a stack's page. */
export function topologySection(mermaid: string): string {
  return `${BEGIN}\n${mermaid}\n${END}`;
}

/** The page with its topology block replaced. */
export function withTopology(page: string, mermaid: string, file: string): string {
  const a = page.indexOf(BEGIN);
  const b = page.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${file} has no ${BEGIN} ... ${END} section`);
  return page.slice(0, a) + topologySection(mermaid) + page.slice(b + END.length);
}

if (require.main === module) {
  const root = repoRoot();
  const d = diagrams(process.env.CDKTF_OUTDIR ?? join(root, 'cdktf.out'));
  for (const [s, m] of d) {
    const file = join(root, 'docs', `${s}.md`);
    writeFileSync(file, withTopology(readFileSync(file, 'utf8'), m, file));
  }
  console.log(`wrote the topology of ${[...d.keys()].map((s) => `docs/${s}.md`).join(', ')}`);
}
