import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { Password } from '@cdktf/provider-random/lib/password';
import { Fn, Testing, TerraformStack } from 'cdktf';
import { join } from 'path';
import { dependOn } from '../../lib/core/depends-on';
import { AdoptedK3sServer, AdoptedK3sServerProps, IHomelabServer, k3sHomelabServer, K3sHomelabServerProps } from '../../lib/homelab';
import '../helpers/cdktf-matchers';


const base: K3sHomelabServerProps = {
  clusterName: 'k3s-homelab', k3sVersion: 'v1.33.5+k3s1',
  server: { hostname: 'k3s1', host: '10.0.0.71', user: 'ubuntu', keyPath: '~/.ssh/id' },
  configTemplate: { server: { 'write-kubeconfig-mode': '0600' } }, bootstrapDir: join(__dirname, '../../bootstrap'),
  kubeconfigPath: 'env/kubeconfig', fetchedKubeconfigPath: 'env/.kubeconfig.fetched',
};
const adopted: K3sHomelabServerProps = { ...base, existing: true, existingKubeconfigPath: '~/.kube/homelab.yaml' };

/** The server, plus a resource that waits for it (what the stack's in-cluster resources do). */
function build(props: K3sHomelabServerProps) {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const server = k3sHomelabServer(stack, props);
  const consumer = new Resource(stack, 'consumer', { triggers: { token: server.joinToken } });
  dependOn(consumer, server.after);
  new KubernetesProvider(stack, 'kubernetes', server.kubernetes);
  return { stack, server, json: JSON.parse(Testing.synth(stack)) };
}

describe('k3sHomelabServer: adopted (existing = true)', () => {
  const { server, json, stack } = build(adopted);

  it('installs nothing: no resource, no provider of its own; nothing to wait for', () => {
    expect(Object.keys(json.resource)).toEqual(['null_resource']); // the test's consumer only
    expect(json.resource.null_resource.consumer.depends_on ?? []).toEqual([]);
    expect(Testing.synth(stack)).not.toHaveProvider(RandomProvider);
    expect(server.after).toEqual([]);
  });

  it('nodes join with the sensitive variable k3s_join_token, at its documented address', () => {
    expect(json.variable.k3s_join_token).toMatchObject({ type: 'string', sensitive: true, nullable: false });
    expect(json.variable.k3s_join_token.description).toContain('on k3s1: sudo cat /var/lib/rancher/k3s/server/agent-token');
    expect(json.resource.null_resource.consumer.triggers.token).toBe('${var.k3s_join_token}');
  });

  it('a join_token_file replaces the variable: read and trimmed at plan', () => {
    const r = build({ ...adopted, joinTokenFile: '~/.config/k3s-homelab/agent-token' });
    expect(r.json.variable).toBeUndefined();
    expect(r.json.resource.null_resource.consumer.triggers.token).toBe('${trimspace(file(pathexpand("~/.config/k3s-homelab/agent-token")))}');
  });

  it('Terraform reaches the API with the operator\'s kubeconfig; the API URL is the server\'s', () => {
    expect(json.provider.kubernetes).toEqual([{ config_path: '${pathexpand("~/.kube/homelab.yaml")}' }]);
    expect(server.serverUrl).toBe('https://10.0.0.71:6443');
  });

  it('outputs cluster_name and api_endpoint only (no token or kubeconfig of its own)', () => {
    expect(json.output).toEqual({
      cluster_name: { value: 'k3s-homelab', description: 'K3s cluster name' },
      api_endpoint: { value: 'https://10.0.0.71:6443', description: 'Kubernetes API endpoint (k3s1)' },
    });
  });
});

