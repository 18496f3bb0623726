import { spawnSync } from 'child_process';
import { chmodSync, closeSync, cpSync, mkdirSync, openSync, readdirSync, readFileSync, truncateSync, writeFileSync, writeSync } from 'fs';
import { join } from 'path';
import { loadAllSettings } from '../../lib/settings';
import { kustomizeBuild as build, validateManifests as validate } from '../helpers/gitops';
import { ROOT, SETTINGS_DIR, tempDir } from '../helpers/repo';

const GITOPS = join(ROOT, 'gitops');
const byKind = (objects: any[], kind: string) => objects.find((o) => o.kind === kind);

/** Every directory under gitops/ holding a kustomization.yaml. */
function kustomizations(root = GITOPS): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name === 'kustomization.yaml') found.push(d);
    }
  };
  walk(root);
  return found.sort();
}

describe('gitops/', () => {
  it('every kustomization builds with kubectl kustomize and every object validates against its schema', () => {
    const dirs = kustomizations();
    expect(dirs.map((d) => d.slice(ROOT.length + 1))).toEqual(expect.arrayContaining([
      'gitops/clusters/k3s-homelab', 'gitops/infrastructure/storage', 'gitops/infrastructure/storage/longhorn/base',
      'gitops/infrastructure/longhorn-nodes', 'gitops/infrastructure/longhorn-nodes/k3s1-node-config', 'gitops/infrastructure/longhorn-nodes/k3s2-node-config', 'gitops/infrastructure/monitoring',
      'gitops/infrastructure/monitoring-crds', 'gitops/infrastructure/monitors',
    ]));
    const r = validate(dirs);
    expect(r.out).not.toContain('FAIL');
    expect(r.status).toBe(0);
  });

  it.each([
    ['a wrong type in a HelmRelease', 'infrastructure/storage/longhorn/base/helmrelease.yaml', (s: string) => s.replace('interval: 30m', 'interval: 30'), /HelmRelease longhorn-system\/longhorn: .*interval must be string/],
    ['a container without a name', 'infrastructure/monitoring/node-exporter-daemonset.yaml', (s: string) => s.replace('        - name: node-exporter\n          image:', '        - image:'), /DaemonSet monitoring\/node-exporter: .*name/],
    ['an unknown Longhorn disk field', 'infrastructure/longhorn-nodes/k3s2-node-config/k3s2-node.yaml', (s: string) => s.replace('storageReserved: 0', 'storageReserve: 0'), /spec\.disks\.sdb1\.storageReserve is not a field/],
    ['an Application with a wrong type', 'argocd/bootstrap-apps/dashboard.yaml', (s: string) => s.replace('      prune: true', '      prune: "yes"'), /Application argocd\/dashboard: .*prune/],
    ['a ClusterIssuer with a wrong field', 'infrastructure/base/ingress/cluster-issuers.yaml', (s: string) => s.replace('  isCA: true', '  isCA: "yes"'), /Certificate cert-manager\/homelab-ca/],
    ['a redirect Middleware whose regex does not compile', 'infrastructure/base/ingress/components/traefik-root-redirects/root-redirects.yaml', (s: string) => s.replace('regex: ^(https?)://([^/]+)/?$', 'regex: ^(https?://'), /Middleware argocd\/root-redirect: spec\.redirectRegex\.regex does not compile/],
    ['a redirect Middleware with a misspelled field', 'infrastructure/base/ingress/components/traefik-root-redirects/root-redirects.yaml', (s: string) => s.replace('    replacement:', '    replace:'), /spec\.redirectRegex\.replace is not a field/],
    ['a kind without a schema', 'infrastructure/monitors/flux-monitors.yaml', (s: string) => s.replace('kind: PodMonitor', 'kind: PodMonitr'), /no schema known for kind PodMonitr/],
    ['a broken kustomization', 'infrastructure/longhorn-nodes/kustomization.yaml', (s: string) => s.replace('  - k3s2-node-config/', '  - k3s3-node-config/'), /kubectl kustomize/],
  ])('fails on %s', (_what, file, edit, message) => {
    const copy = join(tempDir('gitops'), 'gitops');
    cpSync(GITOPS, copy, { recursive: true });
    writeFileSync(join(copy, file), edit(readFileSync(join(copy, file), 'utf8')));
    const r = validate(kustomizations(copy));
    expect(r.status).toBe(1);
    expect(r.out).toMatch(message);
  });

  it('k3s-gitops: every bootstrap Application syncs automatically with retries; dashboard and Grafana match their routes', async () => {
    const gitops = (await loadAllSettings({ settingsDir: SETTINGS_DIR }))['k3s-gitops'];
    const apps = build(join(GITOPS, 'argocd/bootstrap-apps'));
    expect(apps.map((a) => a.metadata.name).sort()).toEqual([
      'applications', 'dashboard', 'infrastructure', 'ingress', 'monitoring', 'operator-longhorn', 'operator-sealed-secrets', 'operator-trivy-operator', 'security',
    ]);
    for (const a of apps) {
      expect(a.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      expect(a.spec.syncPolicy.retry.backoff).toMatchObject({ duration: '10s', factor: 2 });
      if (a.spec.source.path) {
        // The root Application sets it from the settings (root-application.test.ts); the example agrees.
        expect(a.spec.source.repoURL).toBe(gitops.platform.repositoryUrl);
        expect(readdirSync(join(ROOT, a.spec.source.path))).toContain('kustomization.yaml');
      }
    }
    const route = (name: string) => gitops.platform.routes.find((r) => r.name === name)!;
    const dashboard = apps.find((a) => a.metadata.name === 'dashboard').spec.source.helm.valuesObject;
    expect(dashboard.config.baseURL).toBe(route('dashboard').path);
    expect(dashboard.service.port).toBe(route('dashboard').service.port);
    const monitoring = apps.find((a) => a.metadata.name === 'monitoring').spec.source.helm;
    expect(monitoring.valuesObject.grafana['grafana.ini'].server.root_url).toMatch(new RegExp(`${route('grafana').path}$`));
    // The chart names Grafana's Service <release>-grafana: the route must name that Service.
    expect(`${monitoring.releaseName}-grafana`).toBe(route('grafana').service.name);
    // Headlamp uses the token its user pastes, never its own ServiceAccount: the documented
    // read-only token is dashboard-viewer's (view), and Headlamp's own ServiceAccount gets no role.
    expect(dashboard.config.unsafeUseServiceAccountToken ?? false).toBe(false);
    const rbac = build(join(GITOPS, 'infrastructure/base/rbac'));
    const binding = rbac.find((o) => o.kind === 'ClusterRoleBinding');
    expect(binding.roleRef.name).toBe('view');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'dashboard-viewer', namespace: 'dashboard' }]);
    expect(rbac.find((o) => o.kind === 'ServiceAccount').metadata).toEqual({ name: 'dashboard-viewer', namespace: 'dashboard' });
    expect(JSON.stringify(rbac)).not.toContain(`"name":"${dashboard.serviceAccount.name}"`);
    expect(dashboard.clusterRoleBinding.create).toBe(false);
  });

  it('Longhorn: 2 replicas, default disks only on labelled nodes, chart pinned', () => {
    const release = build(join(GITOPS, 'infrastructure/storage/longhorn/base')).find((o) => o.kind === 'HelmRelease');
    expect(release.spec.chart.spec).toMatchObject({ chart: 'longhorn', version: '1.11.3' });
    expect(release.spec.values.persistence.defaultClassReplicaCount).toBe(2);
    expect(release.spec.values.defaultSettings).toMatchObject({ defaultReplicaCount: 2, createDefaultDiskLabeledNodes: true });
  });

  it('the disks in Git agree with the settings: node configs and the discovery allow-list', async () => {
    const homelab = (await loadAllSettings({ settingsDir: SETTINGS_DIR }))['k3s-homelab'];
    const nodes = [{ hostname: homelab.server.hostname, paths: homelab.server.longhornDiskPaths }, ...homelab.nodes.map((n) => ({ hostname: n.hostname, paths: n.longhornDiskPaths }))];
    const storage = [...build(join(GITOPS, 'infrastructure/storage')), ...build(join(GITOPS, 'infrastructure/longhorn-nodes'))];
    const allowed = readFileSync(join(GITOPS, 'infrastructure/storage/disk-discovery/allowed-disks'), 'utf8')
      .split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => l.trim().split(/\s+/));
    for (const { hostname, paths } of nodes) {
      const node = storage.find((o) => o.kind === 'Node' && o.metadata.name === hostname);
      expect(Object.values<any>(node.spec.disks).map((d) => d.path)).toEqual(paths);
      // /mnt/longhorn/sdb1 is partition 1 of the disk listed as sdb, by its stable id.
      expect(allowed.filter(([n]) => n === hostname).map(([, name]) => `/mnt/longhorn/${name}1`)).toEqual(paths);
      for (const [n, , disk] of allowed.filter(([x]) => x === hostname)) expect([n, disk]).toEqual([n, expect.stringMatching(/^\/dev\/disk\/by-id\/[^/]+$/)]);
    }
    const ds = storage.find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'disk-discovery');
    expect(ds.spec.template.spec.nodeSelector).toEqual({ storage: 'longhorn' });
    expect(homelab.nodes.every((n) => n.labels.storage === 'longhorn')).toBe(true);
  });

  it('k3s-homelab: every namespace Flux creates denies ingress by default (own pods and the ingress controllers only); Longhorn\'s webhook port is the one exception', () => {
    // Everything the cluster's Flux Kustomizations apply (and the Traefik NodePorts one the stack adds with ingress_controller = "traefik").
    const paths = build(join(GITOPS, 'clusters/k3s-homelab')).filter((k) => k.kind === 'Kustomization').map((k) => k.spec.path.replace(/^\.\/gitops\//, ''));
    expect(paths).toEqual(expect.arrayContaining(['infrastructure/storage', 'infrastructure/monitoring']));
    const objects = [...paths, 'infrastructure/ingress/traefik-nodeports'].flatMap((p) => build(join(GITOPS, p)));
    const namespaces = objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name).sort();
    expect(namespaces).toEqual(['longhorn-system', 'monitoring']);
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    for (const ns of namespaces) {
      const deny = policies.find((p) => p.metadata.namespace === ns && p.metadata.name === 'default-deny-ingress');
      expect([ns, deny?.spec]).toEqual([ns, {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [
          { podSelector: {} },
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
        ] }],
      }]);
    }
    // Anything admitting other sources names its ports: only Longhorn's admission webhook (9502), which the API server calls.
    const open = policies.filter((p) => p.spec.ingress.some((r: any) => !r.from));
    expect(open.map((p) => [p.metadata.namespace, p.metadata.name, p.spec.podSelector, p.spec.ingress])).toEqual([
      ['longhorn-system', 'longhorn-admission-webhook', { matchLabels: { app: 'longhorn-manager' } }, [{ ports: [{ protocol: 'TCP', port: 9502 }] }]],
    ]);
  });

  it('Flux: storage and monitoring reconcile separately from the synced repository, with SOPS decryption', () => {
    const ks = build(join(GITOPS, 'clusters/k3s-homelab'));
    const byName = (name: string) => ks.find((k) => k.metadata.name === name);
    expect(ks.map((k) => [k.metadata.name, k.spec.path]).sort()).toEqual([
      ['infrastructure-longhorn-nodes', './gitops/infrastructure/longhorn-nodes'],
      ['infrastructure-monitoring', './gitops/infrastructure/monitoring'],
      ['infrastructure-monitoring-crds', './gitops/infrastructure/monitoring-crds'],
      ['infrastructure-monitors', './gitops/infrastructure/monitors'],
      ['infrastructure-storage', './gitops/infrastructure/storage'],
    ]);
    for (const k of ks) expect(k.spec.sourceRef).toEqual({ kind: 'GitRepository', name: 'flux-system' });
    expect(byName('infrastructure-storage').spec.decryption).toEqual({ provider: 'sops', secretRef: { name: 'sops-age' } });
    const monitors = build(join(GITOPS, 'infrastructure/monitors')).filter((o) => o.metadata.namespace === 'flux-system');
    expect(monitors.map((m) => m.kind).sort()).toEqual(['PodMonitor', 'ServiceMonitor']);
  });

  it('Flux: node-exporter is in infrastructure-monitoring, never behind the monitors\' CRDs (flux-apply.test.ts models the CRD order)', () => {
    const ks = build(join(GITOPS, 'clusters/k3s-homelab'));
    const monitoring = ks.find((k) => k.metadata.name === 'infrastructure-monitoring');
    expect(monitoring.spec.dependsOn).toBeUndefined();
    const nodeExporter = byKind(build(join(ROOT, monitoring.spec.path)), 'DaemonSet');
    expect(nodeExporter.metadata.name).toBe('node-exporter');
  });
});

