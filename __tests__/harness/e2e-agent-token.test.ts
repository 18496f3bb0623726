import { readFileSync } from 'fs';
import { join } from 'path';
import type { Context } from '../../tools/harness/e2e/context';
import { agentInstallAsServer, SPARE } from '../../tools/harness/e2e/scenarios/agent-token-joins-no-server';
import { copyExampleSettings, runSynth, tempDir } from '../helpers/repo';

/**
 * The e2e scenario agent-token-joins-no-server replays the agent's install
 * as the synth renders it: the config is the project's (agent token filled in
 * as Terraform does), with only the node's name and address and the role changed.
 */
describe('agent-token-joins-no-server replays the rendered agent install', () => {
  const out = tempDir('e2e-agent-token');
  const settings = copyExampleSettings();
  const work = join(out, 'stacks/chocolandiadc');
  const token = 'A'.repeat(48);

  beforeAll(() => {
    const r = runSynth(out, settings);
    if (r.status !== 0) throw new Error(r.stderr);
  }, 60_000);

  it('writes nodo1\'s rendered config with the agent token and runs install-k3s.sh as a server, nothing else changed', () => {
    const json = JSON.parse(readFileSync(join(work, 'cdk.tf.json'), 'utf8'));
    const rendered = (json.resource.null_resource.nodo1_install.provisioner as any[]).map((p) => p.file?.content).find((c) => c?.includes('node-name: nodo1')) as string;
    const nodo1Ip = /node-ip: (\S+)/.exec(rendered)![1];
    const ctx = { run: { work, address: () => ({ ip: nodo1Ip, port: 22 }) }, tokens: { agent: token, cluster: 'B'.repeat(48) } } as unknown as Context;
    const { steps, problems } = agentInstallAsServer(ctx, 'nodo1');
    expect(problems).toEqual([]);
    const config = steps.find((s) => s.write?.to.endsWith('/config.yaml'))!.write!.text;
    // The project's config, token filled in; only the name and the address differ.
    expect(config).toBe(rendered.split('${random_password.agent_token.result}').join(token).split(nodo1Ip).join(SPARE.ip).replace(/\bnodo1\b/g, 'master9'));
    expect(config).toContain(`token: ${token}\n`);
    expect(config).toContain(`node-ip: ${SPARE.ip}\n`);
    const install = steps.map((s) => s.run).find((r) => r?.includes('install-k3s.sh'))!;
    expect(install).toMatch(/install-k3s\.sh --role server .*--node-name master9/);
    expect(steps.some((s) => s.upload?.dir)).toBe(true);
  });
});
