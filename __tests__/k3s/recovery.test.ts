import { spawnSync } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { parseAllDocuments } from 'yaml';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { K3sCluster, K3sClusterProps, kubeVipManifest, KUBE_VIP_IMAGE } from '../../lib/k3s';
import { isCronSchedule } from '../../lib/rules/etcd-snapshots';
import { ENVIRONMENT_NAMES, loadAllSettings, SettingsError } from '../../lib/settings';
import { reviewStack } from '../../tools/review/diff';
import { parseArgs, plan, restoreOrder } from '../../tools/restore/main';
import { exampleSettings, paths, SETTINGS_DIR, synthHa, tempDir } from '../helpers/repo';

const example = (env: string) => readFileSync(join(SETTINGS_DIR, env, 'terraform.tfvars'), 'utf8');

async function loadWith(env: string, extra: string) {
  const dir = tempDir('settings');
  for (const e of ENVIRONMENT_NAMES) {
    mkdirSync(join(dir, e));
    writeFileSync(join(dir, e, 'terraform.tfvars'), e === env ? `${example(e)}\n${extra}\n` : example(e));
  }
  try {
    return { settings: await loadAllSettings({ settingsDir: dir }), problems: [] as string[] };
  } catch (err) {
    if (err instanceof SettingsError) return { settings: undefined, problems: err.problems.map((p) => `${p.path} = ${JSON.stringify(p.value)}: ${p.rule}`) };
    throw err;
  }
}

const SNAPSHOTS = `etcd_snapshots = {
  schedule_cron = "0 */6 * * *"
  retention     = 10
  s3 = { endpoint = "https://minio.lan:9000", bucket = "k3s-snapshots", folder = "choco" }
}`;
const VIP = 'api_endpoint = { address = "192.168.1.100", kube_vip = { interface = "eth0" } }';

describe('etcd_snapshots and api_endpoint settings', () => {
  it('accept the documented forms and refuse bad values with the rule', async () => {
    expect((await loadWith('chocolandiadc', `${SNAPSHOTS}\n${VIP}`)).problems).toEqual([]);
    const bad = await loadWith('chocolandiadc', `etcd_snapshots = {
  schedule_cron = "every day"
  retention = 0
  directory = "snapshots"
  s3 = { endpoint = "http://minio.lan:9000", bucket = "Bad_Bucket", secret_key = "hunter2" }
}
api_endpoint = { address = "https://k3s.lan", kube_vip = { interface = "eth0" } }`);
    expect(bad.problems.join('\n')).toMatch(/etcd_snapshots\.schedule_cron = "every day": must be a cron schedule/);
    expect(bad.problems.join('\n')).toMatch(/etcd_snapshots\.retention = 0: must be a whole number of snapshots from 1 to 1000/);
    expect(bad.problems.join('\n')).toMatch(/etcd_snapshots\.directory = "snapshots": must be an absolute directory path/);
    expect(bad.problems.join('\n')).toMatch(/etcd_snapshots\.s3\.endpoint = "http:\/\/minio\.lan:9000": must be an https URL .*http:\/\/ only with insecure = true/);
    expect(bad.problems.join('\n')).toMatch(/etcd_snapshots\.s3\.bucket = "Bad_Bucket": must be an S3 bucket name/);
    expect(bad.problems.join('\n')).toMatch(/etcd_snapshots\.s3\.secret_key = "\*\*\*": must not be in the settings: set the sensitive variable etcd_s3_secret_key/);
    expect(bad.problems.join('\n')).not.toContain('hunter2');
    expect(bad.problems.join('\n')).toMatch(/api_endpoint\.address = "https:\/\/k3s\.lan": must be an IPv4 address or a DNS name/);
  });

  it('allow http:// only with insecure = true, refuse a node address as the virtual IP, and snapshots without embedded etcd', async () => {
    expect((await loadWith('chocolandiadc', 'etcd_snapshots = { s3 = { endpoint = "http://minio.lan:9000", bucket = "k3s", insecure = true } }')).problems).toEqual([]);
    expect((await loadWith('chocolandiadc', 'api_endpoint = { address = "192.168.1.102", kube_vip = { interface = "eth0" } }')).problems)
      .toEqual([expect.stringMatching(/api_endpoint\.address = "192\.168\.1\.102": must be a free address/)]);
    expect((await loadWith('k3s-gitops', 'etcd_snapshots = {}')).problems).toEqual([expect.stringMatching(/etcd_snapshots = "1 server\(s\)": needs embedded etcd/)]);
    expect((await loadWith('chocolandiadc-mvp', 'etcd_snapshots = {}')).problems).toEqual([expect.stringMatching(/etcd_snapshots.*unknown setting/)]);
    expect((await loadWith('chocolandiadc-mvp', 'api_endpoint = { address = "k3s.home.lan" }')).problems).toEqual([]);
  });

  it('cron rule follows the standard 5-field spec and descriptors', () => {
    for (const ok of ['0 */12 * * *', '*/5 1-3 1,15 * 0', '@daily', '@every 6h']) expect(isCronSchedule(ok)).toBe(true);
    for (const bad of ['0 */12 * *', '60 * * * *', '* 24 * * *', '0 0 0 * *', '@sometimes', '5-1 * * * *']) expect(isCronSchedule(bad)).toBe(false);
  });
});