describe('k3sHomelabServer: installed (existing = false)', () => {
  const { server, json } = build(base);

  it('is a K3sCluster at <scope>/cluster with seed 002\'s addresses, and brings the null and random providers', () => {
    const synthesized = Testing.synth(TerraformStack.of(server.cluster!));
    expect(synthesized).toHaveResourceWithProperties(Resource, { triggers: expect.objectContaining({ role: 'server', hostname: 'k3s1' }) });
    expect(synthesized).toHaveResourceWithProperties(Password, { length: 48, special: false });
    expect(synthesized).toHaveProvider(NullProvider);
    expect(synthesized).toHaveProvider(RandomProvider);
    expect(Object.keys(json.resource.null_resource).sort()).toEqual(['consumer', 'k3s1_install', 'k3s1_upgrade', 'kubeconfig_endpoint', 'kubeconfig_fetch']);
    expect(Object.keys(json.resource.random_password).sort()).toEqual(['agent_token', 'cluster_token']);
    expect(server.cluster!.node.path).toBe('stack/cluster');
  });

  it('onboarded nodes join with the agent token, never the server token', () => {
    expect(server.joinToken).toBe(server.cluster!.agentToken.value);
    expect(json.resource.null_resource.consumer.triggers.token).toBe('${random_password.agent_token.result}');
  });

  it('in-cluster resources wait for the install and the kubeconfig', () => {
    expect(json.resource.null_resource.consumer.depends_on).toEqual(['null_resource.k3s1_install', 'local_file.kubeconfig']);
  });

  it('the providers use the credentials fetched from the server', () => {
    const [k8s] = json.provider.kubernetes;
    // The server the copy came from, pointed at k3s1's address once it answers (kubeconfig_endpoint), read at plan.
    expect(k8s.host).toBe('${yamldecode(data.local_sensitive_file.kubeconfig_fetched.content).clusters.0.cluster.server}');
    expect(json.resource.null_resource.kubeconfig_endpoint.triggers.api_address).toBe('10.0.0.71');
    expect(k8s.config_path).toBeUndefined();
    expect(k8s.client_key).toContain('data.local_sensitive_file.kubeconfig_fetched.content');
  });

  it('outputs both tokens and the kubeconfig path, sensitive', () => {
    expect(Object.keys(json.output).sort()).toEqual(['agent_token', 'api_endpoint', 'cluster_name', 'cluster_token', 'kubeconfig_path']);
    expect(json.output.cluster_token).toMatchObject({ value: '${random_password.cluster_token.result}', sensitive: true });
    expect(json.output.agent_token).toMatchObject({ value: '${random_password.agent_token.result}', sensitive: true });
    expect(json.output.kubeconfig_path).toMatchObject({ value: '${abspath(local_file.kubeconfig.filename)}', sensitive: true });
    expect(json.variable).toBeUndefined();
  });

  it('a provider the stack already has is not declared twice', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new NullProvider(stack, 'null');
    k3sHomelabServer(stack, base);
    expect(JSON.parse(Testing.synth(stack)).provider.null).toHaveLength(1);
  });
});

describe('validation', () => {
  it.each([
    [{ ...adopted, existingKubeconfigPath: undefined }, 'stack/server: kubeconfigPath = (unset): is required when server.existing = true'],
    [{ ...base, joinTokenFile: '~/token' }, 'stack: joinTokenFile = "~/token": must be unset when server.existing = false (the token is generated)'],
  ])('the homelab server refuses %j naming the construct path, the field, the value and the rule', (props, message) => {
    expect(() => build(props as K3sHomelabServerProps)).toThrow(message);
  });

  const adoptedProps: AdoptedK3sServerProps = { hostname: 'k3s1', ipAddress: '10.0.0.71', kubeconfigPath: '~/.kube/x' };
  const adopt = (over: Partial<AdoptedK3sServerProps>) => new AdoptedK3sServer(new TerraformStack(Testing.app(), 'stack'), 'server', { ...adoptedProps, ...over });

  it.each([
    [{ hostname: 'K3S_1' }, 'hostname = "K3S_1": must be DNS-compliant'],
    [{ ipAddress: '10.0.0' }, 'ipAddress = "10.0.0": must be an IPv4 address'],
    [{ kubeconfigPath: ' ' }, 'kubeconfigPath = " ": is required when server.existing = true'],
    [{ joinTokenFile: '' }, 'joinTokenFile = "": must be a file path, or unset for the variable k3s_join_token'],
  ])('AdoptedK3sServer refuses %j', (over, message) => {
    expect(() => adopt(over)).toThrow(`stack/server: ${message}`);
  });

  it('skips values Terraform only knows at apply (unresolved tokens)', () => {
    const unknown = Fn.trimspace('${var.x}');
    const server: IHomelabServer = adopt({ hostname: unknown, ipAddress: unknown, kubeconfigPath: unknown, joinTokenFile: unknown });
    expect(server.serverUrl).toMatch(/^https:\/\/\$\{TfToken/);
  });
});
