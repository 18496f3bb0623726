import { Testing, TerraformStack } from 'cdktf';
import { FluxBootstrap, FluxBootstrapProps } from '../../lib/gitops/flux-bootstrap';

const base: FluxBootstrapProps = { repositoryUrl: 'https://github.com/example/homelab.git', branch: 'main', path: './gitops/clusters/k3s-homelab', sopsAgeKeyFile: '~/.config/sops/age/keys.txt' };

function synth(over: Partial<FluxBootstrapProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 's');
  new FluxBootstrap(stack, 'flux', { ...base, ...over });
  return JSON.parse(Testing.synth(stack)).resource;
}

describe('FluxBootstrap', () => {
  it('installs the controllers, the sops-age Secret and the sync at documented addresses, in that order', () => {
    const r = synth();
    expect(Object.keys(r.helm_release).sort()).toEqual(['flux2', 'flux2_sync']);
    expect(Object.keys(r.kubernetes_secret_v1)).toEqual(['sops_age']);
    expect(r.helm_release.flux2_sync.depends_on).toEqual(expect.arrayContaining(['helm_release.flux2']));
    // The key is read from the operator's file at apply, never a literal in the JSON.
    expect(JSON.stringify(r.kubernetes_secret_v1.sops_age)).toContain('file(pathexpand(');
  });

  it('sourceOutput names an output of what Flux reconciles (<url>@<branch>:<path>); none by default', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    new FluxBootstrap(stack, 'flux', { ...base, sourceOutput: 'flux_source' });
    expect(JSON.parse(Testing.synth(stack)).output).toEqual({
      flux_source: { value: 'https://github.com/example/homelab.git@main:./gitops/clusters/k3s-homelab', description: 'What Flux reconciles' },
    });
    const none = new TerraformStack(Testing.app(), 's');
    new FluxBootstrap(none, 'flux', base);
    expect(JSON.parse(Testing.synth(none)).output).toBeUndefined();
  });

  it.each([
    [{ repositoryUrl: 'git@github.com:example/homelab.git' }, 'repositoryUrl = "git@github.com:example/homelab.git": must be an https:// or ssh:// URL'],
    [{ path: 'gitops/clusters/k3s-homelab' }, 'path = "gitops/clusters/k3s-homelab": must start with ./'],
    [{ extraPaths: ['gitops/x'] }, 'extraPaths[0] = "gitops/x": must start with ./'],
  ])('refuses %j naming the construct path, the field, the value and the rule', (over, message) => {
    expect(() => synth(over)).toThrow(`s/flux: ${message}`);
  });
});
