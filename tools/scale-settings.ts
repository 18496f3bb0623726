/**
 * The example settings with k3s-gitops grown to 3 servers and N workers:
 * what `npm run bench` measures the 300-node scale with, and what the
 * synth fast-path test proves byte-identical at that size.
 */
import { cpSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

/** Copies `<root>/terraform/environments` to `<dir>/settings-<workers>` with k3s-gitops given 3 servers and `workers` worker nodes; returns it. */
export function settingsWithWorkers(root: string, dir: string, workers: number): string {
  const settings = join(dir, `settings-${workers}`);
  cpSync(join(root, 'terraform/environments'), settings, { recursive: true, filter: (s) => !/tfstate|kubeconfig/.test(s) });
  const file = join(settings, 'k3s-gitops/terraform.tfvars');
  const node = (name: string, i: number) =>
    `  { hostname = "${name}", ip_address = "10.77.${Math.floor(i / 250)}.${(i % 250) + 2}", ssh_user = "ubuntu", ssh_key_path = "~/.ssh/id_ed25519" }`;
  const servers = [1, 2, 3].map((n) => node(`gitops${n}`, n));
  const agents = Array.from({ length: workers }, (_, i) => node(`worker${i + 1}`, i + 10));
  const text = readFileSync(file, 'utf8');
  const nodes = /^control_plane_nodes = \[[\s\S]*?^\]\nworker_nodes = \[[^\n]*\]$/m;
  if (!nodes.test(text)) throw new Error(`${file}: the node lists are not where the bench expects them`);
  writeFileSync(file, text.replace(nodes, `control_plane_nodes = [\n${servers.join(',\n')}\n]\nworker_nodes = [\n${agents.join(',\n')}\n]`));
  return settings;
}