describe('disk discovery never destroys data', () => {
  const SCRIPT = join(GITOPS, 'infrastructure/storage/disk-discovery/discover-disks.sh');
  /** A stable id as udev makes them (60-persistent-storage.rules); its partitions are <id>-part<n>. */
  const ID = 'ata-WDC_WD5000AAKX_WCC2E1234567';

  /**
   * A node with fake disks under dev/disk/by-id/: `disks` maps an id to its
   * size in bytes, its partitions and its signature; lsblk, blkid, wipefs,
   * parted, mkfs.ext4, mount and mountpoint are recording fakes reading that
   * description. blkid -p exits as blkid(8) "EXIT STATUS" documents: 0 with
   * what it found, 2 for nothing, or the `blkidExit` given (4 error, 8
   * ambivalent) with nothing on stdout. wipefs -n prints the `wipefs` lines
   * (TYPE OFFSET). Simplified: lsblk answers only SIZE and NAME.
   */
  function node(disks: Record<string, { size: number; parts?: string[]; signature?: string; blkidExit?: number; wipefs?: string; label?: string; mounted?: string }>, allowed: string) {
    const dir = tempDir('disks');
    const dev = join(dir, 'dev');
    const byId = join(dev, 'disk/by-id');
    const bin = join(dir, 'bin');
    mkdirSync(byId, { recursive: true });
    mkdirSync(bin);
    for (const [id, d] of Object.entries(disks)) {
      writeFileSync(join(byId, id), '');
      writeFileSync(join(dir, `${id}.size`), String(d.size));
      writeFileSync(join(dir, `${id}.children`), (d.parts ?? []).join('\n'));
      for (const p of d.parts ?? []) writeFileSync(join(byId, `${id}-${p}`), '');
      if (d.signature) writeFileSync(join(dir, `${id}.sig`), d.signature);
      if (d.blkidExit) writeFileSync(join(dir, `${id}.blkid-exit`), String(d.blkidExit));
      if (d.wipefs) writeFileSync(join(dir, `${id}.wipefs`), d.wipefs);
      if (d.label) writeFileSync(join(dir, `${id}-part1.label`), d.label);
      if (d.mounted) writeFileSync(join(dir, `mounted-${d.mounted}`), '');
    }
    const fake = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/usr/bin/env bash\necho "${name} $*" >> "${dir}/calls"\nbase() { basename "\${@: -1}"; }\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    fake('lsblk', `d=$(base "$@"); if [[ "$*" == *SIZE* ]]; then cat "${dir}/$d.size"; else echo "$d"; cat "${dir}/$d.children"; fi`);
    fake('blkid', [
      'd=$(base "$@")',
      `if [[ "$*" == *LABEL* ]]; then cat "${dir}/$d.label" 2>/dev/null || exit 2; exit 0; fi`,
      `if [ -e "${dir}/$d.blkid-exit" ]; then echo "blkid: $d: ambivalent result (probably more filesystems on the device, use wipefs(8) to see more details)" >&2; exit "$(cat "${dir}/$d.blkid-exit")"; fi`,
      `cat "${dir}/$d.sig" 2>/dev/null || exit 2`,
    ].join('\n'));
    fake('wipefs', `d=$(base "$@"); [[ "$*" == *--no-act* ]] || exit 99; cat "${dir}/$d.wipefs" 2>/dev/null || true`);
    fake('parted', 'exit 0');
    fake('udevadm', 'exit 0');
    fake('mkfs.ext4', `touch "\${@: -1}"`);
    fake('mount', `touch "${dir}/mounted-$(basename "$2")"`);
    fake('mountpoint', `[ -e "${dir}/mounted-$(basename "\${@: -1}")" ]`);
    writeFileSync(join(dir, 'allowed'), allowed);
    const run = () => {
      const r = spawnSync('bash', [SCRIPT], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, NODE_NAME: 'k3s2', ALLOWED_DISKS: join(dir, 'allowed'), DEV_DIR: dev, MOUNT_ROOT: join(dir, 'mnt') },
      });
      const calls = (() => { try { return readFileSync(join(dir, 'calls'), 'utf8'); } catch { return ''; } })();
      writeFileSync(join(dir, 'calls'), '');
      return { status: r.status, out: r.stdout + r.stderr, calls };
    };
    return { run, dir };
  }
  const GB = 1000 * 1000 * 1000;
  const destructive = /^(parted|mkfs\.ext4) /m;
  const listed = (id = ID) => `k3s1 sdh /dev/disk/by-id/ata-OTHER\nk3s2 sdb /dev/disk/by-id/${id}\n`;

  it('prepares only a listed, blank disk larger than 10 GB, named by id; a second run only checks the mount', () => {
    const n = node({ [ID]: { size: 500 * GB }, 'ata-UNLISTED': { size: 500 * GB } }, listed());
    const first = n.run();
    expect(first.status).toBe(0);
    expect(first.calls).toMatch(new RegExp(`^blkid -p -o export .*/disk/by-id/${ID}$`, 'm'));
    expect(first.calls).toMatch(new RegExp(`^wipefs --no-act --noheadings --output TYPE,OFFSET .*/disk/by-id/${ID}$`, 'm'));
    expect(first.calls).toMatch(new RegExp(`^parted .*/disk/by-id/${ID} mklabel gpt mkpart longhorn ext4 0% 100%$`, 'm'));
    expect(first.calls).toMatch(new RegExp(`^mkfs\\.ext4 -q -L longhorn-sdb .*/disk/by-id/${ID}-part1$`, 'm'));
    expect(first.calls).toMatch(new RegExp(`^mount .*/disk/by-id/${ID}-part1 .*/mnt/sdb1$`, 'm'));
    expect(first.calls).not.toMatch(/UNLISTED/); // not listed: never even looked at
  });

  it('leaves a prepared disk formatted as it is, only mounting it again', () => {
    const n = node({ [ID]: { size: 500 * GB, parts: ['part1'], label: 'longhorn-sdb' } }, listed());
    const r = n.run();
    expect(r.status).toBe(0);
    expect(r.calls).not.toMatch(destructive);
    expect(r.calls).toMatch(/^mount /m);
    const again = n.run();
    expect(again.calls).not.toMatch(/^(mount|parted|mkfs\.ext4) /m); // mounted now: nothing to do
    expect(again.out).toMatch(/is mounted at/);
  });

  it.each([
    ['not larger than 10 GB', { size: 8 * GB }, /not larger than 10 GB/],
    ['partitioned', { size: 500 * GB, parts: ['part1'] }, /it has partitions \(part1\)/],
    ['carrying a filesystem', { size: 500 * GB, signature: 'TYPE=xfs' }, /carries a signature \(TYPE=xfs/],
    ['carrying a RAID member signature', { size: 500 * GB, signature: 'TYPE=linux_raid_member' }, /carries a signature/],
    ['ambivalent to blkid (exit 8, nothing on stdout: two filesystems)', { size: 500 * GB, blkidExit: 8 }, /blkid -p exited 8, not 2 \(nothing found\): .*ambivalent result/],
    ['unreadable to blkid (exit 4)', { size: 500 * GB, blkidExit: 4 }, /blkid -p exited 4/],
    ['blank to blkid but not to wipefs -n', { size: 500 * GB, wipefs: 'zfs_member 0x3f000' }, /wipefs -n reports signatures \(zfs_member 0x3f000\)/],
  ])('leaves a listed disk alone when it is %s, saying why', (_what, disk, message) => {
    const r = node({ [ID]: disk }, listed()).run();
    expect(r.status).toBe(0);
    expect(r.out).toMatch(message);
    expect(r.calls).not.toMatch(destructive);
    expect(r.calls).not.toMatch(/^mount /m);
  });

  it.each([
    ['a kernel name (the old two-column form)', 'k3s2 sdb\n', /refusing 'sdb': disks are named by stable id, '<node> <name> \/dev\/disk\/by-id\/<id>'.*a kernel name like sdb can point at another disk after a reboot/],
    ['a /dev kernel path', 'k3s2 sdb /dev/sdb\n', /refusing 'sdb \/dev\/sdb': disks are named by stable id/],
    ['a partition id', `k3s2 sdb /dev/disk/by-id/${ID}-part1\n`, /is a partition; list the whole disk/],
    ['a path outside by-id', `k3s2 sdb /dev/disk/by-id/../../sdb\n`, /is not a \/dev\/disk\/by-id\/<id> path/],
    ['a name that is not one', `k3s2 ../sdb /dev/disk/by-id/${ID}\n`, /the name .* must be 1-7 lowercase letters or digits/],
  ])('refuses %s with a clear message and touches nothing', (_what, allowed, message) => {
    const r = node({ [ID]: { size: 500 * GB } }, allowed).run();
    expect(r.status).toBe(0);
    expect(r.out).toMatch(message);
    expect(r.calls).toBe('');
  });

  it('does nothing on a node with no listed disk', () => {
    expect(node({ [ID]: { size: 500 * GB } }, `k3s1 sdb /dev/disk/by-id/${ID}\n`).run()).toMatchObject({ status: 0, calls: '' });
  });
});

