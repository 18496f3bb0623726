import { Testing, TerraformStack } from 'cdktf';
import { NginxIngress, NginxIngressProps } from '../../lib/ingress/nginx-ingress';

function synth(props: NginxIngressProps = {}) {
  const stack = new TerraformStack(Testing.app(), 's');
  new NginxIngress(stack, 'ingress', props);
  return JSON.parse(Testing.synth(stack)).resource.helm_release;
}

describe('NginxIngress', () => {
  it('is helm_release.ingress_nginx on seed 002\'s NodePorts 30080/30443 by default', () => {
    const r = synth();
    expect(Object.keys(r)).toEqual(['ingress_nginx']);
    const values = JSON.stringify(r.ingress_nginx.values);
    expect(values).toContain('30080');
    expect(values).toContain('30443');
  });

  it.each([
    [{ httpNodePort: 80 }, 'httpNodePort = 80: must be in the NodePort range 30000-32767'],
    [{ httpNodePort: 30443 }, 'httpsNodePort = 30443: must differ from httpNodePort'],
  ])('refuses %j naming the construct path, the field, the value and the rule', (props, message) => {
    expect(() => synth(props)).toThrow(`s/ingress: ${message}`);
  });
});
