import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { SEED_002_NODE_PORTS } from '../../lib/ingress/nginx-ingress';
import { AllSettings } from '../../lib/settings';
import { kustomizeBuild } from '../helpers/gitops';
import { exampleSettings, ROOT, synthHomelab } from '../helpers/repo';

let settings: AllSettings['k3s-homelab'];
let json: ReturnType<typeof synthHomelab>;
beforeAll(async () => {
  settings = (await exampleSettings())['k3s-homelab'];
  json = synthHomelab(settings);
});

const addresses = (s: typeof json) =>
  Object.entries(s.resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)).sort();
const values = (release: any) => parse(release.values[0]);

describe('k3s-homelab: adopting the running k3s1', () => {
  it('installs nothing over SSH; renders k3s2 user data; ingress and Flux', () => {
    expect(addresses(json)).toEqual([
      'helm_release.flux2', 'helm_release.flux2_sync', 'helm_release.ingress_nginx',
      'kubernetes_annotations.k3s1_longhorn_disks', 'kubernetes_labels.k3s1_longhorn_labels', 'kubernetes_secret_v1.sops_age', 'local_sensitive_file.user_data_k3s2',
    ]);
    expect(json.terraform.backend.local.path).toBe('../../../terraform/environments/k3s-homelab/terraform.tfstate');
    expect(json.provider.kubernetes).toEqual([{ config_path: '${pathexpand("~/.kube/k3s-homelab.yaml")}' }]);
  });

  it('the join token is a sensitive variable (or a file), only used inside the user data', () => {
    expect(json.variable!.k3s_join_token).toMatchObject({ type: 'string', sensitive: true, nullable: false });
    const userData = json.resource.local_sensitive_file.user_data_k3s2;
    expect(userData).toMatchObject({ filename: '../../../terraform/environments/k3s-homelab/user-data.k3s2', file_permission: '0600', directory_permission: '0700' });
    expect(userData.content).toContain('"token" = var.k3s_join_token');
    expect(JSON.stringify(json).split('var.k3s_join_token').length - 1).toBe(1);
    const fromFile = synthHomelab({ ...settings, joinTokenFile: '~/.config/k3s-homelab/node-token' });
    expect(fromFile.variable?.k3s_join_token).toBeUndefined();
    expect(fromFile.resource.local_sensitive_file.user_data_k3s2.content).toContain('"token" = trimspace(file(pathexpand("~/.config/k3s-homelab/node-token")))');
  });

  it('k3s2 registers with the Longhorn and storage labels and joins k3s1', () => {
    const content = json.resource.local_sensitive_file.user_data_k3s2.content as string;
    expect(content).toContain('"node-label" = ["node.longhorn.io/create-default-disk=config", "storage=longhorn"]');
    expect(content).toContain('"server" = "https://192.168.86.71:6443"');
    expect(content).toMatch(/templatefile\("assets\/[^"]+\/k3s-node-onboard\.yml\.tpl"/);
    expect(content).not.toContain('node-ip'); // DHCP by default
    const fixed = synthHomelab({ ...settings, nodes: settings.nodes.map((n) => ({ ...n, ipAddress: '192.168.86.72' })) });
    expect(fixed.resource.local_sensitive_file.user_data_k3s2.content).toContain('"node-ip" = "192.168.86.72"');
  });

  it('#26 item 5: k3s1 is labelled for Longhorn through the API (its kubelet never registers the labels), so the disk discovery runs there and Longhorn reads its disks annotation', () => {
    const labels = json.resource.kubernetes_labels.k3s1_longhorn_labels;
    expect(labels).toMatchObject({ api_version: 'v1', kind: 'Node', metadata: { name: 'k3s1' }, force: true });
    expect(labels.labels).toEqual({ 'node.longhorn.io/create-default-disk': 'config', storage: 'longhorn' });
    // The disk discovery DaemonSet selects exactly what k3s1 gets (and k3s2 registers with).
    const ds = kustomizeBuild(join(ROOT, 'gitops/infrastructure/storage')).find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'disk-discovery');
    for (const [k, v] of Object.entries(ds.spec.template.spec.nodeSelector)) expect(labels.labels[k]).toBe(v);
    // Onboarded nodes register theirs with kubelet: no second owner through the API.
    const joined = synthHomelab({ ...settings, nodes: settings.nodes.map((n) => ({ ...n, joined: true })) });
    expect(Object.keys(joined.resource.kubernetes_labels)).toEqual(['k3s1_longhorn_labels']);
  });

  it('Longhorn disks annotation: k3s1 now, k3s2 once it has joined', () => {
    const k3s1 = json.resource.kubernetes_annotations.k3s1_longhorn_disks;
    expect(k3s1).toMatchObject({ api_version: 'v1', kind: 'Node', metadata: { name: 'k3s1' } });
    expect(JSON.parse(k3s1.annotations['node.longhorn.io/default-disks-config'])).toEqual([{ path: '/mnt/longhorn/sdh1', allowScheduling: true, storageReserved: 0 }]);
    const joined = synthHomelab({ ...settings, nodes: settings.nodes.map((n) => ({ ...n, joined: true })) });
    expect(JSON.parse(joined.resource.kubernetes_annotations.k3s2_longhorn_disks.annotations['node.longhorn.io/default-disks-config'])[0].path).toBe('/mnt/longhorn/sdb1');
  });

  it('NGINX ingress: a DaemonSet on NodePorts 30080/30443, chart pinned', () => {
    const r = json.resource.helm_release.ingress_nginx;
    expect(r).toMatchObject({ chart: 'ingress-nginx', version: '4.15.1', namespace: 'ingress-nginx', create_namespace: true });
    expect(values(r).controller).toMatchObject({ kind: 'DaemonSet', service: { type: 'NodePort', nodePorts: { http: 30080, https: 30443 } } });
    expect(json.output.ingress_http_url.value).toBe('http://192.168.86.71:30080');
  });

  it('ingress_controller = "traefik": no ingress-nginx; Flux gives K3s\' Traefik the same NodePorts from Git', () => {
    const t = synthHomelab({ ...settings, ingressController: 'traefik' });
    expect(addresses(t)).not.toContain('helm_release.ingress_nginx');
    const list = values(t.resource.helm_release.flux2_sync).kustomizationlist;
    expect(list).toEqual([{ spec: { path: './gitops/infrastructure/ingress/traefik-nodeports', prune: true, interval: '10m' } }]);
    const objects = kustomizeBuild(join(ROOT, list[0].spec.path));
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['HelmChartConfig kube-system/traefik']);
    const ports = parse(objects[0].spec.valuesContent).ports;
    expect([ports.web.nodePort, ports.websecure.nodePort]).toEqual([SEED_002_NODE_PORTS.httpNodePort, SEED_002_NODE_PORTS.httpsNodePort]);
    expect(t.output.ingress_http_url).toMatchObject({ value: 'http://192.168.86.71:30080', description: 'Traefik (K3s) over HTTP (NodePort, on every node)' });
    expect(t.output.ingress_https_url.value).toBe('https://192.168.86.71:30443');
    // The seed's choice stays the default: no extra Kustomization.
    expect(values(json.resource.helm_release.flux2_sync).kustomizationlist).toBeUndefined();
  });

  it('Flux: controllers, then the age key from a file, then the sync of the settings repository', () => {
    const r = json.resource.helm_release;
    expect(r.flux2).toMatchObject({ chart: 'flux2', version: '2.18.3', namespace: 'flux-system', create_namespace: true });
    expect(values(r.flux2).sourceController.service.ports).toEqual([{ name: 'http-prom', port: 8080, targetPort: 'http-prom', protocol: 'TCP' }]);
    const secret = json.resource.kubernetes_secret_v1.sops_age;
    expect(secret.metadata).toEqual({ name: 'sops-age', namespace: 'flux-system' });
    expect(secret.data).toEqual({ 'age.agekey': '${file(pathexpand("~/.config/sops/age/keys.txt"))}' });
    expect(r.flux2_sync).toMatchObject({ chart: 'flux2-sync', version: '1.14.5', depends_on: ['helm_release.flux2', 'kubernetes_secret_v1.sops_age'] });
    expect(values(r.flux2_sync)).toEqual({
      gitRepository: { spec: { url: 'https://github.com/example/k3s-homelab.git', ref: { branch: 'main' }, interval: '5m' } },
      kustomization: { spec: { path: './gitops/clusters/k3s-homelab', prune: true, deletionPolicy: 'Orphan', interval: '10m', decryption: { provider: 'sops', secretRef: { name: 'sops-age' } } } },
    });
  });

  it('destroy removes Flux, never what Flux applied: the root Kustomization orphans its objects, the CRDs stay', () => {
    const r = json.resource.helm_release;
    // flux2-sync 1.14.5 renders kustomization.spec.deletionPolicy into the Kustomization; Flux's
    // kustomize-controller then deletes nothing of its inventory when the Kustomization goes
    // (MirrorPrune, the default, would delete everything since prune is on).
    expect(values(r.flux2_sync).kustomization.spec).toMatchObject({ prune: true, deletionPolicy: 'Orphan' });
    // flux2 2.18.3 adds crds.annotations to every CRD; Helm keeps resources annotated
    // helm.sh/resource-policy: keep on uninstall, so no Flux object is deleted with its CRD.
    expect(values(r.flux2).crds).toEqual({ annotations: { 'helm.sh/resource-policy': 'keep' } });
    // Destroy order: the sync release goes first, while the controllers still run to honour the policy.
    expect(r.flux2_sync.depends_on).toContain('helm_release.flux2');
  });
});

