import { resolve } from 'path';
import { parse } from 'yaml';
import { AllSettings } from '../../lib/settings';
import { exampleSettings, provisioners, ROOT, StackJson, synthGitops, synthHa, synthMvp } from '../helpers/repo';

let settings: AllSettings;
let ha: StackJson;
let mvp: StackJson;
beforeAll(async () => {
  settings = await exampleSettings();
  ha = synthHa(settings.chocolandiadc);
  mvp = synthMvp(settings['chocolandiadc-mvp']);
});

const TOKEN_REF = '${random_password.cluster_token.result}';
const AGENT_TOKEN_REF = '${random_password.agent_token.result}';
const nulls = (s: StackJson) => s.resource.null_resource;
const addresses = (s: StackJson) =>
  Object.entries(s.resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)).sort();

/** The config.yaml a node's install uploads, parsed. */
function nodeConfig(resource: any): Record<string, unknown> {
  const upload = provisioners(resource).find(([t, p]) => t === 'file' && p.destination.endsWith('/config.yaml'));
  if (!upload) throw new Error('no config.yaml upload');
  return parse(upload[1].content);
}

function remoteCommands(resource: any, when?: 'destroy'): string[] {
  return provisioners(resource)
    .filter(([t, p]) => t === 'remote-exec' && p.when === when)
    .flatMap(([, p]) => p.inline as string[]);
}

describe('documented addresses', () => {
  it('chocolandiadc has seed 000 addresses', () => {
    expect(addresses(ha)).toEqual(
      expect.arrayContaining([
        'null_resource.master1_install', 'null_resource.master2_install', 'null_resource.master3_install',
        'null_resource.nodo1_install', 'helm_release.kube_prometheus_stack', 'kubernetes_namespace.monitoring',
        'local_file.kubeconfig',
      ]),
    );
    expect(addresses(ha)).not.toContain('kubernetes_namespace_v1.monitoring');
  });

  it('chocolandiadc-mvp has seed 001 addresses', () => {
    expect(addresses(mvp)).toEqual(
      expect.arrayContaining(['null_resource.master1_k3s_server', 'null_resource.nodo1_k3s_agent', 'local_file.kubeconfig']),
    );
    expect(addresses(mvp).filter((a) => a.startsWith('helm_release') || a.startsWith('kubernetes_'))).toEqual([]);
  });

  it('extra workers get <hostname>_install', () => {
    const s = settings.chocolandiadc;
    const json = synthHa({ ...s, workerNodes: [...s.workerNodes, { ...s.workerNodes[0], hostname: 'nodo2', ipAddress: '192.168.1.105' }] });
    expect(Object.keys(nulls(json))).toContain('nodo2_install');
  });
});

describe('state', () => {
  it.each([
    ['chocolandiadc', () => ha],
    ['chocolandiadc-mvp', () => mvp],
  ])('%s keeps local state where the documents say', (env, json) => {
    const path = json().terraform.backend.local.path;
    expect(resolve(ROOT, 'cdktf.out/stacks', env, path)).toBe(resolve(ROOT, 'terraform/environments', env, 'terraform.tfstate'));
  });

  it('a pg backend holds only the schema: the connection string comes from PG_CONN_STR', () => {
    const json = synthMvp({ ...settings['chocolandiadc-mvp'], backend: { type: 'pg', schemaName: 'chocolandiadc_mvp' } });
    expect(json.terraform.backend).toEqual({ pg: { schema_name: 'chocolandiadc_mvp' } });
  });

  it('an s3 backend on a self-hosted store: path style, lock file, no AWS account checks, no keys', () => {
    const json = synthMvp({
      ...settings['chocolandiadc-mvp'],
      backend: { type: 's3', bucket: 'tofu-state', key: 'mvp/terraform.tfstate', region: 'us-east-1', endpoint: 'https://minio.lan:9000', usePathStyle: true, useLockfile: true },
    });
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: 'tofu-state', key: 'mvp/terraform.tfstate', region: 'us-east-1', use_path_style: true, use_lockfile: true,
        endpoints: { s3: 'https://minio.lan:9000' },
        skip_credentials_validation: true, skip_region_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true,
      },
    });
  });

  it('pins every provider exactly', () => {
    expect(ha.terraform.required_providers).toEqual({
      helm: { source: 'hashicorp/helm', version: '3.1.1' },
      kubernetes: { source: 'hashicorp/kubernetes', version: '2.38.0' },
      local: { source: 'hashicorp/local', version: '2.6.1' },
      null: { source: 'hashicorp/null', version: '3.2.4' },
      random: { source: 'hashicorp/random', version: '3.7.2' },
    });
    expect(Object.keys(mvp.terraform.required_providers).sort()).toEqual(['local', 'null', 'random']);
  });
});

