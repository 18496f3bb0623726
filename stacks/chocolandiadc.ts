import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { K3sCluster } from '../lib/k3s';
import { K3S_ALERT_RULE_GROUPS, KubePrometheusStack } from '../lib/monitoring';
import { K3sPlatform } from '../lib/platform';
import { HaClusterSettings, routeTo, EnvironmentSettings } from '../lib/settings';
import { alertingProps, clusterOutputs, clusterProps, etcdSnapshotProps, clusterProviders, EnvironmentPaths, stateBackend, pinProviders, platformOutputs } from './common';

/**
 * `chocolandiadc` (seed 000): 3 servers with embedded etcd, workers, and
 * kube-prometheus-stack, installed over SSH.
 */
export class ChocolandiadcStack extends TerraformStack {
  constructor(scope: Construct, id: string, settings: HaClusterSettings & EnvironmentSettings, paths: EnvironmentPaths) {
    super(scope, id);
    stateBackend(this, paths, settings.backend);

    // kube-prometheus-stack below scrapes the control plane: its metrics are served on the node addresses.
    const cluster = new K3sCluster(this, 'cluster', {
      ...clusterProps(settings, paths), embeddedEtcd: true, etcdSnapshots: etcdSnapshotProps(this, settings), controlPlaneMetrics: true,
    });
    const creds = cluster.kubeconfig.credentials;
    const providers = [
      ...clusterProviders(this),
      new KubernetesProvider(this, 'kubernetes', creds),
      new HelmProvider(this, 'helm', { kubernetes: creds }),
    ];
    pinProviders(this, providers);

    const scrapeTargets = {
      serverIps: settings.controlPlaneNodes.map((n) => n.ipAddress),
      nodeIps: [...settings.controlPlaneNodes, ...settings.workerNodes].map((n) => n.ipAddress),
      embeddedEtcd: true,
    };
    const monitoring = new KubePrometheusStack(this, 'monitoring', {
      namespace: settings.monitoring.namespace,
      retention: settings.monitoring.prometheusRetention,
      storageSize: settings.monitoring.prometheusStorageSize,
      grafanaAdminUser: settings.monitoring.grafanaAdminUser,
      ...scrapeTargets,
      // With the platform, Argo CD applies the same rules from Git
      // (gitops/infrastructure/alert-rules); twice would duplicate every alert.
      alertRuleGroups: settings.platform ? [] : K3S_ALERT_RULE_GROUPS,
      alerting: alertingProps(this, settings.alerting),
      // Behind the platform's grafana route, Grafana serves under its path.
      grafanaSubPath: settings.platform && routeTo(settings.platform, 'kube-prometheus-stack-grafana')?.path,
      // What workloads need: the credentials, fetched once the API is ready on every server; never the nodes'
      // installs, so that removing or replacing a node changes nothing else.
      after: [cluster.kubeconfig.file],
    });

    if (settings.platform) {
      new K3sPlatform(this, 'platform', {
        platform: settings.platform,
        cluster: { k3sVersion: settings.k3sVersion, ...scrapeTargets },
        existingNamespaces: [settings.monitoring.namespace],
        monitoringByStack: true,
        after: [cluster.kubeconfig.file, monitoring.release],
      });
      platformOutputs(this, settings.platform);
    }

    clusterOutputs(this, settings, cluster);
  }
}
