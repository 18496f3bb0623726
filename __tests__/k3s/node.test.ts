import { join } from 'path';
import { App, Testing, TerraformStack } from 'cdktf';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { K3sBootstrapScripts, K3sNode, K3sNodeProps } from '../../lib/k3s';
import { ValidationError } from '../../lib/core/validation';

const BOOTSTRAP = join(__dirname, '../../bootstrap');
const master2 = { hostname: 'master2', host: '10.0.0.2', user: 'ubuntu', keyPath: '~/.ssh/id', port: 2222 };
const master1 = { hostname: 'master1', host: '10.0.0.1', user: 'ubuntu', keyPath: '~/.ssh/id' };

function synth(props: Partial<K3sNodeProps> = {}, id = 'master2') {
  const stack = new TerraformStack(Testing.app(), 'stack');
  const scripts = new K3sBootstrapScripts(stack, 'scripts', { bootstrapDir: BOOTSTRAP });
  const before = new Resource(stack, 'before');
  new K3sNode(stack, id, {
    role: 'server', node: master2, k3sVersion: 'v1.28.3+k3s1', configYaml: 'token: ${random_password.t.result}\n', scripts,
    installAddress: 'master2_install', embeddedEtcd: true, otherServers: [master1], installAfter: [before], upgradeAfter: [before], ...props,
  });
  return JSON.parse(Testing.synth(stack)).resource.null_resource as Record<string, any>;
}

