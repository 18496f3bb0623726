import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { K3sCluster } from '../lib/k3s';
import { AlertmanagerReceivers } from '../lib/monitoring/alertmanager-receivers';
import { GRAFANA_ADMIN_SECRET, K3sPlatform, LONGHORN_NAMESPACE } from '../lib/platform';
import { LonghornBackup, longhornBackupChartValues } from '../lib/platform/longhorn-backup';
import { alertmanagerValues } from '../lib/rules/alerting';
import { disabledAddons } from '../lib/rules/k3s-addons';
import { GitopsSettings, EnvironmentSettings } from '../lib/settings';
import { alertingProps, clusterOutputs, clusterProps, etcdSnapshotProps, clusterProviders, EnvironmentPaths, longhornBackupProps, stateBackend, pinProviders, platformOutputs } from './common';

/**
 * `k3s-gitops` (seed 004): phase 1, K3s bootstrapped over SSH with the
 * bootstrap/ scripts and seed 004's cluster configuration; phases 2 and 3,
 * the platform (Argo CD app-of-apps, dashboard, ingress routes with TLS).
 */
export class K3sGitopsStack extends TerraformStack {
  constructor(scope: Construct, id: string, settings: GitopsSettings & EnvironmentSettings, paths: EnvironmentPaths) {
    super(scope, id);
    stateBackend(this, paths, settings.backend);
    const template = paths.configTemplate;
    // Argo CD's `monitoring` Application scrapes the control plane (the root
    // Application patches in k3sComponentValues): its metrics are served on the node addresses.
    const cluster = new K3sCluster(this, 'cluster', {
      ...clusterProps(settings, paths),
      embeddedEtcd: settings.controlPlaneNodes.length > 1,
      etcdSnapshots: etcdSnapshotProps(this, settings),
      controlPlaneMetrics: true,
      configTemplate: {
        ...template,
        server: {
          ...(template.server ?? {}),
          'cluster-cidr': settings.clusterCidr,
          'service-cidr': settings.serviceCidr,
          ...disabledAddons({ ingressController: settings.platform.ingressController, defaultStorageClass: settings.defaultStorageClass }),
        },
      },
    });
    const creds = cluster.kubeconfig.credentials;
    pinProviders(this, [...clusterProviders(this), new KubernetesProvider(this, 'kubernetes', creds), new HelmProvider(this, 'helm', { kubernetes: creds })]);
    // Argo CD installs kube-prometheus-stack from Git: its Alertmanager values
    // reach the `monitoring` Application through the root Application, the
    // receivers' credentials through a Secret Terraform writes.
    const alerting = alertingProps(this, settings.alerting);
    const backup = longhornBackupProps(this, settings.longhornBackup);
    const platform = new K3sPlatform(this, 'platform', {
      platform: settings.platform,
      cluster: {
        k3sVersion: settings.k3sVersion,
        serverIps: settings.controlPlaneNodes.map((n) => n.ipAddress),
        nodeIps: [...settings.controlPlaneNodes, ...settings.workerNodes].map((n) => n.ipAddress),
        embeddedEtcd: settings.controlPlaneNodes.length > 1,
      },
      alertmanagerValues: alerting && alertmanagerValues(alerting.receivers).alertmanager,
      // Argo CD installs Longhorn from Git: the backup values reach the
      // `operator-longhorn` Application through the root Application, an S3
      // target's keys through a Secret Terraform writes (no ConfigMap).
      longhornBackupValues: backup && { ...longhornBackupChartValues(backup) },
      longhornNamespace: backup?.credentials !== undefined,
      // What workloads need: the credentials, fetched once the API is ready on every server; never the nodes'
      // installs, so that removing or replacing a node changes nothing else.
      after: [cluster.kubeconfig.file],
    });
    if (backup) new LonghornBackup(this, 'longhorn-backup', { ...backup, valuesConfigMap: false, after: backup.credentials ? [platform.namespaces[LONGHORN_NAMESPACE]] : [] });
    if (alerting) new AlertmanagerReceivers(this, 'alerting', { namespace: 'monitoring', ...alerting, after: [platform.namespaces.monitoring] });
    clusterOutputs(this, settings, cluster);
    platformOutputs(this, settings.platform);
    new TerraformOutput(this, 'grafana_admin_password', {
      value: platform.grafanaAdminPassword, sensitive: true, staticId: true,
      description: `Grafana admin password for user ${GRAFANA_ADMIN_SECRET.user} (tofu output -raw grafana_admin_password)`,
    });
  }
}
