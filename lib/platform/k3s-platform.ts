import { Release } from '@cdktf/provider-helm/lib/release';
import { IngressV1 } from '@cdktf/provider-kubernetes/lib/ingress-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { validator } from '../core/validation';
import { isK3sVersion, K3S_VERSION_RULE } from '../rules/k3s-version';
import { traefikRedirectForm } from '../rules/k3s-traefik';
import { argoCd } from './argocd';
import { PLATFORM_SERVICES, PlatformOptions } from './catalogue';
import { certManager, CERT_MANAGER_WEBHOOK_PORT } from './cert-manager';
import { PlatformCluster } from './gitops-patches';
import { GRAFANA_ADMIN_SECRET, grafanaAdmin } from './grafana-admin';
import { platformNamespaces } from './namespaces';
import { defaultDenyIngress } from './network-policies';
import { rootApplication } from './root-application';
import { platformRoutes } from './routes';

/** Longhorn's namespace (the `operator-longhorn` Application's destination). */
export const LONGHORN_NAMESPACE = 'longhorn-system';

export interface K3sPlatformProps {
  /** Seed 004's platform: repository, ingress controller, domain, TLS, security, routes. */
  readonly platform: PlatformOptions;
  /** The cluster: K3s version and node addresses (kube-prometheus-stack's K3s values in Git). */
  readonly cluster: PlatformCluster;
  /**
   * Namespaces of routed services that the stack already manages (e.g.
   * `monitoring` in chocolandiadc); the platform creates the others.
   * @default []
   */
  readonly existingNamespaces?: readonly string[];
  /**
   * The stack installs kube-prometheus-stack itself (chocolandiadc): the
   * root Application leaves out the bootstrap `monitoring` Application, so
   * that Terraform and Argo CD never manage the same release.
   * @default false
   */
  readonly monitoringByStack?: boolean;
  /**
   * kube-prometheus-stack's `alertmanager` values for the Argo CD
   * `monitoring` Application (AlertmanagerReceivers' values); their
   * Secret goes into the `monitoring` namespace this platform creates when
   * monitoring comes from Git. Ignored with `monitoringByStack`.
   * @default - the chart's: no receiver
   */
  readonly alertmanagerValues?: Record<string, unknown>;
  /**
   * Longhorn's backup values (LonghornBackup's `values`) for the Argo CD
   * `operator-longhorn` Application.
   * @default - the chart's: no backup target, no recurring jobs
   */
  readonly longhornBackupValues?: Readonly<Record<string, unknown>>;
  /**
   * Create the `longhorn-system` namespace (Pod Security `privileged`, as
   * Longhorn needs) before the root Application, for a Secret Terraform
   * writes there (an S3 backup target's keys) on the first apply; Argo CD's
   * CreateNamespace=true leaves an existing namespace alone.
   * `prevent_destroy`: Terraform never deletes it, with Longhorn's volumes,
   * because of a settings change (docs/operations.md).
   * @default false
   */
  readonly longhornNamespace?: boolean;
  /** What must exist first (the cluster and its kubeconfig). @default - nothing */
  readonly after?: ITerraformDependable[];
}

/**
 * Seed 004's platform, switchable on any cluster stack: cert-manager,
 * Argo CD served under /argocd and on argocd.<domain>, the root
 * Application (app-of-apps) of gitops/argocd/bootstrap-apps, which installs
 * the dashboard, the ingress controller, operators, monitoring and security
 * tools from Git; and two Ingresses per route, on <domain><path> and on
 * <name>.<domain> (its root sent to <path>), TLS from cert-manager, HTTP
 * redirected to HTTPS.
 * Only Helm releases and core Kubernetes objects: nothing needs a CRD at plan.
 *
 * One concept per file, composed here, each dependency named by its
 * namespace: namespaces.ts (Pod Security), network-policies.ts,
 * cert-manager.ts, argocd.ts, grafana-admin.ts, root-application.ts (with
 * gitops-patches.ts, what the settings change in gitops/), routes.ts.
 */