describe('outputs', () => {
  it('chocolandiadc outputs and their sensitivity', () => {
    const sensitivity = Object.fromEntries(Object.entries(ha.output).map(([k, v]) => [k, v.sensitive === true]));
    expect(sensitivity).toEqual({
      cluster_name: false, api_endpoint: false, kubeconfig_path: true, cluster_token: true, agent_token: true,
      grafana_admin_password: true, prometheus_url: false, grafana_url: false,
    });
    expect(ha.output.api_endpoint.value).toBe('https://192.168.1.101:6443');
    expect(ha.output.cluster_token.value).toBe(TOKEN_REF);
    expect(ha.output.agent_token.value).toBe(AGENT_TOKEN_REF);
    expect(ha.output.grafana_admin_password.value).toBe('${random_password.grafana_admin_password.result}');
    expect(ha.output.kubeconfig_path.value).toBe('${abspath(local_file.kubeconfig.filename)}');
    expect(ha.output.grafana_url.description).toContain('port-forward svc/kube-prometheus-stack-grafana 3000:80');
    expect(ha.output.prometheus_url.description).toContain('port-forward svc/kube-prometheus-stack-prometheus 9090:9090');
  });

  it('chocolandiadc-mvp has the HA outputs minus monitoring', () => {
    expect(Object.keys(mvp.output).sort()).toEqual(['agent_token', 'api_endpoint', 'cluster_name', 'cluster_token', 'kubeconfig_path']);
    expect(mvp.output.agent_token.sensitive).toBe(true);
    expect(mvp.output.api_endpoint.value).toBe('https://192.168.4.10:6443');
    expect(mvp.output.cluster_token.sensitive).toBe(true);
    expect(mvp.output.kubeconfig_path.sensitive).toBe(true);
  });
});

