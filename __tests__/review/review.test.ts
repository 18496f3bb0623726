import { reviewStack, MASK } from '../../tools/review/diff';
import { cacheFile, review } from '../../tools/review/main';
import { appendFileSync } from 'fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { join } from 'path';
import { AllSettings, loadAllSettings } from '../../lib/settings';
import { copyExampleSettings, exampleSettings, ROOT, StackJson, synthGitops, synthHa, synthHomelab, synthMvp, synthSandbox } from '../helpers/repo';

/** The example HA settings with every node's host key pinned (no host-key warnings). */
/** An ed25519 host key line whose blob (SSH wire format) carries the host name as its 32 key bytes. */
const hostKey = (hostname: string) => {
  const str = (b: Buffer) => { const n = Buffer.alloc(4); n.writeUInt32BE(b.length); return Buffer.concat([n, b]); };
  const blob = Buffer.concat([str(Buffer.from('ssh-ed25519')), str(Buffer.from(hostname.padEnd(32, '.')))]);
  return `ssh-ed25519 ${blob.toString('base64')} root@${hostname}`;
};
const pinned = (all: AllSettings): AllSettings['chocolandiadc'] => {
  const s = all.chocolandiadc;
  const withKey = (n: typeof s.controlPlaneNodes[number]) => ({ ...n, sshHostKey: hostKey(n.hostname) });
  return { ...s, controlPlaneNodes: s.controlPlaneNodes.map(withKey), workerNodes: s.workerNodes.map(withKey) };
};
/** The lines under a stack review's `### ⚠ Warnings` heading. */
const warningLines = (md: string): string[] => {
  const at = md.indexOf('### ⚠ Warnings\n');
  return at < 0 ? [] : md.slice(at).split('\n').filter((l) => l.startsWith('- '));
};
let ha: StackJson;
beforeAll(async () => { ha = synthHa(pinned(await exampleSettings())); });
const copy = (): any => JSON.parse(JSON.stringify(ha));

