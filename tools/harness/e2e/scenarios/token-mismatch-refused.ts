import { copyFileSync } from 'fs';
import { createHash, randomBytes } from 'crypto';
import { join } from 'path';
import { ADDRESSES } from '../../../../lib/core/addresses';
import { ROOT, Scenario } from '../context';
import { HA } from '../topologies';

/**
 * A server re-installed with another token is refused by K3s (the double)
 * with K3s's own message, and so is one re-installed with the other
 * secrets-encryption value; with the state's config back it starts again as
 * the same member.
 *
 * How the project never produces the token case: every server's config
 * carries `random_password.cluster_token` from the state (the only token a
 * server config gets), a resource with fixed arguments and no keepers, so
 * Terraform never regenerates it; the cluster's bootstrap data was written
 * with exactly that token. Asserted below: the only bootstrap key in etcd is
 * the state token's, every server's config holds that token, and a plan
 * never touches the token.
 */
export const scenario: Scenario = {
  name: 'token-mismatch-refused',
  topology: HA,
  steps(ctx) {
    const problems: string[] = [];
    const { servers, run } = ctx;
    const target = servers[2];
    const ip = run.address(target).ip;
    const old = ctx.etcdPicture();
    const config = run.onHost(target, 'cat /etc/rancher/k3s/config.yaml').stdout;
    // From the scratch directory: the test hosts see an empty /tmp.
    const installer = join(ctx.scratch, 'fake-k3s-install.sh');
    copyFileSync(join(ROOT, 'tools/harness/e2e/fake-k3s-install.sh'), installer);
    const refusals: [reason: string, config: string, words: string][] = [
      ['token-mismatch', config.replace(/^token: .*$/m, `token: ${randomBytes(24).toString('hex')}`), 'bootstrap data already found and encrypted with different token'],
      ['secrets-encryption-changed', config.replace(/^secrets-encryption: .*$/m, 'secrets-encryption: false'), 'critical configuration value mismatch between servers'],
    ];
    for (const [reason, text, words] of refusals) {
      if (text === config) { problems.push(`${reason}: the config has nothing to change`); continue; }
      const mark = ctx.mark();
      // The config on stdin: the token stays off every command line.
      const r = ctx.sshTo(ip, `umask 077 && cat > /etc/rancher/k3s/config.yaml && INSTALL_K3S_VERSION=${run.version} INSTALL_K3S_EXEC=server sh ${installer}`, text);
      const refused = ctx.callsSince(mark).filter((c) => c.kind === 'start-refused');
      if (r.status === 0) problems.push(`${reason}: the re-install was not refused`);
      if (!r.stderr.includes(words)) problems.push(`${reason}: K3s's message "${words}" missing: ${r.stderr.slice(-300)}`);
      if (!(refused.length === 1 && refused[0].fields.reason === reason && refused[0].fields.node === target)) problems.push(`${reason}: recorded ${refused.map((c) => c.line).join(' | ') || 'no refusal'}`);
    }
    // The state's config back: K3s starts again, same member, same cluster.
    const back = ctx.sshTo(ip, 'umask 077 && cat > /etc/rancher/k3s/config.yaml && k3s-fake-start start', config);
    if (back.status !== 0) problems.push(`${target} did not start again with the state's config: ${back.stderr.slice(-300)}`);
    const now = ctx.etcdPicture();
    if (JSON.stringify(now.byServer) !== JSON.stringify(old.byServer)) problems.push(`etcd changed: ${JSON.stringify(old.byServer)} -> ${JSON.stringify(now.byServer)}`);
    // How it is prevented: each server's config holds the state's token, the one the bootstrap data was written with.
    const token = ctx.tokens.cluster;
    const bootstrapKey = `/bootstrap/${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
    const keys = ctx.etcd.keys(run.address(servers[0]).ip, '/bootstrap/');
    if (JSON.stringify(keys) !== JSON.stringify([bootstrapKey])) problems.push(`${keys.length} bootstrap data key(s), ${keys.includes(bootstrapKey) ? 'one of them' : 'none'} the state token's`);
    const without = servers.filter((n) => !run.onHost(n, 'cat /etc/rancher/k3s/config.yaml').stdout.includes(`\ntoken: ${token}\n`));
    if (without.length) problems.push(`the config of ${without.join(',')} does not carry the state's cluster token`);
    const p = run.tf(['plan', '-input=false', '-out', 'token.tfplan']);
    const planned = p.status === 0 ? run.plannedChanges('token.tfplan') : [`plan failed: ${p.stderr.slice(-300)}`];
    if (planned.some((c) => c.startsWith(`${ADDRESSES.clusterToken.address()} `))) problems.push(`the plan changes the token: ${planned.join(', ')}`);
    if (planned.length) problems.push(`the plan after the restart is not clean: ${planned.join(', ')}`);
    return problems;
  },
};
