import { readdirSync, readFileSync, statSync } from 'fs';
import { builtinModules } from 'module';
import { dirname, join, relative, resolve } from 'path';
import { ROOT } from '../helpers/repo';

/** docs/architecture.md's "What may import what" table, checked on every import. */
interface Row {
  readonly files: string[];
  readonly may: string[];
  readonly never: string[];
}

const DOC = 'docs/architecture.md';

function table(markdown: string): Row[] {
  const section = markdown.split(/^## What may import what$/m)[1]?.split(/^## /m)[0];
  if (!section) throw new Error(`${DOC}: no "## What may import what" section`);
  const lines = section.split('\n').filter((l) => l.startsWith('|')).slice(2); // header, separator
  const entries = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  return lines.map((l) => {
    const [files, may, never] = l.split('|').slice(1, 4).map(entries);
    return { files, may, never };
  });
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'bindings' || name === 'node_modules' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Static imports, re-exports, require() and import() of a file. */
const imports = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"\n]*(?:\n[^'"\n]*)*? from '([^']+)'|\brequire\('([^']+)'\)|\bimport\('([^']+)'\)/gm)].map((m) => m[1] ?? m[2] ?? m[3]);

const BUILTIN = new Set(builtinModules);
const isBuiltin = (spec: string) => spec.startsWith('node:') || BUILTIN.has(spec.split('/')[0]);

/** A relative import as a repository path (`lib/core/addresses.ts`, `lib/k3s/`), a package import as it is written. */
function target(file: string, spec: string): { path?: string; pkg?: string } {
  if (!spec.startsWith('.')) return { pkg: spec };
  const abs = resolve(dirname(file), spec);
  for (const candidate of [`${abs}.ts`, join(abs, 'index.ts'), abs]) {
    try {
      if (statSync(candidate).isFile()) return { path: relative(ROOT, candidate) };
    } catch {
      // Not this one.
    }
  }
  return { path: relative(ROOT, abs) };
}

/** A package entry matches the package and any module inside it; `*` is one path segment. */
const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+')}(/.*)?$`);

function matches(entry: string, t: { path?: string; pkg?: string }): boolean {
  if (t.path !== undefined) return entry.endsWith('/') ? t.path.startsWith(entry) : t.path === entry;
  if (entry === 'any package') return true;
  if (entry.endsWith('/') || entry.endsWith('.ts')) return false;
  return glob(entry).test(t.pkg!);
}

function ruleFor(rows: Row[], file: string): Row | undefined {
  let best: { row: Row; length: number } | undefined;
  for (const row of rows) {
    for (const f of row.files) {
      const hit = f.endsWith('/') ? file.startsWith(f) : file === f;
      if (hit && (!best || f.length > best.length)) best = { row, length: f.length };
    }
  }
  return best?.row;
}

/** What the table refuses in the given files. */
function violations(rows: Row[], files: string[]): string[] {
  return files.flatMap((abs) => {
    const file = relative(ROOT, abs);
    const row = ruleFor(rows, file);
    if (!row) return [`${file}: no row of ${DOC} covers it`];
    return imports(abs)
      .filter((spec) => !isBuiltin(spec))
      .filter((spec) => {
        const t = target(abs, spec);
        return !row.may.some((e) => matches(e, t)) || row.never.some((e) => matches(e, t));
      })
      .map((spec) => `${file} imports ${spec} (rule for ${row.files.join(', ')})`);
  });
}

const rows = table(readFileSync(join(ROOT, DOC), 'utf8'));
const ALL = [...sources(join(ROOT, 'lib')), ...sources(join(ROOT, 'stacks')), join(ROOT, 'main.ts'), ...sources(join(ROOT, 'tools'))];

describe(`layers (${DOC})`, () => {
  it('the table has rows for lib/, stacks/, main.ts and tools/', () => {
    expect(rows.flatMap((r) => r.files)).toEqual(expect.arrayContaining(['lib/rules/', 'lib/settings/', 'lib/', 'stacks/', 'main.ts', 'tools/']));
    for (const r of rows) expect(r.may.length).toBeGreaterThan(0);
  });

  it('every import of lib/, stacks/, main.ts and tools/ is one the table allows', () => {
    expect(violations(rows, ALL)).toEqual([]);
  });

  it('refuses what the rules forbid (the check itself can fail)', () => {
    const file = (rel: string) => join(ROOT, rel);
    const check = (rel: string, spec: string) => {
      const t = target(file(rel), spec);
      const row = ruleFor(rows, rel)!;
      return row.may.some((e) => matches(e, t)) && !row.never.some((e) => matches(e, t));
    };
    expect(check('lib/k3s/node.ts', '../settings')).toBe(false);
    expect(check('lib/k3s/node.ts', '../../stacks/common')).toBe(false);
    expect(check('lib/k3s/node.ts', '@cdktf/provider-null')).toBe(false); // a barrel
    expect(check('lib/k3s/node.ts', '@cdktf/provider-null/lib/resource')).toBe(true);
    expect(check('lib/settings/cluster-schema.ts', 'cdktf')).toBe(false);
    expect(check('lib/rules/network.ts', 'constructs')).toBe(false);
    expect(check('lib/core/addresses.ts', 'cdktf')).toBe(false);
    expect(check('tools/review/diff.ts', '../harness/stub-provider/behaviour')).toBe(false);
    expect(check('tools/review/diff.ts', '../providers/force-new')).toBe(true);
    expect(check('tools/providers/pinned.ts', '../harness/stub-provider/main')).toBe(false);
  });
});
