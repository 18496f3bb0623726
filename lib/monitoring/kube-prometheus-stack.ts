import { Release } from '@cdktf/provider-helm/lib/release';
import { Namespace } from '@cdktf/provider-kubernetes/lib/namespace';
import { Password } from '@cdktf/provider-random/lib/password';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { dependOn } from '../core/depends-on';
import { stackOutput } from '../core/outputs';
import { validator } from '../core/validation';
import { DNS_LABEL_RULE, isDnsLabel, isIpv4 } from '../rules/network';
import { isPrometheusDuration, isStorageQuantity, PROMETHEUS_DURATION_RULE, STORAGE_QUANTITY_RULE } from '../rules/quantities';
import { helmValues } from '../helm-values';
import { AlertReceiver, alertmanagerValues } from '../rules/alerting';
import { additionalPrometheusRulesMap, AlertRuleGroup } from './alert-rules';
import { AlertmanagerReceivers } from './alertmanager-receivers';
import { k3sComponentValues, K3sScrapeTargets } from './k3s-components';
import { SELECT_EVERY_MONITOR } from './monitor-selection';

/** The chart version this project is tested with. */
export const KUBE_PROMETHEUS_STACK_CHART_VERSION = '88.5.3';

export interface KubePrometheusStackProps extends K3sScrapeTargets {
  /** Namespace created for the stack (`kubernetes_namespace.monitoring`). */
  readonly namespace: string;
  /** Prometheus retention, a Prometheus duration such as `15d`. */
  readonly retention: string;
  /** Size of Prometheus' volume claim, a Kubernetes quantity such as `10Gi`. */
  readonly storageSize: string;
  /** Grafana admin user; the password is generated (`random_password.grafana_admin_password`). */
  readonly grafanaAdminUser: string;
  /**
   * URL path Grafana is served under behind an ingress (e.g. `/grafana`
   * when the platform routes it there); Grafana must know it to build its
   * links and assets.
   * @default - served at the root (port-forward)
   */
  readonly grafanaSubPath?: string;
  /**
   * Alerting rules the chart installs as a PrometheusRule
   * (`additionalPrometheusRulesMap`), e.g. K3S_ALERT_RULE_GROUPS.
   * @default - none besides the chart's own
   */
  readonly alertRuleGroups?: readonly AlertRuleGroup[];
  /**
   * Who Alertmanager notifies, and each receiver's credential (a sensitive
   * expression) by receiver name; see AlertmanagerReceivers.
   * @default - the chart's configuration: no receiver, alerts reach no one
   */
  readonly alerting?: { readonly receivers: readonly AlertReceiver[]; readonly credentials: Readonly<Record<string, string>> };
  /** @default KUBE_PROMETHEUS_STACK_CHART_VERSION */
  readonly chartVersion?: string;
  /** Helm release timeout. @default 900 */
  readonly timeoutSeconds?: number;
  /** What must exist first (the cluster's nodes). @default - nothing */
  readonly after?: ITerraformDependable[];
}

/** Resource requests and limits of seed 000 ("Resource Limits"). */
const PROMETHEUS_RESOURCES = { requests: { memory: '1Gi', cpu: '500m' }, limits: { memory: '2Gi', cpu: '1000m' } };
const GRAFANA_RESOURCES = { requests: { memory: '200Mi', cpu: '100m' }, limits: { memory: '500Mi', cpu: '500m' } };

/**
 * kube-prometheus-stack (Prometheus, Grafana, Alertmanager, node-exporter,
 * kube-state-metrics) in its own namespace, told where K3s' in-process
 * components are (k3sComponentValues, shared with the Argo CD `monitoring`
 * Application in Git). Seed 000's outputs `grafana_admin_password`,
 * `prometheus_url` and `grafana_url` (port-forward instructions) are its own.
 */
export class KubePrometheusStack extends Construct {
  public readonly namespace: Namespace;
  public readonly release: Release;
  public readonly grafanaAdminPassword: string;
  /** Service names, for port-forward instructions. */
  public readonly prometheusService = 'kube-prometheus-stack-prometheus';
  public readonly grafanaService = 'kube-prometheus-stack-grafana';

