/**
 * `npm run diagram`: writes docs/<stack>.md (a Mermaid topology per
 * synthesized stack) and refreshes the block between the markers in
 * README.md. Synthesize first (the npm script does).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { repoRoot } from '../harness/repo-root';
import { stackMermaid } from './mermaid';

export const BEGIN = '<!-- diagrams:begin (npm run diagram) -->';
export const END = '<!-- diagrams:end -->';

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

export function readmeSection(d: Map<string, string>): string {
  return [BEGIN, ...[...d].flatMap(([s, m]) => [`### \`${s}\``, '', m, '']), END].join('\n');
}

if (require.main === module) {
  const root = repoRoot();
  const d = diagrams(process.env.CDKTF_OUTDIR ?? join(root, 'cdktf.out'));
  for (const [s, m] of d) writeFileSync(join(root, 'docs', `${s}.md`), `# ${s}: topology\n\n${m}\n`);
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const a = readme.indexOf(BEGIN);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${BEGIN} ... ${END} section`);
  writeFileSync(join(root, 'README.md'), readme.slice(0, a) + readmeSection(d) + readme.slice(b + END.length));
  console.log(`wrote ${[...d.keys()].map((s) => `docs/${s}.md`).join(', ')} and README.md's topology section`);
}
