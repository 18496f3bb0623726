import { readFileSync } from 'fs';
import { join } from 'path';
import { parse as parseYaml } from 'yaml';
import { Scenario } from '../context';
import { HA } from '../topologies';

/** The HA cluster's API address (api_endpoint): no host's own address; the K3s double's kube-vip puts it on the server holding its lease. */
export const API_VIP = '198.18.42.40';

/** api_endpoint added to the running cluster: agents, kubeconfig, output and tls-san use it; etcd unchanged. */
export const scenario: Scenario = {
  name: 'api-endpoint',
  topology: HA,
  steps(ctx) {
    const { servers, agents, run } = ctx;
    run.writeSettings(run.version, { ...run.options, apiEndpoint: API_VIP });
    const moved = ctx.apply();
    const agentConfig = run.onHost(agents[0], 'cat /etc/rancher/k3s/config.yaml').stdout;
    const kubeconfigServer = (parseYaml(readFileSync(join(run.settings, run.stack, 'kubeconfig'), 'utf8')) as { clusters?: { cluster?: { server?: string } }[] }).clusters?.[0]?.cluster?.server;
    const manifests = servers.filter((n) => run.onHost(n, `grep -q 'value: ${API_VIP}' /var/lib/rancher/k3s/server/manifests/kube-vip.yaml`).status === 0);
    const sans = servers.filter((n) => run.onHost(n, `grep -q -- '- ${API_VIP}' /etc/rancher/k3s/config.yaml`).status === 0);
    const output = run.tf(['output', '-raw', 'api_endpoint']).stdout.trim();
    const afterVip = ctx.etcdPicture();
    ctx.baseline = afterVip;
    return [
      ...(moved.status === 0 ? [] : [`apply: ${moved.stderr.slice(-800)}`]),
      ...(agentConfig.includes(`server: https://${API_VIP}:6443`) ? [] : [`${agents[0]} does not register through ${API_VIP}: ${agentConfig.split('\n').filter((l) => l.startsWith('server')).join(' ')}`]),
      ...(kubeconfigServer === `https://${API_VIP}:6443` ? [] : [`the kubeconfig's server is ${kubeconfigServer}`]),
      ...(output === `https://${API_VIP}:6443` ? [] : [`output api_endpoint = ${output}`]),
      ...(manifests.length === servers.length ? [] : [`kube-vip manifest on ${manifests.join(',') || 'no server'} (${servers[0]}: ${run.onHost(servers[0], 'ls -la /var/lib/rancher/k3s/server/manifests 2>&1').stdout.trim()})`]),
      ...(sans.length === servers.length ? [] : [`tls-san has ${API_VIP} on ${sans.join(',') || 'no server'}`]),
      ...(JSON.stringify(afterVip.members) === JSON.stringify(servers) && afterVip.clusterIds.length === 1 ? [] : [`etcd after the change: ${JSON.stringify(afterVip)}`]),
    ];
  },
};
