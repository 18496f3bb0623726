import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { terraformEnv, terraformSync } from '../../tools/harness/terraform';
import { copyExampleSettings, runSynth, tempDir } from './repo';

export interface RenderOptions {
  /** The stack to synthesize. */
  readonly stack: string;
  /** Picks the expressions to evaluate from the synthesized JSON: output name -> "${...}" expression. */
  readonly pick: (json: any) => Record<string, string>;
  /** Terraform references to replace by literals before evaluating (e.g. the token). */
  readonly replace: Record<string, string>;
  /** Edits the stack's settings file. */
  readonly editTfvars?: (s: string) => string;
  /** Edits one asset file (by name) before evaluating, e.g. to break a template. */
  readonly editAsset?: [string, (s: string) => string];
}

/**
 * Evaluates a stack's own expressions (templatefile() of cloud-init
 * templates) with the real Terraform, offline and without any provider:
 * synthesize, keep only the picked expressions as outputs, apply.
 */
export function renderWithTerraform(o: RenderOptions): { dir: string; out: Record<string, string> } {
  const settings = copyExampleSettings();
  const tfvars = join(settings, o.stack, 'terraform.tfvars');
  if (o.editTfvars) writeFileSync(tfvars, o.editTfvars(readFileSync(tfvars, 'utf8')));
  const outdir = tempDir('render-out');
  const synth = runSynth(outdir, settings);
  if (synth.status !== 0) throw new Error(`synth failed: ${synth.stderr}`);
  const stack = join(outdir, 'stacks', o.stack);
  const json = JSON.parse(readFileSync(join(stack, 'cdk.tf.json'), 'utf8'));
  if (o.editAsset) {
    const [name, edit] = o.editAsset;
    const src = JSON.stringify(json).match(new RegExp(`assets/[^"\\\\]+/${name.replace(/\./g, '\\.')}`))![0];
    writeFileSync(join(stack, src), edit(readFileSync(join(stack, src), 'utf8')));
  }
  const output: Record<string, { value: string }> = {};
  for (const [name, expr] of Object.entries(o.pick(json))) {
    let value = expr;
    for (const [ref, literal] of Object.entries(o.replace)) value = value.split(ref).join(JSON.stringify(literal));
    output[name] = { value };
  }
  const dir = join(stack, 'render');
  mkdirSync(dir);
  cpSync(join(stack, 'assets'), join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'render.tf.json'), JSON.stringify({ output }));
  const env = terraformEnv('/dev/null');
  for (const args of [['init', '-input=false', '-no-color'], ['apply', '-auto-approve', '-input=false', '-no-color']]) {
    const r = terraformSync(args, dir, env);
    if (r.status !== 0) throw new Error(`terraform ${args[0]} failed:\n${r.stderr}${r.stdout}`);
  }
  const values = JSON.parse(terraformSync(['output', '-json'], dir, env).stdout);
  return { dir, out: Object.fromEntries(Object.entries<any>(values).map(([k, v]) => [k, v.value as string])) };
}

export function tool(cmd: string, args: string[], pkg: string) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} is not installed (Debian package ${pkg}); npm test installs it when run as root`);
  return r;
}

/** `cloud-init schema -c` on a user data document written into `dir`. */
export function cloudInitSchema(dir: string, name: string, userData: string) {
  const file = join(dir, `${name}.user-data`);
  writeFileSync(file, userData);
  return tool('cloud-init', ['schema', '-c', file], 'cloud-init');
}
