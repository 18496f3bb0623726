import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { platformNamespaces } from '../../lib/platform/namespaces';
import { defaultDenyIngress, DefaultDenyIngressProps } from '../../lib/platform/network-policies';

function synth(props: Partial<DefaultDenyIngressProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 's');
  const scope = new Construct(stack, 'platform');
  const namespaces = platformNamespaces(scope, { names: ['argocd', 'cert-manager', 'monitoring'], podSecurityStandard: 'baseline' });
  defaultDenyIngress(scope, { namespaces, ingressControllerNamespace: 'kube-system', ...props });
  return JSON.parse(Testing.synth(stack)).resource;
}

describe('defaultDenyIngress', () => {
  it('closes each namespace to ingress except from itself and the controller, after its namespace; the host reaches only the given port', () => {
    const r = synth({ hostPorts: { 'cert-manager': 10250 } });
    const p = r.kubernetes_network_policy_v1;
    expect(Object.keys(p).sort()).toEqual(['default_deny_argocd', 'default_deny_cert_manager', 'default_deny_monitoring']);
    expect(p.default_deny_argocd.depends_on).toEqual(['kubernetes_namespace_v1.platform_namespace_argocd']);
    expect(p.default_deny_argocd.metadata).toEqual({ name: 'default-deny-ingress', namespace: 'argocd' });
    expect(p.default_deny_argocd.spec.ingress).toEqual([{ from: [{ pod_selector: {} }, { namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } } }] }]);
    expect(p.default_deny_cert_manager.spec.ingress[1]).toEqual({ from: [{ ip_block: { cidr: '0.0.0.0/0' } }], ports: [{ port: '10250', protocol: 'TCP' }] });
  });

  it.each([
    [{ hostPorts: { dashboard: 8443 } }, 'hostPorts = "dashboard": must name a namespace of the policies: argocd, cert-manager, monitoring'],
    [{ hostPorts: { argocd: 70000 } }, 'hostPorts.argocd = 70000: must be a TCP port from 1 to 65535'],
  ])('refuses %j naming the scope, the field, the value and the rule', (props, message) => {
    expect(() => synth(props)).toThrow(`s/platform: ${message}`);
  });
});
