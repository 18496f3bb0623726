/**
 * The alerting rules this project owns, in one place: Terraform hands them to
 * kube-prometheus-stack as `additionalPrometheusRulesMap` (chocolandiadc),
 * and `npm run gen:alert-rules` writes the same groups as a PrometheusRule
 * into gitops/infrastructure/alert-rules/ for the clusters whose
 * kube-prometheus-stack comes from Git (Argo CD on k3s-gitops). No cdktf
 * here. Every rule is unit-tested with `promtool test rules`
 * (__tests__/monitoring/alert-rules/*.test.yaml) and listed, with what to
 * do, in docs/operations.md.
 *
 * Metrics and where they come from:
 * - etcd_*: K3s' embedded etcd (`etcd-expose-metrics`, scraped on :2381
 *   through the chart's kubeEtcd endpoints; job label contains "etcd").
 * - apiserver_client_certificate_expiration_seconds: the API server's
 *   histogram of the client certificates it is shown (K3s issues them for
 *   365 days; kubernetes/kubernetes#50387).
 * - kube_node_status_condition: kube-state-metrics.
 * - longhorn_*: longhorn-manager (longhorn.io/docs/<v>/monitoring/metrics).
 *   Up to 1.8 `longhorn_volume_robustness` is the state as a number
 *   (1 healthy, 2 degraded, 3 faulted); from 1.9 it is 1 on the series whose
 *   `state` label is the current one. The rules accept both.
 * - gotk_resource_info: kube-state-metrics with Flux's custom resource
 *   state configuration (fluxcd.io/flux/monitoring/custom-metrics); Flux
 *   2.1+ controllers no longer export per-object readiness themselves.
 * - argocd_app_info: Argo CD's application controller
 *   (argo-cd.readthedocs.io/en/stable/operator-manual/metrics).
 */

export type AlertSeverity = 'warning' | 'critical';

export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  /** A Prometheus duration; how long the condition must hold. */
  readonly for: string;
  readonly labels: { readonly severity: AlertSeverity };
  readonly annotations: {
    readonly summary: string;
    readonly description: string;
    /** The first command to run, shown in the notification. */
    readonly next: string;
  };
}

export interface AlertRuleGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

/** The namespace and labels of the Git copy; `release` is what the chart's default ruleSelector matches. */
export const ALERT_RULES_OBJECT = {
  name: 'k3s-homelab-alerts',
  namespace: 'monitoring',
  releaseLabel: 'kube-prometheus-stack',
} as const;

const DAY_SECONDS = 86400;
const ETCD = 'job=~".*etcd.*"';

const rule = (
  alert: string, severity: AlertSeverity, forDuration: string, expr: string,
  summary: string, description: string, next: string,
): AlertRule => ({ alert, expr, for: forDuration, labels: { severity }, annotations: { summary, description, next } });

/** Lowest client certificate lifetime the API server saw in the last 5 minutes, where it saw any. */
const certLifetimeBelow = (seconds: number) =>
  'apiserver_client_certificate_expiration_seconds_count{job="apiserver"} > 0 and on (job) ' +
  `histogram_quantile(0.01, sum by (job, le) (rate(apiserver_client_certificate_expiration_seconds_bucket{job="apiserver"}[5m]))) < ${seconds}`;

const certRule = (severity: AlertSeverity, days: number) => rule(
  'K3sCertificateExpiring', severity, '5m', certLifetimeBelow(days * DAY_SECONDS),
  `A K3s client certificate expires in less than ${days} days`,
  'K3s issues its certificates for 365 days and renews them only when k3s starts close to expiry (docs.k3s.io/cli/certificate); ' +
    'after expiry kubectl, the kubelets and the controllers lose access to the API server.',
  'npm run doctor -- <env> (certificate dates per server), then restart k3s on each server one at a time: sudo systemctl restart k3s',
);