describe('join order', () => {
  it('servers join one at a time, agents after the servers', () => {
    const n = nulls(ha);
    expect(n.master1_install.depends_on).toBeUndefined();
    // Each after the previous server's upgrade, which follows that server's install (#25 item 8).
    expect(n.master2_install.depends_on).toEqual(['null_resource.master1_upgrade']);
    expect(n.master3_install.depends_on).toEqual(['null_resource.master2_upgrade']);
    expect(n.nodo1_install.depends_on).toEqual(['null_resource.master3_upgrade']);
  });

  /** Everything `name` waits for, directly or through what it depends on. */
  const waitsFor = (json: StackJson, name: string): string[] => {
    const seen = new Set<string>();
    const walk = (n: string) => {
      for (const d of (nulls(json)[n]?.depends_on ?? []) as string[]) {
        const dn = d.replace(/^null_resource\./, '');
        if (d.startsWith('null_resource.') && !seen.has(dn)) { seen.add(dn); walk(dn); }
      }
    };
    walk(name);
    return [...seen].sort();
  };

  it('a node added in the same apply as a version bump installs after every earlier server upgraded (#25 item 8)', () => {
    const s = settings.chocolandiadc;
    const bumped = synthHa({ ...s, k3sVersion: 'v1.29.0+k3s1', workerNodes: [...s.workerNodes, { ...s.workerNodes[0], hostname: 'nodo2', ipAddress: '192.168.1.105' }] });
    // The new agent's install carries the new version and waits for every server's upgrade (its kubelet is never newer than the API servers).
    expect(JSON.stringify(nulls(bumped).nodo2_install)).toContain('v1.29.0+k3s1');
    expect(waitsFor(bumped, 'nodo2_install')).toEqual(expect.arrayContaining(['master1_upgrade', 'master2_upgrade', 'master3_upgrade']));
    // A server joins after the servers before it upgraded.
    expect(waitsFor(bumped, 'master3_install')).toEqual(['master1_install', 'master1_upgrade', 'master2_install', 'master2_upgrade']);
    // No upgrade waits for an install that comes later (no cycle, upgrades stay one at a time).
    expect(waitsFor(bumped, 'master1_upgrade')).toEqual(['master1_install']);
  });

  it('each join waits for readiness: post-install gates the node before dependents start', () => {
    for (const [name, host] of [['master2_install', 'master2'], ['nodo1_install', 'nodo1']]) {
      const steps = provisioners(nulls(ha)[name]).filter(([, p]) => p.when !== 'destroy');
      const last = steps[steps.length - 1];
      expect(last[0]).toBe('remote-exec');
      expect(last[1].inline[0]).toMatch(new RegExp(`post-install\\.sh --node-name ${host} --timeout-seconds 300$`));
    }
    // An agent's readiness is checked on the first server, which has the API.
    const agentCheck = provisioners(nulls(ha).nodo1_install).filter(([, p]) => p.when !== 'destroy').pop()!;
    expect(agentCheck[1].connection.host).toBe('${self.triggers.server_host}');
    expect(nulls(ha).nodo1_install.triggers.server_host).toBe('192.168.1.101');
    expect(nulls(ha).nodo1_install.triggers.server_host).toBe('192.168.1.101');
  });

  it('a server is only checked for readiness when its install succeeded (one line joined by &&)', () => {
    // remote-exec runs inline lines without `set -e`: a separate line would run after a failed install.
    const cmds = remoteCommands(nulls(ha).master2_install);
    const installLine = cmds.find((c) => c.includes('install-k3s.sh'))!;
    expect(installLine).toMatch(/install-k3s\.sh .* && .*post-install\.sh --node-name master2 /);
    expect(cmds.filter((c) => c.includes('post-install.sh'))).toEqual([installLine]);
  });

  it('node scripts travel in one upload of the bootstrap directory, holding install-k3s.sh and post-install.sh', () => {
    const uploads = provisioners(nulls(ha).master1_install).filter(([t, p]) => t === 'file' && p.source);
    const bundle = uploads.find(([, p]) => p.destination === '/tmp/k3s-bootstrap-master1')!;
    expect(bundle[1].source).toMatch(/\/$/); // trailing slash: contents into the staging dir
    expect(bundle[1].source).toMatch(/^assets\/.+\/$/); // its files are checked on a real synth in main.test.ts
  });

  it('HA: each server decides on the node whether it joins a running server; only the first may start the cluster', () => {
    const first = nodeConfig(nulls(ha).master1_install);
    expect(first).toMatchObject({ 'node-name': 'master1', 'node-ip': '192.168.1.101', 'etcd-expose-metrics': true });
    for (const name of ['master1_install', 'master2_install', 'master3_install']) {
      // install-k3s.sh appends `server:` or `cluster-init:` (bootstrap tests cover the decision).
      expect(nodeConfig(nulls(ha)[name])).not.toHaveProperty('server');
      expect(nodeConfig(nulls(ha)[name])).not.toHaveProperty('cluster-init');
    }
    const install = (name: string) => remoteCommands(nulls(ha)[name]).find((c) => c.includes('install-k3s.sh'))!;
    expect(install('master1_install')).toContain("--etcd --join-candidates '192.168.1.102 192.168.1.103' --bootstrap-if-alone");
    expect(install('master2_install')).toContain("--etcd --join-candidates '192.168.1.101 192.168.1.103' &&");
    expect(install('master3_install')).toContain("--etcd --join-candidates '192.168.1.101 192.168.1.102' &&");
    expect(install('nodo1_install')).not.toContain('--etcd');
    // One etcd snapshot per upgrade, on the server that upgrades first.
    expect(install('master1_install')).toContain('--snapshot-before-upgrade');
    for (const n of ['master2_install', 'master3_install', 'nodo1_install']) expect(install(n)).not.toContain('--snapshot-before-upgrade');
    const agent = nodeConfig(nulls(ha).nodo1_install);
    expect(agent).toMatchObject({ server: 'https://192.168.1.101:6443', 'node-name': 'nodo1' });
    expect(agent).not.toHaveProperty('write-kubeconfig-mode');
    expect(agent).not.toHaveProperty('etcd-expose-metrics');
  });

  it('MVP: the single server keeps SQLite (no cluster-init, no etcd metrics)', () => {
    const server = nodeConfig(nulls(mvp).master1_k3s_server);
    expect(server).not.toHaveProperty('cluster-init');
    expect(server).not.toHaveProperty('etcd-expose-metrics');
    expect(remoteCommands(nulls(mvp).master1_k3s_server).join('\n')).not.toContain('--etcd');
    expect(nodeConfig(nulls(mvp).nodo1_k3s_agent)).toMatchObject({ server: 'https://192.168.4.10:6443' });
  });

  it('installs run the official script pinned to the version unless a local installer is set', () => {
    const cmd = remoteCommands(nulls(ha).master1_install).find((c) => c.includes('install-k3s.sh'))!;
    expect(cmd).toContain("--role server --version 'v1.28.3+k3s1' --node-name master1");
    expect(provisioners(nulls(ha).master1_install).some(([t, p]) => t === 'file' && p.destination.endsWith('/k3s-install.sh'))).toBe(false);
    const local = synthMvp({ ...settings['chocolandiadc-mvp'], installer: { scriptPath: resolve(ROOT, 'bootstrap/install-k3s.sh') } });
    expect(provisioners(nulls(local).master1_k3s_server).some(([t, p]) => t === 'file' && p.destination.endsWith('/k3s-install.sh'))).toBe(true);
  });
});

