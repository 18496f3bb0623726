import { Release } from '@cdktf/provider-helm/lib/release';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { Testing, TerraformStack } from 'cdktf';
import { nodePortIngress, NodePortIngressProps } from '../../lib/ingress/node-port-ingress';
import { TRAEFIK_NODE_PORTS_PATH } from '../../lib/ingress/nginx-ingress';
import '../helpers/cdktf-matchers';


function build(over: Partial<NodePortIngressProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const install = new Resource(stack, 'install', {});
  install.overrideLogicalId('k3s1_install');
  const ingress = nodePortIngress(stack, { controller: 'nginx', host: '10.0.0.71', after: [install], ...over });
  return { ingress, synthesized: Testing.synth(stack) };
}

describe('nodePortIngress', () => {
  it('nginx: helm_release.ingress_nginx at <scope>/ingress, after the cluster; nothing for Flux', () => {
    const { ingress, synthesized } = build();
    expect(synthesized).toHaveResourceWithProperties(Release, { chart: 'ingress-nginx', depends_on: ['null_resource.k3s1_install'] });
    expect(Object.keys(JSON.parse(synthesized).resource.helm_release)).toEqual(['ingress_nginx']);
    expect(ingress.nginx!.node.path).toBe('stack/ingress');
    expect(ingress.gitOpsPaths).toEqual([]);
  });

  it('traefik: no release; Flux reconciles the Traefik NodePorts from Git', () => {
    const { ingress, synthesized } = build({ controller: 'traefik' });
    expect(synthesized).not.toHaveResource(Release);
    expect(ingress.nginx).toBeUndefined();
    expect(ingress.gitOpsPaths).toEqual([TRAEFIK_NODE_PORTS_PATH]);
  });

  it.each([
    ['nginx', 'NGINX ingress'],
    ['traefik', 'Traefik (K3s)'],
  ] as const)('%s: the same NodePorts 30080/30443 and the documented URL outputs naming the controller', (controller, name) => {
    const { ingress, synthesized } = build({ controller });
    expect([ingress.httpNodePort, ingress.httpsNodePort]).toEqual([30080, 30443]);
    expect(JSON.parse(synthesized).output).toEqual({
      ingress_http_url: { value: 'http://10.0.0.71:30080', description: `${name} over HTTP (NodePort, on every node)` },
      ingress_https_url: { value: 'https://10.0.0.71:30443', description: `${name} over HTTPS (NodePort, on every node)` },
    });
  });

  it.each([
    [{ controller: 'haproxy' }, 'controller = "haproxy": must be "nginx" or "traefik"'],
    [{ host: 'k3s1.lan' }, 'host = "k3s1.lan": must be an IPv4 address (a node\'s)'],
  ])('refuses %j naming the scope path, the field, the value and the rule', (over, message) => {
    expect(() => build(over as Partial<NodePortIngressProps>)).toThrow(`stack: ${message}`);
  });
});
