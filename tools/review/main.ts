/**
 * `npm run review [-- --base <rev>] [-- --head <rev>]`: what the synthesized
 * stacks of two revisions would change, as Markdown per stack (default: the
 * merge base with main against the working tree). Offline: each revision is
 * built and synthesized from `git archive` with this checkout's node_modules.
 * Exit 0 with the report; non-zero only when it cannot be made.
 *
 * A committed revision synthesizes the same JSON every time, so its stacks
 * are cached by commit (and package-lock.json, which pins the providers)
 * under node_modules/.cache/k3s-review: a second review against the same
 * base only synthesizes the working tree.
 */
import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative, resolve } from 'path';
import { repoRoot } from '../../lib/core/repo-root';
import { reviewStack } from './diff';

type Stacks = Map<string, any>;
/** A revision's synthesized stacks and the notices synth printed for them (end of life). */
interface Synthesized { readonly stacks: Stacks; readonly notices: Map<string, string[]> }
const CACHE_FORMAT = 2;

function git(root: string, args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
}

/**
 * Synthesizes with `code` (a built checkout) the settings under
 * `layout/terraform/environments` into `layout/cdktf.out`: the same layout
 * for both revisions, so relative paths in the JSON compare equal.
 */
function synth(code: string, layout: string): Synthesized {
  const outdir = join(layout, 'cdktf.out');
  const r = spawnSync(process.execPath, [join(code, 'dist/main.js')], {
    encoding: 'utf8',
    env: { ...process.env, CDKTF_OUTDIR: outdir, K3S_SETTINGS_DIR: join(layout, 'terraform/environments'), K3S_SETTINGS_CACHE_DIR: '' },
  });
  if (r.status !== 0) throw new Error(`synth of ${layout} failed:\n${r.stderr}`);
  const stacks: Stacks = new Map();
  const dir = join(outdir, 'stacks');
  for (const s of existsSync(dir) ? readdirSync(dir) : []) {
    const json = JSON.parse(readFileSync(join(dir, s, 'cdk.tf.json'), 'utf8'));
    const local = json.terraform?.backend?.local;
    if (local?.path) local.path = relative(layout, resolve(dir, s, local.path));
    stacks.set(s, json);
  }
  // synth prints `  notice: <stack>: ...` under a stack's line (main.ts summary).
  const notices = new Map<string, string[]>();
  for (const m of r.stdout.matchAll(/^ +notice: ([a-z0-9-]+): (.*)$/gm)) notices.set(m[1], [...(notices.get(m[1]) ?? []), m[2]]);
  return { stacks, notices };
}

/**
 * Compiles a revision's TypeScript to dist/ with swc (types were checked when
 * it was committed; this is ~10x faster than tsc and keeps review quick).
 */
function transpile(root: string, dir: string, rev: string): void {
  const swc = require(join(root, 'node_modules/@swc/core')) as typeof import('@swc/core');
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    if (['node_modules', '__tests__', 'dist', 'cdktf.out'].includes(e.name)) return [];
    const p = join(d, e.name);
    return e.isDirectory() ? walk(p) : /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
  for (const file of walk(dir)) {
    try {
      const { code } = swc.transformFileSync(file, {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: false,
      });
      const out = join(dir, 'dist', relative(dir, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, code);
    } catch (err) {
      throw new Error(`revision ${rev} does not compile: ${relative(dir, file)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Where a commit's synthesized stacks are kept, or undefined when `rev` is no commit here. */
export function cacheFile(root: string, rev: string): string | undefined {
  let commit: string;
  try {
    commit = git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  } catch {
    return undefined;
  }
  const lock = existsSync(join(root, 'package-lock.json')) ? readFileSync(join(root, 'package-lock.json')) : Buffer.alloc(0);
  // Bump CACHE_FORMAT when synth() below changes what it records.
  const key = createHash('sha256').update(`${CACHE_FORMAT}:${commit}`).update(lock).digest('hex').slice(0, 32);
  return join(root, 'node_modules/.cache/k3s-review', `${key}.json`);
}

/** Synthesizes revision `rev`, or reads it from the cache. */
function synthRevision(root: string, rev: string, scratch: string): Synthesized {
  const cached = cacheFile(root, rev);
  if (cached && existsSync(cached)) {
    const c = JSON.parse(readFileSync(cached, 'utf8'));
    return { stacks: new Map(Object.entries(c.stacks)), notices: new Map(Object.entries(c.notices)) };
  }
  const result = buildAndSynthRevision(root, rev, scratch);
  if (cached) {
    mkdirSync(dirname(cached), { recursive: true });
    // Written whole, then renamed: a concurrent review never reads half a file.
    writeFileSync(`${cached}.tmp${process.pid}`, JSON.stringify({ stacks: Object.fromEntries(result.stacks), notices: Object.fromEntries(result.notices) }));
    renameSync(`${cached}.tmp${process.pid}`, cached);
  }
  return result;
}

/** Builds and synthesizes revision `rev` in a scratch copy. */
function buildAndSynthRevision(root: string, rev: string, scratch: string): Synthesized {
  const dir = join(scratch, 'rev');
  mkdirSync(dir);
  const tar = spawnSync('bash', ['-c', 'git archive "$1" | tar -x -C "$2"', '_', rev, dir], { cwd: root, encoding: 'utf8' });
  if (tar.status !== 0) throw new Error(`cannot read revision ${rev}: ${tar.stderr.trim()}`);
  if (!existsSync(join(dir, 'main.ts'))) return { stacks: new Map(), notices: new Map() };
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  transpile(root, dir, rev);
  return synth(dir, dir);
}

/** The working tree: its settings copied (without state or kubeconfigs) into a scratch layout. */
function synthWorkingTree(root: string, scratch: string): Synthesized {
  const layout = join(scratch, 'worktree');
  cpSync(join(root, 'terraform/environments'), join(layout, 'terraform/environments'), {
    recursive: true, filter: (src) => !/tfstate|kubeconfig|user-data\./.test(src),
  });
  return synth(root, layout);
}

export function review(root: string, base: string, head?: string): string {
  const scratch = mkdtempSync(join(tmpdir(), 'review-'));
  try {
    const before = synthRevision(root, base, mkdtempSync(join(scratch, 'base-'))).stacks;
    const head_ = head ? synthRevision(root, head, mkdtempSync(join(scratch, 'head-'))) : synthWorkingTree(root, scratch);
    const after = head_.stacks;
    const names = [...new Set([...before.keys(), ...after.keys()])].sort();
    // What the reviewed revision runs, whether or not this change touches it (end of life).
    const reviews = names.map((n) => reviewStack(n, before.get(n), after.get(n), head_.notices.get(n) ?? []));
    const warnings = reviews.reduce((n, r) => n + r.warnings, 0);
    return [`# Review: ${base} → ${head ?? 'working tree'}`, '',
      `${names.length} stack(s), ${warnings} warning(s). Secrets are shown as (sensitive).`, '',
      ...reviews.map((r) => r.markdown)].join('\n');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function defaultBase(root: string): string {
  for (const ref of ['main', 'origin/main']) {
    try { return git(root, ['merge-base', 'HEAD', ref]); } catch { /* try the next */ }
  }
  return 'HEAD';
}

/** The command line (`npm run review [-- --base <rev>] [-- --head <rev>]`). */
export function cli(): void {
  try {
    const args = process.argv.slice(2);
    const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
    const root = repoRoot();
    process.stdout.write(`${review(root, opt('--base') ?? defaultBase(root), opt('--head'))}\n`);
  } catch (err) {
    process.stderr.write(`review: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

if (require.main === module) cli();
