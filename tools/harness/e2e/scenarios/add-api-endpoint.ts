import { readFileSync } from 'fs';
import { join } from 'path';
import { parse as parseYaml } from 'yaml';
import { ADDRESSES } from '../../../../lib/core/addresses';
import { Scenario } from '../context';
import { HA } from '../topologies';

/** The HA cluster's API address (api_endpoint): no host's own address; the K3s double's kube-vip puts it on the server holding its lease. */
export const API_VIP = '198.18.42.40';

/** What the helm and kubernetes providers manage in the HA stack. */
const PROVIDER_RESOURCES = [ADDRESSES.kubePrometheusStack.address(), ADDRESSES.monitoringNamespace.address()];

const serverOf = (file: string) =>
  (parseYaml(readFileSync(file, 'utf8')) as { clusters?: { cluster?: { server?: string } }[] }).clusters?.[0]?.cluster?.server;

/**
 * api_endpoint with kube-vip added to the running HA cluster, with the
 * commands of docs/recovery.md run verbatim: the plan refreshes the
 * providers' resources through a server (nothing answers on the VIP before
 * kube-vip runs, and the stub providers refuse an address that does not
 * answer, as the real ones do), the apply succeeds with them untouched, and
 * afterwards the kubeconfig, the agents and the providers' copy use the VIP;
 * tls-san and the kube-vip manifest on every server; etcd unchanged.
 */
export const scenario: Scenario = {
  name: 'add-api-endpoint',
  topology: HA,
  steps(ctx) {
    const problems: string[] = [];
    const { servers, agents, run } = ctx;
    const before = run.stateList();
    run.writeSettings(run.version, { ...run.options, apiEndpoint: API_VIP });
    const r = ctx.docs.run();
    if (r.status !== 0) problems.push(`docs block failed: ${r.stderr.slice(-800)}`);
    const planned = r.status === 0 ? run.plannedChanges('endpoint.tfplan') : [];
    const touched = planned.filter((c) => PROVIDER_RESOURCES.includes(c.split(' ')[0]) && /delete|create/.test(c));
    if (touched.length) problems.push(`the plan replaces or re-creates the providers' resources: ${touched.join(', ')}`);
    const onNodes = planned.filter((c) => /^null_resource\.[a-z0-9-]+_install /.test(c));
    if (onNodes.length) problems.push(`the plan replaces nodes: ${onNodes.join(', ')}`);
    const after = run.stateList();
    const gone = before.filter((a) => !after.includes(a));
    if (gone.length) problems.push(`left the state: ${gone.join(', ')}`);
    const agentConfig = run.onHost(agents[0], 'cat /etc/rancher/k3s/config.yaml').stdout;
    if (!agentConfig.includes(`server: https://${API_VIP}:6443`)) problems.push(`${agents[0]} does not register through ${API_VIP}: ${agentConfig.split('\n').filter((l) => l.startsWith('server')).join(' ')}`);
    const kubeconfig = serverOf(join(run.settings, run.stack, 'kubeconfig'));
    if (kubeconfig !== `https://${API_VIP}:6443`) problems.push(`the kubeconfig's server is ${kubeconfig}`);
    // The providers read this copy at plan: from now on they talk to the VIP.
    const copy = serverOf(join(run.settings, run.stack, '.kubeconfig.fetched'));
    if (copy !== `https://${API_VIP}:6443`) problems.push(`the providers' copy names ${copy}`);
    const output = run.tf(['output', '-raw', 'api_endpoint']).stdout.trim();
    if (output !== `https://${API_VIP}:6443`) problems.push(`output api_endpoint = ${output}`);
    const manifests = servers.filter((n) => run.onHost(n, `grep -q 'value: ${API_VIP}' /var/lib/rancher/k3s/server/manifests/kube-vip.yaml`).status === 0);
    if (manifests.length !== servers.length) problems.push(`kube-vip manifest on ${manifests.join(',') || 'no server'}`);
    const sans = servers.filter((n) => run.onHost(n, `grep -q -- '- ${API_VIP}' /etc/rancher/k3s/config.yaml`).status === 0);
    if (sans.length !== servers.length) problems.push(`tls-san has ${API_VIP} on ${sans.join(',') || 'no server'}`);
    const etcd = ctx.etcdPicture();
    if (JSON.stringify(etcd.members) !== JSON.stringify(servers) || JSON.stringify(etcd.clusterIds) !== JSON.stringify(ctx.baseline.clusterIds)) {
      problems.push(`etcd after the change: ${JSON.stringify(etcd)} (was ${JSON.stringify(ctx.baseline.clusterIds)})`);
    }
    ctx.baseline = etcd;
    // The next plan refreshes through the VIP and is clean.
    const converged = ctx.plan();
    if (converged.status !== 0) problems.push(`the next plan (through ${API_VIP}) is not clean: ${(converged.stdout + converged.stderr).slice(-600)}`);
    return problems;
  },
};
