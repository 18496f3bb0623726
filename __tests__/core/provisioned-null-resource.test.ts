import { join } from 'path';
import { Resource, ResourceConfig } from '@cdktf/provider-null/lib/resource';
import { App, DefaultTokenResolver, StringConcat, Testing, TerraformStack, TerraformVariable, Tokenization } from 'cdktf';
import { ProvisionedNullResource } from '../../lib/core/provisioned-null-resource';
import { withPlainResolve } from '../../lib/core/plain-resolve';
import { K3sBootstrapScripts, K3sClusterToken } from '../../lib/k3s';
import { installSteps, leaveSteps } from '../../lib/k3s/node-steps';

const BOOTSTRAP = join(__dirname, '../../bootstrap');
const server = { hostname: 'master1', host: '10.0.0.1', user: 'ubuntu', keyPath: '~/.ssh/id', hostKey: 'ssh-ed25519 AAAA' };
const agent = { hostname: 'nodo1', host: '10.0.0.4', user: 'root', keyPath: '~/.ssh/id', port: 2222 };

/** The same config through cdktf's null Resource and through ProvisionedNullResource, in two stacks; both stacks' JSON. */
function both(make: (stack: TerraformStack) => ResourceConfig, tweak?: (r: Resource) => void, hcl = false): [string, string] {
  const out: string[] = [];
  for (const Kind of [Resource, ProvisionedNullResource]) {
    const app = hcl ? new App({ hclOutput: true, outdir: Testing.app().outdir }) : Testing.app();
    const stack = new TerraformStack(app, 'stack');
    const r = new Kind(stack, 'node', make(stack));
    tweak?.(r);
    out.push(hcl ? JSON.stringify((stack as TerraformStack).toHclTerraform()) : Testing.synth(stack));
  }
  return [out[0], out[1]];
}

/** Real node steps: shared connection blocks, environment maps, a token in the config, a destroy step. */
function nodeSteps(stack: TerraformStack): ResourceConfig {
  const scripts = new K3sBootstrapScripts(stack, 'scripts', { bootstrapDir: BOOTSTRAP });
  const token = new K3sClusterToken(stack, 'token');
  const variable = new TerraformVariable(stack, 'extra', { type: 'string' });
  const common = { k3sVersion: 'v1.33.5+k3s1', scripts, readinessTimeoutSeconds: 300, sshWaitSeconds: 120, sshTimeoutSeconds: 300, allowVersionSkew: false, snapshotBeforeUpgrade: false };
  const steps = [
    ...installSteps({ ...common, role: 'server', node: server, configYaml: `token: ${token.value}\nextra: ${variable.stringValue}\n`, etcdJoin: { candidates: ['10.0.0.2'], bootstrapIfAlone: true } }),
    ...installSteps({ ...common, role: 'agent', node: agent, server, configYaml: `token: ${token.reference}\n` }),
    ...leaveSteps({ role: 'agent', node: agent, otherServers: [server], embeddedEtcd: false, scripts, sshWaitSeconds: 120 }),
  ];
  return { triggers: { host: '10.0.0.4', role: 'agent' }, lifecycle: { ignoreChanges: ['triggers["host"]'] }, provisioners: steps };
}

describe('ProvisionedNullResource', () => {
  it('synthesizes what cdktf\'s null Resource does for real node steps (plain cdktf and the synth fast path)', () => {
    const [theirs, ours] = both(nodeSteps);
    expect(ours).toBe(theirs);
    expect(JSON.parse(ours).resource.null_resource.node.provisioner.length).toBeGreaterThan(10);
    const [fastTheirs, fastOurs] = withPlainResolve(() => both(nodeSteps));
    expect(fastOurs).toBe(theirs);
    expect(fastTheirs).toBe(theirs);
  });

  it('keeps cdktf\'s semantics for no provisioners, an empty list, and overrides applied after', () => {
    expect(both(() => ({ triggers: { a: 'b' } }))[1]).toBe(both(() => ({ triggers: { a: 'b' } }))[0]);
    expect(both(() => ({ provisioners: [] }))[1]).toBe(both(() => ({ provisioners: [] }))[0]);
    const withOverride = (r: Resource) => {
      r.addOverride('provisioner', [{ 'local-exec': { command: 'echo override' } }]);
      r.addOverride('triggers.extra', 'x');
    };
    const [theirs, ours] = both(nodeSteps, withOverride);
    expect(ours).toBe(theirs);
    expect(theirs).toContain('echo override');
  });

  it('gives cdktf\'s HCL output too', () => {
    const [theirs, ours] = both(nodeSteps, undefined, true);
    expect(ours).toBe(theirs);
    expect(theirs).toContain('leave-cluster.sh');
  });
});

describe('K3sClusterToken.reference', () => {
  it('is the text its token value resolves to', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const server = new K3sClusterToken(stack, 'token');
    const agentToken = new K3sClusterToken(stack, 'agent', { address: 'agent_token' });
    const resolve = (v: string) => Tokenization.resolve(v, { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
    expect(resolve(server.value)).toBe(server.reference);
    expect(server.reference).toBe('${random_password.cluster_token.result}');
    expect(resolve(agentToken.value)).toBe('${random_password.agent_token.result}');
    expect(agentToken.reference).toBe('${random_password.agent_token.result}');
  });
});
