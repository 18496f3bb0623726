/**
 * Where each pinned chart's values.yaml is upstream: the input of
 * tools/charts/derive-known-keys.ts, which writes the list of values keys
 * that chart version knows (tools/charts/known-keys/<chart>@<version>.json).
 * A chart version bumped in code or Git without a list here fails
 * __tests__/charts/known-keys.test.ts; add its row, run the script, commit
 * the list.
 */

export interface ValuesSource {
  /** GitHub owner/name. */
  readonly repo: string;
  /** The tag the chart version was released from. */
  readonly tag: string;
  /** values.yaml of the chart in that repository. */
  readonly path: string;
  /** A subchart's values sit under this key of the parent's values. @default - the chart itself */
  readonly under?: string;
}

export interface ChartSource {
  readonly chart: string;
  readonly version: string;
  readonly values: readonly ValuesSource[];
  /**
   * Keys whose content the chart passes on as it is (a config file, a
   * spec), so any key below them is the chart's: each with the template
   * that says so.
   */
  readonly open?: readonly { readonly path: readonly string[]; readonly why: string }[];
  /** Keys the chart's templates read although values.yaml has them only in a comment, or not at: each with the template that reads it. */
  readonly alsoRead?: readonly { readonly path: readonly string[]; readonly why: string }[];
}

export const sourceUrl = (s: ValuesSource): string => `https://github.com/${s.repo}/blob/${s.tag}/${s.path}`;

export const CHART_SOURCES: readonly ChartSource[] = [
  {
    chart: 'kube-prometheus-stack',
    version: '88.5.3',
    values: [
      { repo: 'prometheus-community/helm-charts', tag: 'kube-prometheus-stack-88.5.3', path: 'charts/kube-prometheus-stack/values.yaml' },
      // Chart.yaml: grafana 12.11.1 from grafana-community/helm-charts.
      { repo: 'grafana-community/helm-charts', tag: 'grafana-12.11.1', path: 'charts/grafana/values.yaml', under: 'grafana' },
    ],
    open: [{ path: ['grafana', 'grafana.ini'], why: 'grafana templates/_config.tpl writes every section and key of grafana.ini into grafana.ini' }],
    alsoRead: [{ path: ['grafana', 'adminPassword'], why: 'grafana templates/_config.tpl writes .Values.adminPassword into the admin Secret (values.yaml shows it commented out)' }],
  },
  {
    chart: 'ingress-nginx',
    version: '4.15.1',
    values: [{ repo: 'kubernetes/ingress-nginx', tag: 'helm-chart-4.15.1', path: 'charts/ingress-nginx/values.yaml' }],
  },
  {
    chart: 'cert-manager',
    version: 'v1.21.1',
    values: [{ repo: 'cert-manager/cert-manager', tag: 'v1.21.1', path: 'deploy/charts/cert-manager/values.yaml' }],
  },
  {
    chart: 'argo-cd',
    version: '10.1.1',
    values: [{ repo: 'argoproj/argo-helm', tag: 'argo-cd-10.1.1', path: 'charts/argo-cd/values.yaml' }],
    open: [
      { path: ['configs', 'cm'], why: 'values.yaml: "Any values you put under .configs.cm are passed to argocd-cm ConfigMap" (templates/argocd-configs/argocd-cm.yaml)' },
      { path: ['configs', 'params'], why: 'values.yaml: "You can customize parameters by adding parameters here" (templates/argocd-configs/argocd-cmd-params-cm.yaml)' },
    ],
  },
  {
    chart: 'argocd-apps',
    version: '2.0.5',
    values: [{ repo: 'argoproj/argo-helm', tag: 'argocd-apps-2.0.5', path: 'charts/argocd-apps/values.yaml' }],
  },
  {
    chart: 'flux2',
    version: '2.18.3',
    values: [{ repo: 'fluxcd-community/helm-charts', tag: 'flux2-2.18.3', path: 'charts/flux2/values.yaml' }],
    alsoRead: [
      { path: ['sourceController', 'service', 'ports'], why: 'templates/source-controller-service.yaml appends .Values.sourceController.service.ports to the Service ports' },
      { path: ['notificationController', 'service', 'ports'], why: 'templates/notification-controller-service.yaml appends .Values.notificationController.service.ports to the Service ports' },
    ],
  },
  {
    chart: 'flux2-sync',
    version: '1.14.5',
    values: [{ repo: 'fluxcd-community/helm-charts', tag: 'flux2-sync-1.14.5', path: 'charts/flux2-sync/values.yaml' }],
  },
  {
    chart: 'headlamp',
    version: '0.45.0',
    values: [{ repo: 'kubernetes-sigs/headlamp', tag: 'headlamp-helm-0.45.0', path: 'charts/headlamp/values.yaml' }],
  },
  {
    chart: 'longhorn',
    version: '1.11.3',
    values: [{ repo: 'longhorn/longhorn', tag: 'v1.11.3', path: 'chart/values.yaml' }],
  },
  {
    chart: 'sealed-secrets',
    version: '2.18.5',
    values: [{ repo: 'bitnami-labs/sealed-secrets', tag: 'helm-v2.18.5', path: 'helm/sealed-secrets/values.yaml' }],
  },
  {
    chart: 'trivy-operator',
    version: '0.34.0',
    values: [{ repo: 'aquasecurity/trivy-operator', tag: 'v0.32.0', path: 'deploy/helm/values.yaml' }],
  },
  // K3s' bundled Traefik (HelmChartConfig): both ends of each redirect form's range (lib/rules/k3s-traefik.ts).
  ...['25.0.0', '27.0.2', '34.0.0', '38.0.2', '39.0.0', '40.0.0'].map((version) => ({
    chart: 'traefik',
    version,
    values: [{ repo: 'traefik/traefik-helm-chart', tag: `v${version}`, path: 'traefik/values.yaml' }],
    ...(Number(version.split('.')[0]) < 34 ? {
      alsoRead: [
        { path: ['ports', 'web', 'redirectTo', 'port'], why: 'templates/_podtemplate.tpl reads ports.<entrypoint>.redirectTo.port (values.yaml shows it commented out)' },
        ...['web', 'websecure'].map((p) => ({ path: ['ports', p, 'nodePort'], why: 'templates/_service.tpl reads ports.<entrypoint>.nodePort (values.yaml shows it commented out)' })),
      ],
    } : {}),
  })),
];
