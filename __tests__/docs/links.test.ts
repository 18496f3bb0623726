import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, normalize } from 'path';
import { ROOT } from '../helpers/repo';

/** GitHub's heading anchor: lowercase, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));
}

const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('documentation', () => {
  it('README is a front door of at most 250 lines', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(250);
  });

  it('every relative link in README.md and docs/ points at a file and heading that exist', () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      const text = readFileSync(join(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [path, anchor] = target.split('#');
        const file = path ? normalize(join(ROOT, dirname(page), path)) : join(ROOT, page);
        if (!existsSync(file)) { broken.push(`${page}: ${target} (no such file)`); continue; }
        if (anchor && file.endsWith('.md') && !anchors(file).has(anchor)) broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('commands in the documentation', () => {
  it('every `npm run <script>` named in README.md and docs/ exists in package.json', () => {
    const scripts = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts);
    const missing = PAGES.flatMap((page) =>
      [...readFileSync(join(ROOT, page), 'utf8').matchAll(/npm run (?:--silent )?([a-z][a-z0-9:-]*)/g)]
        .map((m) => m[1]).filter((s) => !scripts.includes(s)).map((s) => `${page}: npm run ${s}`));
    expect([...new Set(missing)]).toEqual([]);
  });
});
