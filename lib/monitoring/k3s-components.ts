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
 * addresses, etcd metrics) is in bootstrap/cluster-config.yaml.
 */

export interface K3sScrapeTargets {
  /** IPs of the K3s servers: controller-manager, scheduler and embedded etcd are scraped there. */
  readonly serverIps: readonly string[];
  /** IPs of every node: kube-proxy is scraped there. */
  readonly nodeIps: readonly string[];
  /** Whether the servers run embedded etcd (HA); SQLite has no etcd to scrape. */
  readonly embeddedEtcd: boolean;
}

/** kube-controller-manager's and kube-scheduler's secure ports, kube-proxy's and etcd's metrics ports. */
export const K3S_METRICS_PORTS = { controllerManager: 10257, scheduler: 10259, proxy: 10249, etcd: 2381 } as const;

/** The chart's `kubeControllerManager`, `kubeScheduler`, `kubeProxy` and `kubeEtcd` values for a K3s cluster. */
export function k3sComponentValues(t: K3sScrapeTargets): Record<string, unknown> {
  const endpointsOf = (ips: readonly string[], port: number, https: boolean) => ({
    enabled: true,
    endpoints: [...ips],
    service: { enabled: true, port, targetPort: port },
    serviceMonitor: https ? { enabled: true, https: true, insecureSkipVerify: true } : { enabled: true },
  });
  return {
    kubeControllerManager: endpointsOf(t.serverIps, K3S_METRICS_PORTS.controllerManager, true),
    kubeScheduler: endpointsOf(t.serverIps, K3S_METRICS_PORTS.scheduler, true),
    kubeProxy: endpointsOf(t.nodeIps, K3S_METRICS_PORTS.proxy, false),
    kubeEtcd: t.embeddedEtcd ? endpointsOf(t.serverIps, K3S_METRICS_PORTS.etcd, false) : { enabled: false },
  };
}
