import { Release } from '@cdktf/provider-helm/lib/release';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ADDRESSES } from '../core/addresses';
import { validator } from '../core/validation';
import { dependOn } from '../core/depends-on';
import { helmValues } from '../helm-values';

/**
 * The last ingress-nginx chart (controller 1.15.1). Upstream retired
 * ingress-nginx in March 2026: no further releases; K3s' bundled Traefik is
 * the maintained alternative.
 */
export const INGRESS_NGINX_CHART_VERSION = '4.15.1';

/** Seed 002's ingress NodePorts (HTTP, HTTPS). */
export const SEED_002_NODE_PORTS = Object.freeze({ httpNodePort: 30080, httpsNodePort: 30443 });
/**
 * Where Git gives K3s' bundled Traefik those NodePorts (a HelmChartConfig),
 * reconciled by Flux when k3s-homelab's ingress_controller is "traefik".
 */
export const TRAEFIK_NODE_PORTS_PATH = './gitops/infrastructure/ingress/traefik-nodeports';

export interface NginxIngressProps {
  /** @default 30080 */
  readonly httpNodePort?: number;
  /** @default 30443 */
  readonly httpsNodePort?: number;
  /** @default 'ingress-nginx' */
  readonly namespace?: string;
  /** @default INGRESS_NGINX_CHART_VERSION */
  readonly chartVersion?: string;
  /** What must exist first (the cluster). @default - nothing */
  readonly after?: ITerraformDependable[];
}

/**
 * `helm_release.ingress_nginx`: the NGINX ingress controller as a DaemonSet
 * (one per node) behind NodePorts, independent of storage and of Flux (seed
 * 002's core layer keeps serving when Longhorn or Git are down).
 */
export class NginxIngress extends Construct {
  public readonly release: Release;
  public readonly httpNodePort: number;
  public readonly httpsNodePort: number;

  constructor(scope: Construct, id: string, props: NginxIngressProps = {}) {
    super(scope, id);
    const { fail } = validator(this);
    this.httpNodePort = props.httpNodePort ?? SEED_002_NODE_PORTS.httpNodePort;
    this.httpsNodePort = props.httpsNodePort ?? SEED_002_NODE_PORTS.httpsNodePort;
    for (const [field, port] of [['httpNodePort', this.httpNodePort], ['httpsNodePort', this.httpsNodePort]] as const) {
      if (!Number.isInteger(port) || port < 30000 || port > 32767) fail(field, port, 'must be in the NodePort range 30000-32767');
    }
    if (this.httpNodePort === this.httpsNodePort) fail('httpsNodePort', this.httpsNodePort, 'must differ from httpNodePort');
    this.release = new Release(this, 'release', {
      name: 'ingress-nginx',
      namespace: props.namespace ?? 'ingress-nginx',
      createNamespace: true,
      repository: 'https://kubernetes.github.io/ingress-nginx',
      chart: 'ingress-nginx',
      version: props.chartVersion ?? INGRESS_NGINX_CHART_VERSION,
      values: [helmValues(ingressValues(this.httpNodePort, this.httpsNodePort))],
    });
    this.release.overrideLogicalId(ADDRESSES.ingressNginx.name());
    dependOn(this.release, props.after);
  }
}

export function ingressValues(http: number, https: number): object {
  return {
    controller: {
      kind: 'DaemonSet',
      service: { type: 'NodePort', nodePorts: { http, https } },
      // K3s' Traefik owns ports 80/443 through its service load balancer; NGINX stays on NodePorts.
      ingressClassResource: { name: 'nginx', default: false },
      metrics: { enabled: true },
      // The chart's policy: the controller accepts only its own ports (HTTP, HTTPS, metrics, admission webhook).
      networkPolicy: { enabled: true },
    },
  };
}
