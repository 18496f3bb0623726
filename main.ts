/**
 * Synthesizes every environment: load and validate all settings first, then
 * build and write the stacks. Bad settings print one line per problem and
 * exit 1 without writing anything, so an existing cdktf.out stays as it was.
 *
 * Environment: K3S_SETTINGS_DIR (default terraform/environments),
 * CDKTF_OUTDIR (default cdktf.out), K3S_SETTINGS_CACHE_DIR (parsed-HCL cache,
 * default node_modules/.cache/k3s-tfvars; empty disables it).
 */
import { App, TerraformStack } from 'cdktf';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync } from 'fs';
import { join, relative, resolve } from 'path';
import { parse } from 'yaml';
import { repoRoot } from './lib/core/repo-root';
import { syncAssets } from './lib/core/stack-asset';
import { K3sConfigTemplate } from './lib/k3s';
import { endOfLifeNotice, todayUtc } from './lib/rules/kubernetes-eol';
import { AllSettings, loadAllSettings, SettingsError, sshNodesWithoutHostKey } from './lib/settings';
import { ChocolandiadcStack } from './stacks/chocolandiadc';
import { ChocolandiadcMvpStack } from './stacks/chocolandiadc-mvp';
import { EnvironmentPaths } from './stacks/common';
import { K3sGitopsStack } from './stacks/k3s-gitops';
import { K3sHomelabStack } from './stacks/k3s-homelab';
import { KpiSandboxStack } from './stacks/kpi-sandbox';

/**
 * Where each environment's stack finds its files: its settings directory
 * relative to its output directory (the state path and kubeconfig in the
 * JSON are relative), bootstrap/ with its parsed cluster-config.yaml, and
 * cloud-init/. The tests synthesize with the same paths.
 */
export function environmentPaths(root: string, settingsDir: string, outdir: string): (env: string) => EnvironmentPaths {
  const bootstrapDir = join(root, 'bootstrap');
  const configTemplate = parse(readFileSync(join(bootstrapDir, 'cluster-config.yaml'), 'utf8')) as K3sConfigTemplate;
  return (env) => ({
    envDir: relative(join(outdir, 'stacks', env), join(settingsDir, env)),
    bootstrapDir,
    configTemplate,
    cloudInitDir: join(root, 'cloud-init'),
  });
}

/** Where buildApp finds the project's files and writes the stacks. */
export interface AppLocations {
  /** The repository root (holds bootstrap/ and cloud-init/). */
  readonly root: string;
  /** Holds `<environment>/terraform.tfvars`. */
  readonly settingsDir: string;
  /** cdktf's output directory. */
  readonly outdir: string;
}

/** The app with every environment's stack, not synthesized yet. */
export function buildApp(settings: AllSettings, at: AppLocations): App {
  const paths = environmentPaths(at.root, at.settingsDir, at.outdir);
  // cdktf creates only the last directory of outdir; CDKTF_OUTDIR may name a new tree.
  mkdirSync(at.outdir, { recursive: true });
  const app = new App({ outdir: at.outdir, stackTraces: false });
  new ChocolandiadcStack(app, 'chocolandiadc', settings.chocolandiadc, paths('chocolandiadc'));
  new ChocolandiadcMvpStack(app, 'chocolandiadc-mvp', settings['chocolandiadc-mvp'], paths('chocolandiadc-mvp'));
  new KpiSandboxStack(app, 'kpi-sandbox', settings['kpi-sandbox'], paths('kpi-sandbox'));
  new K3sHomelabStack(app, 'k3s-homelab', settings['k3s-homelab'], paths('k3s-homelab'));
  new K3sGitopsStack(app, 'k3s-gitops', settings['k3s-gitops'], paths('k3s-gitops'));
  return app;
}

export async function main(): Promise<string> {
  const root = repoRoot();
  const settingsDir = resolve(process.env.K3S_SETTINGS_DIR ?? join(root, 'terraform/environments'));
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? join(root, 'cdktf.out'));
  const cacheDir = process.env.K3S_SETTINGS_CACHE_DIR ?? join(root, 'node_modules/.cache/k3s-tfvars');
  const settings = await loadAllSettings({ settingsDir, cacheDir: cacheDir || undefined });
  const app = buildApp(settings, { root, settingsDir, outdir });
  app.synth();
  for (const stack of app.node.children) {
    // Scripts are copied next to the JSON; those no longer used do not linger (.terraform stays).
    syncAssets(stack as TerraformStack, join(outdir, 'stacks', stack.node.id));
    // Plans (`tofu plan -out`) are written here and hold every secret of the stack.
    chmodSync(join(outdir, 'stacks', stack.node.id), 0o700);
    const env = stack.node.id as keyof typeof settings;
    if (settings[env].backend.type === 'local') protectLocalState(join(settingsDir, env));
  }
  const versions = Object.fromEntries(Object.entries(settings).map(([env, s]) => [env, s.k3sVersion]));
  const warnings = new Map<string, string[]>();
  for (const n of sshNodesWithoutHostKey(settings)) warnings.set(n.environment, [...(warnings.get(n.environment) ?? []), n.warning]);
  return summary(outdir, app.node.children.map((c) => c.node.id), versions, warnings);
}