describe('k3s-homelab: installing k3s1', () => {
  it('installs k3s1 with the Foundation constructs, generates the token, and orders the cluster work after it', () => {
    const j = synthHomelab({ ...settings, server: { ...settings.server, existing: false }, kubeconfigPath: undefined });
    expect(addresses(j)).toEqual(expect.arrayContaining(['null_resource.k3s1_install', 'random_password.cluster_token', 'random_password.agent_token', 'local_file.kubeconfig']));
    expect(j.variable?.k3s_join_token).toBeUndefined();
    // An onboarded node is an agent: it gets the agent token only.
    expect(j.resource.local_sensitive_file.user_data_k3s2.content).toContain('"token" = random_password.agent_token.result');
    expect(j.resource.local_sensitive_file.user_data_k3s2.content).not.toContain('cluster_token');
    expect(j.output.agent_token.sensitive).toBe(true);
    expect(j.resource.helm_release.ingress_nginx.depends_on).toEqual(expect.arrayContaining(['null_resource.k3s1_install']));
    expect(j.output.cluster_token.sensitive).toBe(true);
  });
});

describe('k3s-homelab: Tailscale subnet router (off by default)', () => {
  it('advertises only the nodes\' own addresses by default, never the pod and service networks; the auth key only travels in an uploaded file', () => {
    expect(json.resource.null_resource).toBeUndefined();
    const j = synthHomelab({ ...settings, tailscaleSubnetRouter: true });
    // #26 item 7: only the first log-in uses the key, so later plans must not demand it: it defaults to empty.
    expect(j.variable!.tailscale_auth_key).toMatchObject({ sensitive: true, nullable: false, default: '' });
    const router = j.resource.null_resource.tailscale_subnet_router;
    // k3s1's address: its API server and the NGINX NodePorts; k3s2 has no fixed address in the example.
    expect(router.triggers).toMatchObject({ host: '192.168.86.71', routes: '192.168.86.71/32' });
    expect(router.triggers.routes).not.toMatch(/10\.4[23]\./);
    const uses = JSON.stringify(router.provisioner).match(/var\.tailscale_auth_key/g) ?? [];
    expect(uses).toHaveLength(1);
    const upload = router.provisioner.find((p: any) => p.file?.content)?.file;
    expect(upload).toMatchObject({ content: '${var.tailscale_auth_key}', destination: '/tmp/tailscale-subnet-router/authkey' });
    expect(j.terraform.required_providers.null).toEqual({ source: 'hashicorp/null', version: '3.2.4' });
  });

  it('tailscale_routes widens or narrows what is advertised, knowingly', () => {
    const wider = synthHomelab({ ...settings, tailscaleSubnetRouter: true, tailscaleRoutes: ['192.168.86.0/24', '10.43.0.0/16'] });
    expect(wider.resource.null_resource.tailscale_subnet_router.triggers.routes).toBe('192.168.86.0/24,10.43.0.0/16');
  });
});

