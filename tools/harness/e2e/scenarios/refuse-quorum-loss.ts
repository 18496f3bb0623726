import { nodeInstallAddress } from '../../../../lib/core/addresses';
import { Scenario } from '../context';
import { HA } from '../topologies';

/** With master2 stopped, replacing master3 would leave one healthy member of two: refused before anything changes. */
export const scenario: Scenario = {
  name: 'refuse-quorum-loss',
  topology: HA,
  steps(ctx) {
    const problems: string[] = [];
    const { servers, run } = ctx;
    const [stopped, victim] = [servers[1], servers[2]];
    run.onHost(stopped, 'k3s-killall.sh');
    const mark = ctx.mark();
    const old = ctx.etcdPicture();
    const r = ctx.apply(`-replace=${nodeInstallAddress(victim)}`);
    const cs = ctx.callsSince(mark);
    const rule = `refusing to remove server ${victim}`;
    if (r.status === 0) problems.push('apply succeeded');
    const said = (r.stdout + r.stderr).replace(/\s+/g, ' ');
    if (!said.includes(rule) || !said.includes('quorum')) problems.push(`the apply does not name ${victim} and quorum: ${r.stderr.slice(-500)}`);
    if (cs.some((c) => ['uninstall', 'etcd-member-removed', 'install-start'].includes(c.kind))) problems.push(`changed: ${cs.filter((c) => c.kind !== 'kubectl').map((c) => c.line).join(' | ')}`);
    if (ctx.etcd.members(run.address(servers[0]).ip).join(',') !== old.members.join(',')) problems.push('the member list changed');
    run.onHost(stopped, 'k3s-fake-start start');
    const converged = ctx.plan();
    if (converged.status !== 0) problems.push(`plan after ${stopped} is back is not clean: ${converged.stdout.slice(-400)}`);
    ctx.baseline = ctx.etcdPicture();
    return problems;
  },
};