/**
 * The local state holds the join token, the kubeconfig's client key and
 * passwords, and OpenTofu creates it (and its .backup) with the default
 * umask, 0644. It keeps the mode of a file that exists (it rewrites in
 * place), and reads an empty file as no state: so the directory is made
 * 0700 and both files exist with 0600 before the first apply (an existing
 * state file of another mode is tightened). Files are never emptied.
 */
function protectLocalState(envDir: string): void {
  mkdirSync(envDir, { recursive: true });
  chmodSync(envDir, 0o700);
  for (const name of ['terraform.tfstate', 'terraform.tfstate.backup']) {
    const file = join(envDir, name);
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
  }
}

/**
 * One line per stack (resources, outputs, directory), under it a notice when
 * the stack's K3s minor is past Kubernetes end of life and a warning per
 * node reached over SSH without a host key, and the next command, like
 * `cdktf synth`.
 */
function summary(outdir: string, stacks: string[], k3sVersions: Record<string, string>, warnings: ReadonlyMap<string, readonly string[]>, today = todayUtc()): string {
  const rows = stacks.map((id) => {
    const dir = join(outdir, 'stacks', id);
    return { id, ...countBlocks(readFileSync(join(dir, 'cdk.tf.json'))), dir: relative(process.cwd(), dir) || '.' };
  });
  const width = Math.max(...rows.map((r) => r.id.length));
  return [
    ...rows.flatMap((r) => {
      const notice = k3sVersions[r.id] ? endOfLifeNotice(r.id, k3sVersions[r.id], today) : undefined;
      return [
        `${r.id.padEnd(width)}  ${String(r.resources).padStart(3)} resources  ${String(r.outputs).padStart(2)} outputs  ${r.dir}`,
        ...(notice ? [`  ${notice}`] : []),
        ...(warnings.get(r.id) ?? []).map((w) => `  warning: ${w}`),
      ];
    }),
    `Next: cd ${relative(process.cwd(), join(outdir, 'stacks')) || '.'}/<stack> && tofu init && tofu plan`,
  ].join('\n');
}

/**
 * Resources and outputs of a cdk.tf.json. cdktf writes it with two-space
 * indentation (json-stable-stringify), so an entry is a line indented by
 * exactly 6 (`resource.<type>.<name>`) or 4 (`output.<name>`) spaces inside
 * its section: counted in the bytes, without decoding or parsing (a
 * 300-node stack is 4 MB). Other layouts are parsed.
 */
export function countBlocks(text: Buffer | string): { resources: number; outputs: number } {
  /** Lines of the section `key` that start with `indent` spaces and a quote; undefined if there is no such section. */
  const entries = (key: string, indent: number) => {
    const start = text.indexOf(`\n  "${key}": {\n`);
    const end = start < 0 ? -1 : text.indexOf('\n  }', start + 1);
    if (end < 0) return undefined;
    const line = `\n${' '.repeat(indent)}"`;
    let n = 0;
    for (let at = text.indexOf(line, start + 1); at >= 0 && at < end; at = text.indexOf(line, at + 1)) n++;
    return n;
  };
  const resource = entries('resource', 6);
  const output = entries('output', 4);
  if ((resource === undefined && text.includes('"resource"')) || (output === undefined && text.includes('"output"'))) {
    const json = JSON.parse(text.toString());
    return {
      resources: Object.values<object>(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0),
      outputs: Object.keys(json.output ?? {}).length,
    };
  }
  return { resources: resource ?? 0, outputs: output ?? 0 };
}

/** The command line: synthesize, print the summary; on failure one message, exit 1. */
export function cli(): void {
  // cdktf's own DEP0044 off the terminal, also when dist/main.js runs alone (tools/known-warnings.js).
  require(join(repoRoot(), 'tools/known-warnings.js')).install();
  main().then((text) => process.stdout.write(`${text}\n`)).catch((err: unknown) => {
    if (err instanceof SettingsError) {
      const n = err.problems.length;
      process.stderr.write(`Settings are invalid (${n} problem${n === 1 ? '' : 's'}); nothing was written:\n${err.message}\n`);
    } else {
      // Construct validation errors name the field and rule; a stack trace adds nothing for users.
      process.stderr.write(`Synth failed; nothing was written: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exit(1);
  });
}

if (require.main === module) cli();