export const K3S_ALERT_RULE_GROUPS: readonly AlertRuleGroup[] = [
  {
    name: 'k3s-etcd',
    rules: [
      rule('K3sEtcdMemberDown', 'warning', '3m',
        `sum by (job) (up{${ETCD}}) < count by (job) (up{${ETCD}})`,
        'An etcd member is not answering ({{ $value }} up)',
        'One K3s server\'s embedded etcd is down or unreachable; the cluster keeps quorum only while a majority is up.',
        'npm run doctor -- <env>, then on the server: sudo systemctl status k3s; sudo journalctl -u k3s -n 100'),
      rule('K3sEtcdQuorumLost', 'critical', '1m',
        `sum by (job) (up{${ETCD}}) <= count by (job) (up{${ETCD}}) / 2`,
        'etcd has lost quorum: the Kubernetes API cannot write',
        'Half or more of the etcd members are down; nothing can be scheduled or changed until a majority is back.',
        'Start the stopped servers (sudo systemctl start k3s); if a majority is lost for good: npm run restore -- <env> (docs/recovery.md)'),
      rule('K3sEtcdNoLeader', 'critical', '1m',
        `etcd_server_has_leader{${ETCD}} == 0`,
        'etcd member {{ $labels.instance }} has no leader',
        'This member sees no leader: it cannot serve writes; usually a network partition between the servers or lost quorum.',
        'npm run doctor -- <env> (etcd members and leader); check the servers reach each other on 2379-2380/tcp'),
      rule('K3sEtcdFrequentLeaderChanges', 'warning', '5m',
        `increase(etcd_server_leader_changes_seen_total{${ETCD}}[1h]) > 3`,
        'etcd changed leader {{ $value | humanize }} times in the last hour',
        'Frequent elections mean slow disks or a flaky network between the servers; API requests stall during each one.',
        'Check disk latency on the servers (etcd needs fsync under 10ms) and the network between them'),
      rule('K3sEtcdDatabaseLarge', 'warning', '10m',
        `etcd_mvcc_db_total_size_in_bytes{${ETCD}} / etcd_server_quota_backend_bytes{${ETCD}} > 0.8`,
        'etcd database on {{ $labels.instance }} is over 80% of its quota',
        'At 100% etcd goes read-only (alarm NOSPACE) and the cluster stops accepting changes.',
        'Take a snapshot (sudo k3s etcd-snapshot save), then find what fills it (Events, Secrets, custom resources); docs/operations.md'),
    ],
  },
  {
    name: 'k3s-certificates',
    rules: [certRule('warning', 30), certRule('critical', 7)],
  },
  {
    name: 'k3s-nodes',
    rules: [
      rule('K3sNodeNotReady', 'critical', '5m',
        'kube_node_status_condition{condition="Ready",status="true"} == 0',
        'Node {{ $labels.node }} is not Ready',
        'The kubelet on this node stopped reporting; its pods are evicted after the toleration period.',
        'kubectl describe node {{ $labels.node }}; on the node: sudo systemctl status k3s (server) or k3s-agent (agent)'),
      rule('K3sNodeDiskPressure', 'warning', '5m',
        'kube_node_status_condition{condition="DiskPressure",status="true"} == 1',
        'Node {{ $labels.node }} is short of disk',
        'The kubelet is evicting pods and garbage-collecting images to free space.',
        'On the node: df -h /var/lib/rancher; sudo k3s crictl rmi --prune'),
    ],
  },
  {
    name: 'longhorn',
    rules: [
      rule('LonghornVolumeDegraded', 'warning', '10m',
        '(longhorn_volume_robustness{state="degraded"} == 1) or (longhorn_volume_robustness{state=""} == 2)',
        'Longhorn volume {{ $labels.volume }} is degraded',
        'Fewer healthy replicas than requested: one more disk or node failure can lose data.',
        'kubectl -n longhorn-system get volumes.longhorn.io {{ $labels.volume }} -o wide; check the node that lost its replica'),
      rule('LonghornVolumeFaulted', 'critical', '2m',
        '(longhorn_volume_robustness{state="faulted"} == 1) or (longhorn_volume_robustness{state=""} == 3)',
        'Longhorn volume {{ $labels.volume }} is faulted',
        'No healthy replica is left: the workload using it cannot read or write.',
        'kubectl -n longhorn-system get replicas.longhorn.io -l longhornvolume={{ $labels.volume }}; restore from a backup if no replica salvages'),
      rule('LonghornNodeStorageLow', 'warning', '10m',
        'longhorn_node_storage_usage_bytes / longhorn_node_storage_capacity_bytes > 0.85',
        'Longhorn storage on {{ $labels.node }} is over 85% used',
        'New replicas cannot be scheduled on this node and running volumes may fail to grow.',
        'kubectl -n longhorn-system get nodes.longhorn.io {{ $labels.node }} -o yaml; delete old snapshots or add a disk'),
    ],
  },
  {
    name: 'flux',
    rules: [
      rule('FluxResourceNotReady', 'warning', '15m',
        'gotk_resource_info{customresource_kind=~"Kustomization|HelmRelease",ready="False",suspended!="true"} == 1',
        'Flux {{ $labels.customresource_kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} is not ready',
        'Flux cannot apply what Git says; the cluster drifts from the repository.',
        'flux get all -A --status-selector ready=false; flux logs --level=error'),
    ],
  },
  {
    name: 'argocd',
    rules: [
      rule('ArgoCDApplicationDegraded', 'warning', '30m',
        'argocd_app_info{health_status="Degraded"} == 1',
        'Argo CD Application {{ $labels.name }} is degraded',
        'A resource of the Application is failing (crash-looping pod, failed job, unhealthy rollout).',
        'kubectl -n argocd get application {{ $labels.name }} -o jsonpath=\'{.status.resources}\'; argocd app get {{ $labels.name }}'),
      rule('ArgoCDApplicationOutOfSync', 'warning', '30m',
        'argocd_app_info{sync_status="OutOfSync"} == 1',
        'Argo CD Application {{ $labels.name }} is out of sync',
        'The cluster differs from Git for 30 minutes: a sync fails or automated sync is off.',
        'argocd app diff {{ $labels.name }}; kubectl -n argocd get application {{ $labels.name }} -o jsonpath=\'{.status.operationState.message}\''),
    ],
  },
];

/** A Prometheus rule file (what promtool reads): `groups` with our annotations. */
export function ruleFile(groups: readonly AlertRuleGroup[] = K3S_ALERT_RULE_GROUPS): { groups: AlertRuleGroup[] } {
  return { groups: groups.map((g) => ({ name: g.name, rules: [...g.rules] })) };
}

/** kube-prometheus-stack's `additionalPrometheusRulesMap` value: the chart makes one PrometheusRule of it. */
export function additionalPrometheusRulesMap(groups: readonly AlertRuleGroup[] = K3S_ALERT_RULE_GROUPS): Record<string, unknown> {
  return { [ALERT_RULES_OBJECT.name]: ruleFile(groups) };
}

/** The same groups as a PrometheusRule object, for Git. */
export function prometheusRuleManifest(groups: readonly AlertRuleGroup[] = K3S_ALERT_RULE_GROUPS): Record<string, unknown> {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: ALERT_RULES_OBJECT.name,
      namespace: ALERT_RULES_OBJECT.namespace,
      labels: { release: ALERT_RULES_OBJECT.releaseLabel },
      // Argo CD applies it even before the chart has installed the CRD, and retries.
      annotations: { 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
    },
    spec: ruleFile(groups),
  };
}
