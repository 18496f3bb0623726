/**
 * The clusters the e2e applies, each on its own test hosts (198.18.42.0/24,
 * the benchmark range; never a LAN). A scenario names the topology it runs
 * on; a new topology (e.g. five servers) gets its own name, host prefix and
 * addresses, and the runner applies it from empty state before its scenarios.
 */
import { check, Topology } from './context';
import { upgrade } from './steps';

/** The single-server stack: base checks, an upgrade, the closing checks; no scenarios. */
export const MVP: Topology = {
  name: 'mvp',
  stack: 'chocolandiadc-mvp',
  hostPrefix: 'mvp-',
  servers: [['master1', '198.18.42.10']],
  agents: [['nodo1', '198.18.42.11']],
  afterBase: (ctx) => {
    const { problems } = upgrade(ctx, 'v1.29.0+k3s1');
    check(`${ctx.run.stack}: upgrade to the next minor, servers then agents, no uninstall`, problems.length === 0, problems.join('\n'));
  },
};

/** The HA stack (three servers with embedded etcd, one agent, the monitoring chart): the day-2 scenarios run here. */
export const HA: Topology = {
  name: 'ha',
  stack: 'chocolandiadc',
  hostPrefix: '',
  servers: [['master1', '198.18.42.20'], ['master2', '198.18.42.21'], ['master3', '198.18.42.22']],
  agents: [['nodo1', '198.18.42.23']],
  tfvars: 'monitoring_namespace = "monitoring"\nprometheus_retention = "15d"\nprometheus_storage_size = "10Gi"\ngrafana_admin_user = "admin"\n',
  pinHostKeys: true,
  measured: true,
};

/** Run order of the topologies (a scenario's topology not listed here runs after these). */
export const TOPOLOGIES: readonly Topology[] = [MVP, HA];
