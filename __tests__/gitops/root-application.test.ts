import { spawnSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { stringify } from 'yaml';
import { rootAppValues } from '../../lib/platform/k3s-platform';
import { PlatformSettings } from '../../lib/settings';
import { buildLikeArgoCd } from '../helpers/argocd';
import { exampleSettings, ROOT, tempDir } from '../helpers/repo';

let example: PlatformSettings;
beforeAll(async () => {
  example = (await exampleSettings())['k3s-gitops'].platform;
});

const root = (s: PlatformSettings, monitoringByStack = false) => (rootAppValues(s, { monitoringByStack }) as any).applications['bootstrap-apps'];
/** The Applications the root Application creates, rendered as Argo CD renders them. */
const bootstrapApps = (s: PlatformSettings, monitoringByStack = false) => buildLikeArgoCd(root(s, monitoringByStack).source);
const byName = (apps: any[], name: string) => apps.find((a) => a.metadata.name === name);

describe('the root Application (what Argo CD makes of gitops/argocd/bootstrap-apps)', () => {
  it('validates against Argo CD\'s Application schema', () => {
    const dir = tempDir('root-app');
    mkdirSync(join(dir, 'root'));
    const app = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'bootstrap-apps', namespace: 'argocd' }, spec: root({ ...example, ingressController: 'nginx' }, true) };
    delete app.spec.namespace;
    writeFileSync(join(dir, 'root/app.yaml'), stringify(app));
    writeFileSync(join(dir, 'root/kustomization.yaml'), stringify({ resources: ['app.yaml'] }));
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/tools/gitops/validate-manifests.js'), join(dir, 'root')], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).not.toContain('FAIL');
    expect(r.status).toBe(0);
  });

  it('a fork only changes the settings: every Application from this repository follows repository_url and revision', () => {
    const fork = { ...example, repositoryUrl: 'git@git.example.org:me/homelab.git', revision: 'v1.2.0' };
    const apps = bootstrapApps(fork);
    const fromRepo = apps.filter((a) => a.spec.source.path);
    expect(fromRepo.map((a) => a.metadata.name).sort()).toEqual(['applications', 'configs', 'infrastructure', 'ingress', 'security']);
    for (const a of fromRepo) expect([a.metadata.name, a.spec.source.repoURL, a.spec.source.targetRevision]).toEqual([a.metadata.name, fork.repositoryUrl, 'v1.2.0']);
    // Chart Applications keep their chart repository and pinned version.
    expect(byName(apps, 'monitoring').spec.source).toMatchObject({ repoURL: 'https://prometheus-community.github.io/helm-charts', targetRevision: '65.1.1' });
  });

  it('the NGINX controller\'s Application comes from Git only when the settings choose nginx', () => {
    expect(byName(bootstrapApps(example), 'ingress-nginx')).toBeUndefined();
    const nginx = byName(bootstrapApps({ ...example, ingressController: 'nginx' }), 'ingress-nginx');
    expect(nginx.spec.source).toEqual({ repoURL: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', targetRevision: '4.15.1' });
    expect(nginx.spec.destination.namespace).toBe('ingress-nginx');
    expect(nginx.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('-1');
  });

  it('a stack that installs kube-prometheus-stack itself gets no second one from Argo CD', () => {
    expect(byName(bootstrapApps(example), 'monitoring')).toBeDefined();
    const apps = bootstrapApps(example, true);
    expect(byName(apps, 'monitoring')).toBeUndefined();
    expect(byName(apps, 'dashboard')).toBeDefined();
  });

  it.each([
    ['baseline', true],
    ['restricted', false],
  ])('security: `default` enforces %s, default-deny policy %s', (level, policies) => {
    const s = { ...example, podSecurityStandard: level as PlatformSettings['podSecurityStandard'], networkPolicies: policies };
    const security = byName(bootstrapApps(s), 'security');
    const objects = buildLikeArgoCd(security.spec.source);
    const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'default');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe(level);
    const policy = objects.find((o) => o.kind === 'NetworkPolicy');
    if (!policies) return expect(policy).toBeUndefined();
    expect(policy.metadata).toEqual({ name: 'default-deny-ingress', namespace: 'default' });
    expect(policy.spec.ingress[0].from.map((f: any) => f.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] ?? 'same namespace'))
      .toEqual(['same namespace', 'kube-system', 'ingress-nginx']);
  });

  it('security tools: Trivy Operator scans images, Sealed Secrets keeps secrets in Git encrypted', () => {
    const apps = bootstrapApps(example);
    expect(byName(apps, 'operator-trivy-operator').spec.source).toMatchObject({ chart: 'trivy-operator', targetRevision: '0.34.0' });
    expect(byName(apps, 'operator-sealed-secrets').spec.source).toMatchObject({ chart: 'sealed-secrets' });
  });
});
