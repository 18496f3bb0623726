/**
 * `npm run charts:keys -- [--mirror <dir>] [--git owner/name=<git dir>] [<chart>@<version> ...]`:
 * for each chart of tools/charts/sources.ts (or those named), reads its
 * upstream values.yaml at the pinned tag from a local Git copy of the
 * repository and writes the values keys that chart version knows to
 * tools/charts/known-keys/<chart>@<version>.json: data derived from the
 * file (key paths, and which keys take any content below them), never the
 * file itself. Each list names its source URL.
 *
 * The Git copies: `<mirror>/<owner>+<name>/repo` (a bare repository with
 * the tags, as the workplace's fetch tool brings them; default /work/.mirror),
 * or any clone: `--git owner/name=<git dir>`.
 *
 * A key is known when its path is in `keys`, or when a key above it is in
 * `open`: upstream's value there is empty (`{}`, `[]`, nothing) or a list,
 * so the chart takes what is put there as it is, or sources.ts says the
 * chart passes that key's content on (a config file).
 */
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { isMap, isScalar, isSeq, parseDocument, Node } from 'yaml';
import { repoRoot } from '../../lib/core/repo-root';
import { CHART_SOURCES, ChartSource, sourceUrl } from './sources';

export const KNOWN_KEYS_DIR = 'tools/charts/known-keys';

export interface KnownKeys {
  readonly chart: string;
  readonly version: string;
  readonly sources: readonly { readonly url: string; readonly under?: string }[];
  readonly derivedBy: string;
  /** Every key path of the values, as its segments (keys may hold dots: `grafana.ini`). */
  readonly keys: readonly (readonly string[])[];
  /** Paths below which any key is the chart's. */
  readonly open: readonly (readonly string[])[];
}

/** Key paths of one values.yaml, and the open ones (empty, null or a list upstream). */
export function keysOf(yamlText: string, under: readonly string[] = []): { keys: string[][]; open: string[][] } {
  const doc = parseDocument(yamlText);
  if (doc.errors.length) throw new Error(`values.yaml does not parse: ${doc.errors[0].message}`);
  const keys: string[][] = [];
  const open: string[][] = [];
  const walk = (node: Node | null | undefined, at: string[]) => {
    if (isMap(node)) {
      if (node.items.length === 0 && at.length) open.push(at);
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const path = [...at, key];
        keys.push(path);
        walk(pair.value as Node | null, path);
      }
    } else if (isSeq(node) || node === null || node === undefined || (isScalar(node) && node.value === null)) {
      open.push(at);
    }
  };
  walk(doc.contents as Node | null, [...under]);
  return { keys, open };
}

/** The known keys of one chart version, from its values files' text (by source). */
export function deriveKnownKeys(source: ChartSource, read: (s: ChartSource['values'][number]) => string): KnownKeys {
  const keys: string[][] = [];
  const open: string[][] = [];
  for (const v of source.values) {
    const under = v.under ? [v.under] : [];
    if (v.under) keys.push(under);
    const r = keysOf(read(v), under);
    keys.push(...r.keys);
    open.push(...r.open);
  }
  open.push(...(source.open ?? []).map((o) => [...o.path]));
  for (const c of source.alsoRead ?? []) keys.push(...c.path.map((_, i) => c.path.slice(0, i + 1)));
  const uniq = (xs: string[][]) => [...new Map(xs.map((x) => [JSON.stringify(x), x])).values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    chart: source.chart,
    version: source.version,
    sources: source.values.map((v) => ({ url: sourceUrl(v), ...(v.under ? { under: v.under } : {}) })),
    derivedBy: 'tools/charts/derive-known-keys.ts from tools/charts/sources.ts',
    keys: uniq(keys),
    open: uniq(open),
  };
}

/** One key path a line: reviewable diffs when a chart is bumped. */
export function formatKnownKeys(k: KnownKeys): string {
  const list = (xs: readonly (readonly string[])[]) => (xs.length ? `[\n${xs.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]` : '[]');
  return `{\n  "chart": ${JSON.stringify(k.chart)},\n  "version": ${JSON.stringify(k.version)},\n  "sources": ${JSON.stringify(k.sources)},\n`
    + `  "derivedBy": ${JSON.stringify(k.derivedBy)},\n  "open": ${list(k.open)},\n  "keys": ${list(k.keys)}\n}\n`;
}

export const knownKeysFile = (chart: string, version: string) => `${chart}@${version}.json`;

export function cli(argv = process.argv.slice(2)): void {
  const opt = (name: string) => argv.flatMap((a, i) => (a === name ? [argv[i + 1]] : []));
  const mirror = opt('--mirror')[0] ?? '/work/.mirror';
  const gitDirs = new Map(opt('--git').map((g) => g.split('=') as [string, string]));
  const wanted = argv.filter((a, i) => !a.startsWith('--') && !['--mirror', '--git'].includes(argv[i - 1]));
  const root = repoRoot();
  const outDir = join(root, KNOWN_KEYS_DIR);
  mkdirSync(outDir, { recursive: true });
  for (const source of CHART_SOURCES) {
    if (wanted.length && !wanted.includes(`${source.chart}@${source.version}`)) continue;
    const known = deriveKnownKeys(source, (v) => {
      const gitDir = gitDirs.get(v.repo) ?? join(mirror, v.repo.replace('/', '+'), 'repo');
      return execFileSync('git', ['--git-dir', gitDir, 'show', `${v.tag}:${v.path}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    });
    writeFileSync(join(outDir, knownKeysFile(source.chart, source.version)), formatKnownKeys(known));
    process.stdout.write(`${source.chart}@${source.version}: ${known.keys.length} keys, ${known.open.length} open, from ${known.sources.map((s) => s.url).join(', ')}\n`);
  }
}

if (require.main === module) cli();
