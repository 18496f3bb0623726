import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { commandLines, DOC_PAGES, DocBlock, docBlocks, markedBlock, SHELL_LANGS } from '../helpers/doc-blocks';
import { copyExampleSettings, ROOT, runSynth, tempDir } from '../helpers/repo';

/**
 * Every command the docs show is run by a test or says what it needs that
 * tests do not have (docs/development.md, "Commands in the docs"). The
 * marker above each shell block holds `;`-separated clauses:
 *
 * - `ci`: .ci/run runs this block as it is (README's set-up commands);
 * - `run`: this test runs it as it is, in a scratch copy of the project;
 * - `test <file> ...`: the named tests run its commands (each command's
 *   script or subcommand and every flag appear in one of them);
 * - `e2e <scenario> ...`: the e2e harness's scenarios run them against test hosts;
 * - `needs <what>`: it needs real hosts, a hypervisor or a running cluster.
 */
type Clause = { kind: 'ci' | 'run' | 'needs'; args: string[] } | { kind: 'test' | 'e2e'; args: string[] };

function clauses(block: DocBlock): Clause[] {
  return block.marker!.value.split(';').map((c) => c.trim()).map((c) => {
    const [kind, ...args] = c.split(/\s+/);
    return { kind, args } as Clause;
  });
}

const where = (b: DocBlock) => `${b.page}:${b.line}`;
const SHELL_BLOCKS = docBlocks().filter((b) => SHELL_LANGS.has(b.lang));
/** The e2e runner and every module under tools/harness/e2e/ (scenarios, context, lifecycle). */
const E2E_DIR = join(ROOT, 'tools/harness/e2e');
const E2E = [join(ROOT, 'tools/harness/e2e.ts'), ...readdirSync(E2E_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => join(E2E_DIR, f))]
  .map((f) => readFileSync(f, 'utf8')).join('\n');
const SCRIPTS: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;

/** Split a command line into simple commands (`&&`, `;`, `|`), each as words (quotes removed; good enough for docs). */
function simpleCommands(line: string): string[][] {
  const code = line.replace(/\s#.*$/, '');
  return code.split(/&&|;|\|/).map((c) => [...c.matchAll(/'[^']*'|"[^"]*"|\S+/g)].map((m) => m[0].replace(/^['"]|['"]$/g, ''))).filter((w) => w.length > 0);
}

/** Set-up steps every procedure shares, proven by README's `ci` block and the `run` blocks. */
const isSetup = (words: string[]) =>
  ['cd', 'export'].includes(words[0]) || (words[0] === 'npm' && (words[1] === 'ci' || (words[1] === 'run' && words[2] === 'synth')));

/**
 * What a test file must contain to run this command: its script (or the
 * file the npm script runs), or tofu's subcommand; and every flag.
 */
function evidence(words: string[]): { what: string[]; flags: string[] } {
  const flags = words.filter((w) => /^--?[a-z]/.test(w)).map((w) => w.split('=')[0]);
  if (words[0] === 'npm' && words[1] === 'run') {
    const script = words[2];
    const files = [...(SCRIPTS[script] ?? '').matchAll(/(?:tools|bootstrap)\/[\w./-]+/g)].map((m) => m[0]);
    // `node tools/x.js` runs dist/tools/x/main.js: tests may call either.
    const alt = files.map((f) => f.replace(/^tools\/(.+)\.js$/, 'tools/$1/main'));
    return { what: [`npm run ${script}`, ...files, ...alt], flags: flags.filter((f) => f !== '--') };
  }
  if (words[0] === 'tofu' || words[0] === 'terraform') return { what: [`'${words[1]}'`], flags };
  return { what: [words[0], words[0].split('/').pop()!], flags };
}

function provenBy(words: string[], text: string): string | undefined {
  const e = evidence(words);
  if (!e.what.some((w) => text.includes(w))) return `none of ${e.what.join(', ')}`;
  const missing = e.flags.filter((f) => !text.includes(f));
  return missing.length ? `flags ${missing.join(' ')}` : undefined;
}

