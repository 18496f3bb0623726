import { spawnSync } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { delimiter, join } from 'path';
import { backupsCheck } from '../../tools/doctor/checks';
import { main, parseArgs } from '../../tools/doctor/main';
import { markedBlock } from '../helpers/doc-blocks';
import { copyExampleSettings, ROOT, tempDir } from '../helpers/repo';

// kubectl and ssh are test doubles (fake-bin/) that replay the answers in
// recordings/<case>/ and log every call: the doctor runs the real commands
// it would run against a cluster, through PATH.
const FAKE_BIN = join(__dirname, 'fake-bin');
const RECORDINGS = join(__dirname, 'recordings');
// 2026-11-30T00:00:00Z: the recordings' certificate dates are relative to it.
const NOW_MS = 1795996800000;

interface Run { code: number; out: string; log: { cmd: string; args: string[]; command?: string; destination?: string; stdin: string }[] }

let settingsDir: string;
let homelabKubeconfig: string;
beforeAll(() => {
  settingsDir = copyExampleSettings();
  writeFileSync(join(settingsDir, 'chocolandiadc/kubeconfig'), 'apiVersion: v1\nkind: Config\n', { mode: 0o600 });
  // k3s-homelab adopts k3s1: its kubeconfig is kubeconfig_path (here a scratch file, not ~/.kube).
  homelabKubeconfig = join(settingsDir, 'k3s-homelab/k3s1.yaml');
  writeFileSync(homelabKubeconfig, 'apiVersion: v1\nkind: Config\n', { mode: 0o600 });
  const tfvars = join(settingsDir, 'k3s-homelab/terraform.tfvars');
  writeFileSync(tfvars, readFileSync(tfvars, 'utf8').replace('"~/.kube/k3s-homelab.yaml"', JSON.stringify(homelabKubeconfig)));
});

