import { spawnSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { delimiter, join } from 'path';
import { main, parseArgs } from '../../tools/doctor/main';
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
beforeAll(() => {
  settingsDir = copyExampleSettings();
  writeFileSync(join(settingsDir, 'chocolandiadc/kubeconfig'), 'apiVersion: v1\nkind: Config\n', { mode: 0o600 });
});

async function doctor(recording: string, argv: string[]): Promise<Run> {
  const dir = tempDir('doctor');
  const log = join(dir, 'calls.jsonl');
  writeFileSync(log, '');
  let out = '';
  const code = await main(argv, { settingsDir, nowMs: NOW_MS, env: fakeEnv(recording, log), out: (s) => { out += s; } });
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
      expect(s.command).toBe('sudo bash -s');
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
});