describe('K3sCluster recovery props', () => {
  async function ha(extra: string): Promise<any> {
    const { settings } = await loadWith('chocolandiadc', extra);
    return synthHa(settings!.chocolandiadc);
  }
  const content = (json: any, resource: string, dest: RegExp) =>
    json.resource.null_resource[resource].provisioner.map((p: any) => p.file).find((f: any) => f && dest.test(f.destination))?.content as string;

  it('writes the snapshot keys on servers only, with the S3 keys from sensitive variables, never literals', async () => {
    const json = await ha(SNAPSHOTS);
    const server = content(json, 'master2_install', /config\.yaml$/);
    expect(server).toContain('etcd-snapshot-schedule-cron: 0 */6 * * *\netcd-snapshot-retention: 10\netcd-s3: true\netcd-s3-endpoint: minio.lan:9000\netcd-s3-bucket: k3s-snapshots\netcd-s3-folder: choco\n');
    expect(server).toContain('etcd-s3-access-key: ${jsonencode(var.etcd_s3_access_key)}');
    expect(server).toContain('etcd-s3-secret-key: ${jsonencode(var.etcd_s3_secret_key)}');
    expect(content(json, 'nodo1_install', /config\.yaml$/)).not.toContain('etcd-');
    expect(json.variable.etcd_s3_secret_key).toMatchObject({ sensitive: true, nullable: false, type: 'string' });
    // A change re-runs the installer on the servers through the upgrade resources, not the install ones.
    expect(json.resource.null_resource.master1_upgrade.triggers.etcd_snapshots).toBe('schedule 0 */6 * * *, keep 10, in (K3s default directory), copy to https://minio.lan:9000/k3s-snapshots/choco');
    expect(json.resource.null_resource.master1_install.triggers.etcd_snapshots).toBeUndefined();
    expect(json.resource.null_resource.nodo1_upgrade.triggers.etcd_snapshots).toBeUndefined();
  });

  it('routes agents, joining servers, the kubeconfig and the output through api_endpoint, and installs kube-vip on servers', async () => {
    const json = await ha(VIP);
    expect(content(json, 'nodo1_install', /config\.yaml$/)).toContain('server: https://192.168.1.100:6443');
    for (const s of ['master1', 'master2', 'master3']) {
      expect(content(json, `${s}_install`, /config\.yaml$/)).toMatch(/tls-san:\n  - 192\.168\.1\.10\d\n  - 192\.168\.1\.100\n/);
      expect(content(json, `${s}_install`, /manifests\/kube-vip\.yaml$/)).toContain('value: 192.168.1.100');
      expect(json.resource.null_resource[`${s}_upgrade`].triggers.api_endpoint).toBe('192.168.1.100');
    }
    const install = json.resource.null_resource.master2_install.provisioner.map((p: any) => p['remote-exec']?.inline?.[0]).find((c: string) => c?.includes('install-k3s.sh'));
    expect(install).toContain("--join-candidates '192.168.1.100 192.168.1.101 192.168.1.103'");
    expect(json.output.api_endpoint.value).toBe('https://192.168.1.100:6443');
    expect(json.output.api_endpoint.description).toMatch(/kube-vip/);
    expect(json.resource.local_file.kubeconfig.content).toContain('https://192.168.1.100:6443');
    expect(json.resource.null_resource.nodo1_install.triggers.api_endpoint).toBeUndefined();
  });

  it('refuses bad props naming the construct path, the field, the value and the rule', () => {
    const base: K3sClusterProps = {
      clusterName: 'c', k3sVersion: 'v1.28.3+k3s1', configTemplate: {}, bootstrapDir: join(__dirname, '../../bootstrap'), kubeconfigPath: 'k', fetchedKubeconfigPath: 'f',
      servers: ['a', 'b', 'c'].map((h, i) => ({ hostname: h, host: `10.0.0.${i + 1}`, user: 'u', keyPath: '/k' })),
    };
    const make = (p: Partial<K3sClusterProps>) => () => {
      const stack = new TerraformStack(new App(), 's');
      return new K3sCluster(stack, 'cluster', { ...base, ...p });
    };
    expect(make({ apiAddress: 'http://x' })).toThrow(/^s\/cluster: apiAddress = "http:\/\/x": must be an IPv4 address or a DNS name/);
    expect(make({ apiAddress: 'k3s.lan', kubeVipInterface: 'eth0' })).toThrow(/kubeVipInterface = "eth0": needs apiAddress to be an IPv4 address/);
    expect(make({ apiAddress: '10.0.0.2', kubeVipInterface: 'eth0' })).toThrow(/apiAddress = "10.0.0.2": must not be a node's own address/);
    expect(make({ etcdSnapshots: { scheduleCron: 'daily' } })).toThrow(/s\/cluster: etcdSnapshots\.scheduleCron = "daily": must be a cron schedule/);
    expect(make({ etcdSnapshots: { s3: { endpoint: 'https://m', bucket: 'b1b', accessKey: 'AKIA', secretKey: 'x' } } }))
      .toThrow(/etcdSnapshots\.s3\.accessKey = "\*\*\*": must be a Terraform reference/);
    expect(make({ servers: base.servers.slice(0, 1), embeddedEtcd: false, etcdSnapshots: {} })).toThrow(/etcdSnapshots = "\(set\)": needs embedded etcd/);
    // Unresolved tokens are left to Terraform.
    expect(() => {
      const stack = new TerraformStack(new App(), 's');
      const v = new TerraformVariable(stack, 'cron', { type: 'string' });
      new K3sCluster(stack, 'cluster', { ...base, etcdSnapshots: { scheduleCron: v.stringValue } });
    }).not.toThrow();
  });
});

describe('kube-vip manifest', () => {
  it('is valid Kubernetes objects (kubernetes-models schemas), pinned, ARP on the given interface, control plane only', () => {
    const docs = parseAllDocuments(kubeVipManifest({ address: '192.168.1.100', interface: 'enp1s0' })).map((d) => d.toJSON());
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'DaemonSet']);
    new ServiceAccount(docs[0]).validate();
    new ClusterRole(docs[1]).validate();
    new ClusterRoleBinding(docs[2]).validate();
    new DaemonSet(docs[3]).validate();
    const c = docs[3].spec.template.spec.containers[0];
    expect(c.image).toBe(KUBE_VIP_IMAGE);
    expect(KUBE_VIP_IMAGE).toMatch(/:v\d+\.\d+\.\d+$/);
    const env = Object.fromEntries(c.env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ vip_arp: 'true', cp_enable: 'true', vip_interface: 'enp1s0', address: '192.168.1.100', port: '6443', vip_leaderelection: 'true' });
    // No Service load balancer: without --services the generator writes no svc_* variable, and kube-vip's default is off (cmd/kube-vip.go v1.2.3).
    expect(Object.keys(env).filter((k) => k.startsWith('svc_'))).toEqual([]);
    expect(docs[3].spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms
      .flatMap((t: any) => t.matchExpressions.map((m: any) => m.key))).toContain('node-role.kubernetes.io/control-plane');
    expect(docs[3].spec.template.spec.serviceAccountName).toBe(docs[0].metadata.name);
  });
});

