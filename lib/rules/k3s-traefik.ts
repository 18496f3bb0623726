/**
 * Which form of the HTTP -> HTTPS redirect K3s' bundled Traefik chart takes,
 * from the K3s release (no cdktf here: the platform construct and the tests
 * use it). The chart renamed the key twice, and from v39 its values schema
 * (`additionalProperties: false` on a port) rejects the old one, so the
 * bundled install fails when the form does not match the chart:
 *
 * - chart v24-v33 (Traefik v2): `ports.web.redirectTo.port`
 *   (traefik-helm-chart v25.0.0, v27.0.2 and v33.0.0 traefik/values.yaml;
 *   older charts took a string there and v24+ fails on one)
 * - chart v34-v38: `ports.web.redirections.entryPoint`
 *   (v34.0.0 ... v38.0.2 traefik/values.yaml and values.schema.json)
 * - chart v39+: `ports.web.http.redirections.entryPoint`
 *   (v39.0.0 and v40.0.0 traefik/values.yaml and values.schema.json)
 *
 * Which chart a K3s release bundles: chart v25 from v1.28.3 (k3s-io/k3s
 * #8771, v1.28.3-rc1 release notes); Traefik v3 (chart v34)
 * with v1.32.1 (k3s-io/k3s #11744); it moved every maintained line to chart
 * v39 on 2026-03-16 (k3s-io/k3s #13805, backports #13812-#13815), so the
 * first release of each line after that date bundles it: the 2026-03-19
 * Kubernetes patch releases (https://kubernetes.io/releases/1.34/ lists
 * 1.34.5 on 2026-02-26 and 1.34.6 on 2026-03-19; the K3s v1.34.5-rc1 was
 * cut 2026-03-02, before the bump, k3s-io/k3s #13697). Later K3s releases
 * moved to chart v40 (v1.33.13+k3s2, v1.35.7, v1.36.3 release notes), which
 * keeps the v39 form.
 */
import { K3S_VERSION } from './k3s-version';

export type TraefikRedirectForm = 'redirectTo' | 'redirections' | 'http.redirections';

/** The Traefik chart versions K3s bundles for each form: the first and the last (the values-key check reads both). */
export const TRAEFIK_CHART_RANGE: Readonly<Record<TraefikRedirectForm, readonly [string, string]>> = Object.freeze({
  redirectTo: ['25.0.0', '27.0.2'],
  redirections: ['34.0.0', '38.0.2'],
  'http.redirections': ['39.0.0', '40.0.0'],
});

/** First K3s patch release of each line that bundles Traefik chart v39 or later. */
export const FIRST_PATCH_WITH_TRAEFIK_CHART_39: Readonly<Record<number, number>> = Object.freeze({ 32: 14, 33: 10, 34: 6, 35: 3 });
/** Lines after these all bundle chart v39 or later from their first release. */
const NEWEST_LINE_WITH_OLD_CHART = 35;

/** The redirect form of the Traefik chart that K3s `k3sVersion` bundles. */
export function traefikRedirectForm(k3sVersion: string): TraefikRedirectForm {
  const m = K3S_VERSION.exec(k3sVersion);
  if (!m) throw new Error(`k3sVersion must be a K3s release like v1.33.5+k3s1, got ${JSON.stringify(k3sVersion)}`);
  const [minor, patch] = [Number(m[1]), Number(m[2])];
  if (minor < 28 || (minor === 28 && patch < 3)) {
    throw new Error(`k3sVersion ${k3sVersion} bundles a Traefik chart older than v24, whose redirect this project does not write: use K3s v1.28.3 or newer with ingress_controller = "traefik"`);
  }
  if (minor < 32 || (minor === 32 && patch === 0)) return 'redirectTo';
  if (minor > NEWEST_LINE_WITH_OLD_CHART) return 'http.redirections';
  return patch >= FIRST_PATCH_WITH_TRAEFIK_CHART_39[minor] ? 'http.redirections' : 'redirections';
}

/** The `ports` values of K3s' Traefik that redirect every HTTP request to HTTPS (permanently where the form allows). */
export function traefikHttpsRedirectValues(k3sVersion: string): { ports: { web: Record<string, unknown> } } {
  const entryPoint = { to: 'websecure', scheme: 'https', permanent: true };
  switch (traefikRedirectForm(k3sVersion)) {
    case 'redirectTo':
      return { ports: { web: { redirectTo: { port: 'websecure' } } } };
    case 'redirections':
      return { ports: { web: { redirections: { entryPoint } } } };
    case 'http.redirections':
      return { ports: { web: { http: { redirections: { entryPoint } } } } };
  }
}
