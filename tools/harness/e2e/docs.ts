/**
 * The docs' commands, run verbatim by the scenario their marker names
 * (`<!-- commands: e2e <scenario> -->` above a shell block of README.md or
 * docs/*.md; docs/development.md, "Commands in the docs").
 *
 * A block runs with `bash -euo pipefail` as it is written, except for the
 * placeholders the scenario substitutes explicitly and visibly in its file
 * (`substitute: { '<snapshot>': 'e2e-backup' }`). On PATH:
 * - `tofu`: Terraform 1.11 (/usr/local/bin/terraform) with the run's
 *   environment (stub providers, CLI config, known_hosts); each call's
 *   duration is logged for the apply ratio;
 * - `npm`: `npm run ...` in this project with the run's settings directory;
 *   `npm run synth` also refreshes the stack's working copy (keeping .terraform);
 * - `kubectl`: `k3s kubectl` of the K3s double on the server the kubeconfig
 *   points at, over SSH (simplification: the double serves no Kubernetes API; it
 *   answers the calls the procedures make from its records and real etcd);
 * - EDITOR=true: the scenario writes the settings (ctx.run.writeSettings)
 *   before it runs a block that opens them.
 * The working directory: a block with a `cd` line starts where a user does,
 * at the project root (the run's: `terraform/environments` holds its
 * settings, `cdktf.out/stacks/<stack>` is its working directory); any other
 * block starts in the stack's working directory, as the docs' day-2
 * commands assume.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { DocBlock, docBlocks, SHELL_LANGS } from '../doc-blocks';
import { TERRAFORM } from '../terraform';
import type { Context } from './context';
import { ROOT, sh } from './context';

/** The shell blocks marked `e2e <scenario>` (among other clauses). */
export function blocksFor(scenario: string): DocBlock[] {
  return docBlocks().filter((b) => SHELL_LANGS.has(b.lang) && b.marker?.kind === 'commands' &&
    b.marker.value.split(';').some((c) => { const [kind, ...args] = c.trim().split(/\s+/); return kind === 'e2e' && args.includes(scenario); }));
}

export interface DocRunResult {
  readonly status: number;
  /** Output with colour codes removed (also recorded for the run's token-leak check). */
  readonly stdout: string;
  readonly stderr: string;
  /** `page:line` of the blocks run, in order. */
  readonly blocks: string[];
  /** Every tofu call the blocks made: its arguments, exit status and seconds. */
  readonly tofu: { args: string[]; status: number; seconds: number }[];
}

export interface DocRunOptions {
  /** Whose blocks (default: the running scenario's). */
  readonly scenario?: string;
  /** Placeholder -> text, replaced everywhere in the block before it runs (e.g. { '<stack>': 'chocolandiadc' }). */
  readonly substitute?: Readonly<Record<string, string>>;
  /** Only the blocks this accepts (default all of the scenario's, in page order); each must still be run by someone. */
  readonly filter?: (block: DocBlock) => boolean;
  /** More environment for the block (e.g. READY_SECONDS for npm run restore). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * What the user types when a command asks (e.g. 'yes\n' for `tofu apply`
   * or `npm run restore`): the block then runs on a terminal (util-linux
   * `script`), as a user's does, and this is its input; stdout and stderr
   * arrive together in `stdout`. Without it, stdin is empty and not a
   * terminal, so a command that asks refuses (tofu apply without
   * -auto-approve among them).
   */
  readonly answer?: string;
}

