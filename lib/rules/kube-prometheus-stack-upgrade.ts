/**
 * What upgrading kube-prometheus-stack across chart majors needs (no cdktf
 * here: the review warns with it, docs/platform.md lists it). Helm installs
 * a chart's CRDs (the `crds` subchart's crds/ directory) on install but
 * never upgrades them, so a release upgraded by Terraform keeps the old
 * Prometheus Operator CRDs unless they are applied first. Argo CD renders
 * charts with their CRDs and applies them itself (the `monitoring`
 * Application syncs with ServerSideApply=true, CRDs too large for
 * client-side apply), so Git needs no step.
 *
 * Source: charts/kube-prometheus-stack/UPGRADE.md at kube-prometheus-stack-88.5.3
 * (https://github.com/prometheus-community/helm-charts/blob/kube-prometheus-stack-88.5.3/charts/kube-prometheus-stack/UPGRADE.md):
 * "please run these commands to update the CRDs before applying the
 * upgrade", the same ten CRDs of each operator release; operator versions
 * from each tag's Chart.yaml appVersion.
 */

/** Chart version -> Prometheus Operator version (its CRDs). */
export const PROMETHEUS_OPERATOR_OF: Readonly<Record<string, string>> = Object.freeze({
  '65.1.1': 'v0.77.1',
  '88.5.3': 'v0.93.1',
});

const CRDS = ['alertmanagerconfigs', 'alertmanagers', 'podmonitors', 'probes', 'prometheusagents', 'prometheuses', 'prometheusrules', 'scrapeconfigs', 'servicemonitors', 'thanosrulers'];

/** The one command that applies an operator release's CRDs (server-side: they are too large for client-side apply). */
export function crdApplyCommand(operatorVersion: string): string {
  const url = (crd: string) => `https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/${operatorVersion}/example/prometheus-operator-crd/monitoring.coreos.com_${crd}.yaml`;
  return `kubectl apply --server-side ${CRDS.map((c) => `-f ${url(c)}`).join(' ')}`;
}

const major = (version: string) => Number(version.split('.')[0]);

/**
 * What a Terraform-managed release moving from chart `from` to `to` needs
 * before `tofu apply`, in words; undefined within a major (no CRD change).
 */
export function kubePrometheusStackUpgradeSteps(from: string, to: string): string | undefined {
  if (!/^\d+\./.test(from) || !/^\d+\./.test(to) || major(from) === major(to)) return undefined;
  if (major(to) < major(from)) return `kube-prometheus-stack ${from} → ${to} is a **downgrade** across chart majors: the newer CRDs and Prometheus' data stay; not supported upstream.`;
  const operator = PROMETHEUS_OPERATOR_OF[to];
  const crds = operator
    ? `apply the Prometheus Operator ${operator} CRDs first (Helm does not upgrade them): \`${crdApplyCommand(operator)}\``
    : `apply the CRDs of the Prometheus Operator that chart ${to} runs first (its UPGRADE.md; Helm does not upgrade them)`;
  return `kube-prometheus-stack ${from} → ${to} crosses ${major(to) - major(from)} chart major(s): ${crds}; then read docs/platform.md (Prometheus 3, Grafana 13).`;
}