describe('review of recovery settings', () => {
  it('says in words what a snapshot or API address change does', async () => {
    const before = synthHa((await exampleSettings()).chocolandiadc);
    const { settings } = await loadWith('chocolandiadc', `${SNAPSHOTS}\n${VIP}`);
    const md = reviewStack('chocolandiadc', before, synthHa(settings!.chocolandiadc)).markdown;
    expect(md).toMatch(/etcd snapshot settings \(none\) → `schedule 0 \*\/6 \* \* \*, keep 10.*`: the installer re-runs with the new K3s config on master1, master2, master3, so K3s restarts there, one node at a time/);
    expect(md).toMatch(/API address \(none\) → `192\.168\.1\.100`: in every server's certificate \(tls-san\); agents register through it.*on master1, master2, master3, nodo1/);
    const back = reviewStack('chocolandiadc', synthHa(settings!.chocolandiadc), before);
    expect(back.markdown).toMatch(/kube-vip manifest stays on the servers/);
  });
});

describe('npm run restore', () => {
  it('parses its arguments and refuses what it cannot do', () => {
    expect(parseArgs(['chocolandiadc', '--snapshot', 'pre-upgrade-v1.28.3-k3s1', '--yes'])).toEqual({ env: 'chocolandiadc', snapshot: 'pre-upgrade-v1.28.3-k3s1', from: undefined, yes: true });
    // docs/recovery.md's second and third examples: another server first, a snapshot by path.
    expect(parseArgs(['chocolandiadc', '--snapshot', 'etcd-snapshot-master2-1764500000', '--from', 'master2']))
      .toEqual({ env: 'chocolandiadc', snapshot: 'etcd-snapshot-master2-1764500000', from: 'master2', yes: false });
    expect(parseArgs(['chocolandiadc', '--snapshot', '/var/lib/rancher/k3s/server/db/snapshots/on-demand-master1-1764500000', '--yes']).snapshot)
      .toBe('/var/lib/rancher/k3s/server/db/snapshots/on-demand-master1-1764500000');
    expect(() => parseArgs(['chocolandiadc'])).toThrow(/--snapshot is required/);
    expect(() => parseArgs(['chocolandiadc', '--snapshot', 'x; rm -rf /'])).toThrow(/must be a snapshot name or an absolute path/);
    expect(() => parseArgs(['--snapshot', 'x'])).toThrow(/name the environment/);
  });

  it('restores on the chosen server first and says what it will do before doing it', async () => {
    const servers = (await exampleSettings()).chocolandiadc.controlPlaneNodes;
    expect(restoreOrder(servers, 'master2').map((s) => s.hostname)).toEqual(['master2', 'master1', 'master3']);
    expect(() => restoreOrder(servers, 'nodo1')).toThrow(/not a server of this environment/);
    const text = plan('chocolandiadc', restoreOrder(servers), 'snap');
    expect(text).toMatch(/stop K3s on master1, master2, master3/);
    expect(text).toMatch(/on master1: k3s server --cluster-reset --cluster-reset-restore-path=<snapshot>/);
    expect(text).toMatch(/start master1, then master2, master3 one at a time/);
  });

  it('asks before it changes anything, and without a terminal refuses unless --yes is given', () => {
    const r = spawnSync(process.execPath, [join(__dirname, '../../dist/tools/restore/main.js'), 'chocolandiadc', '--snapshot', 'snap'], { encoding: 'utf8', input: '' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Restore chocolandiadc from etcd snapshot snap/);
    expect(r.stderr).toMatch(/Not restored: no terminal to ask on; add --yes to run without asking\./);
    const mvp = spawnSync(process.execPath, [join(__dirname, '../../dist/tools/restore/main.js'), 'chocolandiadc-mvp', '--snapshot', 'snap', '--yes'], { encoding: 'utf8' });
    expect(mvp.status).toBe(2);
    expect(mvp.stderr).toMatch(/chocolandiadc-mvp has 1 server\(s\): restore is for embedded etcd/);
  });
});

void paths;
