import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { repoRoot } from '../../lib/core/repo-root';

const ROOT = repoRoot();

/**
 * Fenced blocks of README.md and docs/*.md with the marker comment on the
 * line above them (docs/development.md, "Commands in the docs"). Used by the
 * docs tests (__tests__/docs/) and the e2e's docs runner (e2e/docs.ts):
 *
 *   <!-- commands: <how> -->   before a shell block: how its commands are proven
 *   <!-- output: <checked by> -->   before a sample of a command's output
 *   <!-- settings: <environment> | excerpt -->   before settings (HCL) to add to an environment's terraform.tfvars
 */
export type MarkerKind = 'commands' | 'output' | 'settings';

export interface DocBlock {
  readonly page: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  /** The block's text, de-indented by the fence's indentation. */
  readonly text: string;
  /** The marker's kind and what follows it; undefined without a marker. */
  readonly marker?: { readonly kind: MarkerKind; readonly value: string };
}

export const DOC_PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

/** Languages whose blocks are commands to type. */
export const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console']);

export function docBlocks(pages: readonly string[] = DOC_PAGES): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const page of pages) {
    const lines = readFileSync(join(ROOT, page), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = /^(\s*)```(\w*)\s*$/.exec(lines[i]);
      if (!open) continue;
      const [, indent, lang] = open;
      let end = i + 1;
      while (end < lines.length && lines[end].trim() !== '```') end++;
      const text = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n');
      const above = /^\s*<!-- (commands|output|settings): (.+?) -->\s*$/.exec(lines[i - 1] ?? '');
      blocks.push({ page, line: i + 1, lang, text, ...(above ? { marker: { kind: above[1] as MarkerKind, value: above[2] } } : {}) });
      i = end;
    }
  }
  return blocks;
}

/** The one block whose marker is `<!-- <kind>: <value> -->` on `page`. */
export function markedBlock(page: string, kind: MarkerKind, value: string): DocBlock {
  const found = docBlocks([page]).filter((b) => b.marker?.kind === kind && b.marker.value === value);
  if (found.length !== 1) throw new Error(`${page}: expected one block marked <!-- ${kind}: ${value} -->, found ${found.length}`);
  return found[0];
}

/** The command lines of a shell block: comments, here-document bodies and closing `)` dropped. */
export function commandLines(block: DocBlock): string[] {
  const lines: string[] = [];
  let heredoc: string | undefined;
  for (const raw of block.text.split('\n')) {
    const line = raw.trim();
    if (heredoc !== undefined) {
      // A here-document's body is data, not commands; a line closing `$(...)` around it neither.
      if (line === heredoc) heredoc = undefined;
      continue;
    }
    if (!line || line.startsWith('#') || line === ')') continue;
    heredoc = /<<-?\s*['"]?(\w+)['"]?/.exec(line)?.[1];
    lines.push(line);
  }
  return lines;
}
