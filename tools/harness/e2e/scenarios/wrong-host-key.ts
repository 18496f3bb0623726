import { readFileSync } from 'fs';
import { join } from 'path';
import { ADDRESSES, nodeInstallAddress } from '../../../../lib/core/addresses';
import { Scenario, sh } from '../context';
import { HA } from '../topologies';

/** nodo1 answers with its real host key while the settings pin another: every step that reaches it is refused. */
export const scenario: Scenario = {
  name: 'wrong-host-key',
  topology: HA,
  steps(ctx) {
    const problems: string[] = [];
    const { run } = ctx;
    const victim = ctx.agents[0];
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(ctx.scratch, 'wrong_host_key')]);
    const right = run.hostKeys[victim];
    run.hostKeys[victim] = readFileSync(join(ctx.scratch, 'wrong_host_key.pub'), 'utf8').trim();
    run.writeSettings(run.version);
    const plan = ctx.plan();
    if (plan.status !== 0) problems.push(`a new host key is not an in-place no-op: plan exit ${plan.status} ${plan.stdout.slice(-300)}`);
    const mark = ctx.mark();
    // Terraform's own connection (host_key) when nodo1's upgrade steps run again,
    const viaTerraform = ctx.apply(`-replace=${ADDRESSES.nodeUpgrade.address({ hostname: victim })}`);
    // and leave-cluster.sh (pinned known_hosts) when nodo1 would leave the cluster.
    const viaScript = ctx.apply(`-replace=${nodeInstallAddress(victim)}`);
    const ran = ctx.callsSince(mark).filter((c) => ['install-start', 'uninstall', 'kubectl'].includes(c.kind));
    if (viaTerraform.status === 0) problems.push('Terraform connected to a host with another key');
    if (!/knownhosts|host key/i.test(viaTerraform.stderr)) problems.push(`Terraform does not say why: ${viaTerraform.stderr.slice(-400)}`);
    if (viaScript.status === 0) problems.push('leave-cluster.sh connected to a host with another key');
    if (!/Host key verification failed/.test(viaScript.stdout + viaScript.stderr)) problems.push(`leave-cluster.sh does not say why: ${viaScript.stderr.slice(-400)}`);
    if (ran.length) problems.push(`ran on the nodes: ${ran.map((c) => c.line).join(' | ')}`);
    run.hostKeys[victim] = right;
    run.writeSettings(run.version);
    const back = ctx.apply();
    const clean = ctx.plan();
    if (back.status !== 0 || clean.status !== 0) problems.push(`with the right key again: apply ${back.status}, plan ${clean.status}: ${back.stderr.slice(-400)}`);
    return problems;
  },
};