describe('K3sNode', () => {
  it('is two null_resources at documented addresses: install (identity) and upgrade (version)', () => {
    const r = synth();
    expect(Object.keys(r).sort()).toEqual(['before', 'master2_install', 'master2_upgrade']);
    expect(r.master2_install.triggers).toEqual({ role: 'server', hostname: 'master2', host: '10.0.0.2', ssh_user: 'ubuntu', ssh_key_path: '~/.ssh/id', ssh_port: '2222' });
    expect(r.master2_upgrade.triggers).toEqual({ ...r.master2_install.triggers, k3s_version: 'v1.28.3+k3s1' });
  });

  it('ignores connection changes (in place, never a reinstall) on both', () => {
    const r = synth();
    const ignored = ['triggers["host"]', 'triggers["ssh_user"]', 'triggers["ssh_key_path"]', 'triggers["ssh_port"]', 'triggers["ssh_host_key"]'];
    expect(r.master2_install.lifecycle.ignore_changes).toEqual(ignored);
    expect(r.master2_upgrade.lifecycle.ignore_changes).toEqual(ignored);
    // An agent also ignores its readiness server's connection details.
    const agent = synth({ role: 'agent', node: { ...master2, hostname: 'nodo1' }, server: master1, embeddedEtcd: false, installAddress: 'nodo1_install' }, 'nodo1');
    expect(agent.nodo1_install.lifecycle.ignore_changes).toEqual(expect.arrayContaining(['triggers["server_host"]', 'triggers["server_ssh_port"]']));
  });

  it('installs after installAfter, upgrades after its install and upgradeAfter', () => {
    const r = synth();
    expect(r.master2_install.depends_on).toEqual(['null_resource.before']);
    expect(r.master2_upgrade.depends_on).toEqual(['null_resource.master2_install', 'null_resource.before']);
  });

  it('creates through self.triggers (no key read at plan) and leaves through one destroy step with the current settings', () => {
    const r = synth();
    const steps = r.master2_install.provisioner as any[];
    const remote = steps.filter((p) => p['remote-exec'] || p.file).map((p) => (p['remote-exec'] ?? p.file).connection);
    expect(remote.length).toBeGreaterThan(2);
    for (const c of remote) expect(c).toMatchObject({ host: '${self.triggers.host}', private_key: '${file(pathexpand(self.triggers.ssh_key_path))}' });
    const destroy = steps.filter((p) => (p['local-exec'] ?? p['remote-exec'] ?? p.file).when === 'destroy');
    expect(destroy).toHaveLength(1);
    expect(destroy[0]['local-exec'].command).toMatch(/leave-cluster\.sh$/);
    expect(destroy[0]['local-exec'].environment).toMatchObject({
      NODE_NAME: 'master2', NODE_HOST: '10.0.0.2', SSH_PORT: '2222', NODE_ROLE: 'server', EMBEDDED_ETCD: 'yes', SERVERS: 'master1\t10.0.0.1\t22\tubuntu\t~/.ssh/id',
    });
    // The upgrade runs the same idempotent steps, never a destroy step.
    expect((r.master2_upgrade.provisioner as any[]).some((p) => (p['local-exec'] ?? {}).when === 'destroy')).toBe(false);
  });

  it('waits sshWaitSeconds for the SSH port and lets each connection retry sshTimeoutSeconds (Terraform duration)', () => {
    const timeouts = (r: Record<string, any>) => [...new Set((r.master2_install.provisioner as any[]).flatMap((p) => (p['remote-exec'] ?? p.file)?.connection?.timeout ?? []))];
    const waits = (r: Record<string, any>) => [...new Set((r.master2_install.provisioner as any[]).flatMap((p) => p['local-exec']?.environment?.WAIT_SECONDS ?? []))];
    expect(timeouts(synth())).toEqual(['5m']);
    expect(waits(synth())).toEqual(['120']);
    expect(timeouts(synth({ sshTimeoutSeconds: 90 }))).toEqual(['90s']);
    expect(timeouts(synth({ sshTimeoutSeconds: 600 }))).toEqual(['10m']);
    expect(waits(synth({ sshWaitSeconds: 5 }))).toEqual(['5']);
  });

  it('decides its etcd join on the node: candidates in order, only the first server may bootstrap, a snapshot before upgrades', () => {
    const cmd = (r: Record<string, any>) => (r.master2_install.provisioner as any[]).map((p) => p['remote-exec']?.inline?.[0]).find((c: string) => c?.includes('install-k3s.sh'));
    expect(cmd(synth())).toContain("--etcd --join-candidates '10.0.0.1'");
    expect(cmd(synth())).not.toContain('--bootstrap-if-alone');
    expect(cmd(synth({ isFirstServer: true, snapshotBeforeUpgrade: true }))).toMatch(/--bootstrap-if-alone --snapshot-before-upgrade/);
    expect(cmd(synth({ joinThrough: '10.0.0.100' }))).toContain("--join-candidates '10.0.0.100 10.0.0.1'");
  });

  it.each([
    [{ role: 'worker' as never }, 'role = "worker": must be "server" or "agent"'],
    [{ node: { ...master2, hostname: 'Master_2' } }, 'node.hostname = "Master_2": must be DNS-compliant'],
    [{ node: { ...master2, port: 70000 } }, 'node.port = 70000: must be a TCP port from 1 to 65535'],
    [{ role: 'agent' as const, embeddedEtcd: false }, 'server = (unset): is required for an agent'],
    [{ role: 'agent' as const, server: master1 }, 'embeddedEtcd = true: is only valid for a server'],
    [{ embeddedEtcd: false, snapshotBeforeUpgrade: true }, 'snapshotBeforeUpgrade = true: needs embeddedEtcd'],
    [{ installAddress: '2master' }, 'installAddress = "2master": must be a Terraform resource name'],
    [{ installAddress: 'master2_setup' }, 'installAddress = "master2_setup": must be an install name of master2 (server) from lib/core/addresses.ts'],
    [{ installAddress: 'master1_install' }, 'installAddress = "master1_install": must be an install name of master2 (server)'],
    [{ installAddress: 'master2_k3s_agent' }, 'installAddress = "master2_k3s_agent": must be an install name of master2 (server)'],
    [{ k3sVersion: 'v1.28' }, 'k3sVersion = "v1.28": must be a K3s release like v1.28.3+k3s1'],
    [{ readinessTimeoutSeconds: 0 }, 'readinessTimeoutSeconds = 0: must be a whole number of seconds from 1 to 86400'],
    [{ sshWaitSeconds: 1.5 }, 'sshWaitSeconds = 1.5: must be a whole number of seconds from 1 to 86400'],
    [{ sshTimeoutSeconds: 0 }, 'sshTimeoutSeconds = 0: must be a whole number of seconds from 1 to 86400'],
    [{ reconfigureTriggers: { k3s_version: 'x' } }, 'reconfigureTriggers = "k3s_version": must not reuse a trigger key'],
    [{ serverManifests: { 'kube vip.yaml': 'x' } }, 'serverManifests = "kube vip.yaml": must name files like kube-vip.yaml'],
  ])('refuses %j naming the construct path, the field, the value and the rule', (props, message) => {
    let error: unknown;
    try { synth(props); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message.startsWith(`stack/master2: ${message}`)).toBe(true);
  });
});

void App;
