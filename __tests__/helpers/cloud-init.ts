import { spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { ROOT, tempDir } from './repo';

/**
 * The K3s config file a cloud-init template writes on the node
 * (write_files .../config.yaml), rendered the way Terraform renders it at
 * apply: the real Terraform's templatefile() and yamlencode() through
 * `terraform console` (no provider needed), then the cloud-config parsed as
 * YAML, as cloud-init does. `k3sConfig` is what lib/k3s/node-config.ts's
 * nodeConfig() returns for the node.
 */
export function cloudInitK3sConfig(template: 'k3s-cp.yml.tpl' | 'k3s-worker.yml.tpl' | 'k3s-node-onboard.yml.tpl', k3sConfig: Record<string, unknown>): string {
  const dir = tempDir('cloud-init-render');
  writeFileSync(join(dir, 'k3s-config.json'), JSON.stringify(k3sConfig));
  const expr = `templatefile(${JSON.stringify(join(ROOT, 'cloud-init', template))}, {
    hostname = "node", ssh_authorized_keys = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAItest test"], k3s_version = "v1.28.3+k3s1",
    server_url = "https://192.0.2.1:6443", install_script = "", post_install_script = "", vm_bootstrap_script = "",
    k3s_config = jsondecode(file(${JSON.stringify(join(dir, 'k3s-config.json'))})),
  })`;
  const r = spawnSync('terraform', ['console'], {
    cwd: dir, input: `${expr.replace(/\n\s*/g, ' ')}\n`, encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' },
  });
  if (r.error) throw new Error(`terraform console failed to start (Terraform 1.11 at /usr/local/bin/terraform): ${r.error.message}`);
  const m = /<<EOT\n([\s\S]*?)\nEOT/.exec(r.stdout);
  if (r.status !== 0 || !m) throw new Error(`terraform console did not render ${template}: ${r.stdout}${r.stderr}`);
  const cloudConfig = parse(m[1]) as { write_files: { path: string; content: string }[] };
  const file = cloudConfig.write_files.find((f) => f.path.endsWith('/config.yaml'));
  if (!file) throw new Error(`${template} writes no config.yaml`);
  return file.content;
}
