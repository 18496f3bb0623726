import { readFileSync } from 'fs';
import { join } from 'path';
import { ROOT } from '../helpers/repo';

/** SECURITY.md is the threat model issue 13 asks for: its four attackers, each of its fifteen items placed. */
describe('SECURITY.md', () => {
  const text = readFileSync(join(ROOT, 'SECURITY.md'), 'utf8');

  it('names the four attackers and what stops each', () => {
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(expect.arrayContaining(['A LAN attacker', 'A compromised agent', 'A CI contributor', 'A local user on the operator\'s machine']));
  });

  it('places every item of issue 13, and links the residual risks', () => {
    const items = new Set([...text.matchAll(/\((\d+(?:, \d+)*)\)/g)].flatMap((m) => m[1].split(', ').map(Number)));
    expect([...items].sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(text).toContain('](docs/security.md)');
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('](SECURITY.md)');
  });
});
