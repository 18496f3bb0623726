import { join } from 'path';
import { App, TerraformStack } from 'cdktf';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { K3sBootstrapScripts, K3sKubeconfig } from '../../lib/k3s';
import { dnsLabel } from '../../lib/settings/rules';

describe('K3sKubeconfig', () => {
  function make(clusterName: string) {
    const stack = new TerraformStack(new App(), 'stack');
    const scripts = new K3sBootstrapScripts(stack, 'scripts', { bootstrapDir: join(__dirname, '../../bootstrap') });
    return new K3sKubeconfig(stack, 'kubeconfig', {
      clusterName, apiEndpoint: 'https://10.0.0.1:6443', kubeconfigPath: 'kubeconfig', fetchedPath: '.kubeconfig.fetched', scripts,
      servers: [{ hostname: 'master1', host: '10.0.0.1', user: 'root', keyPath: '/k' }], providerAddress: '10.0.0.1',
      serverInstalls: [new Resource(stack, 'install')],
    });
  }

  it('takes the DNS-label rule the settings use (at most 63 characters), naming the construct path', () => {
    const ok = 'a'.repeat(63);
    const tooLong = 'a'.repeat(64);
    expect(dnsLabel.safeParse(ok).success).toBe(true);
    expect(dnsLabel.safeParse(tooLong).success).toBe(false);
    expect(() => make(ok)).not.toThrow();
    expect(() => make(tooLong)).toThrow(new RegExp(`^stack/kubeconfig: clusterName = "${tooLong}": must be DNS-compliant`));
  });
});
