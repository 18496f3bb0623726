/**
 * Which ServiceMonitors and PodMonitors the Prometheus of
 * kube-prometheus-stack scrapes, for the Terraform release and the Argo CD
 * `monitoring` Application alike (no cdktf here). The chart's default
 * (`*SelectorNilUsesHelmValues: true`) selects only monitors labelled
 * `release: <release name>`: the Flux and node-exporter monitors in gitops/
 * and those other charts ship carry no such label and would never be
 * scraped. With `false` and no selector the chart writes `{}`: every monitor
 * in every namespace (kube-prometheus-stack 88.5.3
 * templates/prometheus/prometheus.yaml). PrometheusRules keep the chart's
 * selector: ours carry the label (lib/monitoring/alert-rules.ts).
 */
export const SELECT_EVERY_MONITOR = {
  serviceMonitorSelectorNilUsesHelmValues: false,
  podMonitorSelectorNilUsesHelmValues: false,
} as const;
