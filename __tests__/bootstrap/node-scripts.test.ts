import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { nodeConfig } from '../../lib/k3s/node-config';
import { cloudInitK3sConfig } from '../helpers/cloud-init';
import { ROOT, tempDir } from '../helpers/repo';

/**
 * Runs the node scripts for real, as root, inside a private mount namespace
 * whose /etc/rancher, /var/lib/rancher and /usr/local/bin are empty tmpfs:
 * the host is never touched. The K3s installer is a recording stand-in.
 */
if (process.getuid?.() !== 0) {
  throw new Error('node script tests need root (private mount namespaces); run npm test as root, as CI does');
}

const FAKE_INSTALLER = `#!/bin/sh
# Stand-in for get.k3s.io: records its interface, installs a fake k3s.
set -eu
echo "install version=$INSTALL_K3S_VERSION exec=$INSTALL_K3S_EXEC skip=\${INSTALL_K3S_SKIP_DOWNLOAD:-false}" >> "$RECORD"
cat > /usr/local/bin/k3s <<EOS
#!/bin/sh
case "\\$1" in
  --version) echo "k3s version $INSTALL_K3S_VERSION (0123abcd)" ;;
  kubectl) [ -f "$NODE_STATE" ] && cat "$NODE_STATE" ;;
  etcd-snapshot) echo "snapshot \\$*" >> "$RECORD"; [ ! -f "$RECORD.snapshot-fails" ] ;;
esac
EOS
chmod 0755 /usr/local/bin/k3s
printf '#!/bin/sh\\necho uninstall >> "%s"\\n' "$RECORD" > /usr/local/bin/k3s-uninstall.sh
chmod 0755 /usr/local/bin/k3s-uninstall.sh
`;

interface Sandbox {
  staging: string;
  record: string;
  /** Shell that stages the stand-in installer, as the file provisioner uploads it before each run. */
  stageInstaller: string;
  run(script: string): { status: number | null; out: string };
}

function sandbox(): Sandbox {
  const dir = tempDir('node');
  const staging = join(dir, 'staging');
  mkdirSync(staging, { mode: 0o700 });
  const record = join(dir, 'record.log');
  writeFileSync(record, '');
  writeFileSync(join(dir, 'fake-installer.sh'), FAKE_INSTALLER);
  const stageInstaller = `cp ${join(dir, 'fake-installer.sh')} ${join(staging, 'k3s-install.sh')}`;
  for (const d of ['/etc/rancher', '/var/lib/rancher']) mkdirSync(d, { recursive: true });
  const setup = ['/etc/rancher', '/var/lib/rancher', '/usr/local/bin'].map((d) => `mount -t tmpfs tmpfs ${d}`).join(' && ');
  return {
    staging,
    record,
    stageInstaller,
    run(script: string) {
      const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', `set -e; ${setup}; ${script}`], {
        encoding: 'utf8',
        env: { ...process.env, RECORD: record, NODE_STATE: join(dir, 'node-state') },
      });
      if (r.error) throw new Error(`unshare failed (Debian package util-linux): ${r.error.message}`);
      return { status: r.status, out: r.stdout + r.stderr };
    },
  };
}

const INSTALL = join(ROOT, 'bootstrap/install-k3s.sh');
const POST = join(ROOT, 'bootstrap/post-install.sh');
const CONFIG = 'node-name: master1\ntoken: s3cretToken123\n';

