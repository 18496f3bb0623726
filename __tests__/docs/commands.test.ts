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
 * - `e2e <scenario> ...`: the scenario (tools/harness/e2e/scenarios/<scenario>.ts)
 *   runs the block verbatim through the e2e's docs runner (ctx.docs.run, e2e/docs.ts)
 *   against the test hosts; mandatory for a block that changes a cluster;
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
const SCENARIO_DIR = join(ROOT, 'tools/harness/e2e/scenarios');
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

/** The command itself: leading `sudo [flags]` and `VAR=value` words dropped. */
function command(words: string[]): string[] {
  let w = words;
  for (;;) {
    if (w[0] === 'sudo') { w = w.slice(1); while (w[0]?.startsWith('-')) w = w.slice(1); }
    else if (/^[A-Z_][A-Z0-9_]*=/.test(w[0] ?? '')) w = w.slice(1);
    else return w;
  }
}

/**
 * Whether a simple command changes a cluster or its state: tofu's apply,
 * destroy, import, taint and state changes; kubectl's writes; the node
 * scripts that remove or restore; `npm run restore` / `state:restore` /
 * `rotate*`; K3s's cluster reset and service stops on a node.
 */
function changesCluster(words: string[]): boolean {
  const w = command(words);
  const [cmd] = w;
  if (!cmd) return false;
  if (cmd === 'tofu' || cmd === 'terraform') {
    const [sub, next] = w.slice(1).filter((x) => !x.startsWith('-'));
    return ['apply', 'destroy', 'import', 'taint', 'untaint'].includes(sub) || (sub === 'state' && ['rm', 'mv', 'push', 'replace-provider'].includes(next));
  }
  if (cmd === 'kubectl') {
    const sub = w.slice(1).find((x, i, a) => !x.startsWith('-') && !(i > 0 && /^-(n|-namespace|-context|-kubeconfig|l)$/.test(a[i - 1])));
    return ['drain', 'delete', 'cordon', 'uncordon', 'apply', 'create', 'replace', 'patch', 'label', 'annotate', 'scale', 'taint', 'edit', 'rollout', 'set'].includes(sub ?? '');
  }
  const base = cmd.split('/').pop()!;
  if (['remove-node.sh', 'leave-cluster.sh', 'restore-cluster.sh', 'restore-node.sh', 'install-k3s.sh'].includes(base) || /uninstall\.sh$/.test(base)) return true;
  if (cmd === 'npm' && w[1] === 'run') return /^(restore|state:restore|rotate.*)$/.test(w[2] ?? '');
  if (cmd === 'k3s') return w.includes('--cluster-reset') || (w[1] === 'etcd-snapshot' && ['delete', 'prune'].includes(w[2]));
  if (cmd === 'systemctl') return ['stop', 'start', 'restart', 'disable'].includes(w[1]) && /^k3s/.test(w[2] ?? '');
  return false;
}

/** A block, named by its page and one command of it. */
interface Listed { readonly page: string; readonly command: string; readonly reason: string }

/**
 * Blocks that change a cluster and that no test host can run, with why.
 * Keep it tiny: anything Terraform, the K3s double and the stub providers
 * can run belongs in a scenario.
 */
const REAL_HARDWARE: Listed[] = [
  { page: 'docs/kpi-sandbox.md', command: 'tofu init && tofu apply', reason: 'the libvirt provider creates VMs on a KVM hypervisor; the e2e has no hypervisor nor a libvirt stand-in' },
  { page: 'docs/platform.md', command: 'kubectl apply --server-side -f', reason: 'downloads the CRDs from GitHub and applies them to a real API server; the e2e has no network and the K3s double serves no Kubernetes API' },
  { page: 'docs/security.md', command: 'kubectl -n argocd label appproject', reason: "Argo CD's AppProject on a real API server; the K3s double serves no Kubernetes API" },
  // Flux and Longhorn run on no test host; __tests__/homelab/remove-node-longhorn.test.ts runs these blocks verbatim against a model of both.
  { page: 'docs/k3s-homelab.md', command: '"spec":{"suspend":true}', reason: "Flux's kustomize-controller; the K3s double serves no Kubernetes API (modelled by remove-node-longhorn.test.ts)" },
  { page: 'docs/k3s-homelab.md', command: '"spec":{"suspend":false}', reason: "Flux's kustomize-controller; the K3s double serves no Kubernetes API (modelled by remove-node-longhorn.test.ts)" },
];

/**
 * Blocks that change a cluster and still wait for their scenario (issue #24
 * item 6): the test fails once one is marked `e2e`, so this list only shrinks.
 * Never add to it: a new block gets its scenario.
 */
