import { Resource } from '@cdktf/provider-null/lib/resource';
import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { platformNamespaces, PlatformNamespacesProps } from '../../lib/platform/namespaces';

function synth(props: Partial<PlatformNamespacesProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 's');
  const scope = new Construct(stack, 'platform');
  const cluster = new Resource(stack, 'cluster');
  platformNamespaces(scope, { names: ['argocd', 'cert-manager', 'monitoring'], podSecurityStandard: 'restricted', after: [cluster], ...props });
  return JSON.parse(Testing.synth(stack)).resource;
}

describe('platformNamespaces', () => {
  it('creates each namespace at platform_namespace_<name>, enforcing the level (monitoring: privileged), warning about restricted, after the cluster', () => {
    const ns = synth().kubernetes_namespace_v1;
    expect(Object.keys(ns).sort()).toEqual(['platform_namespace_argocd', 'platform_namespace_cert_manager', 'platform_namespace_monitoring']);
    expect(ns.platform_namespace_cert_manager.metadata).toEqual({ name: 'cert-manager', labels: { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/warn': 'restricted' } });
    expect(ns.platform_namespace_monitoring.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(ns.platform_namespace_argocd.depends_on).toEqual(['null_resource.cluster']);
    // Resources of the scope, not a construct of their own: K3sPlatform's construct paths (in the JSON's metadata) stay.
    const scope = new Construct(new TerraformStack(Testing.app(), 's'), 'platform');
    expect(platformNamespaces(scope, { names: ['argocd'], podSecurityStandard: 'baseline' }).argocd.node.path).toBe('s/platform/ns-argocd');
  });

  it('enforces privileged only where told', () => {
    const ns = synth({ privileged: ['argocd'] }).kubernetes_namespace_v1;
    expect(ns.platform_namespace_argocd.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(ns.platform_namespace_monitoring.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it.each([
    [{ names: ['Argo_CD'] }, 'namespaces = "Argo_CD": must be DNS-compliant'],
    [{ names: ['argocd', 'argocd'] }, 'namespaces = "argocd": must be listed once, used twice'],
  ])('refuses %j naming the scope, the field, the value and the rule', (props, message) => {
    expect(() => synth(props)).toThrow(`s/platform: ${message}`);
  });
});