describe('install-k3s.sh', () => {
  it('installs once, keeps the config 0600 in a 0700 dir, removes the staged token, and is idempotent', () => {
    const box = sandbox();
    const install = (version: string) =>
      `${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; ` +
      `bash ${INSTALL} --role server --version ${version} --node-name master1 --staging ${box.staging}`;
    const check = `stat -c '%a %U' /etc/rancher/k3s /etc/rancher/k3s/config.yaml; cat /etc/rancher/k3s/config.yaml; ` +
      `test ! -e ${box.staging}/config.yaml && test ! -e ${box.staging}/k3s-install.sh && echo staged-files-removed`;

    const r = box.run(`${install('v1.28.3+k3s1')}; ${check}; ${install('v1.28.3+k3s1')}; ${install('v1.29.0+k3s1')}`);
    expect(r.out).toContain('700 root\n600 root\n');
    expect(r.out).toContain(CONFIG);
    expect(r.out).toContain('staged-files-removed');
    expect(r.out).toContain('install-k3s[master1]: K3s v1.28.3+k3s1 already installed as server with this config: nothing to do');
    expect(r.out).toContain('upgrading K3s v1.28.3+k3s1 -> v1.29.0+k3s1');
    expect(r.status).toBe(0);
    expect(readFileSync(box.record, 'utf8')).toBe(
      'install version=v1.28.3+k3s1 exec=server skip=false\ninstall version=v1.29.0+k3s1 exec=server skip=false\n',
    );
    // The token is never printed.
    expect(r.out.replace(CONFIG, '')).not.toContain('s3cretToken123');
  });

  it('re-runs the installer when the config changed, without uninstalling', () => {
    const box = sandbox();
    const install = (config: string) =>
      `${box.stageInstaller}; printf '%s' '${config}' > ${box.staging}/config.yaml; bash ${INSTALL} --role agent --version v1.28.3+k3s1 --node-name nodo1 --staging ${box.staging}`;
    const r = box.run(`printf '#!/bin/sh\\n' > /usr/local/bin/k3s-agent-uninstall.sh; chmod +x /usr/local/bin/k3s-agent-uninstall.sh; ${install(CONFIG)}; ${install(`${CONFIG}node-label: [a=b]\n`)}`);
    expect(r.status).toBe(0);
    expect(readFileSync(box.record, 'utf8').split('\n').filter(Boolean)).toEqual([
      'install version=v1.28.3+k3s1 exec=agent skip=false',
      'install version=v1.28.3+k3s1 exec=agent skip=false',
    ]);
  });

  it('puts uploaded manifests (kube-vip.yaml) into K3s\'s auto-deploy directory on servers, 0600, and removes the staged copies', () => {
    const box = sandbox();
    const stage = `${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; mkdir -p ${box.staging}/manifests; printf 'kind: DaemonSet\\n' > ${box.staging}/manifests/kube-vip.yaml`;
    const dir = '/var/lib/rancher/k3s/server/manifests';
    const r = box.run(`${stage}; bash ${INSTALL} --role server --version v1.28.3+k3s1 --node-name master1 --staging ${box.staging}; ` +
      `stat -c '%a %n' ${dir}/kube-vip.yaml; cat ${dir}/kube-vip.yaml; test ! -e ${box.staging}/manifests && echo staged-removed`);
    expect(r.status).toBe(0);
    expect(r.out).toContain(`600 ${dir}/kube-vip.yaml\nkind: DaemonSet\n`);
    expect(r.out).toContain('manifest kube-vip.yaml in place');
    expect(r.out).toContain('staged-removed');
  });

  it('an installed server keeps secrets-encryption as it was started (K3s cannot switch it by config)', () => {
    const box = sandbox();
    const install = (version: string, config: string) =>
      `${box.stageInstaller}; printf '%s' '${config}' > ${box.staging}/config.yaml; ` +
      `bash ${INSTALL} --role server --version ${version} --node-name master1 --staging ${box.staging}`;
    const show = 'echo "--"; cat /etc/rancher/k3s/config.yaml';
    // Installed without it (an existing cluster), then the new default asks for it; and the reverse.
    const r = box.run(`${install('v1.28.3+k3s1', CONFIG)}; ${install('v1.29.0+k3s1', `${CONFIG}secrets-encryption: true\n`)}; ${show}`);
    expect(r.status).toBe(0);
    expect(r.out).toContain('secrets-encryption stays disabled on this installed server (the config asks for it enabled)');
    expect(r.out.split('--\n')[1]).not.toContain('secrets-encryption');
    const fresh = sandbox();
    const f = fresh.run(
      `${fresh.stageInstaller}; printf '%s' '${CONFIG}secrets-encryption: true\n' > ${fresh.staging}/config.yaml; bash ${INSTALL} --role server --version v1.28.3+k3s1 --node-name master1 --staging ${fresh.staging}; ` +
      `${fresh.stageInstaller}; printf '%s' '${CONFIG}secrets-encryption: false\n' > ${fresh.staging}/config.yaml; bash ${INSTALL} --role server --version v1.29.0+k3s1 --node-name master1 --staging ${fresh.staging}; ${show}`);
    expect(f.status).toBe(0);
    expect(f.out).toContain('secrets-encryption stays enabled on this installed server (the config asks for it disabled)');
    expect(f.out.split('--\n')[1]).toContain('secrets-encryption: true\n');
  });

  it('reads a config cloud-init wrote (yamlencode: "secrets-encryption": true) as YAML: an installed server keeps it on', () => {
    // kpi-sandbox's control plane: cloud-init writes the config with Terraform's yamlencode (quoted keys).
    const rendered = (secretsEncryption: boolean) => cloudInitK3sConfig('k3s-cp.yml.tpl', nodeConfig({
      template: { server: { 'write-kubeconfig-mode': '0600' } }, role: 'server', nodeName: 'master1', nodeIp: '10.0.0.1', embeddedEtcd: false, token: 'servertoken', secretsEncryption,
    }));
    expect(rendered(true)).toContain('"secrets-encryption": true\n');
    const box = sandbox();
    const dir = tempDir('rendered');
    writeFileSync(join(dir, 'on.yaml'), rendered(true));
    writeFileSync(join(dir, 'off.yaml'), rendered(false));
    const install = (version: string, config: string) =>
      `${box.stageInstaller}; cp ${join(dir, config)} ${box.staging}/config.yaml; bash ${INSTALL} --role server --version ${version} --node-name master1 --staging ${box.staging}`;
    const r = box.run(`${install('v1.28.3+k3s1', 'on.yaml')}; ${install('v1.29.0+k3s1', 'off.yaml')}; echo "--"; cat /etc/rancher/k3s/config.yaml`);
    expect(r.status).toBe(0);
    expect(r.out).toContain('secrets-encryption stays enabled on this installed server (the config asks for it disabled)');
    const after = r.out.split('--\n')[1];
    expect(after).toContain('secrets-encryption: true\n');
    expect(after).not.toContain('"secrets-encryption": false');
  });

  it('uses an uploaded k3s binary instead of downloading', () => {
    const box = sandbox();
    writeFileSync(join(box.staging, 'k3s'), '#!/bin/sh\n');
    const r = box.run(`${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; bash ${INSTALL} --role server --version v1.28.3+k3s1 --node-name master1 --staging ${box.staging}; test ! -e ${box.staging}/k3s`);
    expect(r.status).toBe(0);
    expect(readFileSync(box.record, 'utf8')).toContain('skip=true');
  });

  it.each([
    ['--role master --version v1.28.3+k3s1 --node-name m', /--role must be server or agent, got 'master'/],
    ['--role server --version latest --node-name m', /--version must look like v1\.28\.3\+k3s1, got 'latest'/],
    ['--role server --version v1.28.3+k3s1', /--node-name is required/],
  ])('refuses bad arguments: %s', (args, message) => {
    const box = sandbox();
    const r = box.run(`${box.stageInstaller}; bash ${INSTALL} ${args} --staging ${box.staging}`);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(message);
    expect(readFileSync(box.record, 'utf8')).toBe('');
  });

  /** An installer that gets as far as writing the uninstall script, then fails. */
  const failing = (dir: string) => `cat > ${dir}/k3s-install.sh <<'EOS'
#!/bin/sh
printf '#!/bin/sh\\necho uninstall >> "%s"\\n' "$RECORD" > /usr/local/bin/k3s-uninstall.sh
chmod 0755 /usr/local/bin/k3s-uninstall.sh
echo "install failed half-way" >&2
exit 1
EOS
true`;

  it('rolls a failed first install back, naming the failure', () => {
    const box = sandbox();
    const r = box.run(`${failing(box.staging)}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; bash ${INSTALL} --role server --version v1.28.3+k3s1 --node-name master1 --staging ${box.staging}`);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/install failed: rolling back the partial install with \/usr\/local\/bin\/k3s-uninstall\.sh/);
    expect(r.out).toMatch(/ERROR: the K3s installer failed/);
    expect(readFileSync(box.record, 'utf8')).toBe('uninstall\n');
  });

  it('leaves the running version alone when an upgrade fails', () => {
    const box = sandbox();
    const good = `${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; bash ${INSTALL} --role server --version v1.28.3+k3s1 --node-name master1 --staging ${box.staging}`;
    const bad = `${failing(box.staging)}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; bash ${INSTALL} --role server --version v1.29.0+k3s1 --node-name master1 --staging ${box.staging}`;
    const r = box.run(`${good}; ${bad} || echo upgrade-failed; k3s --version`);
    expect(r.out).toContain('upgrade-failed');
    expect(r.out).toContain('k3s version v1.28.3+k3s1');
    expect(readFileSync(box.record, 'utf8')).not.toContain('uninstall');
  });

  it('puts the previous k3s binary back when an upgrade with an uploaded binary fails', () => {
    const box = sandbox();
    const good = `${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; bash ${INSTALL} --role server --version v1.28.3+k3s1 --node-name master1 --staging ${box.staging}`;
    // The new binary says it is v1.29.0; the installer then fails.
    const newBinary = `printf '#!/bin/sh\\necho "k3s version v1.29.0+k3s1 (new)"\\n' > ${box.staging}/k3s`;
    const bad = `${failing(box.staging)}; ${newBinary}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; bash ${INSTALL} --role server --version v1.29.0+k3s1 --node-name master1 --staging ${box.staging}`;
    const r = box.run(`${good}; ${bad} || echo upgrade-failed; k3s --version; ls ${box.staging}`);
    expect(r.out).toContain('upgrade failed: put back the previous k3s binary (v1.28.3+k3s1)');
    expect(r.out).toContain('upgrade-failed');
    expect(r.out).toContain('k3s version v1.28.3+k3s1');
    expect(r.out).not.toContain('k3s.previous');
  });

  it('pre-flight refuses a port K3s needs that something else holds', () => {
    const box = sandbox();
    // Its own network namespace: the listener is invisible to the machine.
    const listen = `ip link set lo up; python3 -c 'import socket,time; s=socket.socket(); s.bind(("0.0.0.0", 6443)); s.listen(); time.sleep(20)' & for i in $(seq 100); do ss -Htln 'sport = :6443' | grep -q . && break; sleep 0.1; done`;
    const script = `${listen}; ${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; bash ${INSTALL} --role server --version v1.28.3+k3s1 --node-name master1 --staging ${box.staging}; echo "rc=$?"; kill %1`;
    const r = spawnSync('unshare', ['--net', '--mount', '--propagation', 'private', 'bash', '-c',
      `mount -t tmpfs tmpfs /etc/rancher && mount -t tmpfs tmpfs /var/lib/rancher && mount -t tmpfs tmpfs /usr/local/bin && ${script}`], { encoding: 'utf8', env: { ...process.env, RECORD: box.record } });
    expect(r.stdout + r.stderr).toMatch(/pre-flight: TCP port 6443 is already in use .*K3s needs it/);
    expect(r.stdout).toContain('rc=1');
    expect(readFileSync(box.record, 'utf8')).toBe('');
  });

  describe('version guard (a fake k3s of the installed version is on PATH)', () => {
    const upgrade = (box: Sandbox, from: string, to: string, flags = '') =>
      box.run(`${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; ` +
        `bash ${INSTALL} --role server --version ${from} --node-name master1 --staging ${box.staging} >/dev/null; ` +
        `${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; ` +
        `bash ${INSTALL} --role server --version ${to} --node-name master1 --staging ${box.staging} ${flags} && echo rc=0 || echo "rc=$?"; k3s --version`);

    it.each([
      ['v1.28.3+k3s1', 'v1.30.6+k3s1', /refusing K3s v1\.28\.3\+k3s1 -> v1\.30\.6\+k3s1 on master1: Kubernetes upgrades one minor version at a time; the next allowed minor is v1\.29/],
      ['v1.28.3+k3s1', 'v1.27.1+k3s1', /refusing to downgrade K3s v1\.28\.3\+k3s1 -> v1\.27\.1\+k3s1 on master1: Kubernetes does not support downgrades/],
      ['v1.28.3+k3s2', 'v1.28.3+k3s1', /refusing to downgrade K3s v1\.28\.3\+k3s2 -> v1\.28\.3\+k3s1/],
      ['v1.29.0+k3s1', 'v1.29.0-rc1+k3s1', /refusing to downgrade K3s v1\.29\.0\+k3s1 -> v1\.29\.0-rc1\+k3s1/],
    ])('refuses %s -> %s before running anything, and the running version stays', (from, to, message) => {
      const box = sandbox();
      const r = upgrade(box, from, to);
      expect(r.out).toMatch(message);
      expect(r.out).toMatch(/Override: set allow_k3s_version_skew = true in terraform\.tfvars/);
      expect(r.out).toContain('rc=1');
      expect(r.out).toContain(`k3s version ${from}`);
      expect(readFileSync(box.record, 'utf8').trim().split('\n')).toEqual([`install version=${from} exec=server skip=false`]);
    });

    it.each([
      ['v1.28.3+k3s1', 'v1.29.0+k3s1'],
      ['v1.28.3+k3s1', 'v1.28.15+k3s2'],
      ['v1.28.3+k3s1', 'v1.28.3+k3s2'],
      ['v1.29.0-rc1+k3s1', 'v1.29.0+k3s1'],
    ])('lets %s -> %s pass (next minor, patch, +k3sN, rc to release)', (from, to) => {
      const box = sandbox();
      const r = upgrade(box, from, to);
      expect(r.out).toContain('rc=0');
      expect(r.out).toContain(`k3s version ${to}`);
    });

    // RHEL's sudo runs commands with secure_path = /sbin:/bin:/usr/sbin:/usr/bin (no /usr/local/bin).
    const SECURE_PATH = 'env PATH=/usr/sbin:/usr/bin:/sbin:/bin';

    it('guards the installed k3s where the installer put it, even when PATH (sudo secure_path) does not have /usr/local/bin', () => {
      const box = sandbox();
      const r = box.run(`${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; ` +
        `bash ${INSTALL} --role server --version v1.28.3+k3s1 --node-name master1 --staging ${box.staging} >/dev/null; ` +
        `${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; ` +
        `${SECURE_PATH} bash ${INSTALL} --role server --version v1.30.6+k3s1 --node-name master1 --staging ${box.staging} && echo rc=0 || echo "rc=$?"; k3s --version`);
      expect(r.out).toMatch(/refusing K3s v1\.28\.3\+k3s1 -> v1\.30\.6\+k3s1 on master1/);
      expect(r.out).toContain('rc=1');
      expect(r.out).toContain('k3s version v1.28.3+k3s1');
    });

    it('takes the pre-upgrade snapshot with the installed k3s under sudo secure_path too', () => {
      const box = sandbox();
      const flags = '--etcd --bootstrap-if-alone --snapshot-before-upgrade';
      const r = box.run(`${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; ` +
        `bash ${INSTALL} --role server --version v1.28.3+k3s1 --node-name master1 --staging ${box.staging} ${flags} >/dev/null; ` +
        `${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; ` +
        `${SECURE_PATH} bash ${INSTALL} --role server --version v1.29.0+k3s1 --node-name master1 --staging ${box.staging} ${flags} && echo rc=0 || echo "rc=$?"`);
      expect(r.out).toContain('rc=0');
      expect(readFileSync(box.record, 'utf8')).toContain('snapshot etcd-snapshot save --name pre-upgrade-v1.28.3-k3s1');
    });

    /** K3s v1.28.3+k3s1 installed with CONFIG, then /usr/local/bin/k3s replaced by `fake`; then a run with another config. */
    const withInstalledK3s = (fake: string, flags = '') => {
      const box = sandbox();
      const r = box.run(`${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; ` +
        `bash ${INSTALL} --role server --version v1.28.3+k3s1 --node-name master1 --staging ${box.staging} >/dev/null; ` +
        `printf '%s\n' '#!/bin/sh' '${fake}' > /usr/local/bin/k3s; ` +
        `${box.stageInstaller}; printf '%s' '${CONFIG}node-label: [changed=yes]\n' > ${box.staging}/config.yaml; ` +
        `bash ${INSTALL} --role server --version v1.29.0+k3s1 --node-name master1 --staging ${box.staging} ${flags} && echo rc=0 || echo "rc=$?"; echo '--- config'; cat /etc/rancher/k3s/config.yaml; echo '--- end'`);
      return { ...r, config: r.out.split('--- config\n')[1].split('--- end')[0], record: readFileSync(box.record, 'utf8').trim().split('\n') };
    };

    it('refuses before anything changes when the installed k3s cannot say its version', () => {
      const r = withInstalledK3s('exit 127');
      expect(r.out).toContain('version guard: /usr/local/bin/k3s --version fails on master1, so the installed version cannot be checked; nothing was changed');
      expect(r.out).toContain('rc=1');
      expect(r.config).toBe(CONFIG);
      expect(r.record).toEqual(['install version=v1.28.3+k3s1 exec=server skip=false']);
    });

    it('refuses an installed version that is not a K3s release; --allow-version-skew lets it through, saying so', () => {
      const r = withInstalledK3s('echo "k3s version devel (0000000)"');
      expect(r.out).toMatch(/version guard: the installed version 'devel' on master1 is not a K3s release version .*nothing was changed\. Override: set allow_k3s_version_skew = true/);
      expect(r.out).toContain('rc=1');
      expect(r.config).toBe(CONFIG);
      expect(r.record).toEqual(['install version=v1.28.3+k3s1 exec=server skip=false']);
      const allowed = withInstalledK3s('echo "k3s version devel (0000000)"', '--allow-version-skew');
      expect(allowed.out).toContain("version guard overridden: installed version 'devel' is not a K3s release version, installing v1.29.0+k3s1");
      expect(allowed.out).toContain('rc=0');
    });

    it('lets --allow-version-skew (allow_k3s_version_skew = true) through, saying so', () => {
      const box = sandbox();
      const r = upgrade(box, 'v1.28.3+k3s1', 'v1.30.6+k3s1', '--allow-version-skew');
      expect(r.out).toContain('version guard overridden: skipping minors v1.28.3+k3s1 -> v1.30.6+k3s1');
      expect(r.out).toContain('k3s version v1.30.6+k3s1');
    });
  });

  describe('a snapshot before an upgrade (--snapshot-before-upgrade)', () => {
    const upgrade = (box: Sandbox, extra = '') =>
      box.run(`${extra}${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; ` +
        `bash ${INSTALL} --role server --version v1.28.3+k3s1 --node-name master1 --staging ${box.staging} --etcd --bootstrap-if-alone --snapshot-before-upgrade >/dev/null; ` +
        `${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; ` +
        `bash ${INSTALL} --role server --version v1.29.0+k3s1 --node-name master1 --staging ${box.staging} --etcd --bootstrap-if-alone --snapshot-before-upgrade && echo rc=0 || echo "rc=$?"; k3s --version`);

    it('takes one named after the running version, then upgrades', () => {
      const box = sandbox();
      const r = upgrade(box);
      expect(r.out).toContain('taking etcd snapshot pre-upgrade-v1.28.3-k3s1 before upgrading v1.28.3+k3s1 -> v1.29.0+k3s1');
      expect(r.out).toContain('rc=0');
      expect(readFileSync(box.record, 'utf8').trim().split('\n')).toEqual([
        'install version=v1.28.3+k3s1 exec=server skip=false',
        'snapshot etcd-snapshot save --name pre-upgrade-v1.28.3-k3s1',
        'install version=v1.29.0+k3s1 exec=server skip=false',
      ]);
    });

    it('does not start the upgrade when the snapshot fails', () => {
      const box = sandbox();
      writeFileSync(`${box.record}.snapshot-fails`, '');
      const r = upgrade(box);
      expect(r.out).toMatch(/the etcd snapshot pre-upgrade-v1\.28\.3-k3s1 failed \(output above\), so the upgrade to v1\.29\.0\+k3s1 did not start/);
      expect(r.out).toContain('rc=1');
      expect(r.out).toContain('k3s version v1.28.3+k3s1');
      expect(readFileSync(box.record, 'utf8')).not.toContain('install version=v1.29.0+k3s1');
    });
  });

  describe('how an embedded-etcd server enters its cluster', () => {
    /**
     * Runs in a private network namespace. With `peer`, a second namespace
     * (198.18.99.2, linked by a veth pair) serves K3s's /ping on :6443 like a
     * running server's supervisor.
     */
    function enter(flags: string, options: { peer?: boolean; etcdData?: boolean; installedConfig?: string } = {}) {
      const box = sandbox();
      const tls = tempDir('tls');
      const ns = `k3s-test-peer-${process.pid}`;
      const peer = options.peer
        ? `ip netns add ${ns} && ip link add k3stpa type veth peer name k3stpb netns ${ns} && ip addr add 198.18.99.1/30 dev k3stpa && ip link set k3stpa up && ` +
          `ip -n ${ns} addr add 198.18.99.2/30 dev k3stpb && ip -n ${ns} link set k3stpb up && ` +
          `(cd ${tls} && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=k3s -keyout key.pem -out crt.pem 2>/dev/null && printf pong > ping && ` +
          `ip netns exec ${ns} openssl s_server -quiet -accept 198.18.99.2:6443 -cert crt.pem -key key.pem -WWW >/dev/null 2>&1 & sleep 0.5); `
        : '';
      const existing = [
        options.etcdData ? 'mkdir -p /var/lib/rancher/k3s/server/db/etcd' : 'true',
        options.installedConfig !== undefined ? `mkdir -p /etc/rancher/k3s && printf '%s' '${options.installedConfig}' > /etc/rancher/k3s/config.yaml` : 'true',
      ].join(' && ');
      const script = `ip link set lo up; ${peer}${existing}; ${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; ` +
        `bash ${INSTALL} --role server --version v1.28.3+k3s1 --node-name master1 --staging ${box.staging} --etcd ${flags}; echo "rc=$?"; ` +
        `cat /etc/rancher/k3s/config.yaml; ip netns pids ${ns} 2>/dev/null | xargs -r kill; ip netns delete ${ns} 2>/dev/null || true`;
      const r = spawnSync('unshare', ['--net', '--mount', '--propagation', 'private', 'bash', '-c',
        `mount -t tmpfs tmpfs /etc/rancher && mount -t tmpfs tmpfs /var/lib/rancher && mount -t tmpfs tmpfs /usr/local/bin && ${script}`],
      { encoding: 'utf8', env: { ...process.env, RECORD: box.record, NODE_STATE: join(box.staging, '..', 'node-state') } });
      return r.stdout + r.stderr;
    }

    it('the first server starts the cluster (cluster-init) when no other server answers', () => {
      const out = enter("--join-candidates '198.18.99.3 198.18.99.4' --bootstrap-if-alone");
      expect(out).toContain('no other server answers: starting a new etcd cluster (cluster-init)');
      expect(out).toContain('rc=0');
      expect(out).toMatch(/token: s3cretToken123\ncluster-init: true\n/);
    });

    it('a replaced first server joins a server that is up instead of starting a second cluster', () => {
      const out = enter("--join-candidates '198.18.99.3 198.18.99.2' --bootstrap-if-alone", { peer: true });
      expect(out).toContain('joining the running cluster through 198.18.99.2');
      expect(out).toMatch(/token: s3cretToken123\nserver: https:\/\/198\.18\.99\.2:6443\n/);
      expect(out).not.toContain('cluster-init');
    });

    it('a server that already holds etcd data keeps how it joined (no restart for that)', () => {
      const installed = `${CONFIG}cluster-init: true\n`;
      const out = enter("--join-candidates '198.18.99.2' --bootstrap-if-alone", { peer: true, etcdData: true, installedConfig: installed });
      expect(out).toMatch(/token: s3cretToken123\ncluster-init: true\n/);
      expect(out).not.toContain('joining the running cluster');
    });

    it('a joining server with no server up fails, naming where it looked', () => {
      const out = enter("--join-candidates '198.18.99.3'");
      expect(out).toMatch(/ERROR: no other server of the cluster answers at 198\.18\.99\.3 \(https:\/\/<ip>:6443\/ping\): a joining server needs one that is up/);
      expect(out).toContain('rc=1');
    });
  });

  it('pre-flight names what is missing', () => {
    const box = sandbox();
    const r = box.run(`${box.stageInstaller}; bash ${INSTALL} --role server --version v1.28.3+k3s1 --node-name master1 --staging ${box.staging}`);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/pre-flight: .*config\.yaml is missing/);
  });
});

