/**
 * What kube-prometheus-stack must be told on K3s, in one place for the
 * Terraform release (KubePrometheusStack) and the Argo CD `monitoring`
 * Application in Git (the root Application patches these values in). No
 * cdktf here.
 *
 * K3s runs the controller-manager, scheduler and kube-proxy inside the k3s
 * process and etcd embedded, not as pods: the chart's default scrape
 * targets (pods labelled component=kube-controller-manager and so on, in
 * kube-system) do not exist, so KubeControllerManagerDown, KubeSchedulerDown
 * and KubeProxyDown fire on every healthy cluster. Given the node addresses,
 * the chart creates a Service with those endpoints for each
 * (kube-prometheus-stack templates/exporters/kube-controller-manager/
 * service.yaml and endpoints.yaml: `endpoints`, `service.port`,
 * `service.targetPort`, `serviceMonitor.https`). The K3s side (bind
 * addresses, etcd metrics) comes from the same rule,
 * lib/rules/k3s-metrics.ts, through K3sCluster's controlPlaneMetrics: a
 * stack that scrapes its cluster must bind (a test holds every stack to it).
 */
import { scrapedComponents } from '../rules/k3s-metrics';

export interface K3sScrapeTargets {
  /** IPs of the K3s servers: controller-manager, scheduler and embedded etcd are scraped there. */
  readonly serverIps: readonly string[];
  /** IPs of every node: kube-proxy is scraped there. */
  readonly nodeIps: readonly string[];
  /** Whether the servers run embedded etcd (HA); SQLite has no etcd to scrape. */
  readonly embeddedEtcd: boolean;
}

export { K3S_METRICS_PORTS } from '../rules/k3s-metrics';

/**
 * The chart's `kubeControllerManager`, `kubeScheduler`, `kubeProxy` and
 * `kubeEtcd` values for a K3s cluster: what lib/rules/k3s-metrics.ts says is
 * scraped, on the addresses where the nodes bind it (K3sCluster's
 * controlPlaneMetrics); etcd disabled without embedded etcd.
 */
export function k3sComponentValues(t: K3sScrapeTargets): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const scraped = scrapedComponents(t.embeddedEtcd);
  for (const c of scrapedComponents(true)) {
    if (!scraped.includes(c)) { values[c.chartKey] = { enabled: false }; continue; }
    values[c.chartKey] = {
      enabled: true,
      endpoints: [...(c.on === 'servers' ? t.serverIps : t.nodeIps)],
      service: { enabled: true, port: c.port, targetPort: c.port },
      serviceMonitor: c.https ? { enabled: true, https: true, insecureSkipVerify: true } : { enabled: true },
    };
  }
  return values;
}
