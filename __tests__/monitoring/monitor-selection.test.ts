import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { SELECT_EVERY_MONITOR } from '../../lib/monitoring/monitor-selection';
import { exampleSettings, ROOT, synthHa } from '../helpers/repo';

/**
 * Prometheus' monitor selectors as kube-prometheus-stack 88.5.3 writes them
 * (templates/prometheus/prometheus.yaml): the values' selector when set;
 * else, when `<kind>SelectorNilUsesHelmValues` is true (its default),
 * `release: <release name>`; else `{}`, every monitor. The namespace
 * selector stays `{}` (every namespace). Simplified: matchLabels only.
 */
function selectorOf(prometheusSpec: Record<string, any> | undefined, kind: 'serviceMonitor' | 'podMonitor', release: string): Record<string, string> {
  const spec = prometheusSpec ?? {};
  if (spec[`${kind}Selector`]) return spec[`${kind}Selector`].matchLabels ?? {};
  return spec[`${kind}SelectorNilUsesHelmValues`] === false ? {} : { release };
}

/** Every ServiceMonitor and PodMonitor in gitops/. */
function shippedMonitors(): { file: string; kind: string; name: string; labels: Record<string, string> }[] {
  const out: { file: string; kind: string; name: string; labels: Record<string, string> }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) {
        for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
          const o = doc.toJS();
          if (o && ['ServiceMonitor', 'PodMonitor'].includes(o.kind)) out.push({ file: relative(ROOT, path), kind: o.kind, name: o.metadata.name, labels: o.metadata.labels ?? {} });
        }
      }
    }
  };
  walk(join(ROOT, 'gitops'));
  return out;
}

const unselected = (spec: Record<string, any> | undefined) => shippedMonitors().filter((m) => {
  const selector = selectorOf(spec, m.kind === 'ServiceMonitor' ? 'serviceMonitor' : 'podMonitor', 'kube-prometheus-stack');
  return !Object.entries(selector).every(([k, v]) => m.labels[k] === v);
}).map((m) => `${m.file}: ${m.kind} ${m.name}`);

describe('every ServiceMonitor and PodMonitor we ship is scraped by the kube-prometheus-stack we install', () => {
  it('finds the monitors (the check is not vacuous)', () => {
    expect(shippedMonitors().length).toBeGreaterThanOrEqual(3);
    // The chart's defaults would leave them all out: none carries `release`.
    expect(unselected(undefined).length).toBe(shippedMonitors().length);
  });

  it('Terraform\'s release (chocolandiadc)', async () => {
    const release = synthHa((await exampleSettings()).chocolandiadc).resource.helm_release.kube_prometheus_stack;
    expect(unselected(parse(release.values[0]).prometheus.prometheusSpec)).toEqual([]);
  });

  it('Argo CD\'s monitoring Application (k3s-gitops)', () => {
    const app = parse(readFileSync(join(ROOT, 'gitops/argocd/bootstrap-apps/monitoring.yaml'), 'utf8'));
    expect(unselected(app.spec.source.helm.valuesObject.prometheus?.prometheusSpec)).toEqual([]);
    expect(app.spec.source.helm.valuesObject.prometheus.prometheusSpec).toMatchObject(SELECT_EVERY_MONITOR); // the same values as Terraform's
  });
});