describe('secrets', () => {
  const allStrings = (v: unknown, at = ''): [string, string][] =>
    typeof v === 'string' ? [[at, v]]
      : Array.isArray(v) ? v.flatMap((x, i) => allStrings(x, `${at}[${i}]`))
      : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => allStrings(x, `${at}.${k}`)) : [];

  it.each([['chocolandiadc', () => ha], ['chocolandiadc-mvp', () => mvp]])('%s: the token only travels inside config files and a sensitive output', (_e, json) => {
    const uses = allStrings(json()).filter(([, s]) => s.includes('random_password.cluster_token'));
    for (const [at] of uses) expect(at).toMatch(/(\.provisioner\[\d+\]\.file\.content|^\.output\.cluster_token\.value)$/);
    expect(uses.length).toBeGreaterThan(1);
  });

  it.each([['chocolandiadc', () => ha], ['chocolandiadc-mvp', () => mvp]])('%s: no token on any command line or environment', (_e, json) => {
    for (const [at, s] of allStrings(json())) {
      if (/\.(inline\[\d+\]|command|environment\.\w+)$/.test(at)) {
        expect(s).not.toMatch(/--token|K3S_TOKEN|random_password|token-file/);
      }
    }
  });

  it('no secret literal: passwords and tokens are generated, the Grafana password is set_sensitive', () => {
    expect(ha.resource.random_password.cluster_token).toMatchObject({ length: 48, special: false });
    const release = ha.resource.helm_release.kube_prometheus_stack;
    expect(release.set_sensitive).toEqual([{ name: 'grafana.adminPassword', value: '${random_password.grafana_admin_password.result}' }]);
    expect(release.values.join('\n')).not.toMatch(/password/i);
    for (const [at, s] of allStrings(ha)) {
      if (/(password|token|secret)$/i.test(at)) expect(s).toMatch(/^\$\{/);
    }
  });

  it('kubeconfig: 0600, server rewritten to the first server, named after the cluster, parsed not spliced', () => {
    const file = ha.resource.local_file.kubeconfig;
    expect(file.file_permission).toBe('0600');
    expect(resolve(ROOT, 'cdktf.out/stacks/chocolandiadc', file.filename)).toBe(resolve(ROOT, 'terraform/environments/chocolandiadc/kubeconfig'));
    expect(file.content).toMatch(/^\$\{yamlencode\(/);
    expect(file.content).toContain('"server" = "https://192.168.1.101:6443"');
    expect(file.content).toContain('"current-context" = "chocolandiadc"');
    expect(file.content).toContain('yamldecode(data.local_sensitive_file.kubeconfig_fetched.content)');
    expect(ha.data!.local_sensitive_file.kubeconfig_fetched.depends_on).toEqual(['null_resource.kubeconfig_fetch']);
    expect(nulls(ha).kubeconfig_fetch.depends_on).toContain('null_resource.master1_install');
  });

  it('SSH keys are read only when a provisioner runs (self.triggers), so plan needs no key', () => {
    const keys = allStrings(nulls(ha)).filter(([at]) => at.endsWith('.private_key'));
    expect(keys).not.toHaveLength(0);
    // A literal path would make file() run at plan time (validate evaluates known connection blocks).
    for (const [, s] of keys) expect(s).toMatch(/^\$\{file\(pathexpand\(self\.triggers\.(server_)?ssh_key_path\)\)\}$/);
  });
});

describe('monitoring', () => {
  it('pins the chart and sets retention, storage, resources and K3s scrape endpoints', () => {
    const release = ha.resource.helm_release.kube_prometheus_stack;
    expect(release).toMatchObject({ name: 'kube-prometheus-stack', chart: 'kube-prometheus-stack', namespace: '${kubernetes_namespace.monitoring.metadata[0].name}' });
    expect(release.version).toMatch(/^\d+\.\d+\.\d+$/);
    const values = parse(release.values[0]);
    expect(values.prometheus.prometheusSpec.retention).toBe('15d');
    expect(values.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage).toBe('10Gi');
    expect(values.prometheus.prometheusSpec.resources.limits).toEqual({ memory: '2Gi', cpu: '1000m' });
    expect(values.grafana).toMatchObject({ adminUser: 'admin', resources: { requests: { memory: '200Mi', cpu: '100m' } } });
    const servers = ['192.168.1.101', '192.168.1.102', '192.168.1.103'];
    expect(values.kubeEtcd).toMatchObject({ enabled: true, endpoints: servers, service: { port: 2381, targetPort: 2381 } });
    expect(values.kubeControllerManager).toMatchObject({ endpoints: servers, service: { port: 10257 } });
    expect(values.kubeScheduler).toMatchObject({ endpoints: servers, service: { port: 10259 } });
    expect(values.kubeProxy.endpoints).toEqual([...servers, '192.168.1.104']);
    // Workloads wait for the credentials (fetched once the API is ready on every server), never for a node's install:
    // removing or replacing a node changes nothing else.
    expect(release.depends_on).toEqual(['local_file.kubeconfig']);
    expect(ha.resource.null_resource.kubeconfig_fetch.depends_on).toEqual(['null_resource.master1_install', 'null_resource.master2_install', 'null_resource.master3_install']);
  });

  it('the K3s side exposes what the chart scrapes, on each node\'s own address only', () => {
    const server = nodeConfig(nulls(ha).master2_install);
    expect(server['kube-controller-manager-arg']).toEqual(['bind-address=192.168.1.102']);
    expect(server['kube-scheduler-arg']).toEqual(['bind-address=192.168.1.102']);
    expect(server['kube-proxy-arg']).toEqual(['metrics-bind-address=192.168.1.102:10249']);
    expect(server['etcd-expose-metrics']).toBe(true);
    const agent = nodeConfig(nulls(ha).nodo1_install);
    expect(agent['kube-proxy-arg']).toEqual(['metrics-bind-address=192.168.1.104:10249']);
    expect(agent).not.toHaveProperty('kube-controller-manager-arg');
    for (const r of Object.values(nulls(ha))) {
      if (provisioners(r).some(([t, p]) => t === 'file' && p.destination?.endsWith('/config.yaml'))) expect(JSON.stringify(nodeConfig(r))).not.toContain('0.0.0.0');
    }
  });

  it('a stack that scrapes nothing keeps the control-plane metrics on 127.0.0.1 (K3s defaults)', () => {
    const metricKeys = ['kube-proxy-arg', 'kube-controller-manager-arg', 'kube-scheduler-arg', 'etcd-expose-metrics'];
    for (const r of [nulls(mvp).master1_k3s_server, nulls(mvp).nodo1_k3s_agent]) {
      const config = nodeConfig(r);
      for (const k of metricKeys) expect(config).not.toHaveProperty(k);
    }
  });

  it('k3s-gitops scrapes its control plane (Argo CD\'s monitoring Application), so its nodes bind it; SQLite has no etcd metrics (#25 item 10)', () => {
    const config = nodeConfig(nulls(synthGitops(settings['k3s-gitops'])).gitops1_install);
    expect(config).toMatchObject({
      'kube-proxy-arg': ['metrics-bind-address=192.168.1.60:10249'],
      'kube-controller-manager-arg': ['bind-address=192.168.1.60'],
      'kube-scheduler-arg': ['bind-address=192.168.1.60'],
    });
    expect(config).not.toHaveProperty('etcd-expose-metrics');
  });

  it('providers are configured from the fetched credentials, so one apply works from empty state', () => {
    const k8s = ha.provider.kubernetes[0];
    // The host is the address the copy was fetched from (or the API address once it answered), read at plan.
    // The host is the server the copy came from, or the API address once it answered (kubeconfig_endpoint): read at plan.
    expect(k8s.host).toBe('${yamldecode(data.local_sensitive_file.kubeconfig_fetched.content).clusters.0.cluster.server}');
    expect(k8s.client_key).toContain('data.local_sensitive_file.kubeconfig_fetched.content');
    expect(ha.provider.helm[0].kubernetes.cluster_ca_certificate).toContain('certificate-authority-data');
  });
});

describe('upgrade', () => {
  const withoutProvisioners = (r: any) => ({ ...r, provisioner: undefined });

  it('changing k3s_version changes only the upgrade resources, never install triggers', () => {
    const next = synthHa({ ...settings.chocolandiadc, k3sVersion: 'v1.29.0+k3s1' });
    const changed = Object.keys(nulls(ha)).filter(
      (name) => JSON.stringify(withoutProvisioners(nulls(ha)[name])) !== JSON.stringify(withoutProvisioners(nulls(next)[name])),
    );
    expect(changed.sort()).toEqual(['master1_upgrade', 'master2_upgrade', 'master3_upgrade', 'nodo1_upgrade']);
    expect(nulls(next).master1_upgrade.triggers.k3s_version).toBe('v1.29.0+k3s1');
    for (const type of Object.keys(ha.resource).filter((t) => t !== 'null_resource')) {
      expect(next.resource[type]).toEqual(ha.resource[type]);
    }
    // Install provisioners only differ by the version a newly added node would get.
    for (const name of ['master1_install', 'nodo1_install']) {
      expect(JSON.stringify(nulls(next)[name]).replace(/v1\.29\.0\+k3s1/g, 'v1.28.3+k3s1')).toBe(JSON.stringify(nulls(ha)[name]));
    }
  });

  it('upgrades servers one at a time, then agents, after their own install', () => {
    const n = nulls(ha);
    expect(n.master1_upgrade.depends_on).toEqual(['null_resource.master1_install']);
    expect(n.master2_upgrade.depends_on).toEqual(['null_resource.master2_install', 'null_resource.master1_upgrade']);
    expect(n.master3_upgrade.depends_on).toEqual(['null_resource.master3_install', 'null_resource.master2_upgrade']);
    expect(n.nodo1_upgrade.depends_on).toEqual(['null_resource.nodo1_install', 'null_resource.master3_upgrade']);
  });

  it('upgrades never uninstall', () => {
    for (const name of Object.keys(nulls(ha)).filter((k) => k.endsWith('_upgrade'))) {
      expect(JSON.stringify(nulls(ha)[name])).not.toMatch(/uninstall|"when":"destroy"/);
    }
  });
});

describe('destroy', () => {
  /** Terraform destroys a resource only after everything depending on it. */
  function destroyOrder(json: StackJson, names: string[]): string[] {
    const deps = new Map(names.map((n) => [n, ((nulls(json)[n].depends_on ?? []) as string[]).map((d) => d.replace('null_resource.', ''))]));
    const order: string[] = [];
    const left = new Set(names);
    while (left.size) {
      const ready = [...left].filter((n) => ![...left].some((m) => deps.get(m)!.includes(n))).sort();
      if (!ready.length) throw new Error('dependency cycle');
      ready.forEach((n) => left.delete(n));
      order.push(ready.join('+'));
    }
    return order;
  }

  it('agents first, then servers in reverse join order', () => {
    // Installs wait for upgrades (join order): the graph holds both; the installs' order is what matters.
    const installs = ['master1_install', 'master2_install', 'master3_install', 'nodo1_install'];
    const order = destroyOrder(ha, [...installs, 'master1_upgrade', 'master2_upgrade', 'master3_upgrade', 'nodo1_upgrade']);
    expect(order.flatMap((step) => step.split('+')).filter((n) => installs.includes(n)))
      .toEqual(['nodo1_install', 'master3_install', 'master2_install', 'master1_install']);
  });

  const leaveStep = (resource: any) => {
    const steps = provisioners(resource).filter(([, p]) => p.when === 'destroy');
    expect(steps).toHaveLength(1);
    expect(steps[0][0]).toBe('local-exec');
    expect(steps[0][1].command).toMatch(/^bash assets\/.+\/leave-cluster\.sh$/);
    return steps[0][1].environment as Record<string, string>;
  };

  it('an agent leaves through leave-cluster.sh: drained and deleted from a server that answers, then uninstalled', () => {
    expect(leaveStep(nulls(ha).nodo1_install)).toEqual({
      NODE_NAME: 'nodo1', NODE_ROLE: 'agent', NODE_HOST: '192.168.1.104', SSH_USER: 'ubuntu', SSH_KEY_PATH: '~/.ssh/id_rsa', SSH_PORT: '22',
      EMBEDDED_ETCD: 'no', WAIT_SECONDS: '120',
      SERVERS: ['master1\t192.168.1.101\t22\tubuntu\t~/.ssh/id_rsa', 'master2\t192.168.1.102\t22\tubuntu\t~/.ssh/id_rsa', 'master3\t192.168.1.103\t22\tubuntu\t~/.ssh/id_rsa'].join('\n'),
    });
  });

  it('every server, the first included, leaves etcd with a quorum check against the other servers', () => {
    for (const [name, others] of [['master1', ['master2', 'master3']], ['master3', ['master1', 'master2']]] as const) {
      const env = leaveStep(nulls(ha)[`${name}_install`]);
      expect(env).toMatchObject({ NODE_NAME: name, NODE_ROLE: 'server', EMBEDDED_ETCD: 'yes' });
      expect(env.SERVERS.split('\n').map((l) => l.split('\t')[0])).toEqual(others);
    }
    expect(leaveStep(nulls(mvp).master1_k3s_server)).toMatchObject({ NODE_ROLE: 'server', EMBEDDED_ETCD: 'no', SERVERS: '' });
  });

  it('destroy-time steps reference nothing: they run with the current settings, not the triggers of the last create', () => {
    const nodes = [...Object.entries<any>(nulls(ha)), ...Object.entries<any>(nulls(mvp))].filter(([n]) => !n.startsWith('kubeconfig')).map(([, r]) => r);
    for (const r of nodes) {
      for (const [, p] of provisioners(r).filter(([, x]) => x.when === 'destroy')) {
        expect(JSON.stringify(p)).not.toMatch(/\$\{/);
      }
    }
  });
});

describe('connection details', () => {
  const moved = () => synthHa({
    ...settings.chocolandiadc,
    controlPlaneNodes: settings.chocolandiadc.controlPlaneNodes.map((n) => ({ ...n, sshKeyPath: '/root/.ssh/id_rsa', sshUser: 'admin' })),
    workerNodes: settings.chocolandiadc.workerNodes.map((n) => ({ ...n, ipAddress: '192.168.1.120', sshPort: 2222 })),
  });

  it('install, upgrade and kubeconfig fetch resources ignore connection changes in their triggers', () => {
    for (const name of ['master1_install', 'master1_upgrade', 'nodo1_install']) {
      expect(nulls(ha)[name].lifecycle.ignore_changes).toEqual(expect.arrayContaining(
        ['triggers["host"]', 'triggers["ssh_user"]', 'triggers["ssh_key_path"]', 'triggers["ssh_port"]']));
    }
    // The fetch runs once in the cluster's life: no trigger of it is ever compared.
    expect(nulls(ha).kubeconfig_fetch.lifecycle.ignore_changes).toEqual(['triggers']);
    expect(nulls(ha).nodo1_install.lifecycle.ignore_changes).toEqual(expect.arrayContaining(['triggers["server_host"]']));
  });

  it('a new address, user, key path or port changes no trigger Terraform compares: nothing is replaced', () => {
    const after = moved();
    for (const [name, r] of Object.entries<any>(nulls(ha))) {
      const ignored = new Set((r.lifecycle?.ignore_changes ?? []).map((k: string) => /^triggers\["(.+)"\]$/.exec(k)?.[1]));
      const compared = (x: any) => Object.fromEntries(Object.entries(x.triggers ?? {}).filter(([k]) => !ignored.has(k)));
      expect([name, compared(nulls(after)[name])]).toEqual([name, compared(r)]);
    }
  });

  it('every step reaches the node at its current address, user, key and port', () => {
    const nodo1 = moved().resource.null_resource.nodo1_install;
    // Create-time steps read the triggers of the resource being created: the current settings.
    expect(nodo1.triggers).toMatchObject({ host: '192.168.1.120', ssh_port: '2222', server_ssh_user: 'admin', server_ssh_key_path: '/root/.ssh/id_rsa' });
    const steps = provisioners(nodo1);
    for (const [, p] of steps.filter(([, x]) => x.connection)) expect(p.connection.host).toMatch(/^\$\{self\.triggers\.(server_)?host\}$/);
    const leave = steps.find(([, p]) => p.when === 'destroy')![1].environment;
    expect(leave).toMatchObject({ NODE_HOST: '192.168.1.120', SSH_PORT: '2222' });
    expect(leave.SERVERS).toContain('master1\t192.168.1.101\t22\tadmin\t/root/.ssh/id_rsa');
  });
});

describe('secrets encrypted at rest (K3s secrets-encryption)', () => {
  it('every server has it from its first install, agents never; the setting turns it off', () => {
    for (const name of ['master1_install', 'master2_install', 'master3_install']) expect(nodeConfig(nulls(ha)[name])['secrets-encryption']).toBe(true);
    expect(nodeConfig(nulls(mvp).master1_k3s_server)['secrets-encryption']).toBe(true);
    expect(nodeConfig(nulls(ha).nodo1_install)).not.toHaveProperty('secrets-encryption');
    const off = synthMvp({ ...settings['chocolandiadc-mvp'], secretsEncryption: false });
    expect(nodeConfig(nulls(off).master1_k3s_server)['secrets-encryption']).toBe(false);
  });
});

describe('SSH host keys', () => {
  const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBVbqMiHjPOm2R6ML0lXx2mFN3oTlIAKZz0x7gO8zNtl root@master1';
  const pinned = () => {
    const s = settings.chocolandiadc;
    const withKey = (n: typeof s.controlPlaneNodes[number]) => ({ ...n, sshHostKey: KEY.replace('master1', n.hostname) });
    return synthHa({ ...s, controlPlaneNodes: s.controlPlaneNodes.map(withKey), workerNodes: s.workerNodes.map(withKey) });
  };
  const connections = (r: any) => provisioners(r).filter(([, p]) => p.connection).map(([, p]) => p.connection);

  it('every connection to a node verifies its host key, read from the install\'s triggers', () => {
    const json = pinned();
    for (const name of ['master1_install', 'master2_upgrade', 'nodo1_install', 'nodo1_upgrade']) {
      const r = nulls(json)[name];
      const conns = connections(r);
      expect(conns.length).toBeGreaterThan(0);
      for (const c of conns) expect(c.host_key).toMatch(/^\$\{self\.triggers\.(server_)?ssh_host_key\}$/);
      expect(r.triggers.ssh_host_key).toBe(KEY.replace('master1', name.split('_')[0]));
    }
    // The agent's readiness check runs on master1: its key, under the server_ prefix.
    expect(nulls(json).nodo1_install.triggers.server_ssh_host_key).toBe(KEY);
    expect(connections(nulls(json).nodo1_install).some((c: any) => c.host === '${self.triggers.server_host}' && c.host_key === '${self.triggers.server_ssh_host_key}')).toBe(true);
  });

  it('the operator-side scripts get the key (check, fetch, leave), leave-cluster.sh for every server it may use', () => {
    const json = pinned();
    const env = (r: any, script: string) => provisioners(r).find(([t, p]) => t === 'local-exec' && p.command.includes(script))![1].environment;
    // fetch-kubeconfig.sh tries every server in join order, each with its key.
    expect(env(nulls(json).kubeconfig_fetch, 'fetch-kubeconfig.sh').SERVERS.split('\n').map((l: string) => l.split('\t')[5]))
      .toEqual(['master1', 'master2', 'master3'].map((m) => KEY.replace('master1', m)));
    expect(env(nulls(json).master2_install, 'leave-cluster.sh').SSH_HOST_KEY).toBe(KEY.replace('master1', 'master2'));
    expect(env(nulls(json).master2_install, 'leave-cluster.sh').SERVERS.split('\n')[0].split('\t')[5]).toBe(KEY);
  });

  it('a new or changed host key is an in-place change: ignored like the other connection details', () => {
    const json = pinned();
    for (const name of ['master1_install', 'master1_upgrade', 'nodo1_install']) {
      expect(nulls(json)[name].lifecycle.ignore_changes).toEqual(expect.arrayContaining(['triggers["ssh_host_key"]']));
      expect(nulls(ha)[name].lifecycle.ignore_changes).toEqual(expect.arrayContaining(['triggers["ssh_host_key"]']));
    }
    expect(nulls(json).nodo1_install.lifecycle.ignore_changes).toContain('triggers["server_ssh_host_key"]');
  });

  it('without a host key nothing is verified and nothing changes in the JSON of the connection', () => {
    for (const c of connections(nulls(ha).master1_install)) expect(c).not.toHaveProperty('host_key');
    expect(nulls(ha).master1_install.triggers).not.toHaveProperty('ssh_host_key');
  });

  it('a construct refuses a host key that is not a public key line, naming the field', () => {
    const s = settings.chocolandiadc;
    expect(() => synthHa({ ...s, controlPlaneNodes: s.controlPlaneNodes.map((n) => ({ ...n, sshHostKey: '-----BEGIN OPENSSH PRIVATE KEY-----' })) }))
      .toThrow(/^chocolandiadc\/cluster\/master1: node\.hostKey = "-----BEGIN OPENSSH PRIVATE KEY-----": must be the node's SSH host public key/);
  });
});

describe('agent token (docs.k3s.io/cli/token: an agent token cannot join a server)', () => {
  it('servers join with the server token and accept agents with a separate generated agent token; agents hold only the agent token', () => {
    for (const json of [ha, mvp]) {
      expect(json.resource.random_password.agent_token).toMatchObject({ length: 48, special: false });
      for (const r of Object.values<any>(nulls(json))) {
        if (!provisioners(r).some(([t, p]) => t === 'file' && p.destination?.endsWith('/config.yaml'))) continue;
        const config = nodeConfig(r);
        if (r.triggers.role === 'server') {
          expect(config).toMatchObject({ token: TOKEN_REF, 'agent-token': AGENT_TOKEN_REF });
        } else {
          expect(config.token).toBe(AGENT_TOKEN_REF);
          expect(config).not.toHaveProperty('agent-token');
          expect(JSON.stringify(r)).not.toContain('random_password.cluster_token');
        }
      }
    }
  });
});
