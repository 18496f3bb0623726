import { Release } from '@cdktf/provider-helm/lib/release';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Fn, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { dependOn } from '../core/depends-on';
import { stackOutput } from '../core/outputs';
import { validator } from '../core/validation';
import { helmValues } from '../helm-values';

/** fluxcd-community charts: flux2 2.18.3 and flux2-sync 1.14.5 install Flux 2.8.5. */
export const FLUX2_CHART_VERSION = '2.18.3';
export const FLUX2_SYNC_CHART_VERSION = '1.14.5';
const REPOSITORY = 'https://fluxcd-community.github.io/helm-charts';

export interface FluxBootstrapProps {
  readonly repositoryUrl: string;
  readonly branch: string;
  /** Path in the repository Flux reconciles, e.g. `./gitops/clusters/k3s-homelab`. */
  readonly path: string;
  /** Path of the SOPS age private key on the operator's machine; read at apply into `sops-age`. */
  readonly sopsAgeKeyFile: string;
  /**
   * Further paths in the repository, each reconciled as its own Flux
   * Kustomization (flux2-sync's `kustomizationlist`, named after the path),
   * e.g. what a setting switches on.
   * @default []
   */
  readonly extraPaths?: readonly string[];
  /** @default 'flux-system' */
  readonly namespace?: string;
  /** What must exist first (the cluster). @default - nothing */
  readonly after?: ITerraformDependable[];
  /** Name of an output holding what Flux reconciles (`<url>@<branch>:<path>`), e.g. `flux_source`. @default - no output */
  readonly sourceOutput?: string;
}

/**
 * Flux from Helm charts, so no Flux CRD is needed at plan time:
 * `helm_release.flux2` (controllers and CRDs), `kubernetes_secret_v1.sops_age`
 * (the age key Flux decrypts SOPS secrets with) and `helm_release.flux2_sync`
 * (the GitRepository and root Kustomization). From then on Flux owns
 * in-cluster configuration from Git (seed 002).
 *
 * Destroying it removes Flux, never what Flux applied: the root
 * Kustomization orphans its objects when deleted, and the CRDs stay, so no
 * Flux object (and no HelmRelease's release) is deleted with them.
 */
export class FluxBootstrap extends Construct {
  public readonly controllers: Release;
  public readonly sopsAge: SecretV1;
  public readonly sync: Release;
  /** What Flux reconciles: `<repositoryUrl>@<branch>:<path>`. */
  public readonly source: string;

  constructor(scope: Construct, id: string, props: FluxBootstrapProps) {
    super(scope, id);
    const { check } = validator(this);
    check('repositoryUrl', props.repositoryUrl, /^(https|ssh):\/\/\S+$/.test(props.repositoryUrl), 'must be an https:// or ssh:// URL');
    for (const [field, path] of [['path', props.path], ...(props.extraPaths ?? []).map((p, i) => [`extraPaths[${i}]`, p])]) {
      check(field, path, path.startsWith('./'), 'must start with ./ (a path inside the repository)');
    }
    const namespace = props.namespace ?? 'flux-system';

    this.controllers = new Release(this, 'controllers', {
      name: 'flux2',
      namespace,
      createNamespace: true,
      repository: REPOSITORY,
      chart: 'flux2',
      version: FLUX2_CHART_VERSION,
      values: [helmValues(controllerValues())],
    });
    this.controllers.overrideLogicalId(ADDRESSES.flux.name());
    dependOn(this.controllers, props.after);

    this.sopsAge = new SecretV1(this, 'sops-age', {
      metadata: { name: 'sops-age', namespace },
      // Read at apply from the operator's machine: never a literal in the JSON.
      data: { 'age.agekey': Fn.file(Fn.pathexpand(props.sopsAgeKeyFile)) },
    });
    this.sopsAge.overrideLogicalId(ADDRESSES.sopsAge.name());
    dependOn(this.sopsAge, [this.controllers]);

    this.sync = new Release(this, 'sync', {
      name: 'flux-system',
      namespace,
      repository: REPOSITORY,
      chart: 'flux2-sync',
      version: FLUX2_SYNC_CHART_VERSION,
      values: [helmValues(syncValues(props))],
    });
    this.sync.overrideLogicalId(ADDRESSES.fluxSync.name());
    dependOn(this.sync, [this.controllers, this.sopsAge]);
    this.source = `${props.repositoryUrl}@${props.branch}:${props.path}`;
    if (props.sourceOutput !== undefined) stackOutput(this, props.sourceOutput, { value: this.source, description: 'What Flux reconciles' });
  }
}

export function syncValues(props: Pick<FluxBootstrapProps, 'repositoryUrl' | 'branch' | 'path' | 'extraPaths'>): object {
  const extra = props.extraPaths ?? [];
  return {
    gitRepository: { spec: { url: props.repositoryUrl, ref: { branch: props.branch }, interval: '5m' } },
    kustomization: {
      spec: {
        path: props.path,
        // Objects removed from Git are removed from the cluster...
        prune: true,
        // ...but deleting this Kustomization (destroying helm_release.flux2_sync)
        // leaves everything it applied in place, Longhorn and its volumes included.
        deletionPolicy: 'Orphan',
        interval: '10m',
        decryption: { provider: 'sops', secretRef: { name: 'sops-age' } },
      },
    },
    // flux2-sync templates/flux-kustomization.yaml: one Kustomization per entry, named from its path.
    ...(extra.length ? { kustomizationlist: extra.map((path) => ({ spec: { path, prune: true, interval: '10m' } })) } : {}),
  };
}

/**
 * The chart's source and notification Services expose only their API port:
 * add the metrics port (8080, `http-prom`) and a label, so the ServiceMonitor
 * in gitops/infrastructure/monitoring/flux-monitors.yaml finds them (seed
 * 002's hybrid approach; the other controllers are scraped by a PodMonitor).
 */
export function controllerValues(): object {
  const service = (component: string) => ({
    service: {
      labels: { 'app.kubernetes.io/component': component },
      ports: [{ name: 'http-prom', port: 8080, targetPort: 'http-prom', protocol: 'TCP' }],
    },
  });
  return {
    sourceController: service('source-controller'),
    notificationController: service('notification-controller'),
    // Uninstalling the controllers (destroying helm_release.flux2) keeps the
    // CRDs, so the Flux objects from Git (HelmReleases, Kustomizations) and
    // what they manage are not deleted with them.
    crds: { annotations: { 'helm.sh/resource-policy': 'keep' } },
    // The chart's NetworkPolicies (its default, stated): flux-system accepts only its own pods,
    // metrics on 8080 and the notification-controller's webhook receiver.
    policies: { create: true },
  };
}