describe('disk discovery with the real blkid and wipefs', () => {
  // blkid -p and wipefs -n read regular files as they read disks; lsblk,
  // parted, mkfs.ext4 and mount stay fakes (nothing is ever written here).
  const SCRIPT = join(GITOPS, 'infrastructure/storage/disk-discovery/discover-disks.sh');
  const ID = 'ata-TEST_DISK_0001';
  function run(image: (file: string) => void) {
    const dir = tempDir('real-disks');
    const byId = join(dir, 'dev/disk/by-id');
    const bin = join(dir, 'bin');
    mkdirSync(byId, { recursive: true });
    mkdirSync(bin);
    const disk = join(byId, ID);
    writeFileSync(disk, '');
    truncateSync(disk, 64 * 1024 * 1024);
    image(disk);
    for (const [name, body] of Object.entries({ lsblk: 'if [[ "$*" == *SIZE* ]]; then echo 500000000000; else echo disk; fi', parted: 'exit 0', 'mkfs.ext4': 'exit 0', mount: 'exit 0', mountpoint: 'exit 1', udevadm: 'exit 0' })) {
      writeFileSync(join(bin, name), `#!/usr/bin/env bash\necho "${name} $*" >> "${dir}/calls"\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    }
    writeFileSync(join(dir, 'allowed'), `k3s2 sdb /dev/disk/by-id/${ID}\n`);
    const r = spawnSync('bash', [SCRIPT], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, NODE_NAME: 'k3s2', ALLOWED_DISKS: join(dir, 'allowed'), DEV_DIR: join(dir, 'dev'), MOUNT_ROOT: join(dir, 'mnt') },
    });
    const calls = (() => { try { return readFileSync(join(dir, 'calls'), 'utf8'); } catch { return ''; } })();
    return { status: r.status, out: r.stdout + r.stderr, calls };
  }
  const mkfs = (file: string) => {
    const r = spawnSync('mkfs.ext4', ['-q', '-F', file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mkfs.ext4: ${r.stderr}`);
  };

  it('a blank disk is prepared', () => {
    expect(run(() => undefined).calls).toMatch(/^parted /m);
  });

  it('ext4 plus an ISO 9660 descriptor: blkid -p exits 8 with nothing on stdout; the disk is left alone', () => {
    const r = run((file) => {
      mkfs(file);
      // An ISO 9660 primary and terminating volume descriptor at 32 KiB, as iso9660 images start.
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.from('\x01CD001\x01', 'latin1'), 0, 7, 32768);
      writeSync(fd, Buffer.from('\xffCD001\x01', 'latin1'), 0, 7, 32768 + 2048);
      closeSync(fd);
    });
    expect(r.out).toMatch(/leaving .* alone: blkid -p exited 8, not 2 \(nothing found\): .*ambivalent result/);
    expect(r.calls).not.toMatch(/^(parted|mkfs\.ext4) /m);
  });

  it('an ext4 filesystem is a signature', () => {
    const r = run(mkfs);
    expect(r.out).toMatch(/carries a signature \(.*TYPE=ext4/);
    expect(r.calls).not.toMatch(/^(parted|mkfs\.ext4) /m);
  });
});
