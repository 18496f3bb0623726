import { Scenario } from '../context';
import { HA } from '../topologies';

/** The version guard: a two-minor jump and a downgrade are refused before anything runs. */
export const scenario: Scenario = {
  name: 'refuse-skip',
  topology: HA,
  requires: ['upgrade-one-minor'],
  steps(ctx) {
    const problems: string[] = [];
    const { run } = ctx;
    for (const [target, words] of [['v1.31.0+k3s1', 'the next allowed minor is v1.30'], ['v1.28.3+k3s1', 'refusing to downgrade K3s v1.29.0+k3s1 -> v1.28.3+k3s1']] as const) {
      const mark = ctx.mark();
      run.writeSettings(target);
      const r = ctx.apply();
      const cs = ctx.callsSince(mark);
      if (r.status === 0) problems.push(`${target}: apply succeeded`);
      // The guard's message reaches the user in the provisioner output (stdout).
      if (!(r.stdout + r.stderr).replace(/\s+/g, ' ').includes(words)) problems.push(`${target}: the apply does not say "${words}": ${r.stderr.slice(-400)}`);
      if (cs.some((c) => c.kind === 'install-start')) problems.push(`${target}: the installer ran on ${cs.filter((c) => c.kind === 'install-start').map((c) => c.fields.node).join(',')}`);
      const versions = ctx.versionsOnHosts();
      if (Object.values(versions).some((v) => v !== 'v1.29.0+k3s1')) problems.push(`${target}: versions now ${JSON.stringify(versions)}`);
    }
    // Back to the running version: the refused upgrade resources converge without touching K3s.
    run.writeSettings('v1.29.0+k3s1');
    const back = ctx.apply();
    if (back.status !== 0) problems.push(`apply with the running version failed: ${back.stderr.slice(-400)}`);
    return problems;
  },
};