async function doctor(recording: string, argv: string[]): Promise<Run> {
  const dir = tempDir('doctor');
  const log = join(dir, 'calls.jsonl');
  writeFileSync(log, '');
  let out = '';
  const code = await main(argv, { settingsDir, nowMs: NOW_MS, env: fakeEnv(recording, log), out: (s) => { out += s; }, onboarding: { timeoutSeconds: 0.2, pollSeconds: 0.05 } });
  return { code, out, log: readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

/** The fakes first on PATH; a real kubectl or ssh is never reached (and the fakes refuse what was not recorded). */
function fakeEnv(recording: string, log: string): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${FAKE_BIN}${delimiter}${process.env.PATH}`, FAKE_RECORDINGS: join(RECORDINGS, recording), FAKE_LOG: log };
}

describe('npm run doctor', () => {
  it('a healthy cluster: exit 0, every check ok or skipped with why', async () => {
    const r = await doctor('healthy', ['chocolandiadc']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^nodes\s+ok\s+4\/4 Ready, v1\.28\.3\+k3s1$/m);
    expect(r.out).toMatch(/^etcd\s+ok\s+3\/3 members, leader master1$/m);
    expect(r.out).toMatch(/^certificates\s+ok\s+earliest: master1 2027-10-01 \(305d\)/m);
    expect(r.out).toMatch(/^longhorn\s+skipped\s+Longhorn is not installed$/m);
    expect(r.out).toMatch(/^alerts\s+ok\s+none firing$/m);
    expect(r.out).toMatch(/chocolandiadc: healthy\n$/);
  });

  it('an unhealthy cluster: exit 1, each problem with the next command', async () => {
    const r = await doctor('unhealthy', ['chocolandiadc']);
    expect(r.code).toBe(1);
    const kc = join(settingsDir, 'chocolandiadc/kubeconfig');
    const problems = r.out.slice(r.out.indexOf('problem(s)'));
    expect(problems).toContain(`- [nodes] node master3 is not Ready (Unknown)\n  next: kubectl --kubeconfig ${kc} describe node master3`);
    expect(problems).toContain('- [nodes] nodes run different K3s versions: master1=v1.28.3+k3s1, master2=v1.28.3+k3s1, master3=v1.28.3+k3s1, nodo1=v1.28.2+k3s1');
    expect(problems).toContain('- [servers] cannot reach master3 over SSH: ssh: connect to host 192.168.1.103 port 22: No route to host\n  next: ssh -i ~/.ssh/id_rsa ubuntu@192.168.1.103 true');
    expect(problems).toContain('- [certificates] master1: /var/lib/rancher/k3s/server/tls/serving-kube-apiserver.crt expires in 20 days\n  next: ssh -i ~/.ssh/id_rsa ubuntu@192.168.1.101 sudo systemctl restart k3s');
    expect(problems).toContain(`- [longhorn] volume pvc-0a1b is degraded (1/2 replicas running)\n  next: kubectl --kubeconfig ${kc} -n longhorn-system get replicas.longhorn.io -l longhornvolume=pvc-0a1b -o wide`);
    expect(problems).not.toContain('pvc-idle'); // detached: no running replicas is normal
    expect(problems).not.toContain('pvc-9f8e');
    expect(problems).toContain('- [alerts] alert K3sEtcdMemberDown (warning) is firing: An etcd member is not answering (2 up)\n  next: npm run doctor -- <env>, then on the server');
    expect(r.out).toMatch(/^alerts\s+PROBLEM\s+1 firing, 1 pending$/m);
    // Two of three members answer: quorum holds, no quorum problem.
    expect(r.out).toMatch(/^etcd\s+ok\s+2\/3 members, leader master1$/m);
    expect(problems).not.toContain('Watchdog');
  });

  it('--json: the same report for scripts', async () => {
    const r = await doctor('unhealthy', ['chocolandiadc', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.env).toBe('chocolandiadc');
    expect(report.healthy).toBe(false);
    const byName = Object.fromEntries(report.checks.map((c: { name: string }) => [c.name, c]));
    expect(byName.nodes.status).toBe('problem');
    expect(byName.flux).toMatchObject({ status: 'skipped', detail: 'Flux is not installed' });
    for (const c of report.checks) for (const p of c.problems) expect(p.next).toEqual(expect.any(String));
  });

  it('the API down: says so once, still reads the servers over SSH (etcd quorum lost)', async () => {
    const r = await doctor('api-down', ['chocolandiadc']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('- [api] the Kubernetes API does not answer');
    expect(r.out).toMatch(/^nodes\s+skipped\s+the API does not answer$/m);
    expect(r.out).toContain('- [servers] k3s on master1 is failed');
    expect(r.out).toContain('- [etcd] only 1 of 3 etcd members answer: quorum (2) is lost\n  next: start k3s on the stopped servers; if they are gone for good: npm run restore -- chocolandiadc');
    expect(r.out).toContain('- [etcd] etcd on master2 has no leader');
  });

  it('is read-only: only get/--raw kubectl calls, and the SSH command is the node script on stdin', async () => {
    const r = await doctor('unhealthy', ['chocolandiadc']);
    for (const c of r.log.filter((l) => l.cmd === 'kubectl')) expect(c.args).toContain('get');
    const ssh = r.log.filter((l) => l.cmd === 'ssh');
    expect(ssh.map((s) => s.destination)).toEqual(['ubuntu@192.168.1.101', 'ubuntu@192.168.1.102', 'ubuntu@192.168.1.103']);
    for (const s of ssh) {
      expect(s.command).toBe('sudo -n bash -s');
      // `--` before the destination: nothing from the settings can become an ssh option.
      expect(s.args[s.args.indexOf(s.destination!) - 1]).toBe('--');
      expect(s.stdin).toBe(readFileSync(join(ROOT, 'bootstrap/doctor-node.sh'), 'utf8'));
      expect(s.args).toEqual(expect.arrayContaining(['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=accept-new']));
    }
  });

  it('refuses what it cannot do, before running anything', async () => {
    expect(() => parseArgs([])).toThrow(/name the environment/);
    expect(() => parseArgs(['nope'])).toThrow(/unknown environment nope/);
    expect(() => parseArgs(['chocolandiadc', '--onboarding', 'k3s2'])).toThrow(/k3s-homelab only/);
    await expect(doctor('healthy', ['k3s-gitops'])).rejects.toThrow(/no kubeconfig at .*k3s-gitops\/kubeconfig: apply the environment first/);
  });

  it('kpi-sandbox (#26 item 7): reads the kubeconfig where kubeconfig_command writes it (~/.kube/kpi.yaml), and says how to fetch it when it is missing', async () => {
    const home = tempDir('doctor-home');
    const log = join(tempDir('doctor-kpi'), 'calls.jsonl');
    writeFileSync(log, '');
    let out = '';
    const run = (argv: string[]) => main(argv, { settingsDir, nowMs: NOW_MS, env: { ...fakeEnv('healthy', log), HOME: home }, out: (t) => { out += t; } });
    await expect(run(['kpi-sandbox'])).rejects.toThrow(`no kubeconfig at ${join(home, '.kube/kpi.yaml')}: fetch it once cloud-init is done: cd cdktf.out/stacks/kpi-sandbox && eval "$(tofu output -raw kubeconfig_command)"`);
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube/kpi.yaml'), 'apiVersion: v1\nkind: Config\n', { mode: 0o600 });
    await expect(run(['kpi-sandbox'])).resolves.toEqual(expect.any(Number));
    // An adopted k3s-homelab server: its kubeconfig is kubeconfig_path, which tofu apply never writes.
    const adopted = copyExampleSettings();
    await expect(main(['k3s-homelab'], { settingsDir: adopted, env: { ...fakeEnv('healthy', log), HOME: home } }))
      .rejects.toThrow(`no kubeconfig at ${join(home, '.kube/k3s-homelab.yaml')}: the settings' kubeconfig_path names the running cluster's kubeconfig: copy it there`);
    // The kubectl double refuses a --kubeconfig that is not a file: the API answered with this one.
    expect(out).toMatch(/^api\s+ok\b/m);
  });

  it('npm run doctor runs the compiled CLI: exit code and output on stdout', () => {
    const log = join(tempDir('doctor-cli'), 'calls.jsonl');
    writeFileSync(log, '');
    const r = spawnSync(process.execPath, [join(ROOT, 'tools/doctor.js'), 'chocolandiadc', '--json'], {
      encoding: 'utf8',
      env: { ...fakeEnv('unhealthy', log), K3S_SETTINGS_DIR: settingsDir },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).healthy).toBe(false);
  });

  it('docs/operations.md shows the real output of this unhealthy run (settings paths shortened)', async () => {
    const r = await doctor('unhealthy', ['chocolandiadc']);
    const shown = markedBlock('docs/operations.md', 'output', '__tests__/doctor/doctor.test.ts').text;
    expect(r.out.split(settingsDir).join('terraform/environments').trimEnd()).toBe(shown.trimEnd());
  });
});

describe('npm run doctor -- k3s-homelab --onboarding k3s2 (seed 002 validation)', () => {
  const calls = (r: Run) => r.log.filter((l) => l.cmd === 'kubectl').map((l) => l.args.join(' '));

  it('all good: pre, during and post checks pass; the test PVC gets a replica on each node and is deleted', async () => {
    const r = await doctor('onboarding-ok', ['k3s-homelab', '--onboarding', 'k3s2']);
    expect(r.out).toMatch(/^pre: server\s+ok\s+k3s1 Ready, v1\.33\.5\+k3s1$/m);
    expect(r.out).toMatch(/^during: longhorn node\s+ok\s+k3s2 Ready and schedulable, disks \/mnt\/longhorn\/sdb1$/m);
    expect(r.out).toMatch(/^post: test pvc\s+ok\s+replicas on k3s1, k3s2; test PVC deleted$/m);
    expect(r.code).toBe(0);
    const apply = r.log.find((l) => l.cmd === 'kubectl' && l.args[0] === 'apply')!;
    expect(JSON.parse(apply.stdin)).toMatchObject({ kind: 'PersistentVolumeClaim', metadata: { name: 'doctor-onboarding-k3s2', namespace: 'default' }, spec: { storageClassName: 'longhorn' } });
    expect(calls(r).at(-1)).toBe('-n default delete pvc doctor-onboarding-k3s2 --ignore-not-found --wait=false');
    expect(r.log.every((l) => l.cmd !== 'ssh')).toBe(true); // the API answers all of it
  });

  it('both replicas on k3s1: a problem naming where they are, and the PVC is still deleted', async () => {
    const r = await doctor('onboarding-one-node', ['k3s-homelab', '--onboarding', 'k3s2']);
    expect(r.code).toBe(1);
    expect(r.out).toContain("- [post: test pvc] the test volume's replicas are on k3s1, not on both k3s1 and k3s2");
    expect(calls(r).at(-1)).toBe('-n default delete pvc doctor-onboarding-k3s2 --ignore-not-found --wait=false');
  });

  it('not joined yet: says what to do, and creates no PVC', async () => {
    const r = await doctor('onboarding-not-joined', ['k3s-homelab', '--onboarding', 'k3s2']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('- [during: node] k3s2 has not joined the cluster\n  next: boot k3s2 with its user data (tofu output user_data_files)');
    expect(r.out).toContain('- [during: longhorn node] Longhorn has no node k3s2 yet');
    expect(r.out).toMatch(/^post: test pvc\s+skipped\s+k3s2 is not ready for storage yet$/m);
    expect(calls(r).some((c) => c.startsWith('apply') || c.includes('delete'))).toBe(false);
  });

  it('refuses a node that is not in the settings', async () => {
    await expect(doctor('onboarding-ok', ['k3s-homelab', '--onboarding', 'k3s9'])).rejects.toThrow(/--onboarding k3s9: not a node of k3s-homelab's settings \(k3s2\)/);
  });
});

describe('npm run doctor: Longhorn backups', () => {
  it('an unavailable backup target and a failed backup are problems, each with the command that shows why', async () => {
    const r = await doctor('unhealthy', ['chocolandiadc']);
    const kc = join(settingsDir, 'chocolandiadc/kubeconfig');
    expect(r.out).toMatch(/^backups\s+PROBLEM\s+s3:\/\/longhorn-backups@us-east-1\/chocolandiadc\/ NOT available, synced 2026-11-29T23:55:00Z; 2 backup\(s\), 1 failed$/m);
    expect(r.out).toContain('- [backups] backup target default (s3://longhorn-backups@us-east-1/chocolandiadc/) is not available: failed to list objects with param: AccessDenied: Access Denied\n'
      + `  next: kubectl --kubeconfig ${kc} -n longhorn-system get backuptargets.longhorn.io default -o yaml   (check the store answers and the keys in Secret longhorn-backup-credentials)`);
    expect(r.out).toContain('- [backups] backup backup-8d2e4b6f1a3c5e70 of volume pvc-0a1b failed: failed to create backup: AccessDenied: Access Denied\n'
      + `  next: kubectl --kubeconfig ${kc} -n longhorn-system get backups.longhorn.io backup-8d2e4b6f1a3c5e70 -o yaml`);
    expect(r.out).not.toContain('backup-3c1f0e2a9b7d4e51');
  });

  it('Longhorn not installed, or no target: skipped, saying why; a target the settings give but Longhorn lacks: a problem', () => {
    const t = { env: 'k3s-homelab', kubeconfig: 'kc', k3sVersion: 'v1.33.1+k3s1', servers: [], expectedNodes: [], embeddedEtcd: false };
    const answer = (items: object[]) => ({ code: 0, stdout: JSON.stringify({ items }), stderr: '' });
    const noBackups = () => answer([]);
    const missing = { code: 1, stdout: '', stderr: 'error: the server doesn\'t have a resource type "backuptargets"\n' };
    expect(backupsCheck(t, missing, noBackups)).toMatchObject({ status: 'skipped', detail: 'Longhorn is not installed' });
    const unset = [{ metadata: { name: 'default' }, spec: { backupTargetURL: '' }, status: { available: false } }];
    expect(backupsCheck(t, answer(unset), noBackups)).toMatchObject({ status: 'skipped', detail: 'no backup target (longhorn_backup, docs/operations.md#longhorn-backups)' });
    const wanted = { ...t, longhornBackupTarget: 'nfs://nas.lan:/export/longhorn' };
    const r = backupsCheck(wanted, answer(unset), noBackups);
    expect(r.status).toBe('problem');
    expect(r.problems[0]).toEqual({
      message: 'longhorn_backup sets nfs://nas.lan:/export/longhorn, but Longhorn\'s targets are none',
      next: 'flux --kubeconfig kc reconcile helmrelease longhorn -n longhorn-system --with-source   (it reads the ConfigMap longhorn-backup-values; apply first if tofu plan shows it)',
    });
    const ok = [{ metadata: { name: 'default' }, spec: { backupTargetURL: 'nfs://nas.lan:/export/longhorn' }, status: { available: true, lastSyncedAt: '2026-11-29T23:55:00Z' } }];
    expect(backupsCheck(wanted, answer(ok), noBackups)).toMatchObject({ status: 'ok', detail: 'nfs://nas.lan:/export/longhorn available, synced 2026-11-29T23:55:00Z; 0 backup(s)' });
  });
});
