import { parse } from 'yaml';
import { renderWithTerraform } from '../helpers/render';

/**
 * Terraform reads every string of its JSON as a template: an unescaped
 * `${1}` in a values document would reach Helm as `1`. Evaluated by the real
 * Terraform, each helm_release's values must be exactly what the construct
 * wrote (its escapes undone).
 */
const unescaped = (s: string) => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');

describe('helm_release values reach Helm unchanged', () => {
  it.each(['chocolandiadc', 'k3s-gitops', 'k3s-homelab'])('%s', (stack) => {
    const written: Record<string, string> = {};
    const { out } = renderWithTerraform({
      stack,
      replace: {},
      pick: (json) => {
        for (const [name, r] of Object.entries<any>(json.resource.helm_release)) written[name] = r.values[0];
        return written;
      },
    });
    expect(Object.keys(out).length).toBeGreaterThan(0);
    for (const [name, values] of Object.entries(written)) expect([name, out[name]]).toEqual([name, unescaped(values)]);
    if (stack === 'k3s-gitops') {
      // The Traefik redirect's Go template groups survive.
      const ingress = parse(out.argocd_apps).applications['bootstrap-apps'].source.kustomize.patches.find((p: any) => p.target.name === 'ingress');
      expect(ingress.patch).toContain('"value\\":\\"${1}://${2}/argocd/\\"');
    }
  });
});