const ANSI = /\x1b\[[0-9;]*m/g;

export class DocRun {
  /** `page:line` of every block run so far (the runner checks none of a scenario's blocks was skipped). */
  readonly ran = new Set<string>();

  constructor(private readonly ctx: Context) {}

  /** The scenario's marked blocks (default: the running scenario's), in page order. */
  blocks(scenario = this.ctx.scenario): DocBlock[] {
    return blocksFor(scenario);
  }

  /**
   * Runs the scenario's marked blocks one after the other, each verbatim;
   * stops at the first that fails. Throws when the scenario has no block:
   * a marker names it or it has nothing to run.
   */
  run(opts: DocRunOptions = {}): DocRunResult {
    const scenario = opts.scenario ?? this.ctx.scenario;
    const blocks = blocksFor(scenario).filter(opts.filter ?? (() => true));
    if (blocks.length === 0) throw new Error(`no shell block in README.md or docs/ is marked <!-- commands: e2e ${scenario} -->`);
    const bin = this.shims();
    const { run } = this.ctx;
    const tofuLog = join(this.ctx.scratch, 'docs-tofu.log');
    writeFileSync(tofuLog, '');
    let stdout = '';
    let stderr = '';
    const done: string[] = [];
    for (const b of blocks) {
      let text = b.text;
      for (const [from, to] of Object.entries(opts.substitute ?? {})) text = text.split(from).join(to);
      const fromRoot = /^\s*cd\s/m.test(text);
      const [cmd, args] = opts.answer === undefined
        ? ['bash', ['-euo', 'pipefail', '-c', text]]
        : ['script', ['-qefc', 'bash -euo pipefail -c "$E2E_BLOCK"', '/dev/null']];
      const env: NodeJS.ProcessEnv = {
        ...run.env, ...opts.env,
        PATH: `${bin}:${process.env.PATH}`, EDITOR: 'true', E2E_PROJECT: ROOT, E2E_WORK: run.work,
        K3S_SETTINGS_DIR: run.settings, CDKTF_OUTDIR: run.cdktfOut, E2E_STACK: run.stack,
        E2E_TOFU_LOG: tofuLog, E2E_SCRATCH: this.ctx.scratch, E2E_BLOCK: text,
      };
      // A user's tofu asks before apply and destroy: input stays enabled (TF_INPUT=0 would make it refuse).
      delete env.TF_INPUT;
      const r = sh(cmd as string, args as string[], { allowFail: true, input: opts.answer ?? '', cwd: fromRoot ? run.project : run.work, env });
      const where = `${b.page}:${b.line}`;
      this.ran.add(where);
      done.push(where);
      stdout += r.stdout.replace(ANSI, '').replace(/\r\n/g, '\n');
      stderr += r.stderr.replace(ANSI, '');
      run.output.push(r.stdout, r.stderr);
      // On a terminal stderr arrives in stdout: the message carries the end of both.
      if (r.status !== 0) return { status: r.status ?? 1, stdout, stderr: `${where}: exit ${r.status}\n${stderr}${opts.answer === undefined ? '' : stdout.slice(-1500)}`, blocks: done, tofu: tofuCalls(tofuLog) };
    }
    return { status: 0, stdout, stderr, blocks: done, tofu: tofuCalls(tofuLog) };
  }

  /** `tofu` and `npm` for the blocks (scratch/docs-bin). */
  private shims(): string {
    const bin = join(this.ctx.scratch, 'docs-bin');
    if (existsSync(join(bin, 'npm'))) return bin;
    mkdirSync(bin, { recursive: true });
    const npm = sh('bash', ['-c', 'command -v npm']).stdout.trim();
    writeFileSync(join(bin, 'tofu'), [
      '#!/bin/sh',
      "# The docs' tofu: Terraform 1.11 with the run's environment (tools/harness/e2e/docs.ts); logs each call's duration.",
      'start=$(date +%s.%N)',
      `'${TERRAFORM}' "$@" && rc=0 || rc=$?`,
      'echo "$start $(date +%s.%N) $rc $*" >> "$E2E_TOFU_LOG"',
      'exit "$rc"',
      '',
    ].join('\n'));
    writeFileSync(join(bin, 'kubectl'), [
      '#!/usr/bin/env bash',
      "# The docs' kubectl: the K3s double's kubectl on the server $KUBECONFIG points at, over SSH (tools/harness/e2e/docs.ts).",
      'set -euo pipefail',
      '# `server: https://…` as K3s writes it, `"server": "https://…"` as yamlencode does.',
      'host=$(sed -n \'s#^ *"\\{0,1\\}server"\\{0,1\\}: *"\\{0,1\\}https://\\([^:/"]*\\).*#\\1#p\' "${KUBECONFIG:?kubectl: KUBECONFIG is not set}" | head -n 1)',
      '[ -n "$host" ] || { echo "kubectl: no server in $KUBECONFIG" >&2; exit 1; }',
      'exec ssh -i "$E2E_SCRATCH/id_ed25519" -o BatchMode=yes -o StrictHostKeyChecking=no -o "UserKnownHostsFile=$E2E_SCRATCH/known_hosts" \\',
      '  -- "root@$host" k3s kubectl "$(printf \'%q \' "$@")"',
      '',
    ].join('\n'));
    chmodSync(join(bin, 'kubectl'), 0o755);
    writeFileSync(join(bin, 'npm'), [
      '#!/usr/bin/env bash',
      "# The docs' npm: scripts of this project with the run's settings (tools/harness/e2e/docs.ts).",
      'set -euo pipefail',
      `PATH='${dirname(process.execPath)}':"$PATH"`,
      `(cd "$E2E_PROJECT" && '${npm}' "$@")`,
      '# npm run synth wrote into the run\'s cdktf.out: refresh the working copy, keeping .terraform.',
      'if [ "${1:-}" = run ] && [ "${2:-}" = synth ]; then',
      '  rm -rf "$E2E_WORK/assets" && cp -a "$CDKTF_OUTDIR/stacks/$E2E_STACK/." "$E2E_WORK/"',
      'fi',
      '',
    ].join('\n'));
    chmodSync(join(bin, 'tofu'), 0o755);
    chmodSync(join(bin, 'npm'), 0o755);
    return bin;
  }
}

function tofuCalls(log: string): DocRunResult['tofu'] {
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => {
    const [start, end, status, ...args] = l.split(' ');
    return { args, status: Number(status), seconds: Number(end) - Number(start) };
  });
}
