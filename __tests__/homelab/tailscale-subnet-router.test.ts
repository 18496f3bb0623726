import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
import { readFileSync } from 'fs';
import { join } from 'path';
import { TailscaleSubnetRouter, TailscaleSubnetRouterProps } from '../../lib/homelab';
import { provisioners } from '../helpers/repo';
import '../helpers/cdktf-matchers';


const HOST_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBVbqMiHjPOm2R6ML0lXx2mFN3oTlIAKZz0x7gO8zNtl';
const base: Omit<TailscaleSubnetRouterProps, 'authKey'> = {
  node: { hostname: 'k3s1', host: '10.0.0.71', user: 'ubuntu', keyPath: '~/.ssh/id' },
  routes: ['10.0.0.71/32', '10.0.0.72/32'],
  scriptPath: join(__dirname, '../../bootstrap/tailscale-subnet-router.sh'),
};

function build(over: Partial<TailscaleSubnetRouterProps> = {}, before?: (stack: TerraformStack) => void) {
  const stack = new TerraformStack(Testing.app(), 'stack');
  before?.(stack);
  const authKey = new TerraformVariable(stack, 'tailscale_auth_key', { type: 'string', sensitive: true }).stringValue;
  new TailscaleSubnetRouter(stack, 'tailscale', { ...base, authKey, ...over });
  return stack;
}
const router = (stack = build()) => JSON.parse(Testing.synth(stack)).resource.null_resource.tailscale_subnet_router;

describe('TailscaleSubnetRouter', () => {
  it('is null_resource.tailscale_subnet_router; a new route list replaces it (routes are a trigger)', () => {
    expect(Testing.synth(build())).toHaveResourceWithProperties(Resource, { triggers: expect.objectContaining({ routes: '10.0.0.71/32,10.0.0.72/32', host: '10.0.0.71' }) });
    expect(Object.keys(JSON.parse(Testing.synth(build())).resource.null_resource)).toEqual(['tailscale_subnet_router']);
  });

  it('the auth key travels only as the content of an uploaded file, in a 0700 directory the user owns, never on a command line', () => {
    const steps = provisioners(router());
    const upload = steps.filter(([t, p]) => t === 'file' && p.content !== undefined);
    expect(upload.map(([, p]) => [p.content, p.destination])).toEqual([['${var.tailscale_auth_key}', '/tmp/tailscale-subnet-router/authkey']]);
    const commands = steps.filter(([t]) => t === 'remote-exec').flatMap(([, p]) => p.inline as string[]);
    expect(commands[0]).toBe('umask 077 && mkdir -p /tmp/tailscale-subnet-router && test -O /tmp/tailscale-subnet-router && chmod 0700 /tmp/tailscale-subnet-router');
    expect(commands[1]).toContain('--auth-key-file /tmp/tailscale-subnet-router/authkey --routes ${self.triggers.routes}');
    for (const c of commands) expect(c).not.toContain('tailscale_auth_key');
    // the directory exists before anything is uploaded into it
    expect(steps.map(([t]) => t)).toEqual(['remote-exec', 'file', 'file', 'remote-exec']);
  });

  it('the script says what it does (#26 item 7): it advertises --routes, the nodes\' /32s by default, not the pod and service networks; without a key it names the variable', () => {
    const text = readFileSync(base.scriptPath, 'utf8');
    const header = text.split('\n').filter((l) => l.startsWith('#')).join('\n');
    expect(header).not.toMatch(/router for the cluster's pod and service/);
    expect(header).toMatch(/advertising the networks given\s+# with --routes/);
    expect(header).toMatch(/the nodes' own addresses as \/32/);
    expect(text).toMatch(/no auth key given .*export TF_VAR_tailscale_auth_key and apply again/);
  });

  it('verifies the node\'s host key when given', () => {
    const steps = provisioners(router(build({ node: { ...base.node, hostKey: HOST_KEY } })));
    for (const [, p] of steps) expect(p.connection.host_key).toBe('${self.triggers.ssh_host_key}');
  });

  it('brings the null provider once, even when the stack already declares it', () => {
    expect(Testing.synth(build())).toHaveProvider(NullProvider);
    const withOwn = JSON.parse(Testing.synth(build({}, (s) => new NullProvider(s, 'null'))));
    expect(withOwn.provider.null).toHaveLength(1);
  });

  it.each([
    [{ routes: [] }, 'routes = []: must list at least one network'],
    [{ routes: ['10.0.0.71/32', '10.0.0.0'] }, 'routes[1] = "10.0.0.0": must be an IPv4 network like 192.168.86.71/32'],
    [{ node: { ...base.node, hostKey: 'not a key' } }, 'node.hostKey = "not a key": must be the node\'s SSH host public key'],
  ])('refuses %j naming the construct path, the field, the value and the rule', (over, message) => {
    expect(() => build(over as Partial<TailscaleSubnetRouterProps>)).toThrow(`stack/tailscale: ${message}`);
  });
});