export class K3sPlatform extends Construct {
  public readonly argocd: Release;
  public readonly apps: Release;
  public readonly certManager: Release;
  public readonly ingresses: IngressV1[];
  /** The generated Grafana admin password (user `admin`), when monitoring comes from Git. */
  public readonly grafanaAdminPassword?: string;
  /** The namespaces the platform creates, by name. */
  public readonly namespaces: Readonly<Record<string, NamespaceV1>>;

  constructor(scope: Construct, id: string, props: K3sPlatformProps) {
    super(scope, id);
    const s = props.platform;
    validate(this, props);
    const after = props.after ?? [];
    const existing = new Set(props.existingNamespaces ?? []);
    const routed = s.routes.map((r) => r.service.namespace).filter((n) => !existing.has(n));
    const monitoringFromGit = !(props.monitoringByStack ?? false);
    const longhorn = props.longhornNamespace ? [LONGHORN_NAMESPACE] : [];
    const names = [...new Set(['argocd', 'cert-manager', 'dashboard', ...routed, ...(monitoringFromGit ? [GRAFANA_ADMIN_SECRET.namespace] : []), ...longhorn])];
    this.namespaces = platformNamespaces(this, {
      names, podSecurityStandard: s.podSecurityStandard, after, ...(longhorn.length ? { privileged: ['monitoring', ...longhorn] } : {}),
    });
    // Deleting it would delete Longhorn and every volume: never from a settings change.
    for (const n of longhorn) this.namespaces[n].lifecycle = { preventDestroy: true };
    if (s.networkPolicies) {
      defaultDenyIngress(this, {
        // Not Longhorn's: its managers, CSI plugin and webhooks take traffic from the nodes and each other; Argo CD's chart owns what runs there.
        namespaces: Object.fromEntries(Object.entries(this.namespaces).filter(([n]) => !longhorn.includes(n))),
        ingressControllerNamespace: s.ingressController === 'traefik' ? 'kube-system' : 'ingress-nginx',
        hostPorts: { 'cert-manager': CERT_MANAGER_WEBHOOK_PORT },
      });
    }

    this.certManager = certManager(this, { namespace: this.namespaces['cert-manager'] });
    this.argocd = argoCd(this, { platform: s, namespace: this.namespaces.argocd });
    const grafana = monitoringFromGit ? grafanaAdmin(this, { namespace: this.namespaces[GRAFANA_ADMIN_SECRET.namespace] }) : undefined;
    this.grafanaAdminPassword = grafana?.password;
    this.apps = rootApplication(this, {
      platform: s,
      monitoringByStack: props.monitoringByStack ?? false,
      cluster: props.cluster,
      alertmanagerValues: props.alertmanagerValues,
      longhornBackupValues: props.longhornBackupValues,
      // Grafana's Secret exists before Argo CD syncs the monitoring Application; longhorn-system before Argo CD's CreateNamespace.
      after: [this.argocd, ...(grafana ? [grafana.secret] : []), ...longhorn.map((n) => this.namespaces[n])],
    });
    this.ingresses = platformRoutes(this, { platform: s, namespaces: this.namespaces, certManager: this.certManager, after });
  }
}

function validate(scope: Construct, props: K3sPlatformProps): void {
  const s = props.platform;
  const { fail } = validator(scope);
  if (!isK3sVersion(props.cluster.k3sVersion)) fail('cluster.k3sVersion', props.cluster.k3sVersion, K3S_VERSION_RULE);
  if (s.ingressController === 'traefik') {
    try {
      traefikRedirectForm(props.cluster.k3sVersion);
    } catch (err) {
      throw new Error(`${scope.node.path}: cluster.${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (props.cluster.serverIps.length === 0) fail('cluster.serverIps', [], 'must list at least one server');
  for (const [i, r] of s.routes.entries()) {
    const known = PLATFORM_SERVICES[r.service.name];
    if (!known || known.namespace !== r.service.namespace) {
      fail(`platform.routes[${i}].service`, r.service, `must be a platform service: ${Object.entries(PLATFORM_SERVICES).map(([n, x]) => `${x.namespace}/${n}`).join(', ')}`);
    }
  }
}