describe('k3s-homelab: network policies in its namespaces', () => {
  it('ingress-nginx and flux-system get their charts\' policies (only their own ports, webhooks and metrics)', () => {
    expect(values(json.resource.helm_release.ingress_nginx).controller.networkPolicy).toEqual({ enabled: true });
    expect(values(json.resource.helm_release.flux2).policies).toEqual({ create: true });
  });
});

describe('k3s-homelab: what destroy touches is documented exactly', () => {
  it('docs/security.md names every resource the stack can have, and only those', () => {
    const doc = readFileSync(join(ROOT, 'docs/security.md'), 'utf8').split('## What `tofu destroy` of `k3s-homelab` touches')[1].split('\n## ')[0];
    const documented = new Set([...doc.matchAll(/`((?:data\.)?[a-z0-9_]+\.[a-z0-9_<>]+)`/g)].map((m) => m[1]));
    // Every optional part on: an installed k3s1, a joined node, the Tailscale router.
    const all = synthHomelab({ ...settings, server: { ...settings.server, existing: false }, kubeconfigPath: undefined, tailscaleSubnetRouter: true, nodes: settings.nodes.map((n) => ({ ...n, joined: true })) });
    const onboarded = settings.nodes.map((n) => n.hostname);
    const generic = (a: string) => onboarded.reduce((x, n) => x.replace(new RegExp(`(?<=[._])${n}(?=_|$)`), '<node>'), a);
    const actual = [...addresses(all), ...Object.entries<any>(all.data ?? {}).flatMap(([t, b]) => Object.keys(b).map((n) => `data.${t}.${n}`))];
    const missing = actual.filter((a) => !documented.has(a) && !documented.has(generic(a)));
    expect(missing).toEqual([]);
    const unknown = [...documented].filter((d) => !actual.includes(d) && !actual.map(generic).includes(d));
    expect(unknown).toEqual([]);
  });
});