describe('commands in the documentation', () => {
  it('every shell block in README.md and docs/ says how its commands are proven', () => {
    const problems: string[] = [];
    for (const b of SHELL_BLOCKS) {
      if (b.marker?.kind !== 'commands') { problems.push(`${where(b)}: no <!-- commands: ... --> marker above the block`); continue; }
      for (const c of clauses(b)) {
        if (c.kind === 'ci' && !(b.page === 'README.md' && b === SHELL_BLOCKS.find((x) => x.page === 'README.md'))) problems.push(`${where(b)}: only README's first block is run by CI`);
        else if (c.kind === 'test') {
          for (const f of c.args) if (!existsSync(join(ROOT, f)) || !/^__tests__\/.+\.test\.ts$/.test(f)) problems.push(`${where(b)}: ${f} is not a test file`);
        } else if (c.kind === 'e2e') {
          for (const s of c.args) if (!existsSync(join(E2E_DIR, 'scenarios', `${s}.ts`))) problems.push(`${where(b)}: no e2e scenario file tools/harness/e2e/scenarios/${s}.ts`);
        } else if (c.kind === 'needs') {
          if (c.args.length < 3) problems.push(`${where(b)}: "needs" says in a few words what the commands need`);
        } else if (c.kind !== 'run' && c.kind !== 'ci') problems.push(`${where(b)}: unknown clause ${c.kind}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('commands said to be run by tests or the e2e appear there, with every flag', () => {
    const problems: string[] = [];
    for (const b of SHELL_BLOCKS.filter((x) => x.marker?.kind === 'commands')) {
      const cs = clauses(b);
      if (cs.some((c) => c.kind === 'run' || c.kind === 'ci')) continue;
      const texts = cs.flatMap((c) => (c.kind === 'test' ? c.args.map((f) => readFileSync(join(ROOT, f), 'utf8')) : c.kind === 'e2e' ? [E2E] : []));
      if (texts.length === 0) continue;
      const commands = commandLines(b).flatMap(simpleCommands).filter((w) => !isSetup(w));
      const unproven = commands.map((w) => ({ w, why: texts.map((t) => provenBy(w, t)) })).filter((x) => x.why.every((y) => y !== undefined));
      if (cs.some((c) => c.kind === 'needs')) {
        // The rest is what the block says it needs; the tests it names must run at least one of its commands.
        if (unproven.length === commands.length) problems.push(`${where(b)}: the named tests run none of its commands`);
      } else {
        for (const u of unproven) problems.push(`${where(b)}: \`${u.w.join(' ')}\` is not in the named tests (${u.why.join('; ')})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every output sample is compared with the real output, here or by the test it names', () => {
    const problems = docBlocks().filter((b) => b.marker?.kind === 'output' && b.marker.value !== 'npm run synth').flatMap((b) => {
      const file = join(ROOT, b.marker!.value);
      const read = existsSync(file) && readFileSync(file, 'utf8').includes(`markedBlock('${b.page}', 'output', '${b.marker!.value}')`);
      return read ? [] : [`${where(b)}: ${b.marker!.value} does not read this sample (markedBlock)`];
    });
    expect(problems).toEqual([]);
  });

  it('CI runs README\'s set-up commands exactly as written', () => {
    const readme = SHELL_BLOCKS.find((b) => b.page === 'README.md')!;
    const printed = spawnSync('bash', [join(ROOT, 'tools/ci/readme-commands.sh')], { cwd: ROOT, encoding: 'utf8' });
    expect(printed.status).toBe(0);
    expect(printed.stdout.trimEnd()).toBe(readme.text.trimEnd());
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/^bash -euo pipefail -c "\$\(bash tools\/ci\/readme-commands\.sh\)"$/m);
  });

});

/** Sets or replaces top-level assignments of `tfvars` with those of `hcl` (whole `key = {...}` / `[...]` blocks). */
function withSettings(tfvars: string, hcl: string): string {
  let text = tfvars;
  for (const [, key] of hcl.matchAll(/^([a-z_0-9]+)\s*=/gm)) {
    text = text.replace(new RegExp(`^${key}\\s*=\\s*(?:[[{][\\s\\S]*?^[\\]}]|[^\\n]*)$\\n?`, 'm'), '');
  }
  return `${text.trimEnd()}\n\n${hcl}\n`;
}

describe('settings shown in the docs', () => {
  const HCL_BLOCKS = docBlocks().filter((b) => b.lang === 'hcl');
  const ENVS = readdirSync(join(ROOT, 'terraform/environments'));

  it('every HCL block names the environment it is valid in, or says it is an excerpt', () => {
    const problems = HCL_BLOCKS.filter((b) => b.marker?.kind !== 'settings' || !(b.marker.value === 'excerpt' || ENVS.includes(b.marker.value)))
      .map((b) => `${where(b)}: no <!-- settings: <environment> | excerpt --> marker above the block`);
    expect(problems).toEqual([]);
  });

  /** Synthesizes the example settings with `edit` applied to `env`'s terraform.tfvars; returns the variables each stack declares. */
  function synthWith(env: string, edit: (tfvars: string) => string): Map<string, string[]> {
    const settings = copyExampleSettings();
    const file = join(settings, env, 'terraform.tfvars');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    const out = tempDir('doc-settings-out');
    const r = runSynth(out, settings);
    if (r.status !== 0) throw new Error(r.stderr);
    return new Map(readdirSync(join(out, 'stacks')).map((s) =>
      [s, Object.keys(JSON.parse(readFileSync(join(out, 'stacks', s, 'cdk.tf.json'), 'utf8')).variable ?? {})]));
  }

  const checked = HCL_BLOCKS.filter((b) => b.marker?.kind === 'settings' && b.marker.value !== 'excerpt');
  const synthesized = new Map<DocBlock, string[]>();
  /** The variables the block's environment declares with the block's settings (synthesized once). */
  const variablesWith = (b: DocBlock) => {
    if (!synthesized.has(b)) synthesized.set(b, synthWith(b.marker!.value, (t) => withSettings(t, b.text)).get(b.marker!.value) ?? []);
    return synthesized.get(b)!;
  };

  it.each(checked.map((b) => [where(b), b] as const))('%s is valid in its environment and synthesizes', (_where, b) => {
    expect(() => variablesWith(b)).not.toThrow();
  }, 60_000);

  it('every TF_VAR_ the docs name is a variable a stack declares with the settings shown (or the examples)', () => {
    expect(checked.length).toBeGreaterThan(2);
    const declared = new Set(checked.flatMap(variablesWith));
    // The examples, and k3s-homelab with its Tailscale router on.
    for (const vs of synthWith('k3s-homelab', (t) => t.replace(/^tailscale_subnet_router = false$/m, 'tailscale_subnet_router = true')).values()) for (const v of vs) declared.add(v);
    const named = new Set(DOC_PAGES.concat('SECURITY.md').flatMap((p) => [...readFileSync(join(ROOT, p), 'utf8').matchAll(/TF_VAR_([a-z0-9_]+)/g)].map((m) => m[1])));
    expect(named.size).toBeGreaterThan(3);
    expect([...named].filter((n) => !declared.has(n))).toEqual([]);
  });
});

describe('blocks marked `run`, run in a scratch copy of the project', () => {
  let project: string;
  let home: string;
  let scratch: string;
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, {
      cwd: project, encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 'docs', GIT_AUTHOR_EMAIL: 'docs@example.invalid', GIT_COMMITTER_NAME: 'docs', GIT_COMMITTER_EMAIL: 'docs@example.invalid', GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
    });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };

  beforeAll(() => {
    scratch = tempDir('doc-commands');
    project = join(scratch, 'project');
    // Sources and example settings only: no state, kubeconfig or build output of this checkout.
    cpSync(ROOT, project, { recursive: true, filter: (src) => !/\/(node_modules|\.git|cdktf\.out|dist|coverage)$|\/terraform\/environments\/.*(tfstate|kubeconfig|user-data\.|backups)/.test(src) });
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
    // A repository with a `main` branch and the tag the review example names.
    git('init', '-q', '-b', 'main');
    writeFileSync(join(project, '.git/info/exclude'), '/node_modules\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'docs example');
    git('tag', 'v1.2.0');
    home = join(scratch, 'home');
    mkdirSync(join(home, '.config/k3s-homelab'), { recursive: true });
    writeFileSync(join(home, '.config/k3s-homelab/state-passphrase'), 'correct horse battery staple\n', { mode: 0o600 });
  }, 60_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** Runs the block with bash as it is. */
  function run(b: DocBlock) {
    return spawnSync('bash', ['-euo', 'pipefail', '-c', b.text], {
      // stdin from /dev/null: on a socket, bash would take itself for an rsh session and read bashrc.
      cwd: project, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: home, CI: 'true', npm_config_update_notifier: 'false' },
    });
  }

  const RUN_BLOCKS = SHELL_BLOCKS.filter((b) => b.marker?.kind === 'commands' && clauses(b).some((c) => c.kind === 'run'));

  it('there are blocks to run', () => expect(RUN_BLOCKS.length).toBeGreaterThanOrEqual(3));

  it.each(RUN_BLOCKS.map((b) => [where(b), b] as const))('%s exits 0', (_where, b) => {
    const r = run(b);
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr.slice(-2000) }).toEqual({ status: 0, stderr: '' });
  }, 180_000);

  it('`npm run synth` prints what README and docs/platform.md show', () => {
    const r = spawnSync('npm', ['run', '--silent', 'synth'], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: home } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const printed = r.stdout.split('\n');
    for (const [page, value] of [['README.md', 'npm run synth'], ['docs/platform.md', 'npm run synth']] as const) {
      const sample = markedBlock(page, 'output', value).text.split('\n').filter((l) => l.trim() !== '...');
      expect({ page, missing: sample.filter((l) => !printed.includes(l)) }).toEqual({ page, missing: [] });
    }
  }, 120_000);
});
