import { Release } from '@cdktf/provider-helm/lib/release';
import { Namespace } from '@cdktf/provider-kubernetes/lib/namespace';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { Password } from '@cdktf/provider-random/lib/password';
import { Testing, TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import { AlertReceiver } from '../../lib/rules/alerting';
import { K3S_ALERT_RULE_GROUPS, KUBE_PROMETHEUS_STACK_CHART_VERSION, KubePrometheusStack, KubePrometheusStackProps } from '../../lib/monitoring';
import '../helpers/cdktf-matchers';


const base: KubePrometheusStackProps = {
  namespace: 'monitoring', retention: '15d', storageSize: '10Gi', grafanaAdminUser: 'admin',
  serverIps: ['10.0.0.1', '10.0.0.2', '10.0.0.3'], nodeIps: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'], embeddedEtcd: true,
};

function build(over: Partial<KubePrometheusStackProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const install = new Resource(stack, 'install', {});
  install.overrideLogicalId('master3_install');
  new KubePrometheusStack(stack, 'monitoring', { ...base, after: [install], ...over });
  return Testing.synth(stack);
}
const json = (over: Partial<KubePrometheusStackProps> = {}) => JSON.parse(build(over));

describe('KubePrometheusStack', () => {
  const synthesized = build();
  const r = JSON.parse(synthesized).resource;
  const values = parse(r.helm_release.kube_prometheus_stack.values[0]);

  it('is seed 000\'s kubernetes_namespace.monitoring, random_password.grafana_admin_password and helm_release.kube_prometheus_stack', () => {
    expect(Object.keys(r).sort()).toEqual(['helm_release', 'kubernetes_namespace', 'null_resource', 'random_password']);
    expect(Object.keys(r.kubernetes_namespace)).toEqual(['monitoring']);
    expect(Object.keys(r.random_password)).toEqual(['grafana_admin_password']);
    expect(Object.keys(r.helm_release)).toEqual(['kube_prometheus_stack']);
    expect(synthesized).toHaveResourceWithProperties(Namespace, { metadata: { name: 'monitoring', labels: { 'app.kubernetes.io/managed-by': 'terraform' } } });
    expect(synthesized).toHaveResourceWithProperties(Password, { length: 24, special: false });
    expect(synthesized).toHaveResourceWithProperties(Release, {
      chart: 'kube-prometheus-stack', version: KUBE_PROMETHEUS_STACK_CHART_VERSION, namespace: '${kubernetes_namespace.monitoring.metadata[0].name}',
      atomic: true, cleanup_on_fail: true, timeout: 900,
    });
  });

  it('namespace and release wait for the cluster; the release is in the namespace (an implicit dependency)', () => {
    expect(r.kubernetes_namespace.monitoring.depends_on).toEqual(['null_resource.master3_install']);
    expect(r.helm_release.kube_prometheus_stack.depends_on).toEqual(['null_resource.master3_install']);
  });

  it('the Grafana password is generated and set_sensitive, never in the values', () => {
    expect(r.helm_release.kube_prometheus_stack.set_sensitive).toEqual([{ name: 'grafana.adminPassword', value: '${random_password.grafana_admin_password.result}' }]);
    expect(JSON.stringify(values)).not.toMatch(/password/i);
    expect(values.grafana.adminUser).toBe('admin');
  });

  it('values: retention, volume size, every monitor selected, K3s components at the node addresses', () => {
    expect(values.prometheus.prometheusSpec.retention).toBe('15d');
    expect(values.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe('10Gi');
    expect(values.prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues).toBe(false);
    expect(values.kubeEtcd.endpoints).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(values.grafana['grafana.ini']).toBeUndefined();
    expect(values.additionalPrometheusRulesMap).toBeUndefined();
  });

  it('alert rules, a Grafana sub-path and receivers when given; the receivers\' Secret exists before the release', () => {
    const withAll = json({
      alertRuleGroups: K3S_ALERT_RULE_GROUPS, grafanaSubPath: '/grafana',
      alerting: { receivers: [{ name: 'ntfy', kind: 'webhook', url: 'https://ntfy.example.com/x', bearerToken: true } as AlertReceiver], credentials: { ntfy: '${var.t}' } },
    }).resource;
    const v = parse(withAll.helm_release.kube_prometheus_stack.values[0]);
    expect(Object.keys(v.additionalPrometheusRulesMap).length).toBeGreaterThan(0);
    expect(v.grafana['grafana.ini'].server).toEqual({ root_url: '%(protocol)s://%(domain)s/grafana', serve_from_sub_path: true });
    expect(JSON.stringify(v.alertmanager.config.receivers)).toContain('"name":"ntfy"');
    expect(withAll.helm_release.kube_prometheus_stack.depends_on).toEqual(['null_resource.master3_install', 'kubernetes_secret_v1.alertmanager_receivers']);
  });

  it('defines seed 000\'s outputs: the Grafana password (sensitive) and the port-forward URLs in the right namespace', () => {
    const out = JSON.parse(build({ namespace: 'observability', grafanaAdminUser: 'ops' })).output;
    expect(out.grafana_admin_password).toEqual({ value: '${random_password.grafana_admin_password.result}', sensitive: true, description: 'Grafana admin password for user ops' });
    expect(out.prometheus_url).toEqual({ value: 'http://localhost:9090', description: 'Prometheus UI, reachable after: kubectl -n observability port-forward svc/kube-prometheus-stack-prometheus 9090:9090' });
    expect(out.grafana_url).toEqual({ value: 'http://localhost:3000', description: 'Grafana UI, reachable after: kubectl -n observability port-forward svc/kube-prometheus-stack-grafana 3000:80' });
  });

  it.each([
    [{ namespace: 'Monitoring' }, 'namespace = "Monitoring": must be DNS-compliant'],
    [{ retention: '15 days' }, 'retention = "15 days": must be a Prometheus duration like 15d'],
    [{ retention: '0d' }, 'retention = "0d": must be a Prometheus duration'],
    [{ storageSize: '10GB' }, 'storageSize = "10GB": must be a positive Kubernetes quantity like 10Gi'],
    [{ storageSize: '0Gi' }, 'storageSize = "0Gi": must be a positive Kubernetes quantity'],
    [{ grafanaAdminUser: ' ' }, 'grafanaAdminUser = " ": must not be empty'],
    [{ serverIps: [] }, 'serverIps = []: must list at least one server'],
    [{ serverIps: ['10.0.0'] }, 'serverIps[0] = "10.0.0": must be an IPv4 address'],
    [{ nodeIps: ['10.0.0.1', 'node2'] }, 'nodeIps[1] = "node2": must be an IPv4 address'],
    [{ grafanaSubPath: 'grafana' }, 'grafanaSubPath = "grafana": must be a URL path starting with /'],
    [{ timeoutSeconds: 0 }, 'timeoutSeconds = 0: must be a positive integer'],
  ])('refuses %j naming the construct path, the field, the value and the rule', (over, message) => {
    expect(() => build(over)).toThrow(`stack/monitoring: ${message}`);
  });
});
