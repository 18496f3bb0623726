import { spawnSync } from 'child_process';
import { readFileSync, statSync } from 'fs';
import { isAbsolute, join } from 'path';
import { ADDRESSES } from '../../../../lib/core/addresses';
import { Context, Scenario, sshTo, TestHost } from '../context';
import { HA } from '../topologies';

/** A clean machine outside the cluster. */
export const SPARE: TestHost = { name: 'spare1', ip: '198.18.42.30' };
/** How the spare host calls itself. */
const SPARE_NAME = 'master9';

type Provisioner = Record<string, { connection?: { host?: string }; inline?: string[]; content?: string; source?: string; destination?: string }>;

/**
 * The agent's install as the synth renders it (cdk.tf.json: the node's own
 * provisioners, its config.yaml with the agent token interpolated as
 * Terraform does), replayed on a spare host with only what this case needs
 * changed: the node's name and address, and `--role server`. So the config
 * the double refuses is the project's, not one written for the test.
 */
export function agentInstallAsServer(ctx: Context, agent: string): { steps: { upload?: { from: string; to: string; dir: boolean }; write?: { text: string; to: string }; run?: string }[]; problems: string[] } {
  const json = JSON.parse(readFileSync(join(ctx.run.work, 'cdk.tf.json'), 'utf8'));
  const resource = json.resource?.null_resource?.[ADDRESSES.nodeInstall.name({ hostname: agent })];
  const agentIp = ctx.run.address(agent).ip;
  const problems: string[] = [];
  if (!resource) return { steps: [], problems: [`no ${ADDRESSES.nodeInstall.address({ hostname: agent })} in cdk.tf.json`] };
  // Only what Terraform does on the node itself (not the checks on a server, nor local-exec).
  const own = (resource.provisioner as Provisioner[]).map((p) => Object.entries(p)[0]).filter(([, body]) => body.connection?.host === '${self.triggers.host}');
  const swap = (text: string) => text.split(agentIp).join(SPARE.ip).replace(new RegExp(`\\b${agent}\\b`, 'g'), SPARE_NAME);
  const steps = own.map(([kind, body]) => {
    if (kind === 'file' && body.source !== undefined) {
      const from = isAbsolute(body.source) ? body.source : join(ctx.run.work, body.source);
      return { upload: { from, to: swap(body.destination!), dir: statSync(from).isDirectory() } };
    }
    if (kind === 'file') {
      const text = body.content!.split('${random_password.agent_token.result}').join(ctx.tokens.agent);
      if (text.includes('${')) problems.push(`the rendered ${body.destination} holds an interpolation this test does not know: ${text.replace(/token: .*/g, 'token: <agent token>')}`);
      return { write: { text: swap(text), to: swap(body.destination!) } };
    }
    const command = swap(body.inline!.join(' && ')).replace(/--role agent\b/, '--role server');
    if (command.includes('${')) problems.push(`an install command holds an interpolation this test does not know: ${command}`);
    return { run: command };
  });
  if (!steps.some((s) => s.run?.includes('--role server'))) problems.push(`no install step with --role agent among ${agent}'s provisioners`);
  if (!steps.some((s) => s.write?.text.includes(`token: ${ctx.tokens.agent}`))) problems.push(`${agent}'s rendered config does not hold the agent token`);
  return { steps, problems };
}

function sshInput(ctx: Context, command: string, input: Buffer) {
  return spawnSync('ssh', ['-i', join(ctx.scratch, 'id_ed25519'), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', `UserKnownHostsFile=${join(ctx.scratch, 'known_hosts')}`,
    '--', `root@${SPARE.ip}`, command], { input, encoding: 'utf8' });
}

/** A clean spare host tries to join as a server with the agent's rendered config (agent token): refused, no member added. */
export const scenario: Scenario = {
  name: 'agent-token-joins-no-server',
  topology: HA,
  hosts: [SPARE],
  steps(ctx) {
    const { servers, run } = ctx;
    const { steps, problems } = agentInstallAsServer(ctx, ctx.agents[0]);
    if (problems.length) return problems;
    const mark = ctx.mark();
    let last = { status: 0 as number | null, stderr: '' };
    for (const s of steps) {
      if (s.upload) {
        // As the file provisioner copies: a directory source ending in / by its contents, a file to the destination path.
        const r = s.upload.dir
          ? sshInput(ctx, `mkdir -p '${s.upload.to}' && tar -xf - -C '${s.upload.to}'`, spawnSync('tar', ['-C', s.upload.from, '-cf', '-', '.']).stdout)
          : sshInput(ctx, `cat > '${s.upload.to}'`, readFileSync(s.upload.from));
        if (r.status !== 0) return [`upload of ${s.upload.from}: ${r.stderr}`];
      } else if (s.write) {
        // Secrets on stdin, never on a command line.
        const r = sshTo(ctx.scratch, SPARE.ip, `umask 077 && cat > '${s.write.to}'`, s.write.text);
        if (r.status !== 0) return [`writing ${s.write.to}: ${r.stderr}`];
      } else if (s.run) {
        last = sshTo(ctx.scratch, SPARE.ip, s.run);
        if (last.status !== 0) break;
      }
    }
    const recorded = ctx.callsSince(mark);
    const refused = recorded.filter((c) => c.kind === 'install-refused');
    if (last.status === 0) problems.push('the server join with the agent token succeeded');
    if (!(refused.length === 1 && refused[0].fields.reason === 'agent-token-joins-no-server')) problems.push(`recorded: ${recorded.map((c) => c.line).join(' | ') || 'nothing'} (${last.stderr.slice(-300)})`);
    if (ctx.etcd.members(run.address(servers[0]).ip).includes(SPARE_NAME)) problems.push(`${SPARE_NAME} became an etcd member`);
    ctx.sshTo(SPARE.ip, 'k3s-killall.sh >/dev/null 2>&1; rm -rf /etc/rancher/k3s /var/lib/rancher/k3s /tmp/k3s-bootstrap-*');
    return problems;
  },
};
