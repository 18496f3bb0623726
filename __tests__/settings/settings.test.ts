import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ENVIRONMENT_NAMES, EnvironmentName, formatProblem, loadAllSettings, SettingsError, SettingsProblem } from '../../lib/settings';
import { SETTINGS_DIR, tempDir } from '../helpers/repo';

const example = (env: EnvironmentName) => readFileSync(join(SETTINGS_DIR, env, 'terraform.tfvars'), 'utf8');
const HA = example('chocolandiadc');
const MVP = example('chocolandiadc-mvp');
const SANDBOX = example('kpi-sandbox');
const HOMELAB = example('k3s-homelab');
const GITOPS = example('k3s-gitops');

type Edits = Partial<Record<EnvironmentName, string>>;

/** Writes a settings dir with every environment: the examples, with `edits` in place of some. */
function settingsDir(edits: Edits = {}): string {
  const dir = tempDir('settings');
  for (const env of ENVIRONMENT_NAMES) {
    mkdirSync(join(dir, env));
    writeFileSync(join(dir, env, 'terraform.tfvars'), edits[env] ?? example(env));
  }
  return dir;
}

async function problems(edits: Edits = {}): Promise<SettingsProblem[]> {
  try {
    await loadAllSettings({ settingsDir: settingsDir(edits) });
  } catch (err) {
    if (err instanceof SettingsError) return [...err.problems];
    throw err;
  }
  return [];
}

