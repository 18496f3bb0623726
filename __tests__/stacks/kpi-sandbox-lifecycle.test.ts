/**
 * kpi-sandbox applied with the stub providers by the real Terraform: a second
 * plan is clean, and a new K3s version rebuilds every VM (cloud-init only
 * runs on first boot) without touching the token.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { prepareMirror, providersOf, terraformEnv, terraformSync } from '../../tools/harness/terraform';
import { copyExampleSettings, runSynth, tempDir } from '../helpers/repo';

it('applies, plans clean, and rebuilds each VM with its disk when the K3s version changes', () => {
  const dir = tempDir('sandbox-life');
  const settings = copyExampleSettings();
  const work = join(dir, 'work');
  const synth = () => {
    const out = join(dir, 'cdktf.out');
    rmSync(out, { recursive: true, force: true });
    const r = runSynth(out, settings);
    if (r.status !== 0) throw new Error(r.stderr);
    rmSync(join(work, 'assets'), { recursive: true, force: true });
    cpSync(join(out, 'stacks/kpi-sandbox'), work, { recursive: true });
    // The backend path is relative to where the stack was synthesized; keep state in the scratch dir.
    const file = join(work, 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.terraform.backend.local.path = join(dir, 'terraform.tfstate');
    writeFileSync(file, JSON.stringify(json));
    return json;
  };
  const json = synth();
  const env = terraformEnv(prepareMirror(join(dir, 'mirror'), providersOf(json)));
  const tf = (args: string[]) => terraformSync([...args, '-input=false', '-no-color'], work, env);
  for (const args of [['init'], ['apply', '-auto-approve']]) {
    const r = tf(args);
    expect([args[0], r.status, r.stderr]).toEqual([args[0], 0, '']);
  }
  expect(tf(['plan', '-detailed-exitcode']).status).toBe(0);

  const tfvars = join(settings, 'kpi-sandbox/terraform.tfvars');
  writeFileSync(tfvars, readFileSync(tfvars, 'utf8').replace('v1.34.3+k3s1', 'v1.35.0+k3s1'));
  synth();
  expect(tf(['plan', '-out', 'upgrade.tfplan']).status).toBe(0);
  const changes = JSON.parse(terraformSync(['show', '-json', 'upgrade.tfplan'], work, env).stdout).resource_changes as any[];
  const actions = Object.fromEntries(changes.map((c) => [c.address, c.change.actions.join(',')]));
  for (const vm of ['k3s_cp_01', 'k3s_worker_01', 'k3s_worker_02']) {
    expect(actions[`libvirt_cloudinit_disk.${vm}_cloudinit`]).toBe('delete,create');
    expect(actions[`libvirt_domain.${vm}`]).toBe('delete,create');
    expect(actions[`libvirt_volume.${vm}_disk`]).toBe('delete,create');
  }
  expect(actions['random_password.cluster_token']).toBe('no-op');
}, 120_000);