  constructor(scope: Construct, id: string, props: KubePrometheusStackProps) {
    super(scope, id);
    validate(this, props);

    this.namespace = new Namespace(this, 'namespace', {
      metadata: { name: props.namespace, labels: { 'app.kubernetes.io/managed-by': 'terraform' } },
    });
    this.namespace.overrideLogicalId(ADDRESSES.monitoringNamespace.name());
    dependOn(this.namespace, props.after);

    const password = new Password(this, 'grafana-password', { length: 24, special: false });
    password.overrideLogicalId(ADDRESSES.grafanaAdminPassword.name());
    this.grafanaAdminPassword = password.result;

    const receivers = props.alerting
      ? new AlertmanagerReceivers(this, 'alerting', { namespace: this.namespace.metadata.name, ...props.alerting, after: [this.namespace] })
      : undefined;

    this.release = new Release(this, 'release', {
      name: 'kube-prometheus-stack',
      repository: 'https://prometheus-community.github.io/helm-charts',
      chart: 'kube-prometheus-stack',
      version: props.chartVersion ?? KUBE_PROMETHEUS_STACK_CHART_VERSION,
      namespace: this.namespace.metadata.name,
      timeout: props.timeoutSeconds ?? 900,
      atomic: true,
      cleanupOnFail: true,
      values: [helmValues(chartValues(props))],
      setSensitive: [{ name: 'grafana.adminPassword', value: password.result }],
    });
    this.release.overrideLogicalId(ADDRESSES.kubePrometheusStack.name());
    // Alertmanager's pod mounts the receivers' Secret: it must exist first.
    dependOn(this.release, receivers?.secret ? [...(props.after ?? []), receivers.secret] : props.after);

    stackOutput(this, 'grafana_admin_password', {
      value: this.grafanaAdminPassword, sensitive: true, description: `Grafana admin password for user ${props.grafanaAdminUser}`,
    });
    stackOutput(this, 'prometheus_url', {
      value: 'http://localhost:9090',
      description: `Prometheus UI, reachable after: kubectl -n ${props.namespace} port-forward svc/${this.prometheusService} 9090:9090`,
    });
    stackOutput(this, 'grafana_url', {
      value: 'http://localhost:3000',
      description: `Grafana UI, reachable after: kubectl -n ${props.namespace} port-forward svc/${this.grafanaService} 3000:80`,
    });
  }
}

/** Grafana's server settings for being served under `path` (`/grafana`) of whatever host the request names. */
export function grafanaServedUnder(path: string): object {
  return { server: { root_url: `%(protocol)s://%(domain)s${path.replace(/\/+$/, '')}`, serve_from_sub_path: true } };
}

/** Values as data, reviewable in the synthesized JSON; no secret among them. */
export function chartValues(props: KubePrometheusStackProps): Record<string, unknown> {
  return {
    ...(props.alertRuleGroups?.length ? { additionalPrometheusRulesMap: additionalPrometheusRulesMap(props.alertRuleGroups) } : {}),
    ...(props.alerting ? alertmanagerValues(props.alerting.receivers) : {}),
    prometheus: {
      prometheusSpec: {
        retention: props.retention,
        resources: PROMETHEUS_RESOURCES,
        ...SELECT_EVERY_MONITOR,
        storageSpec: {
          volumeClaimTemplate: {
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: props.storageSize } } },
          },
        },
      },
    },
    grafana: {
      adminUser: props.grafanaAdminUser,
      resources: GRAFANA_RESOURCES,
      ...(props.grafanaSubPath ? { 'grafana.ini': grafanaServedUnder(props.grafanaSubPath) } : {}),
    },
    ...k3sComponentValues(props),
  };
}

function validate(scope: Construct, props: KubePrometheusStackProps): void {
  const { check } = validator(scope);
  check('namespace', props.namespace, isDnsLabel(props.namespace), DNS_LABEL_RULE);
  check('retention', props.retention, isPrometheusDuration(props.retention), PROMETHEUS_DURATION_RULE);
  check('storageSize', props.storageSize, isStorageQuantity(props.storageSize), STORAGE_QUANTITY_RULE);
  check('grafanaAdminUser', props.grafanaAdminUser, props.grafanaAdminUser.trim() !== '', 'must not be empty');
  check('serverIps', props.serverIps, props.serverIps.length > 0, 'must list at least one server');
  [...props.serverIps.map((ip, i) => [`serverIps[${i}]`, ip]), ...props.nodeIps.map((ip, i) => [`nodeIps[${i}]`, ip])]
    .forEach(([field, ip]) => check(field, ip, isIpv4(ip), 'must be an IPv4 address'));
  if (props.grafanaSubPath !== undefined) {
    check('grafanaSubPath', props.grafanaSubPath, /^\/[A-Za-z0-9._~\/-]*$/.test(props.grafanaSubPath), 'must be a URL path starting with /');
  }
  if (props.timeoutSeconds !== undefined) {
    check('timeoutSeconds', props.timeoutSeconds, Number.isInteger(props.timeoutSeconds) && props.timeoutSeconds > 0, 'must be a positive integer');
  }
}