describe('npm run review: one stack', () => {
  it('reports nothing for identical JSON', () => {
    expect(reviewStack('chocolandiadc', ha, ha)).toEqual({ markdown: expect.stringContaining('No changes.'), warnings: 0 });
    expect(reviewStack('chocolandiadc', ha, ha).markdown).not.toContain('Notice');
  });

  it('a kube-prometheus-stack major upgrade: warns to apply the new operator\'s CRDs first (Helm does not), with the command', () => {
    const old = copy();
    old.resource.helm_release.kube_prometheus_stack.version = '65.1.1';
    const r = reviewStack('chocolandiadc', old, ha);
    expect(ha.resource.helm_release.kube_prometheus_stack.version).toBe('88.5.3');
    expect(r.markdown).toContain('`helm_release.kube_prometheus_stack`: kube-prometheus-stack 65.1.1 → 88.5.3 crosses 23 chart major(s): apply the Prometheus Operator v0.93.1 CRDs first (Helm does not upgrade them): `kubectl apply --server-side -f https://raw.githubusercontent.com/prometheus-operator/prometheus-operator/v0.93.1/example/prometheus-operator-crd/monitoring.coreos.com_alertmanagerconfigs.yaml');
    expect(r.markdown.match(/monitoring\.coreos\.com_\w+\.yaml/g)).toHaveLength(10);
    expect(r.warnings).toBe(1);
    // Within a major: no CRD step.
    const patch = copy();
    patch.resource.helm_release.kube_prometheus_stack.version = '88.5.2';
    expect(reviewStack('chocolandiadc', patch, ha).warnings).toBe(0);
  });

  it('shows what synth noticed about the stack (a K3s past end of life) under its heading, even without changes', () => {
    const r = reviewStack('chocolandiadc', ha, ha, ['K3s v1.28.3+k3s1 is past end of life']);
    expect(r.markdown).toMatch(/^## chocolandiadc\n\n> \*\*Notice\*\*: K3s v1\.28\.3\+k3s1 is past end of life\n\n/);
    expect(r.markdown).toContain('No changes.');
  });

  it('a version change: only upgrade resources replaced; install provisioners listed as no plan change', async () => {
    const s = pinned(await exampleSettings());
    const r = reviewStack('chocolandiadc', ha, synthHa({ ...s, k3sVersion: 'v1.29.0+k3s1' }));
    expect(r.markdown).toMatch(/\*\*Replaced\*\* \(4\): `null_resource\.master1_upgrade`, `null_resource\.master2_upgrade`, `null_resource\.master3_upgrade`, `null_resource\.nodo1_upgrade`/);
    expect(r.markdown).toMatch(/\*\*Provisioners changed \(no plan change\)\*\* \(4\): `null_resource\.master1_install`/);
    expect(r.markdown).toMatch(/`triggers\.k3s_version`: `"v1\.28\.3\+k3s1"` → `"v1\.29\.0\+k3s1"`/);
    expect(r.warnings).toBe(0);
  });

  it('a node added with a version bump: says it installs after the servers upgraded (#25 item 8)', async () => {
    const s = pinned(await exampleSettings());
    const nodo2 = { ...s.workerNodes[0], hostname: 'nodo2', ipAddress: '192.168.1.105' };
    const r = reviewStack('chocolandiadc', ha, synthHa({ ...s, k3sVersion: 'v1.29.0+k3s1', workerNodes: [...s.workerNodes, nodo2] }));
    expect(r.markdown).toContain('- `nodo2` (agent) joins in this apply with K3s v1.29.0+k3s1: it installs after the servers before it have upgraded, never newer than the API servers.');
    // Without a version change, nothing to say.
    expect(reviewStack('chocolandiadc', ha, synthHa({ ...s, workerNodes: [...s.workerNodes, nodo2] })).markdown).not.toContain('joins in this apply');
  });

  it('warns once per node reached over SSH without a host key; a new host key is an in-place change', async () => {
    const s = (await exampleSettings()).chocolandiadc;
    const unpinned = synthHa(s);
    const r = reviewStack('chocolandiadc', unpinned, unpinned);
    expect(r.warnings).toBe(4);
    expect(r.markdown).toContain('- nodo1 (192.168.1.104) has no ssh_host_key: SSH does not verify it, so whatever answers there first gets its config and join token (docs/ssh-and-tokens.md: ssh-keyscan once, verify out of band)');
    for (const n of ['master1 (192.168.1.101)', 'master2 (192.168.1.102)', 'master3 (192.168.1.103)']) expect(r.markdown).toContain(`- ${n} has no ssh_host_key`);
    const added = reviewStack('chocolandiadc', unpinned, ha);
    expect(added.warnings).toBe(0);
    expect(added.markdown).not.toMatch(/\*\*Replaced\*\*/);
    expect(added.markdown).toContain(`\`master1\`: connection details change (ssh_host_key (none) → \`"${hostKey('master1')}"\`): **updated in place**`);
  });

  it('a resource whose only change is depends_on plans nothing: not listed as Changed (#25 item 9)', () => {
    const after = copy();
    after.resource.null_resource.nodo1_install.depends_on = ['null_resource.master1_install'];
    const before = copy();
    before.resource.helm_release.kube_prometheus_stack.depends_on = [...(before.resource.helm_release.kube_prometheus_stack.depends_on ?? []), 'null_resource.nodo1_install'];
    const r = reviewStack('chocolandiadc', before, after);
    expect(r.markdown).not.toMatch(/\*\*Changed\*\*/);
    expect(r.markdown).not.toContain('depends_on');
    expect(r.markdown).toContain('No changes.');
  });

  it('warns when an install resource would be replaced (the node leaves, is uninstalled and installed again)', () => {
    const after = copy();
    after.resource.null_resource.master2_install.triggers.role = 'agent';
    const r = reviewStack('chocolandiadc', ha, after);
    expect(r.markdown).toMatch(/\*\*Replaced\*\* \(1\): `null_resource\.master2_install`/);
    // A warning (counted, under the Warnings heading), not a note (#25 item 13).
    expect(warningLines(r.markdown)).toEqual([
      '- `null_resource.master2_install` is replaced: master2 leaves the cluster (after a quorum check), K3s is uninstalled and installed again.',
      '- Servers 3 → 2: embedded etcd needs an odd number of servers, at least 3, to keep quorum.',
    ]);
    expect(r.warnings).toBe(2);
  });

  it('a replaced single-server (SQLite) server: says its data and CA go, the refusal, the flag and the agents\' re-join', async () => {
    const mvp = synthMvp((await exampleSettings())['chocolandiadc-mvp']);
    const after = JSON.parse(JSON.stringify(mvp));
    after.resource.null_resource.master1_k3s_server.triggers.role = 'agent';
    const r = reviewStack('chocolandiadc-mvp', mvp, after);
    expect(r.markdown).toContain("`null_resource.master1_k3s_server` is replaced: master1 is the only server of a single-server (SQLite) cluster, so its uninstall deletes the cluster's data and CA. " +
      'bootstrap/leave-cluster.sh refuses it while agents are joined unless `K3S_ALLOW_DATA_LOSS=master1` is set; then re-join each agent');
    expect(r.markdown).not.toContain('after a quorum check');
  });

  it('shows a connection change (address, user, key path, port) as updated in place, with no replacement; a new address warns that K3s keeps its node-ip', async () => {
    const s = pinned(await exampleSettings());
    const moved = { ...s, controlPlaneNodes: s.controlPlaneNodes.map((n) => ({ ...n, sshKeyPath: '/root/.ssh/id_rsa' })),
      workerNodes: s.workerNodes.map((n) => ({ ...n, ipAddress: '192.168.1.120', sshPort: 2222, sshUser: 'admin' })) };
    const r = reviewStack('chocolandiadc', ha, synthHa(moved));
    expect(r.markdown).not.toMatch(/\*\*Replaced\*\*/);
    // Node IPs feed the monitoring chart's scrape targets; no K3s resource changes.
    expect(r.markdown).not.toMatch(/\*\*Changed\*\*[^\n]*null_resource/);
    expect(r.markdown).toMatch(/`master1`: connection details change \(ssh_key_path `"~\/\.ssh\/id_rsa"` → `"\/root\/\.ssh\/id_rsa"`\): \*\*updated in place\*\*, nothing is reinstalled/);
    expect(r.markdown).toMatch(/`nodo1`: connection details change \(host `"192\.168\.1\.104"` → `"192\.168\.1\.120"`, ssh_port `"22"` → `"2222"`, ssh_user `"ubuntu"` → `"admin"`\): \*\*updated in place\*\*/);
    // K3s's own address (node-ip) does not follow: one warning, with the command that finishes the move (#25 item 4).
    expect(warningLines(r.markdown)).toEqual([
      '- `nodo1` moves `192.168.1.104` → `192.168.1.120`: its install is updated in place, but K3s keeps node-ip on `192.168.1.104` (config.yaml is rewritten only when the installer runs there again), while Terraform (the kubeconfig, the providers, every later step) already uses `192.168.1.120`. Finish the move with `tofu apply -replace=\'null_resource.nodo1_upgrade\'`: the installer runs again with the new config, K3s restarts there, nothing is uninstalled.',
    ]);
    expect(r.warnings).toBe(1);
    // A key path or user alone changes nothing K3s knows: no warning.
    const keyOnly = { ...s, controlPlaneNodes: s.controlPlaneNodes.map((n) => ({ ...n, sshKeyPath: '/root/.ssh/id_rsa' })) };
    expect(reviewStack('chocolandiadc', ha, synthHa(keyOnly)).warnings).toBe(0);
  });

  it('a server of embedded etcd that moves: the review agrees with docs/day2.md (replace the server), with the command (#25 item 4)', async () => {
    const s = pinned(await exampleSettings());
    const moved = { ...s, controlPlaneNodes: s.controlPlaneNodes.map((n) => (n.hostname === 'master2' ? { ...n, ipAddress: '192.168.1.120' } : n)) };
    const r = reviewStack('chocolandiadc', ha, synthHa(moved));
    expect(warningLines(r.markdown)).toEqual([
      '- `master2` moves `192.168.1.102` → `192.168.1.120`: its install is updated in place, but K3s keeps node-ip and tls-san and its etcd peer URL on `192.168.1.102` (config.yaml is rewritten only when the installer runs there again), while Terraform (the kubeconfig, the providers, every later step) already uses `192.168.1.120`. An etcd member\'s address does not move by itself: replace the server to finish the move (docs/day2.md): `tofu apply -replace=\'null_resource.master2_install\'` (it leaves etcd after a quorum check and joins again at `192.168.1.120`).',
    ]);
    expect(r.markdown).not.toMatch(/\*\*Replaced\*\*/);
  });

  it('a single server (SQLite) that moves: re-run its installer; its agents\' server URL follows with theirs (#25 item 4)', async () => {
    const mvp = (await exampleSettings())['chocolandiadc-mvp'];
    const r = reviewStack('chocolandiadc-mvp', synthMvp(mvp), synthMvp({ ...mvp, controlPlaneNodes: mvp.controlPlaneNodes.map((n) => ({ ...n, ipAddress: '192.168.4.30' })) }));
    expect(r.markdown).toContain('- `master1` moves `192.168.4.10` → `192.168.4.30`: its install is updated in place, but K3s keeps node-ip and tls-san on `192.168.4.10`');
    expect(r.markdown).toContain("Finish the move with `tofu apply -replace='null_resource.master1_upgrade'`");
    expect(r.markdown).toContain("- `nodo1`: its K3s config changes (server `https://192.168.4.10:6443` → `https://192.168.4.30:6443`) but the installer does not run again in this apply: the node keeps its current config until the next upgrade. To apply it now, one node at a time: `tofu apply -replace='null_resource.nodo1_upgrade'`");
    // The token is never shown, even by name only when it is unchanged.
    expect(r.markdown).not.toMatch(/random_password|K10/);
  });

  it('a version change re-runs the installer with the new config anyway: no config note (#25 item 4)', async () => {
    const s = pinned(await exampleSettings());
    const moved = { ...s, k3sVersion: 'v1.28.15+k3s1', workerNodes: s.workerNodes.map((n) => ({ ...n, ipAddress: '192.168.1.120' })) };
    const r = reviewStack('chocolandiadc', ha, synthHa(moved));
    expect(r.markdown).not.toContain('moves `');
    expect(r.markdown).not.toContain('its K3s config changes');
    expect(r.warnings).toBe(0);
  });

  it('k3s-gitops gains the metrics bindings: the review says the running nodes get them with the next upgrade, and how to apply them now (#25 item 10)', async () => {
    const now = synthGitops((await exampleSettings())['k3s-gitops']);
    // The JSON of a revision before the bindings: the same config without them.
    const before = JSON.parse(JSON.stringify(now));
    for (const r of Object.values<any>(before.resource.null_resource)) {
      for (const p of r.provisioner ?? []) {
        if (p.file?.destination?.endsWith('/config.yaml')) {
          const config = parseYaml(p.file.content);
          for (const k of ['kube-proxy-arg', 'kube-controller-manager-arg', 'kube-scheduler-arg']) delete config[k];
          p.file.content = stringifyYaml(config);
        }
      }
    }
    const r = reviewStack('k3s-gitops', before, now);
    expect(r.markdown).toContain("- `gitops1`: its K3s config changes (kube-controller-manager-arg (none) → `bind-address=192.168.1.60`; kube-proxy-arg (none) → `metrics-bind-address=192.168.1.60:10249`; kube-scheduler-arg (none) → `bind-address=192.168.1.60`) but the installer does not run again in this apply: the node keeps its current config until the next upgrade. To apply it now, one node at a time: `tofu apply -replace='null_resource.gitops1_upgrade'`");
  });

  it('servers added to a single SQLite server: warns with K3s\'s conversion (cluster-init) before the apply fails half-way (#25 item 3)', async () => {
    const g = (await exampleSettings())['k3s-gitops'];
    const first = g.controlPlaneNodes[0];
    const three = { ...g, controlPlaneNodes: [first, { ...first, hostname: 'gitops2', ipAddress: '192.168.1.62' }, { ...first, hostname: 'gitops3', ipAddress: '192.168.1.63' }] };
    const r = reviewStack('k3s-gitops', synthGitops(g), synthGitops(three));
    expect(warningLines(r.markdown)).toContainEqual('- Servers 1 → 3: `gitops1` keeps the cluster\'s data in SQLite, which holds one server only, and `gitops2`, `gitops3` would join it as etcd members: the apply fails half-way. ' +
      'Convert it to embedded etcd first (docs.k3s.io/datastore/ha-embedded): take a backup, add `cluster-init: true` to /etc/rancher/k3s/config.yaml on gitops1 and run `sudo systemctl restart k3s` there; ' +
      'once `kubectl get nodes` shows it as `control-plane,etcd`, apply. Steps: docs/day2.md#from-one-sqlite-server-to-embedded-etcd.');
    // Three embedded-etcd servers to five: nothing to convert.
    const five = { ...three, controlPlaneNodes: [...three.controlPlaneNodes, { ...first, hostname: 'gitops4', ipAddress: '192.168.1.64' }, { ...first, hostname: 'gitops5', ipAddress: '192.168.1.65' }] };
    expect(reviewStack('k3s-gitops', synthGitops(three), synthGitops(five)).markdown).not.toContain('SQLite');
  });

  it('warns about a K3s version that skips a minor or goes back, naming the nodes and the override', async () => {
    const s = pinned(await exampleSettings());
    const skip = reviewStack('chocolandiadc', ha, synthHa({ ...s, k3sVersion: 'v1.30.6+k3s1' }));
    expect(skip.markdown).toMatch(/K3s v1\.28\.3\+k3s1 → v1\.30\.6\+k3s1 on master1, master2, master3, nodo1 \*\*skips a minor version\*\*.*allow_k3s_version_skew = true.*Upgrade to a v1\.29 release first/);
    expect(skip.warnings).toBe(1);
    const down = reviewStack('chocolandiadc', ha, synthHa({ ...s, k3sVersion: 'v1.27.1+k3s1' }));
    expect(down.markdown).toMatch(/K3s v1\.28\.3\+k3s1 → v1\.27\.1\+k3s1 on master1, master2, master3, nodo1 is a \*\*downgrade\*\*/);
    expect(down.warnings).toBe(1);
    const patch = reviewStack('chocolandiadc', ha, synthHa({ ...s, k3sVersion: 'v1.28.15+k3s2' }));
    expect(patch.markdown).toMatch(/K3s v1\.28\.3\+k3s1 → v1\.28\.15\+k3s2 on .*: upgraded in place/);
    expect(patch.warnings).toBe(0);
  });

  it('warns when more than one server would leave in one apply', () => {
    const after = copy();
    after.resource.null_resource.master2_install.triggers.role = 'agent';
    delete after.resource.null_resource.master3_install;
    const r = reviewStack('chocolandiadc', ha, after);
    expect(r.markdown).toMatch(/would remove or replace 2 servers at once \(`null_resource\.master2_install`, `null_resource\.master3_install`\): change one server per apply/);
  });

  it('suggests a moved block for a renamed resource', () => {
    const after = copy();
    after.resource.helm_release.monitoring = after.resource.helm_release.kube_prometheus_stack;
    delete after.resource.helm_release.kube_prometheus_stack;
    expect(reviewStack('chocolandiadc', ha, after).markdown).toContain('moved { from = helm_release.kube_prometheus_stack to = helm_release.monitoring }');
  });

  it('warns on a changed state path, a provider version change and a server count that breaks quorum', () => {
    const after = copy();
    after.terraform.backend.local.path = 'elsewhere/terraform.tfstate';
    after.terraform.required_providers.helm.version = '3.2.0';
    delete after.resource.null_resource.master3_install;
    const r = reviewStack('chocolandiadc', ha, after);
    expect(r.markdown).toMatch(/state path changes .* tofu starts from empty state/);
    expect(r.markdown).toMatch(/Provider `helm` version 3\.1\.1 → 3\.2\.0/);
    expect(r.markdown).toMatch(/Servers 3 → 2: embedded etcd needs an odd number of servers/);
    expect(r.markdown).toMatch(/`null_resource\.master3_install` disappears from the configuration: Terraform forgets it \*\*without\*\* its destroy step.*Keep `master3` in the settings with `remove = true` for one apply/);
    expect(r.markdown).not.toMatch(/-target/);
    expect(r.warnings).toBe(4);
  });

  it('fails closed: a provider version without a known schema has every value masked, and says so', () => {
    const before = copy();
    const after = copy();
    for (const j of [before, after]) j.terraform.required_providers.helm.version = '9.9.9';
    after.resource.helm_release.kube_prometheus_stack.name = 'renamed-release';
    const r = reviewStack('chocolandiadc', before, after);
    expect(r.markdown).toContain(`\`name\`: ${MASK} → ${MASK}`);
    expect(r.markdown).not.toContain('renamed-release');
    expect(r.markdown).toMatch(/No schema is known for provider hashicorp\/helm@9\.9\.9: every value of its resources is shown as \(sensitive\)/);
    // Said again when the same JSON is reviewed again (the schema lookup is cached per JSON).
    expect(reviewStack('chocolandiadc', before, after).markdown).toMatch(/No schema is known for provider hashicorp\/helm@9\.9\.9/);
  });

  it('warns when the state backend moves, with the migration command', () => {
    const after = copy();
    after.terraform.backend = { pg: { schema_name: 'chocolandiadc' } };
    const r = reviewStack('chocolandiadc', ha, after);
    expect(r.markdown).toMatch(/The state backend moves \(local `".*terraform\.tfstate"` → pg schema `"chocolandiadc"`\): run `tofu init -migrate-state`/);
    expect(r.warnings).toBe(1);
  });

  it('masks secrets: set_sensitive values, file provisioner contents, schema-sensitive attributes, sensitive outputs', () => {
    const after = copy();
    const release = after.resource.helm_release.kube_prometheus_stack;
    release.set_sensitive[0].value = 'hunter2-literal';
    const install = after.resource.null_resource.master1_install;
    const upload = install.provisioner.find((p: any) => p.file?.content).file;
    upload.content = upload.content.replace('node-name', 'node-name-x');
    after.output.cluster_token.value = '${random_password.grafana_admin_password.result}';
    after.resource.local_file.kubeconfig.sensitive_content = 'literal';
    const md = reviewStack('chocolandiadc', ha, after).markdown;
    expect(md).not.toContain('hunter2');
    expect(md).not.toContain('random_password.cluster_token');
    expect(md).toContain(`\`set_sensitive[0].value\`: ${MASK} → ${MASK}`);
    expect(md).toMatch(/`provisioner\[\d+\]\.file\.content`: \(sensitive\) → \(sensitive\)/);
    expect(md).toMatch(/`sensitive_content`: \(none\) → \(sensitive\)/);
    expect(md).toMatch(/`cluster_token`: \(sensitive\) → \(sensitive\)/);
  });
});

describe('npm run review: secrets the provider marks, or that hold the join token', () => {
  it('masks every value of a kubernetes_secret_v1\'s data (k3s-gitops\' Grafana admin Secret), and names the key', async () => {
    const gitops = synthGitops((await exampleSettings())['k3s-gitops']);
    const after = JSON.parse(JSON.stringify(gitops));
    after.resource.kubernetes_secret_v1.grafana_admin.data = { 'admin-user': 'root', 'admin-password': 'hunter2-literal' };
    const md = reviewStack('k3s-gitops', gitops, after).markdown;
    expect(md).not.toMatch(/hunter2|root/);
    expect(md).toContain(`\`data.admin-password\`: ${MASK} → ${MASK}`);
    expect(md).toContain(`\`data.admin-user\`: ${MASK} → ${MASK}`);
  });

  it('masks libvirt cloud-init user_data (it carries the join token) although libvirt does not mark it sensitive', async () => {
    const sandbox = synthSandbox((await exampleSettings())['kpi-sandbox']);
    const after = JSON.parse(JSON.stringify(sandbox));
    const [name, disk] = Object.entries<any>(after.resource.libvirt_cloudinit_disk)[0];
    disk.user_data = 'token: K10literal-join-token';
    const md = reviewStack('kpi-sandbox', sandbox, after).markdown;
    expect(md).toContain(`libvirt_cloudinit_disk.${name}`);
    expect(md).not.toContain('K10literal');
    expect(md).toMatch(/`user_data`: \(sensitive\) → \(sensitive\)/);
  });
});

describe('npm run review: two revisions', () => {
  it('builds and synthesizes each revision offline and finds no change between a revision and itself', () => {
    const started = Date.now();
    const md = review(ROOT, 'HEAD', 'HEAD');
    expect(md).toMatch(/^# Review: HEAD → HEAD/);
    expect(md.match(/^## /gm)?.length).toBeGreaterThanOrEqual(4);
    expect(md.match(/No changes\./g)?.length).toBe(md.match(/^## /gm)?.length);
    // The example's K3s versions are past end of life: each such stack says so, once, under its heading.
    expect(md).toMatch(/^## chocolandiadc\n\n> \*\*Notice\*\*: K3s v1\.28\.3\+k3s1 is past end of life \(Kubernetes v1\.28 ended 2024-10-28/m);
    expect(md).toMatch(/^## k3s-gitops\n\n> \*\*Notice\*\*: K3s v1\.33\.5\+k3s1 is past end of life \(Kubernetes v1\.33 ended 2026-06-28/m);
    expect(md.match(/\*\*Notice\*\*/g)?.length).toBe(md.match(/^## /gm)?.length);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);

  it('keeps a commit\'s synthesized stacks, so the next review against it only synthesizes the working tree', () => {
    const { readFileSync, writeFileSync } = require('fs') as typeof import('fs');
    review(ROOT, 'HEAD', 'HEAD');
    // This commit's own entry (node_modules/.cache may be shared with other checkouts).
    const newest = cacheFile(ROOT, 'HEAD')!;
    const cached = JSON.parse(readFileSync(newest, 'utf8'));
    const original = JSON.stringify(cached);
    try {
      // What the cache says is what the review uses: a marked output shows up as a change.
      cached.stacks.chocolandiadc.output.cluster_name.value = 'from-the-cache';
      writeFileSync(newest, JSON.stringify(cached));
      expect(review(ROOT, 'HEAD')).toMatch(/`cluster_name`: `"from-the-cache"` → `"chocolandiadc"`/);
    } finally {
      writeFileSync(newest, original);
    }
  }, 120_000);

  it('names a revision it cannot read', () => {
    expect(() => review(ROOT, 'no-such-revision')).toThrow(/cannot read revision no-such-revision/);
  });
});

describe('npm run review: Longhorn backups (k3s-homelab)', () => {
  const homelab = async (block?: string) => {
    const s = (await exampleSettings())['k3s-homelab'];
    if (!block) return synthHomelab(s);
    const dir = copyExampleSettings();
    appendFileSync(join(dir, 'k3s-homelab', 'terraform.tfvars'), block);
    return synthHomelab((await loadAllSettings({ settingsDir: dir }))['k3s-homelab']);
  };
  const S3 = 'longhorn_backup = { target = "s3://longhorn-backups@us-east-1/k3s-homelab/", backup = { retain = 14 } }\n';

  it('says when backups start, stop, change target or keep fewer (Longhorn then deletes the oldest)', async () => {
    const none = await homelab();
    const s3 = await homelab(S3);
    const start = reviewStack('k3s-homelab', none, s3);
    expect(start.markdown).toContain('Longhorn backups start: target `s3://longhorn-backups@us-east-1/k3s-homelab/`; default-snapshot: snapshot at "0 */6 * * *", 4 kept; default-backup: backup at "0 3 * * *", 14 kept.');
    const stop = reviewStack('k3s-homelab', s3, none);
    expect(stop.markdown).toContain('Longhorn backups **stop**: the recurring jobs are deleted');
    const moved = reviewStack('k3s-homelab', s3, await homelab('longhorn_backup = { target = "nfs://nas.lan:/export/longhorn", backup = { retain = 7 } }\n'));
    expect(moved.markdown).toContain("Longhorn's backup target `s3://longhorn-backups@us-east-1/k3s-homelab/` → `nfs://nas.lan:/export/longhorn`: new backups go to the new target");
    expect(moved.markdown).toContain('Recurring job `default-backup` keeps 14 → 7: on its next run Longhorn deletes the oldest backups beyond 7 per volume.');
    expect(reviewStack('k3s-homelab', s3, s3).markdown).not.toMatch(/Longhorn/);
  });
});

describe('npm run review: Longhorn backups (k3s-gitops, values through the root Application)', () => {
  const gitops = async (block?: string) => {
    const s = (await exampleSettings())['k3s-gitops'];
    if (!block) return synthGitops(s);
    const dir = copyExampleSettings();
    appendFileSync(join(dir, 'k3s-gitops', 'terraform.tfvars'), block);
    return synthGitops((await loadAllSettings({ settingsDir: dir }))['k3s-gitops']);
  };
  const S3 = 'longhorn_backup = { target = "s3://longhorn-backups@us-east-1/k3s-gitops/", backup = { retain = 14 } }\n';

  it('says the same words as for k3s-homelab, and how to stop backups past the namespace\'s prevent_destroy', async () => {
    const none = await gitops();
    const s3 = await gitops(S3);
    expect(reviewStack('k3s-gitops', none, s3).markdown).toContain('Longhorn backups start: target `s3://longhorn-backups@us-east-1/k3s-gitops/`; default-snapshot: snapshot at "0 */6 * * *", 4 kept; default-backup: backup at "0 3 * * *", 14 kept.');
    const stop = reviewStack('k3s-gitops', s3, none).markdown;
    expect(stop).toContain('Longhorn backups **stop**: the recurring jobs are deleted');
    expect(stop).toContain('Run `tofu state rm kubernetes_namespace_v1.platform_namespace_longhorn_system` first');
    const moved = reviewStack('k3s-gitops', s3, await gitops('longhorn_backup = { target = "nfs://nas.lan:/export/longhorn", backup = { retain = 7 } }\n'));
    expect(moved.markdown).toContain("Longhorn's backup target `s3://longhorn-backups@us-east-1/k3s-gitops/` → `nfs://nas.lan:/export/longhorn`: new backups go to the new target");
    expect(moved.markdown).toContain('Recurring job `default-backup` keeps 14 → 7: on its next run Longhorn deletes the oldest backups beyond 7 per volume.');
    expect(reviewStack('k3s-gitops', s3, s3).markdown).not.toMatch(/Longhorn/);
  });
});