describe('post-install.sh', () => {
  function withNodeState(state: string, timeout: number) {
    const box = sandbox();
    // The fake k3s answers every kubectl call with the node state file.
    writeFileSync(join(box.staging, '..', 'node-state'), state);
    const r = box.run(
      `${box.stageInstaller}; printf '%s' '${CONFIG}' > ${box.staging}/config.yaml; bash ${INSTALL} --role server --version v1.28.3+k3s1 --node-name master1 --staging ${box.staging} >/dev/null; ` +
        `bash ${POST} --node-name master1 --timeout-seconds ${timeout}`,
    );
    return r;
  }

  it('passes when the API is ready and the node is Ready', () => {
    // /readyz and the Ready condition both read "ok"/"True" from the stand-in; here one file serves both.
    const box = sandbox();
    const fakeK3s = join(box.staging, 'k3s');
    writeFileSync(fakeK3s, '#!/bin/sh\ncase "$*" in *readyz*) echo ok ;; *jsonpath*) echo True ;; --version) echo "k3s version v1.28.3+k3s1 (x)" ;; esac\n');
    chmodSync(fakeK3s, 0o755);
    const r = box.run(`cp ${fakeK3s} /usr/local/bin/k3s; bash ${POST} --node-name master1 --timeout-seconds 5`);
    expect(r.out).toContain('post-install[master1]: API ready and node Ready');
    expect(r.status).toBe(0);
  });

  it('fails after the timeout, naming the node and what it saw', () => {
    const r = withNodeState('False', 1);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/post-install\[master1\]: ERROR: node master1 not Ready after 1 s \(API \/readyz: 'False'/);
  });

  it('fails clearly when k3s is not installed', () => {
    const box = sandbox();
    const r = box.run(`bash ${POST} --node-name nodo1 --timeout-seconds 1`);
    expect(r.status).toBe(1);
    expect(r.out).toContain('post-install[nodo1]: k3s is not installed on this server');
  });
});

describe('check-node.sh', () => {
  const run = (env: Record<string, string>) =>
    spawnSync('bash', [join(ROOT, 'bootstrap/check-node.sh')], { encoding: 'utf8', env: { ...process.env, ...env } });

  it('names the node and key path when the key is missing', () => {
    const r = run({ NODE_NAME: 'master2', NODE_HOST: '127.0.0.1', SSH_KEY_PATH: '~/no-such-key', WAIT_SECONDS: '1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('master2: SSH private key not found or not readable at ~/no-such-key');
  });

  it('names the node and address when SSH is unreachable', () => {
    const key = join(tempDir('key'), 'id');
    writeFileSync(key, 'x');
    // Port 9 on loopback: nothing listens there.
    const r = run({ NODE_NAME: 'master3', NODE_HOST: '127.0.0.1', SSH_PORT: '9', SSH_KEY_PATH: key, WAIT_SECONDS: '1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('master3: cannot reach SSH at 127.0.0.1:9 after 1 s');
    expect(existsSync(key)).toBe(true);
  });
});
