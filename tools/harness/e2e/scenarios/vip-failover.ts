import { spawnSync } from 'child_process';
import { Scenario } from '../context';
import { HA } from '../topologies';
import { API_VIP } from './add-api-endpoint';
import { nodeReady } from './dead-server-quorum';

const sleepSeconds = (s: number) => spawnSync('sleep', [String(s)]);

/**
 * With api_endpoint set (kube-vip on the servers), the server holding the
 * VIP stops K3s: kube-vip on another server takes the lease and the address,
 * the supervisor answers through it, and `tofu plan` still refreshes the
 * providers' resources through the endpoint. The stopped server comes back
 * afterwards (later scenarios need it), with etcd unchanged.
 */
export const scenario: Scenario = {
  name: 'vip-failover',
  topology: HA,
  requires: ['add-api-endpoint'],
  steps(ctx) {
    const problems: string[] = [];
    const { servers, run } = ctx;
    if (run.options.apiEndpoint !== API_VIP) {
      run.writeSettings(run.version, { ...run.options, apiEndpoint: API_VIP });
      const r = ctx.apply();
      if (r.status !== 0) return [`apply with api_endpoint: ${r.stderr.slice(-500)}`];
    }
    const holders = () => servers.filter((n) => run.onHost(n, `ip -4 -o addr show dev eth0 | grep -q ' ${API_VIP}/'`).status === 0);
    let held = holders();
    for (let i = 0; i < 20 && held.length !== 1; i++) { sleepSeconds(1); held = holders(); }
    if (held.length !== 1) return [`${API_VIP} is held by ${held.join(',') || 'no server'} before the failover`];
    const [holder] = held;
    const other = servers.find((n) => n !== holder)!;
    run.onHost(holder, 'systemctl stop k3s');
    const t0 = Date.now();
    let now = holders();
    while (!(now.length === 1 && now[0] !== holder) && Date.now() - t0 < 30_000) { sleepSeconds(1); now = holders(); }
    const seconds = ((Date.now() - t0) / 1000).toFixed(0);
    if (!(now.length === 1 && now[0] !== holder)) problems.push(`${seconds} s after ${holder}'s K3s stopped, ${API_VIP} is on ${now.join(',') || 'no server'}`);
    const pong = spawnSync('curl', ['-sk', '--max-time', '5', `https://${API_VIP}:6443/ping`], { encoding: 'utf8' }).stdout;
    if (pong !== 'pong') problems.push(`https://${API_VIP}:6443/ping answers '${pong}' with ${holder} stopped`);
    const refreshed = ctx.plan();
    if (refreshed.status !== 0) problems.push(`plan through ${API_VIP} with ${holder} stopped: exit ${refreshed.status} ${(refreshed.stderr || refreshed.stdout).slice(-400)}`);
    // The stopped server back: it rejoins its etcd member; etcd as before.
    run.onHost(holder, 'systemctl start k3s');
    const ready = nodeReady(ctx, other, holder);
    const back = ctx.plan();
    if (ready !== 'True' || back.status !== 0) problems.push(`${holder} back: Ready ${ready}, plan exit ${back.status}`);
    const picture = ctx.etcdPicture();
    if (JSON.stringify(picture.members) !== JSON.stringify(ctx.baseline.members) || JSON.stringify(picture.clusterIds) !== JSON.stringify(ctx.baseline.clusterIds)) {
      problems.push(`etcd after the failover: ${JSON.stringify(picture)} (was ${JSON.stringify(ctx.baseline)})`);
    }
    return problems;
  },
};
