import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { Testing } from 'cdktf';
import { AllSettings, loadAllSettings } from '../../lib/settings';
import { environmentPaths } from '../../main';
import { ChocolandiadcStack } from '../../stacks/chocolandiadc';
import { ChocolandiadcMvpStack } from '../../stacks/chocolandiadc-mvp';
import { EnvironmentPaths } from '../../stacks/common';
import { K3sGitopsStack } from '../../stacks/k3s-gitops';
import { K3sHomelabStack } from '../../stacks/k3s-homelab';
import { KpiSandboxStack } from '../../stacks/kpi-sandbox';

export const ROOT = resolve(__dirname, '../..');
export const SETTINGS_DIR = join(ROOT, 'terraform/environments');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

/** A scratch copy of the example settings (without state or kubeconfigs), to edit or synthesize from. */
export function copyExampleSettings(): string {
  const dir = tempDir('settings');
  cpSync(SETTINGS_DIR, dir, { recursive: true, filter: (src) => !/(tfstate|kubeconfig)/.test(src) });
  return dir;
}

/** The real synth entry point, as `npm run synth` runs it (after `npm run build`). */
export function runSynth(outdir: string, settingsDir = SETTINGS_DIR) {
  const main = join(ROOT, 'dist/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm test does)`);
  return spawnSync(process.execPath, [main], {
    env: { ...process.env, K3S_SETTINGS_DIR: settingsDir, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
}

/** The committed example settings of every environment. */
export function exampleSettings(): Promise<AllSettings> {
  return loadAllSettings({ settingsDir: SETTINGS_DIR, cacheDir: join(ROOT, 'node_modules/.cache/k3s-tfvars') });
}

/** What main.ts gives each stack when it synthesizes the committed settings into cdktf.out. */
export const paths: (env: string) => EnvironmentPaths = environmentPaths(ROOT, SETTINGS_DIR, join(ROOT, 'cdktf.out'));

/** Synthesized JSON of one stack, as `cdk.tf.json` would hold it. */
export type StackJson = {
  terraform: any;
  provider: Record<string, any[]>;
  resource: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  output: Record<string, { value: string; sensitive?: boolean; description?: string }>;
};

export function synthHa(settings: AllSettings['chocolandiadc']): StackJson {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new ChocolandiadcStack(app, 'chocolandiadc', settings, paths('chocolandiadc'))));
}

export function synthMvp(settings: AllSettings['chocolandiadc-mvp']): StackJson {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new ChocolandiadcMvpStack(app, 'chocolandiadc-mvp', settings, paths('chocolandiadc-mvp'))));
}

export function synthSandbox(settings: AllSettings['kpi-sandbox']): StackJson {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new KpiSandboxStack(app, 'kpi-sandbox', settings, paths('kpi-sandbox'))));
}

export function synthHomelab(settings: AllSettings['k3s-homelab']): StackJson & { variable?: Record<string, any> } {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new K3sHomelabStack(app, 'k3s-homelab', settings, paths('k3s-homelab'))));
}

export function synthGitops(settings: AllSettings['k3s-gitops']): StackJson {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new K3sGitopsStack(app, 'k3s-gitops', settings, paths('k3s-gitops'))));
}

/** Provisioners of a resource as [type, body] pairs. */
export function provisioners(resource: any): [string, any][] {
  return (resource.provisioner ?? []).map((p: Record<string, any>) => Object.entries(p)[0] as [string, any]);
}
