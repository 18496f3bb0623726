/**
 * #25 item 10: no alert fires on a healthy cluster. Every stack that runs a
 * Prometheus scrapes K3s' in-process control plane on the node addresses
 * (lib/rules/k3s-metrics.ts); each node must serve what is scraped there.
 * The scrape targets are read from the synthesized chart values (the
 * Terraform release, or the Argo CD `monitoring` Application the root
 * Application patches), the node configs from what the installs upload,
 * and K3s' side is modelled below from its documented behaviour. Then
 * promtool evaluates the chart's default rules that those targets decide
 * and the rules we own on the series such a healthy cluster exposes.
 */
import { spawnSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { K3S_ALERT_RULE_GROUPS } from '../../lib/monitoring/alert-rules';
import { AllSettings } from '../../lib/settings';
import { buildLikeArgoCd } from '../helpers/gitops';
import { exampleSettings, provisioners, StackJson, synthGitops, synthHa, tempDir } from '../helpers/repo';

let settings: AllSettings;
beforeAll(async () => { settings = await exampleSettings(); });

/** The chart values each Prometheus-running stack gives kube-prometheus-stack. */
function chartValues(json: StackJson): Record<string, any> {
  const release = json.resource.helm_release?.kube_prometheus_stack;
  if (release) return parse(release.values[0]);
  const root = parse(json.resource.helm_release.argocd_apps.values[0]).applications['bootstrap-apps'];
  const monitoring = buildLikeArgoCd(root.source).find((a: any) => a.metadata.name === 'monitoring');
  return monitoring.spec.source.helm.valuesObject;
}

interface Target { readonly chartKey: string; readonly job: string; readonly ip: string; readonly port: number }
const JOBS: Record<string, string> = { kubeControllerManager: 'kube-controller-manager', kubeScheduler: 'kube-scheduler', kubeProxy: 'kube-proxy', kubeEtcd: 'kube-etcd' };

/** What the chart scrapes: the endpoints and port of each enabled K3s component (templates/exporters/<component>/endpoints.yaml). */
function scrapeTargets(values: Record<string, any>): Target[] {
  return Object.entries(JOBS).flatMap(([key, job]) => {
    const v = values[key];
    if (!v?.enabled) return [];
    // The chart's default (no endpoints) selects pods that K3s does not run: nothing to scrape, and Kube*Down fires (absent).
    return (v.endpoints ?? []).map((ip: string) => ({ chartKey: key, job, ip, port: v.service.targetPort }));
  });
}

interface Node { readonly hostname: string; readonly ip: string; readonly role: string; readonly etcd: boolean; readonly config: Record<string, any> }

/** Each node's K3s config as its install uploads it. */
function nodes(json: StackJson): Node[] {
  return Object.values<any>(json.resource.null_resource).filter((r) => r.triggers?.role && r.triggers?.hostname && !r.triggers?.k3s_version).map((r) => {
    const upload = provisioners(r).find(([t, p]) => t === 'file' && String(p.destination).endsWith('/config.yaml'))!;
    const etcd = provisioners(r).some(([t, p]) => t === 'remote-exec' && p.inline?.some((l: string) => / --etcd\b/.test(l)));
    return { hostname: r.triggers.hostname, ip: r.triggers.host, role: r.triggers.role, etcd, config: parse(upload[1].content) };
  });
}

/**
 * Whether K3s serves `target` on the node at its address. K3s' behaviour,
 * one line each (simplified: IPv4, the K3s config file only, no CLI flags):
 * - controller-manager, scheduler: run in the server process with
 *   `bind-address` 127.0.0.1 (K3s pkg/daemons/control/server.go) unless
 *   `kube-controller-manager-arg` / `kube-scheduler-arg` give `bind-address=`
 *   (docs.k3s.io/cli/server); secure ports 10257/10259;
 * - kube-proxy: every node, `metrics-bind-address` 127.0.0.1:10249
 *   (kube-proxy's default) unless `kube-proxy-arg` gives one;
 * - etcd: servers of embedded etcd, metrics on 127.0.0.1:2381, and on the
 *   node address too with `etcd-expose-metrics: true` (docs.k3s.io/cli/server:
 *   "Expose etcd metrics to client interface").
 */
function serves(node: Node, target: Target): boolean {
  const arg = (key: string, name: string): string | undefined => {
    const list = ([] as unknown[]).concat(node.config[key] ?? []).map(String);
    const found = list.map((a) => a.replace(/^--/, '')).find((a) => a.startsWith(`${name}=`));
    return found?.slice(name.length + 1);
  };
  const on = (address: string) => address === node.ip || address === '0.0.0.0';
  const server = node.role === 'server';
  switch (target.chartKey) {
    case 'kubeControllerManager':
      return server && target.port === 10257 && on(arg('kube-controller-manager-arg', 'bind-address') ?? '127.0.0.1');
    case 'kubeScheduler':
      return server && target.port === 10259 && on(arg('kube-scheduler-arg', 'bind-address') ?? '127.0.0.1');
    case 'kubeProxy': {
      const [host, port] = (arg('kube-proxy-arg', 'metrics-bind-address') ?? '127.0.0.1:10249').split(':');
      return node.config['disable-kube-proxy'] !== true && on(host) && Number(port ?? 10249) === target.port;
    }
    case 'kubeEtcd':
      return server && node.etcd && target.port === 2381 && node.config['etcd-expose-metrics'] === true;
    default:
      return false;
  }
}

/** The stacks that run a Prometheus, with their example settings and the topologies they allow. */
const STACKS: [string, () => StackJson][] = [
  ['chocolandiadc (3 servers, embedded etcd, 1 agent)', () => synthHa(settings.chocolandiadc)],
  ['k3s-gitops (1 server, SQLite)', () => synthGitops(settings['k3s-gitops'])],
  ['k3s-gitops (3 servers, embedded etcd, 2 agents)', () => {
    const g = settings['k3s-gitops'];
    const n = g.controlPlaneNodes[0];
    const node = (hostname: string, ip: string) => ({ ...n, hostname, ipAddress: ip });
    return synthGitops({ ...g, controlPlaneNodes: [n, node('gitops2', '192.168.1.61'), node('gitops3', '192.168.1.62')], workerNodes: [node('gitops4', '192.168.1.63'), node('gitops5', '192.168.1.64')] });
  }],
];

describe('every scrape target is served by its node (#25 item 10)', () => {
  it.each(STACKS)('%s', (_name, synth) => {
    const json = synth();
    const targets = scrapeTargets(chartValues(json));
    const byIp = new Map(nodes(json).map((n) => [n.ip, n]));
    expect(targets.length).toBeGreaterThan(0);
    const unserved = targets.filter((t) => !byIp.has(t.ip) || !serves(byIp.get(t.ip)!, t)).map((t) => `${t.job} on ${byIp.get(t.ip)?.hostname ?? t.ip} (${t.ip}:${t.port})`);
    expect(unserved).toEqual([]);
  });

  it('the K3s model refuses a node that keeps K3s\' defaults (the check is not vacuous)', () => {
    const node: Node = { hostname: 'm', ip: '10.0.0.1', role: 'server', etcd: true, config: {} };
    for (const [chartKey, port] of [['kubeControllerManager', 10257], ['kubeScheduler', 10259], ['kubeProxy', 10249], ['kubeEtcd', 2381]] as const) {
      expect([chartKey, serves(node, { chartKey, job: JOBS[chartKey], ip: '10.0.0.1', port })]).toEqual([chartKey, false]);
    }
    const bound = { ...node, config: { 'kube-proxy-arg': ['metrics-bind-address=10.0.0.1:10249'], 'kube-controller-manager-arg': ['bind-address=10.0.0.1'], 'kube-scheduler-arg': ['bind-address=10.0.0.1'], 'etcd-expose-metrics': true } };
    for (const [chartKey, port] of [['kubeControllerManager', 10257], ['kubeScheduler', 10259], ['kubeProxy', 10249], ['kubeEtcd', 2381]] as const) {
      expect([chartKey, serves(bound, { chartKey, job: JOBS[chartKey], ip: '10.0.0.1', port })]).toEqual([chartKey, true]);
    }
  });
});

/** The chart's default rules those targets decide (sources in the fixture). */
const CHART = JSON.parse(readFileSync(join(__dirname, 'fixtures/kube-prometheus-stack-88.5.3-rules.json'), 'utf8')) as { rules: { when: string | null; alert: string; expr: string; for: string }[] };

function promtool(args: string[], cwd: string) {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/**
 * promtool's verdict on a healthy cluster of `json`: every component runs;
 * a target is up exactly when its node serves it there.
 */
function healthyClusterAlerts(json: StackJson): { code: number | null; out: string } {
  const values = chartValues(json);
  const targets = scrapeTargets(values);
  const byIp = new Map(nodes(json).map((n) => [n.ip, n]));
  const chartRules = CHART.rules.filter((r) => r.when === null || values[r.when]?.enabled === true);
  const ours = K3S_ALERT_RULE_GROUPS.map((g) => ({ name: g.name, rules: g.rules.map(({ annotations: _a, ...r }) => r) }));
  const dir = tempDir('healthy-cluster');
  writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: [...ours, { name: 'chart', rules: chartRules.map(({ when: _w, ...r }) => r) }] }));
  const series = targets.flatMap((t) => {
    const labels = `job="${t.job}",instance="${t.ip}:${t.port}",namespace="kube-system",service="kube-prometheus-stack-${t.job}"`;
    const up = byIp.has(t.ip) && serves(byIp.get(t.ip)!, t);
    return [
      { series: `up{${labels}}`, values: `${up ? 1 : 0}x60` },
      ...(t.chartKey === 'kubeEtcd' && up ? [{ series: `etcd_server_has_leader{${labels}}`, values: '1x60' }] : []),
    ];
  });
  const alerts = [...new Set([...chartRules.map((r) => r.alert), ...K3S_ALERT_RULE_GROUPS.flatMap((g) => g.rules.map((r) => r.alert))])];
  writeFileSync(join(dir, 'healthy.test.yaml'), stringify({
    rule_files: ['rules.yaml'],
    evaluation_interval: '1m',
    tests: [{ interval: '1m', input_series: series, alert_rule_test: alerts.map((alertname) => ({ eval_time: '45m', alertname, exp_alerts: [] })) }],
  }));
  return promtool(['test', 'rules', 'healthy.test.yaml'], dir);
}

describe('promtool: no alert fires on a healthy cluster of each stack (#25 item 10)', () => {
  it.each(STACKS)('%s', (_name, synth) => {
    const r = healthyClusterAlerts(synth());
    expect(r.out).toMatch(/SUCCESS/);
    expect(r.code).toBe(0);
  });

  it('the same test fails for a cluster whose nodes keep the metrics on 127.0.0.1 (the test is not vacuous)', () => {
    const json = JSON.parse(JSON.stringify(STACKS[2][1]()));
    for (const r of Object.values<any>(json.resource.null_resource)) {
      for (const p of r.provisioner ?? []) {
        if (p.file?.destination?.endsWith('/config.yaml')) {
          const config = parse(p.file.content);
          for (const k of ['kube-proxy-arg', 'kube-controller-manager-arg', 'kube-scheduler-arg', 'etcd-expose-metrics']) delete config[k];
          p.file.content = stringify(config);
        }
      }
    }
    const r = healthyClusterAlerts(json);
    expect(r.code).not.toBe(0);
    for (const alert of ['TargetDown', 'K3sEtcdQuorumLost', 'etcdInsufficientMembers']) expect(r.out).toContain(`alertname: ${alert}`);
  });
});
