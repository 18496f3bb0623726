import { z } from 'zod';
import { PLATFORM_SERVICES, PlatformOptions, PlatformRoute, routeTo } from '../platform/catalogue';
import { SettingsProblem } from './problems';
import { DNS_NAME_RULE, isDnsName } from '../rules/network';
import { dnsLabel, gitUrl, matching, nonEmptyString, plainString, tcpPort } from './rules';

/**
 * The platform layer of seed 004 (ArgoCD app-of-apps, dashboard, ingress
 * routes with TLS), as a settings block any cluster stack can carry
 * (`platform = { ... }`). Routes follow seed 004's ingress schema.
 */

const dnsName = plainString.refine(isDnsName, DNS_NAME_RULE);

const routeSchema = z
  .object({
    name: dnsLabel.describe("Route name: the subdomain <name>.<domain> (whose root redirects to path)."),
    path: matching(/^\/[A-Za-z0-9._~\/-]*$/, 'must be a URL path starting with /').describe("URL path on <domain> starting with /."),
    service: z.object({ name: dnsLabel.describe('Service name.'), namespace: dnsLabel.describe('Service namespace.'), port: tcpPort.describe('Service port.') }).strict().describe("The backend { name, namespace, port }: a Service the platform runs (argocd/argocd-server:80, dashboard/headlamp:8080, monitoring/kube-prometheus-stack-grafana:80)."),
    tls: z.boolean({ invalid_type_error: 'must be true or false' }).default(true).describe("Serve the route over HTTPS with the platform's certificate."),
  })
  .strict();

const tlsSchema = z
  .object({
    mode: z.enum(['selfsigned', 'issuer', 'secret'], { errorMap: () => ({ message: 'must be "selfsigned", "issuer" or "secret"' }) }).describe("selfsigned (a CA from gitops/infrastructure/base/ingress), issuer (a cert-manager ClusterIssuer) or secret (an existing TLS Secret)."),
    issuer: dnsLabel.optional().describe("The ClusterIssuer, with mode = \"issuer\"."),
    secret_name: dnsLabel.optional().describe("The TLS Secret, with mode = \"secret\"."),
  })
  .strict();

export const platformSchema = z
  .object({
    repository_url: gitUrl(/^(https:\/\/|ssh:\/\/|git@)\S+$/, 'must be a Git URL (https://, ssh:// or git@)').describe("The Git repository holding gitops/ (https://, ssh:// or git@), without a password or token (refused, shown masked): give Argo CD the credentials. Every Application syncing from this repository points at it, so a fork changes only these settings."),
    revision: nonEmptyString.default('main').describe("Branch or tag of the repository."),
    ingress_controller: z.enum(['traefik', 'nginx'], { errorMap: () => ({ message: 'must be "traefik" (bundled with K3s) or "nginx"' }) }).default('traefik').describe("traefik (K3s's own) or nginx (installed by Argo CD from gitops/, K3s's Traefik disabled)."),
    domain: dnsName.describe("DNS name: each route is served on <domain><path> and on <name>.<domain> (seed 004: cluster.local)."),
    tls: tlsSchema.default({ mode: 'selfsigned' }).describe("How the routes get their certificate: { mode = \"selfsigned\" }, { mode = \"issuer\", issuer = ... } or { mode = \"secret\", secret_name = ... }."),
    pod_security_standard: z.enum(['privileged', 'baseline', 'restricted'], { errorMap: () => ({ message: 'must be "privileged", "baseline" or "restricted"' }) }).default('baseline').describe("Pod Security admission level of the platform's namespaces and of default (seed 004's security.podSecurityStandard)."),
    network_policies: z.boolean({ invalid_type_error: 'must be true or false' }).default(true).describe("Default-deny ingress in the platform's namespaces and default, except from the namespace itself and the ingress controller (seed 004's security.networkPolicies)."),
    routes: z.array(routeSchema).describe("Seed 004's routes { name, path, service = { name, namespace, port }, tls }; a host and path, or a name, used twice is refused."),
  })
  .strict();

export type PlatformInput = z.infer<typeof platformSchema>;

/** The platform's options are the construct's own types (lib/platform/catalogue.ts): settings map 1:1 onto them. */
export type RouteSettings = PlatformRoute;
export type PlatformSettings = PlatformOptions;
export { PLATFORM_SERVICES, routeTo };

type Check = (problem: Omit<SettingsProblem, 'file'>) => void;

export function checkPlatform(input: PlatformInput, report: Check, at = 'platform'): void {
  if (input.tls.mode === 'issuer' && !input.tls.issuer) report({ path: `${at}.tls.issuer`, rule: 'is required when tls.mode = "issuer" (the ClusterIssuer to use)' });
  if (input.tls.mode === 'secret' && !input.tls.secret_name) report({ path: `${at}.tls.secret_name`, rule: 'is required when tls.mode = "secret" (a TLS Secret you provide)' });
  const paths = new Map<string, string>();
  const names = new Map<string, string>();
  input.routes.forEach((r, i) => {
    const here = `${at}.routes[${i}]`;
    const known = PLATFORM_SERVICES[r.service.name];
    if (!known || known.namespace !== r.service.namespace || known.port !== r.service.port) {
      report({
        path: `${here}.service`,
        value: `${r.service.namespace}/${r.service.name}:${r.service.port}`,
        rule: `must be a service the platform runs: ${Object.entries(PLATFORM_SERVICES).map(([n, s]) => `${s.namespace}/${n}:${s.port}`).join(', ')}`,
      });
    }
    // Every route is served at <domain><path> and at <name>.<domain><path>: both must be unique.
    const key = `${input.domain}${r.path.replace(/\/$/, '')}`;
    const first = paths.get(key);
    if (first) report({ path: `${here}.path`, value: r.path, rule: `host and path ${key} already used by ${first}` });
    else paths.set(key, here);
    const firstName = names.get(r.name);
    if (firstName) report({ path: `${here}.name`, value: r.name, rule: `host ${r.name}.${input.domain} already used by ${firstName}` });
    else names.set(r.name, here);
  });
}

export function toPlatformSettings(input: PlatformInput): PlatformSettings {
  return {
    repositoryUrl: input.repository_url,
    revision: input.revision,
    ingressController: input.ingress_controller,
    domain: input.domain,
    tls: { mode: input.tls.mode, issuer: input.tls.issuer, secretName: input.tls.secret_name },
    podSecurityStandard: input.pod_security_standard,
    networkPolicies: input.network_policies,
    routes: input.routes.map((r) => ({ name: r.name, path: r.path, service: { ...r.service }, tls: r.tls })),
  };
}