const AWAITING_SCENARIO: Listed[] = [
  { page: 'docs/recovery.md', command: 'kubectl delete node master3', reason: 'remove-server (#24 items 1 and 6)' },
  { page: 'docs/recovery.md', command: 'sudo k3s server --cluster-reset', reason: 'runs on the surviving server: the docs runner runs blocks on the operator side only' },
  { page: 'docs/recovery.md', command: 'npm run state:restore', reason: 'a state-restore scenario (the unit test restores the file; tofu init and plan after it are not run)' },
  { page: 'docs/k3s-homelab.md', command: 'tofu init && tofu apply', reason: 'no k3s-homelab topology in the e2e yet' },
  { page: 'docs/k3s-homelab.md', command: 'bootstrap/remove-node.sh --node k3s2', reason: 'no k3s-homelab topology in the e2e yet (the unit test fakes ssh)' },
  { page: 'docs/operations.md', command: 'tofu -chdir=cdktf.out/stacks/k3s-gitops import', reason: 'no k3s-gitops topology in the e2e yet' },
  { page: 'docs/k3s-homelab.md', command: 'sudo systemctl restart k3s', reason: 'no k3s-homelab topology in the e2e yet (it gives the adopted k3s1 an agent token)' },
  { page: 'docs/day2.md', command: 'K3S_ALLOW_DATA_LOSS=master1', reason: "an MVP scenario replacing its only server (the K3s double lists no Nodes in SQLite mode; leave-cluster.test.ts runs the refusal and the flag)" },
];

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
          if (c.args.length === 0) problems.push(`${where(b)}: "e2e" names the scenario that runs the block`);
          for (const s of c.args) {
            const file = join(SCENARIO_DIR, `${s}.ts`);
            if (!existsSync(file)) problems.push(`${where(b)}: no e2e scenario file tools/harness/e2e/scenarios/${s}.ts`);
            // The runner also checks at run time that each marked block was run by its scenario.
            else if (!readFileSync(file, 'utf8').includes('ctx.docs.run(')) problems.push(`${where(b)}: scenario ${s} does not run its docs blocks (ctx.docs.run)`);
          }
        } else if (c.kind === 'needs') {
          if (c.args.length < 3) problems.push(`${where(b)}: "needs" says in a few words what the commands need`);
        } else if (c.kind !== 'run' && c.kind !== 'ci') problems.push(`${where(b)}: unknown clause ${c.kind}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every block that changes a cluster is run verbatim by an e2e scenario, or needs real hardware for a stated reason', () => {
    const problems: string[] = [];
    const listed = [...REAL_HARDWARE, ...AWAITING_SCENARIO];
    for (const b of SHELL_BLOCKS.filter((x) => x.marker?.kind === 'commands')) {
      const changing = commandLines(b).flatMap(simpleCommands).filter(changesCluster);
      const cs = clauses(b);
      const entry = listed.find((e) => e.page === b.page && b.text.includes(e.command));
      if (changing.length === 0) {
        if (entry) problems.push(`${where(b)}: listed (${entry.command}) but changes no cluster`);
        continue;
      }
      const e2e = cs.some((c) => c.kind === 'e2e');
      if (e2e && entry) problems.push(`${where(b)}: run by an e2e scenario now: remove it from ${REAL_HARDWARE.includes(entry) ? 'REAL_HARDWARE' : 'AWAITING_SCENARIO'}`);
      if (e2e && cs.some((c) => c.kind === 'needs')) problems.push(`${where(b)}: an e2e scenario runs it verbatim, so it needs nothing more (drop "needs")`);
      if (!e2e && !entry) problems.push(`${where(b)}: \`${changing[0].join(' ')}\` changes a cluster: mark the block <!-- commands: e2e <scenario> --> and run it in that scenario (ctx.docs.run)`);
    }
    for (const e of listed) {
      const n = SHELL_BLOCKS.filter((b) => b.page === e.page && b.text.includes(e.command)).length;
      if (n !== 1) problems.push(`${e.page}: ${n} blocks contain \`${e.command}\` (a listed block is named by one command of it)`);
    }
    expect(problems).toEqual([]);
  });

  it('recognizes the commands that change a cluster', () => {
    const yes = ["tofu apply -replace='null_resource.master3_install'", 'tofu -chdir=x destroy -target=y', "tofu state rm 'a'", 'sudo kubectl drain master3 --force',
      'kubectl -n argocd label appproject p a=b', 'bootstrap/remove-node.sh --node k3s2', 'npm run restore -- c --snapshot s', 'npm run state:restore -- c f',
      'sudo k3s server --cluster-reset', 'sudo systemctl stop k3s', 'tofu import a b'];
    const no = ['tofu plan', 'tofu init -migrate-state', 'tofu output -raw kubeconfig_path', 'kubectl get nodes', 'npm run synth', 'npm run review', 'npm run state:backup -- c', 'tofu state list'];
    expect(yes.flatMap(simpleCommands).filter((w) => !changesCluster(w))).toEqual([]);
    expect(no.flatMap(simpleCommands).filter(changesCluster)).toEqual([]);
  });

  it('commands said to be run by tests appear there, with every flag', () => {
    const problems: string[] = [];
    for (const b of SHELL_BLOCKS.filter((x) => x.marker?.kind === 'commands')) {
      const cs = clauses(b);
      // ci/run: run as they are; e2e: run verbatim by the scenario (checked above and by the e2e run).
      if (cs.some((c) => c.kind === 'run' || c.kind === 'ci' || c.kind === 'e2e')) continue;
      const texts = cs.flatMap((c) => (c.kind === 'test' ? c.args.map((f) => readFileSync(join(ROOT, f), 'utf8')) : []));
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
