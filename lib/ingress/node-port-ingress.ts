import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { stackOutput } from '../core/outputs';
import { validator } from '../core/validation';
import { isIpv4 } from '../rules/network';
import { NginxIngress, SEED_002_NODE_PORTS, TRAEFIK_NODE_PORTS_PATH } from './nginx-ingress';

/** Who serves seed 002's NodePorts 30080/30443. */
export type NodePortIngressController = 'nginx' | 'traefik';

export interface NodePortIngressProps {
  /**
   * `nginx`: ingress-nginx installed by Terraform (`helm_release.ingress_nginx`,
   * seed 002); `traefik`: K3s' bundled Traefik, given the same NodePorts from
   * Git by Flux (`gitOpsPaths`).
   */
  readonly controller: NodePortIngressController;
  /** A node's address, for the `ingress_http_url` and `ingress_https_url` outputs. */
  readonly host: string;
  /** What must exist first (the cluster). @default - nothing */
  readonly after?: readonly ITerraformDependable[];
}

/** The ingress as the rest of the stack sees it. */
export interface NodePortIngress {
  readonly httpNodePort: number;
  readonly httpsNodePort: number;
  /** Paths in the repository Flux must reconcile for this controller (Traefik's NodePorts). */
  readonly gitOpsPaths: readonly string[];
  /** The ingress-nginx release. @default - none (Traefik) */
  readonly nginx?: NginxIngress;
}

/**
 * Seed 002's ingress on NodePorts 30080/30443, by either controller, and its
 * documented outputs `ingress_http_url` and `ingress_https_url`. ingress-nginx
 * is `NginxIngress` at `<scope>/ingress`.
 */
export function nodePortIngress(scope: Construct, props: NodePortIngressProps): NodePortIngress {
  const { check } = validator(scope);
  check('controller', props.controller, ['nginx', 'traefik'].includes(props.controller), 'must be "nginx" or "traefik"');
  check('host', props.host, isIpv4(props.host), 'must be an IPv4 address (a node\'s)');
  const traefik = props.controller === 'traefik';
  const nginx = traefik ? undefined : new NginxIngress(scope, 'ingress', { after: props.after ? [...props.after] : undefined });
  const ports = nginx ?? SEED_002_NODE_PORTS;
  const name = traefik ? 'Traefik (K3s)' : 'NGINX ingress';
  stackOutput(scope, 'ingress_http_url', { value: `http://${props.host}:${ports.httpNodePort}`, description: `${name} over HTTP (NodePort, on every node)` });
  stackOutput(scope, 'ingress_https_url', { value: `https://${props.host}:${ports.httpsNodePort}`, description: `${name} over HTTPS (NodePort, on every node)` });
  return {
    httpNodePort: ports.httpNodePort,
    httpsNodePort: ports.httpsNodePort,
    gitOpsPaths: traefik ? [TRAEFIK_NODE_PORTS_PATH] : [],
    ...(nginx ? { nginx } : {}),
  };
}