/** Replaces exactly one occurrence, so a test cannot silently edit nothing. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

describe('example settings', () => {
  it('load, typed and frozen', async () => {
    const s = await loadAllSettings({ settingsDir: SETTINGS_DIR });
    expect(s.chocolandiadc.controlPlaneNodes.map((n) => n.hostname)).toEqual(['master1', 'master2', 'master3']);
    expect(s.chocolandiadc.workerNodes[0]).toEqual({
      hostname: 'nodo1', ipAddress: '192.168.1.104', sshUser: 'ubuntu', sshKeyPath: '~/.ssh/id_rsa', sshPort: 22,
    });
    expect(s.chocolandiadc.monitoring).toEqual({
      namespace: 'monitoring', prometheusRetention: '15d', prometheusStorageSize: '10Gi', grafanaAdminUser: 'admin',
    });
    expect(s['chocolandiadc-mvp'].controlPlaneNodes[0].ipAddress).toBe('192.168.4.10');
    expect(s['chocolandiadc-mvp'].workerNodes[0].ipAddress).toBe('192.168.4.11');
    expect(Object.isFrozen(s.chocolandiadc.controlPlaneNodes[0])).toBe(true);
  });
});

describe('field rules', () => {
  const cases: [string, string, string, string, RegExp][] = [
    // [description, from, to, expected path, expected rule]
    ['cluster_name not DNS-compliant', 'cluster_name = "chocolandiadc"', 'cluster_name = "Chocolandia_DC"', 'cluster_name', /DNS-compliant/],
    ['k3s_version not a K3s release', 'k3s_version  = "v1.28.3+k3s1"', 'k3s_version  = "1.28.3"', 'k3s_version', /K3s release like v1\.28\.3\+k3s1/],
    ['IPv4 octet out of range', '"192.168.1.102"', '"192.168.1.302"', 'control_plane_nodes[1].ip_address', /IPv4/],
    ['IPv4 not dotted quad', '"192.168.1.104"', '"nodo1.lan"', 'worker_nodes[0].ip_address', /IPv4/],
    ['server hostname pattern', 'hostname     = "master3"', 'hostname     = "mastr3"', 'control_plane_nodes[2].hostname', /master\[1-3\]/],
    ['worker hostname pattern', 'hostname     = "nodo1"', 'hostname     = "worker1"', 'worker_nodes[0].hostname', /nodo\[1-3\]/],
    ['retention not a duration', 'prometheus_retention    = "15d"', 'prometheus_retention    = "15 days"', 'prometheus_retention', /Prometheus duration/],
    ['storage not a quantity', 'prometheus_storage_size = "10Gi"', 'prometheus_storage_size = "10GB"', 'prometheus_storage_size', /Kubernetes quantity/],
    ['empty ssh_user', 'ssh_user     = "ubuntu"        # Replace with actual SSH user', 'ssh_user     = " "', 'control_plane_nodes[0].ssh_user', /must be a user name/],
    ['template sequence', 'ssh_key_path = "~/.ssh/id_rsa" # Replace with actual key path', 'ssh_key_path = "~/.ssh/${key}"', 'control_plane_nodes[0].ssh_key_path', /template sequence/],
    ['wrong type', 'grafana_admin_user      = "admin"', 'grafana_admin_user      = 42', 'grafana_admin_user', /must be a string/],
    ['ssh_user that ssh would read as an option', 'ssh_user     = "ubuntu"        # Replace with actual SSH user', 'ssh_user     = "-oProxyCommand=touch /tmp/pwned"', 'control_plane_nodes[0].ssh_user', /must be a user name/],
    ['ssh_port out of range', 'hostname     = "nodo1"', 'hostname = "nodo1"\n    ssh_port = 70000', 'worker_nodes[0].ssh_port', /TCP port from 1 to 65535/],
    ['ssh_port not a number', 'hostname     = "nodo1"', 'hostname = "nodo1"\n    ssh_port = "22"', 'worker_nodes[0].ssh_port', /must be a number/],
    ['ssh_host_key that is no public key line', 'hostname     = "nodo1"', 'hostname = "nodo1"\n    ssh_host_key = "192.168.1.104 ssh-ed25519 AAAAC3Nza"', 'worker_nodes[0].ssh_host_key', /must be the node's SSH host public key, one line as ssh-keyscan prints it without the host name/],
    // #25 item 9: the blob is decoded (SSH wire format: length, type name, key) and must be the type the line names.
    ['ssh_host_key whose base64 is no key blob', 'hostname     = "nodo1"', 'hostname = "nodo1"\n    ssh_host_key = "ssh-ed25519 AAAA root@nodo1"', 'worker_nodes[0].ssh_host_key', /its base64 key of the type it names/],
    ['ssh_host_key naming RSA with an ed25519 key', 'hostname     = "nodo1"', 'hostname = "nodo1"\n    ssh_host_key = "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIBVbqMiHjPOm2R6ML0lXx2mFN3oTlIAKZz0x7gO8zNtl root@nodo1"', 'worker_nodes[0].ssh_host_key', /its base64 key of the type it names/],
    ['ssh_host_key with a truncated ed25519 blob', 'hostname     = "nodo1"', 'hostname = "nodo1"\n    ssh_host_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5"', 'worker_nodes[0].ssh_host_key', /its base64 key of the type it names/],
    ['secrets_encryption not a boolean', 'grafana_admin_user      = "admin"', 'grafana_admin_user = "admin"\nsecrets_encryption = "off"', 'secrets_encryption', /must be a boolean/],
    ['version guard override not a boolean', 'grafana_admin_user      = "admin"', 'grafana_admin_user = "admin"\nallow_k3s_version_skew = "yes"', 'allow_k3s_version_skew', /must be a boolean/],
    ['ssh_wait_seconds of zero', 'grafana_admin_user      = "admin"', 'grafana_admin_user = "admin"\nssh_wait_seconds = 0', 'ssh_wait_seconds', /whole number of seconds from 1 to 86400/],
    ['ssh_timeout_seconds as a duration string', 'grafana_admin_user      = "admin"', 'grafana_admin_user = "admin"\nssh_timeout_seconds = "5m"', 'ssh_timeout_seconds', /must be a number/],
  ];
  it.each(cases)('refuses %s', async (_d, from, to, path, rule) => {
    const found = await problems({ chocolandiadc: edit(HA, from, to) });
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe(path);
    expect(found[0].rule).toMatch(rule);
    expect(found[0].file).toBe(join(found[0].file.split('/chocolandiadc/')[0], 'chocolandiadc/terraform.tfvars'));
  });

  it('accepts other valid values', async () => {
    let ha = edit(HA, '"15d"', '"1w2d"');
    ha = edit(ha, '"10Gi"', '"512Mi"');
    ha = edit(ha, '"v1.28.3+k3s1"', '"v1.31.4+k3s2"');
    ha = edit(ha, 'cluster_name = "chocolandiadc"', 'cluster_name = "lab-2"');
    ha = edit(ha, 'hostname     = "nodo1"', 'hostname = "nodo1"\n    ssh_port = 2222');
    ha = edit(ha, 'grafana_admin_user      = "admin"', 'grafana_admin_user = "admin"\nallow_k3s_version_skew = true');
    expect(await problems({ chocolandiadc: ha })).toEqual([]);
  });

  it('ssh_wait_seconds and ssh_timeout_seconds default to 120 and 300 and reach the typed settings', async () => {
    const all = await loadAllSettings({ settingsDir: settingsDir({ chocolandiadc: edit(HA, 'grafana_admin_user      = "admin"', 'grafana_admin_user = "admin"\nssh_wait_seconds = 30\nssh_timeout_seconds = 90') }) });
    expect(all.chocolandiadc).toMatchObject({ sshWaitSeconds: 30, sshTimeoutSeconds: 90 });
    for (const env of ['chocolandiadc-mvp', 'k3s-gitops'] as const) expect(all[env]).toMatchObject({ sshWaitSeconds: 120, sshTimeoutSeconds: 300 });
  });

  it('ssh_host_key and secrets_encryption reach the typed settings (secrets encrypted unless turned off)', async () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBVbqMiHjPOm2R6ML0lXx2mFN3oTlIAKZz0x7gO8zNtl root@nodo1';
    const dir = settingsDir({
      chocolandiadc: edit(HA, 'hostname     = "nodo1"', `hostname = "nodo1"\n    ssh_host_key = "${key}"`),
      'chocolandiadc-mvp': edit(MVP, 'cluster_name = "chocolandiadc-mvp"', 'cluster_name = "chocolandiadc-mvp"\nsecrets_encryption = false'),
    });
    const all = await loadAllSettings({ settingsDir: dir });
    expect(all.chocolandiadc.workerNodes[0].sshHostKey).toBe(key);
    expect(all.chocolandiadc.controlPlaneNodes[0]).not.toHaveProperty('sshHostKey');
    expect(all.chocolandiadc.secretsEncryption).toBe(true);
    expect(all['chocolandiadc-mvp'].secretsEncryption).toBe(false);
    for (const env of ['kpi-sandbox', 'k3s-homelab', 'k3s-gitops'] as const) expect(all[env].secretsEncryption).toBe(true);
  });

  it('refuses unknown keys, naming them', async () => {
    const found = await problems({ chocolandiadc: edit(HA, 'grafana_admin_user      = "admin"', 'grafana_admin_user = "admin"\ngrafana_admin_usr = "x"') });
    expect(found).toEqual([expect.objectContaining({ path: 'grafana_admin_usr', rule: expect.stringMatching(/unknown setting/) })]);
    const nested = await problems({ chocolandiadc: edit(HA, 'hostname     = "nodo1"', 'hostname = "nodo1"\n    ssh_prot = 2222') });
    expect(nested.map((p) => p.path)).toEqual(['worker_nodes[0].ssh_prot']);
  });

  it('names missing required keys', async () => {
    const found = await problems({ chocolandiadc: edit(HA, 'monitoring_namespace    = "monitoring"', '') });
    expect(found).toEqual([expect.objectContaining({ path: 'monitoring_namespace', rule: 'required setting is missing' })]);
    expect(found[0]).not.toHaveProperty('value');
  });
});

describe('cluster rules', () => {
  const master3 = `  {
    hostname     = "master3"
    ip_address   = "192.168.1.103"
    ssh_user     = "ubuntu"
    ssh_key_path = "~/.ssh/id_rsa"
  }`;
  it('HA needs an odd number of servers, at least 3', async () => {
    const two = edit(HA, `,\n${master3}`, '');
    const found = await problems({ chocolandiadc: two });
    expect(found).toEqual([expect.objectContaining({ path: 'control_plane_nodes', value: '2 node(s)', rule: expect.stringMatching(/odd number of servers, at least 3/) })]);
  });

  it('remove = true: a node leaves; the servers that stay keep the count rules (an even number only as a step of a shrink)', async () => {
    const gitops = (n: number, removed: number[]) => edit(GITOPS,
      '  { hostname = "gitops1", ip_address = "192.168.1.60", ssh_user = "ubuntu", ssh_key_path = "~/.ssh/id_ed25519" },\n',
      Array.from({ length: n }, (_, i) => `  { hostname = "gitops${i + 1}", ip_address = "192.168.1.${60 + i}", ssh_user = "ubuntu", ssh_key_path = "~/.ssh/id_ed25519"${removed.includes(i + 1) ? ', remove = true' : ''} },\n`).join(''));
    // 5 -> 3, one server per apply: 4 stay while gitops5 leaves, then 3 while gitops4 leaves.
    expect(await problems({ 'k3s-gitops': gitops(5, [5]) })).toEqual([]);
    expect(await problems({ 'k3s-gitops': gitops(5, [4, 5]) })).toEqual([]);
    expect(await problems({ 'k3s-gitops': gitops(4, []) })).toEqual([expect.objectContaining({ path: 'control_plane_nodes', rule: expect.stringMatching(/odd number of servers/) })]);
    expect(await problems({ 'k3s-gitops': gitops(3, [2, 3]) })).toEqual([expect.objectContaining({ rule: expect.stringMatching(/keeps at least 3 servers/) })]);
    // chocolandiadc keeps its 3 servers (seed 000): removing one would leave 2.
    const ha = edit(HA, 'hostname     = "master3"', 'hostname     = "master3"\n    remove       = true');
    expect(await problems({ chocolandiadc: ha })).toEqual([expect.objectContaining({ path: 'control_plane_nodes', value: '2 node(s) staying (the others remove = true)' })]);
    const worker = edit(HA, 'hostname     = "nodo1"', 'hostname     = "nodo1"\n    remove       = true');
    expect(await problems({ chocolandiadc: worker })).toEqual([]);
    expect(await problems({ chocolandiadc: edit(HA, 'hostname     = "nodo1"', 'hostname     = "nodo1"\n    remove       = "yes"') }))
      .toEqual([expect.objectContaining({ path: 'worker_nodes[0].remove', rule: 'must be a boolean, got string' })]);
  });

  it('refuses a duplicate IP or hostname anywhere in the cluster', async () => {
    const found = await problems({ chocolandiadc: edit(HA, '"192.168.1.104"', '"192.168.1.101"') });
    expect(found).toEqual([
      expect.objectContaining({ path: 'worker_nodes[0].ip_address', value: '192.168.1.101', rule: expect.stringMatching(/already used by control_plane_nodes\[0\]/) }),
    ]);
    const dupName = await problems({ chocolandiadc: edit(HA, 'hostname     = "master3"', 'hostname     = "master2"') });
    expect(dupName.map((p) => p.path)).toEqual(['control_plane_nodes[2].hostname']);
  });

  it('the MVP runs exactly one server and at most one worker', async () => {
    const twoServers = edit(MVP, '  }\n]\n\n# At most', '  },\n  {\n    hostname = "master2"\n    ip_address = "192.168.4.12"\n    ssh_user = "ubuntu"\n    ssh_key_path = "~/.ssh/id_rsa"\n  }\n]\n\n# At most');
    expect(await problems({ 'chocolandiadc-mvp': twoServers })).toEqual([expect.objectContaining({ path: 'control_plane_nodes', rule: expect.stringMatching(/exactly one server/) })]);
    // The reason and K3s's documented way out (#25 item 3).
    expect((await problems({ 'chocolandiadc-mvp': twoServers }))[0].rule).toMatch(/SQLite holds one server only, and servers added to it would try to join it as etcd members.*K3s converts the running server to embedded etcd when it restarts with cluster-init \(docs\.k3s\.io\/datastore\/ha-embedded\).*docs\/day2\.md#from-one-sqlite-server-to-embedded-etcd/);
    const noWorker = edit(MVP, MVP.slice(MVP.indexOf('worker_nodes = ['), MVP.length), 'worker_nodes = []\n');
    expect(await problems({ 'chocolandiadc-mvp': noWorker })).toEqual([]);
    const monitoringKey = `${MVP}\nmonitoring_namespace = "monitoring"\n`;
    expect((await problems({ 'chocolandiadc-mvp': monitoringKey })).map((p) => p.path)).toEqual(['monitoring_namespace']);
  });
});

describe('reporting', () => {
  it('reports every problem of every environment at once', async () => {
    const ha = edit(edit(HA, '"15d"', '"forever"'), 'hostname     = "nodo1"', 'hostname     = "node1"');
    const mvp = edit(MVP, 'k3s_version  = "v1.28.3+k3s1"', 'k3s_version  = "latest"');
    const found = await problems({ chocolandiadc: ha, 'chocolandiadc-mvp': mvp });
    expect(found.map((p) => `${p.file.split('/').slice(-2, -1)[0]}:${p.path}`).sort()).toEqual([
      'chocolandiadc-mvp:k3s_version',
      'chocolandiadc:prometheus_retention',
      'chocolandiadc:worker_nodes[0].hostname',
    ]);
  });

  it('formats file, field path, value and rule on one line', () => {
    expect(formatProblem({ file: 'a/terraform.tfvars', path: 'control_plane_nodes[2].hostname', value: 'mastr3', rule: 'must match master[1-3]' }))
      .toBe('a/terraform.tfvars: control_plane_nodes[2].hostname = "mastr3": must match master[1-3]');
  });

  it('names the file and line of an HCL syntax error', async () => {
    const found = await problems({ chocolandiadc: edit(HA, '    ip_address   = "192.168.1.102"', '    ip_address   = "192.168.1.102') });
    expect(found).toHaveLength(1);
    expect(found[0].rule).toMatch(/^HCL syntax error: .*terraform\.tfvars:1[89],/);
  });

  it('names a missing settings file', async () => {
    const dir = settingsDir();
    writeFileSync(join(dir, 'chocolandiadc/terraform.tfvars.bak'), '');
    require('fs').rmSync(join(dir, 'chocolandiadc/terraform.tfvars'));
    await expect(loadAllSettings({ settingsDir: dir })).rejects.toThrow(/chocolandiadc\/terraform\.tfvars: cannot read settings: file not found/);
  });
});

describe('parse cache', () => {
  it('is keyed by content: an edit is never served stale', async () => {
    const cacheDir = tempDir('cache');
    const dir = settingsDir();
    await loadAllSettings({ settingsDir: dir, cacheDir });
    writeFileSync(join(dir, 'chocolandiadc/terraform.tfvars'), edit(HA, '"15d"', '"30d"'));
    const s = await loadAllSettings({ settingsDir: dir, cacheDir });
    expect(s.chocolandiadc.monitoring.prometheusRetention).toBe('30d');
  });
});

describe('kpi-sandbox settings (seed 003)', () => {
  it('example: three VMs, control plane first, sizes from the defaults, default URI', async () => {
    const s = (await loadAllSettings({ settingsDir: SETTINGS_DIR }))['kpi-sandbox'];
    expect(s.nodes.map((n) => [n.name, n.ipAddress, n.role])).toEqual([
      ['k3s-cp-01', '192.168.122.10', 'server'], ['k3s-worker-01', '192.168.122.11', 'agent'], ['k3s-worker-02', '192.168.122.12', 'agent'],
    ]);
    expect(s.nodes[1]).toMatchObject({ vcpu: 6, memoryMiB: 10240, diskGiB: 80 });
    expect(s).toMatchObject({ k3sVersion: 'v1.34.3+k3s1', libvirtUri: 'qemu:///system', storagePool: 'libvirt_images', baseImage: 'k3s-node-ubuntu-24.04.qcow2' });
    expect(s.network).toEqual({ name: 'default', cidr: '192.168.122.0/24', prefixLength: 24, gateway: '192.168.122.1', dnsServers: ['8.8.8.8', '1.1.1.1'] });
    const noUri = await loadAllSettings({ settingsDir: settingsDir({ 'kpi-sandbox': edit(SANDBOX, 'libvirt_uri = "qemu:///system"', '') }) });
    expect(noUri['kpi-sandbox'].libvirtUri).toBe('qemu:///system');
  });

  it('a node may override its size', async () => {
    const dir = settingsDir({ 'kpi-sandbox': edit(SANDBOX, 'role = "agent" },\n  { name = "k3s-worker-02"', 'role = "agent", memory_mib = 4096 },\n  { name = "k3s-worker-02"') });
    const s = (await loadAllSettings({ settingsDir: dir }))['kpi-sandbox'];
    expect(s.nodes.map((n) => n.memoryMiB)).toEqual([10240, 4096, 10240]);
  });

  const cases: [string, string, string, string, RegExp][] = [
    ['remote URI accepted only in libvirt form', 'libvirt_uri = "qemu:///system"', 'libvirt_uri = "ssh://user@host"', 'libvirt_uri', /libvirt URI like qemu:\/\/\/system/],
    ['node IP outside the network', '"192.168.122.11"', '"192.168.1.11"', 'nodes[1].ip_address', /inside network_cidr 192\.168\.122\.0\/24/],
    ['node IP is the broadcast address', '"192.168.122.12"', '"192.168.122.255"', 'nodes[2].ip_address', /host address inside/],
    ['node IP is the gateway', '"192.168.122.12"', '"192.168.122.1"', 'nodes[2].ip_address', /not be the gateway/],
    ['duplicate IP', '"192.168.122.12"', '"192.168.122.11"', 'nodes[2].ip_address', /unique, already used by nodes\[1\]/],
    ['duplicate name', 'name = "k3s-worker-02"', 'name = "k3s-worker-01"', 'nodes[2].name', /unique, already used by nodes\[1\]/],
    ['memory not positive', 'node_memory_mib = 10240', 'node_memory_mib = 0', 'node_memory_mib', /positive number of MiB/],
    ['disk not whole', 'node_disk_gib   = 80', 'node_disk_gib   = 80.5', 'node_disk_gib', /whole number of GiB/],
    ['vcpu not a number', 'node_vcpu       = 6', 'node_vcpu       = "six"', 'node_vcpu', /must be a number/],
    ['role unknown', 'ip_address = "192.168.122.12", role = "agent"', 'ip_address = "192.168.122.12", role = "worker"', 'nodes[2].role', /"server" \(control plane\) or "agent"/],
    ['a private key instead of a public one', '"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGz4ustkkH4RUBdeJLV09Jnyynhf0ofYyqdPexXpGMNO operator@laptop"', '"-----BEGIN OPENSSH PRIVATE KEY-----"', 'ssh_authorized_keys[0]', /OpenSSH public key line/],
    ['gateway outside the network', 'network_gateway = "192.168.122.1"', 'network_gateway = "10.0.0.1"', 'network_gateway', /inside network_cidr/],
    ['network not a CIDR', 'network_cidr    = "192.168.122.0/24"', 'network_cidr    = "192.168.122.0"', 'network_cidr', /IPv4 network like 192\.168\.122\.0\/24/],
    ['unknown key', 'node_vcpu       = 6', 'node_vcpu       = 6\nnode_cpus = 6', 'node_cpus', /unknown setting/],
  ];
  it.each(cases)('%s', async (_d, from, to, path, rule) => {
    const found = await problems({ 'kpi-sandbox': edit(SANDBOX, from, to) });
    expect(found).toEqual([expect.objectContaining({ path, rule: expect.stringMatching(rule) })]);
    expect(found[0].file).toMatch(/kpi-sandbox\/terraform\.tfvars$/);
  });

  it('exactly one control plane', async () => {
    const two = edit(SANDBOX, 'ip_address = "192.168.122.11", role = "agent"', 'ip_address = "192.168.122.11", role = "server"');
    expect(await problems({ 'kpi-sandbox': two })).toEqual([expect.objectContaining({ path: 'nodes', value: '2 server(s)', rule: expect.stringMatching(/exactly one node with role = "server"/) })]);
  });

  it('missing keys are named, all at once', async () => {
    const found = await problems({ 'kpi-sandbox': edit(edit(SANDBOX, 'storage_pool = "libvirt_images"', ''), 'network_name    = "default"', '') });
    expect(found.map((p) => [p.path, p.rule])).toEqual([['storage_pool', 'required setting is missing'], ['network_name', 'required setting is missing']]);
  });
});

describe('k3s-homelab settings (seed 002)', () => {
  it('example: adopt k3s1, onboard k3s2 with its Longhorn disk, Flux from Git', async () => {
    const s = (await loadAllSettings({ settingsDir: SETTINGS_DIR }))['k3s-homelab'];
    expect(s.server).toMatchObject({ hostname: 'k3s1', ipAddress: '192.168.86.71', existing: true, longhornDiskPaths: ['/mnt/longhorn/sdh1'] });
    expect(s.nodes).toEqual([{ hostname: 'k3s2', labels: { storage: 'longhorn' }, longhornDiskPaths: ['/mnt/longhorn/sdb1'], joined: false }]);
    expect(s.flux).toMatchObject({ branch: 'main', path: './gitops/clusters/k3s-homelab' });
    expect(s.tailscaleSubnetRouter).toBe(false);
    expect(s.joinTokenFile).toBeUndefined();
  });

  it('the Tailscale router advertises the nodes\' own addresses by default (a node with a fixed address too), or tailscale_routes', async () => {
    const load = async (text: string) => (await loadAllSettings({ settingsDir: settingsDir({ 'k3s-homelab': text }) }))['k3s-homelab'];
    expect((await load(HOMELAB)).tailscaleRoutes).toEqual(['192.168.86.71/32']);
    const fixed = edit(HOMELAB, '# ip_address        = "192.168.86.72"', 'ip_address = "192.168.86.72"');
    expect((await load(fixed)).tailscaleRoutes).toEqual(['192.168.86.71/32', '192.168.86.72/32']);
    const given = edit(HOMELAB, 'tailscale_subnet_router = false', 'tailscale_subnet_router = true\ntailscale_routes = ["192.168.86.0/24"]');
    expect((await load(given)).tailscaleRoutes).toEqual(['192.168.86.0/24']);
    expect(await problems({ 'k3s-homelab': edit(HOMELAB, 'tailscale_subnet_router = false', 'tailscale_routes = ["10.42.0.0"]') }))
      .toEqual([expect.objectContaining({ path: 'tailscale_routes[0]', rule: expect.stringMatching(/IPv4 network/) })]);
  });

  const cases: [string, string, string, string, RegExp][] = [
    ['disk path outside /mnt/longhorn', '["/mnt/longhorn/sdb1"]', '["/data/sdb1"]', 'nodes[0].longhorn_disk_paths[0]', /\/mnt\/longhorn\/<disk>/],
    ['label value too long', '{ storage = "longhorn" }', `{ storage = "${'x'.repeat(64)}" }`, 'nodes[0].labels.storage', /label value/],
    ['repository not a URL', '"https://github.com/example/k3s-homelab.git"', '"github.com/example/k3s-homelab"', 'flux.repository_url', /https:\/\/ or ssh:\/\//],
    ['flux path not relative', '"./gitops/clusters/k3s-homelab"', '"/gitops"', 'flux.path', /starting with \.\//],
    ['existing not a bool', 'existing            = true', 'existing            = "yes"', 'server.existing', /must be a boolean, got string/],
    ['duplicate hostname', 'hostname            = "k3s2"', 'hostname            = "k3s1"', 'nodes[0].hostname', /unique, already used by server/],
    ['no kubeconfig for an adopted server', 'kubeconfig_path = "~/.kube/k3s-homelab.yaml"', '', 'kubeconfig_path', /required when server\.existing = true/],
    ['node IP used by the server', '# ip_address        = "192.168.86.72"', 'ip_address = "192.168.86.71"', 'nodes[0].ip_address', /unique, already used by server/],
    ['a typo', 'tailscale_subnet_router = false', 'tailscale_subnet_routers = false', 'tailscale_subnet_routers', /unknown setting/],
    // The label rules of lib/rules/kubernetes-labels.ts.
    ['a label value with a space', 'labels              = { storage = "longhorn" }', 'labels              = { storage = "long horn" }', 'nodes[0].labels.storage', /Kubernetes label value/],
    // #26 item 6: kubelet refuses node-role.kubernetes.io/* in --node-labels (it would fail on the machine after cloud-init).
    ['a label kubelet refuses', 'labels              = { storage = "longhorn" }', 'labels              = { storage = "longhorn", "node-role.kubernetes.io/worker" = "true" }', 'nodes[0].labels.node-role.kubernetes.io/worker', /kubelet refuses to start with a label key under kubernetes\.io or k8s\.io/],
  ];
  it.each(cases)('%s', async (_d, from, to, path, rule) => {
    const found = await problems({ 'k3s-homelab': edit(HOMELAB, from, to) });
    expect(found).toEqual([expect.objectContaining({ path, rule: expect.stringMatching(rule) })]);
  });
});

describe('k3s-gitops settings (seed 004)', () => {
  it('example: one server, seed 004 network defaults, the platform with three routes', async () => {
    const s = (await loadAllSettings({ settingsDir: SETTINGS_DIR }))['k3s-gitops'];
    expect(s).toMatchObject({ clusterCidr: '10.42.0.0/16', serviceCidr: '10.43.0.0/16', defaultStorageClass: 'local-path' });
    expect(s.platform).toMatchObject({ ingressController: 'traefik', domain: 'cluster.local', tls: { mode: 'selfsigned' }, podSecurityStandard: 'baseline', networkPolicies: true });
    expect(s.platform.routes.map((r) => [r.name, r.path, r.tls])).toEqual([['argocd', '/argocd', true], ['grafana', '/grafana', true], ['dashboard', '/dashboard', true]]);
  });

  const cases: [string, string, string, string, RegExp][] = [
    ['a route to an unknown service', 'name = "headlamp", namespace = "dashboard"', 'name = "kubernetes-dashboard", namespace = "dashboard"', 'platform.routes[2].service', /must be a service the platform runs: .*dashboard\/headlamp:8080/],
    ['a duplicate host and path', 'path = "/grafana"', 'path = "/argocd"', 'platform.routes[1].path', /host and path cluster\.local\/argocd already used by platform\.routes\[0\]/],
    ['a duplicate route name (subdomain)', '{ name = "grafana"', '{ name = "argocd"', 'platform.routes[1].name', /host argocd\.cluster\.local already used/],
    ['an issuer mode without an issuer', 'tls                = { mode = "selfsigned" }', 'tls                = { mode = "issuer" }', 'platform.tls.issuer', /required when tls\.mode = "issuer"/],
    ['an unknown controller', 'ingress_controller = "traefik"', 'ingress_controller = "haproxy"', 'platform.ingress_controller', /"traefik" \(bundled with K3s\) or "nginx"/],
    ['a path not starting with /', 'path = "/dashboard"', 'path = "dashboard"', 'platform.routes[2].path', /URL path starting with \//],
    ['an unknown Pod Security level', 'pod_security_standard = "baseline"', 'pod_security_standard = "strict"', 'platform.pod_security_standard', /"privileged", "baseline" or "restricted"/],
    ['equal pod and service networks', 'service_cidr          = "10.43.0.0/16"', 'service_cidr          = "10.42.0.0/16"', 'service_cidr', /must differ from cluster_cidr/],
    // The DNS-name rule of lib/rules/network.ts (the API address uses it too): an IP address is not a domain.
    ['an IP address as the domain', 'domain             = "cluster.local"', 'domain             = "10.0.0.1"', 'platform.domain', /must be a DNS name like cluster\.local .*not an IP address/],
  ];
  it.each(cases)('%s is refused, naming the field', async (_d, from, to, path, rule) => {
    const found = await problems({ 'k3s-gitops': edit(GITOPS, from, to) });
    expect(found).toEqual([expect.objectContaining({ path, rule: expect.stringMatching(rule) })]);
  });
  it.each([
    ['k3s-gitops', 'platform.repository_url', '"https://github.com/example/k3s-gitops.git"', '"https://me:ghp_s3cr3tT0ken@github.com/example/k3s-gitops.git"', 'https://me:***@github.com/example/k3s-gitops.git'],
    ['k3s-gitops', 'platform.repository_url', '"https://github.com/example/k3s-gitops.git"', '"https://ghp_s3cr3tT0ken@github.com/example/k3s-gitops.git"', 'https://***@github.com/example/k3s-gitops.git'],
    ['k3s-homelab', 'flux.repository_url', '"https://github.com/example/k3s-homelab.git"', '"ssh://git:s3cr3tT0ken@github.com/example/k3s-homelab.git"', 'ssh://git:***@github.com/example/k3s-homelab.git'],
    // The same rule for the sandbox's base image URL (lib/rules/url-credentials).
    ['kpi-sandbox', 'base_image', '"k3s-node-ubuntu-24.04.qcow2"', '"https://images:s3cr3tT0ken@nas.lan/k3s-node.qcow2"', 'https://images:***@nas.lan/k3s-node.qcow2'],
    ['kpi-sandbox', 'base_image', '"k3s-node-ubuntu-24.04.qcow2"', '"https://s3cr3tT0ken@nas.lan/k3s-node.qcow2"', 'https://***@nas.lan/k3s-node.qcow2'],
  ] as const)('%s: a repository or image URL carrying a token is refused without printing the token (%s)', async (env, path, from, to, shown) => {
    const found = await problems({ [env]: edit(example(env), from, to) });
    expect(found).toEqual([expect.objectContaining({ path, value: shown, rule: expect.stringMatching(/must not carry a password or token/) })]);
    expect(found.map(formatProblem).join('\n')).not.toMatch(/s3cr3tT0ken/);
  });

  it('a base image URL without credentials, or a volume name, is accepted', async () => {
    expect(await problems({ 'kpi-sandbox': edit(example('kpi-sandbox'), '"k3s-node-ubuntu-24.04.qcow2"', '"https://nas.lan/images/k3s-node.qcow2"') })).toEqual([]);
  });

  it('an SSH URL with the usual git user is accepted', async () => {
    expect(await problems({ 'k3s-gitops': edit(GITOPS, '"https://github.com/example/k3s-gitops.git"', '"ssh://git@github.com/example/k3s-gitops.git"') })).toEqual([]);
  });
});

describe('backend (where the state lives)', () => {
  const withBackend = (block: string) => edit(MVP, 'k3s_version  = "v1.28.3+k3s1"', `k3s_version  = "v1.28.3+k3s1"\n${block}`);
  const load = async (block: string) => (await loadAllSettings({ settingsDir: settingsDir({ 'chocolandiadc-mvp': withBackend(block) }) }))['chocolandiadc-mvp'].backend;

  it('defaults to local for every environment', async () => {
    const all = await loadAllSettings({ settingsDir: SETTINGS_DIR });
    for (const env of ENVIRONMENT_NAMES) expect(all[env].backend).toEqual({ type: 'local' });
  });

  it('pg: the schema defaults to the environment name', async () => {
    expect(await load('backend = { type = "pg" }')).toEqual({ type: 'pg', schemaName: 'chocolandiadc_mvp' });
    expect(await load('backend = { type = "pg", schema_name = "lab_state" }')).toEqual({ type: 'pg', schemaName: 'lab_state' });
  });

  it('s3: key after the environment, path style and locking on for a custom endpoint', async () => {
    expect(await load('backend = { type = "s3", bucket = "tofu-state", endpoint = "https://minio.lan:9000" }')).toEqual({
      type: 's3', bucket: 'tofu-state', key: 'chocolandiadc-mvp/terraform.tfstate', region: 'us-east-1',
      endpoint: 'https://minio.lan:9000', usePathStyle: true, useLockfile: true,
    });
  });

  it.each([
    ['backend = { type = "consul" }', 'backend.type', /type must be "local", "pg" or "s3"/, undefined],
    ['backend = { type = "pg", schema_name = "Lab-State" }', 'backend.schema_name', /PostgreSQL schema name/, 'Lab-State'],
    ['backend = { type = "pg", conn_str = "postgres://tofu:hunter2@db.lan/state" }', 'backend.conn_str', /comes from the environment: export PG_CONN_STR/, '***'],
    ['backend = { type = "s3", bucket = "Tofu_State" }', 'backend.bucket', /S3 bucket name/, 'Tofu_State'],
    ['backend = { type = "s3", bucket = "tofu-state", secret_key = "hunter2" }', 'backend.secret_key', /AWS_SECRET_ACCESS_KEY/, '***'],
    ['backend = { type = "s3", bucket = "tofu-state", endpoint = "https://minio:hunter2@minio.lan:9000" }', 'backend.endpoint', /must not carry a user or password/, 'https://minio:***@minio.lan:9000'],
    ['backend = { type = "s3", bucket = "tofu-state", endpoint = "minio.lan:9000" }', 'backend.endpoint', /http\(s\) URL/, 'minio.lan:9000'],
    // The region rule of lib/rules/s3.ts, shared with etcd snapshot targets.
    ['backend = { type = "s3", bucket = "tofu-state", region = "-eu" }', 'backend.region', /region name like us-east-1/, '-eu'],
  ])('refuses %s, naming the field, never showing a secret', async (block, path, rule, value) => {
    const found = await problems({ 'chocolandiadc-mvp': withBackend(block) });
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe(path);
    expect(found[0].rule).toMatch(rule);
    if (value !== undefined) expect(found[0].value).toBe(value);
    expect(formatProblem(found[0])).not.toContain('hunter2');
  });
});
