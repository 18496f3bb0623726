import { copyFileSync } from 'fs';
import { join } from 'path';
import { ROOT, Scenario, TestHost } from '../context';
import { HA } from '../topologies';

/** A clean machine outside the cluster. */
export const SPARE: TestHost = { name: 'spare1', ip: '198.18.42.30' };

/** A clean spare host tries to join as a server with the agent token: the double refuses, no member is added. */
export const scenario: Scenario = {
  name: 'agent-token-joins-no-server',
  topology: HA,
  hosts: [SPARE],
  steps(ctx) {
    const problems: string[] = [];
    const { servers, run } = ctx;
    const mark = ctx.mark();
    const config = `node-name: master9\nnode-ip: ${SPARE.ip}\nserver: https://${run.address(servers[0]).ip}:6443\ntoken: ${ctx.tokens.agent}\n`;
    // From the scratch directory: the test hosts see an empty /tmp, and the repository may live under it (CI's clone).
    const installer = join(ctx.scratch, 'fake-k3s-install.sh');
    copyFileSync(join(ROOT, 'tools/harness/e2e/fake-k3s-install.sh'), installer);
    const r = ctx.sshTo(SPARE.ip, `umask 077 && mkdir -p /etc/rancher/k3s && cat > /etc/rancher/k3s/config.yaml && INSTALL_K3S_VERSION=${run.version} INSTALL_K3S_EXEC=server sh ${installer}`, config);
    const recorded = ctx.callsSince(mark);
    const refused = recorded.filter((c) => c.kind === 'install-refused');
    if (r.status === 0) problems.push('the server join with the agent token succeeded');
    if (!(refused.length === 1 && refused[0].fields.reason === 'agent-token-joins-no-server')) problems.push(`recorded: ${recorded.map((c) => c.line).join(' | ') || 'nothing'}`);
    if (ctx.etcd.members(run.address(servers[0]).ip).includes('master9')) problems.push('master9 became an etcd member');
    ctx.sshTo(SPARE.ip, 'rm -rf /etc/rancher/k3s /var/lib/rancher/k3s');
    return problems;
  },
};
