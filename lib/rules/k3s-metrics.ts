/**
 * What a Prometheus in the cluster scrapes of K3s' in-process control plane,
 * and what each node's K3s config must say so that it answers there: one
 * rule for the scrape targets (lib/monitoring/k3s-components.ts, the chart
 * values of the Terraform release and of the Argo CD `monitoring`
 * Application) and the bindings (lib/k3s/node-config.ts). No cdktf here.
 *
 * K3s serves these on 127.0.0.1 by default, so a target on the node
 * address is down on every healthy cluster (TargetDown, and with embedded
 * etcd the etcd member and quorum alerts) unless the node binds it. The
 * bindings use K3s' pass-through flags (docs.k3s.io/cli/server:
 * `kube-controller-manager-arg`, `kube-scheduler-arg`, `kube-proxy-arg`,
 * `etcd-expose-metrics` "Expose etcd metrics to client interface"), each on
 * the node's own address, never 0.0.0.0.
 */

/** kube-controller-manager's and kube-scheduler's secure ports, kube-proxy's and etcd's metrics ports. */
export const K3S_METRICS_PORTS = { controllerManager: 10257, scheduler: 10259, proxy: 10249, etcd: 2381 } as const;

export type K3sMetricsComponent = keyof typeof K3S_METRICS_PORTS;

export interface ScrapedComponent {
  readonly component: K3sMetricsComponent;
  /** kube-prometheus-stack's values key for it. */
  readonly chartKey: 'kubeControllerManager' | 'kubeScheduler' | 'kubeProxy' | 'kubeEtcd';
  /** The `job` label of its series (the chart's default job names). */
  readonly job: string;
  readonly port: number;
  /** Scraped on the servers only, or on every node. */
  readonly on: 'servers' | 'nodes';
  /** Served over HTTPS (the secure ports). */
  readonly https: boolean;
}

const COMPONENTS: readonly ScrapedComponent[] = [
  { component: 'controllerManager', chartKey: 'kubeControllerManager', job: 'kube-controller-manager', port: K3S_METRICS_PORTS.controllerManager, on: 'servers', https: true },
  { component: 'scheduler', chartKey: 'kubeScheduler', job: 'kube-scheduler', port: K3S_METRICS_PORTS.scheduler, on: 'servers', https: true },
  { component: 'proxy', chartKey: 'kubeProxy', job: 'kube-proxy', port: K3S_METRICS_PORTS.proxy, on: 'nodes', https: false },
  { component: 'etcd', chartKey: 'kubeEtcd', job: 'kube-etcd', port: K3S_METRICS_PORTS.etcd, on: 'servers', https: false },
];

/** What is scraped of a K3s cluster: etcd only with embedded etcd (SQLite has none). */
export function scrapedComponents(embeddedEtcd: boolean): readonly ScrapedComponent[] {
  return COMPONENTS.filter((c) => c.component !== 'etcd' || embeddedEtcd);
}

/**
 * The K3s config keys that serve, on `nodeIp`, every component
 * scrapedComponents() scrapes on that node.
 */
export function metricsBindings(nodeIp: string, isServer: boolean, embeddedEtcd: boolean): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const scraped = scrapedComponents(embeddedEtcd).filter((x) => isServer || x.on === 'nodes');
  // kube-proxy's first: the order the nodes' config files have always had.
  for (const c of [...scraped.filter((x) => x.component === 'proxy'), ...scraped.filter((x) => x.component !== 'proxy')]) {
    switch (c.component) {
      case 'proxy': config['kube-proxy-arg'] = [`metrics-bind-address=${nodeIp}:${c.port}`]; break;
      case 'controllerManager': config['kube-controller-manager-arg'] = [`bind-address=${nodeIp}`]; break;
      case 'scheduler': config['kube-scheduler-arg'] = [`bind-address=${nodeIp}`]; break;
      // K3s binds etcd's metrics listener to the node address as well as 127.0.0.1.
      case 'etcd': config['etcd-expose-metrics'] = true; break;
    }
  }
  return config;
}
