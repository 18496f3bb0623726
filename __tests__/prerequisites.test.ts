import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ROOT, tempDir } from './helpers/repo';

/**
 * `npm test` (tools/test.sh) checks what it needs beyond npm before it
 * builds or installs anything: one line per missing or too-old tool. Fakes
 * stand in for kubectl and terraform (their `version -o json` /
 * `version -json` output), npm and npx (record that the suite would start)
 * and apt-get (records an install).
 */
describe('tools/test.sh prerequisites', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('prerequisites');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const fake = (bin: string, name: string, script: string) => {
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, name), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  // kubectl's `version --client -o json`, as Debian 12's kubernetes-client (1.20, no kustomize field) and a recent one print it.
  const DEBIAN_KUBECTL = '{"clientVersion":{"major":"1","minor":"20","gitVersion":"v1.20.2"}}';
  const GOOD_KUBECTL = '{"clientVersion":{"major":"1","minor":"33","gitVersion":"v1.33.9"},"kustomizeVersion":"v5.6.0"}';
  const terraform = (version: string) => `echo '{"terraform_version":"${version}","platform":"linux_amd64"}'`;

  /** Runs tools/test.sh with `fakes` first on PATH (then the machine's PATH unless `only`); what npm and apt-get were asked. */
  function run(fakes: (bin: string) => void, only = false) {
    const bin = join(dir, 'bin');
    const log = join(dir, 'calls.log');
    fake(bin, 'npm', `echo "npm $*" >> ${log}`);
    fake(bin, 'npx', `echo "npx $*" >> ${log}`);
    fake(bin, 'apt-get', `echo "apt-get $*" >> ${log}`);
    fakes(bin);
    if (only) {
      // Just what the script itself needs: no kubectl, no Debian tools.
      for (const tool of ['bash', 'node', 'dirname', 'id']) {
        const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
        if (!existsSync(join(bin, tool))) symlinkSync(found, join(bin, tool));
      }
    }
    const r = spawnSync('bash', [join(ROOT, 'tools/test.sh')], {
      encoding: 'utf8',
      env: { ...process.env, PATH: only ? bin : `${bin}:${process.env.PATH}`, TERRAFORM_BIN: join(bin, 'terraform') },
    });
    return { status: r.status, stderr: r.stderr, calls: existsSync(log) ? readFileSync(log, 'utf8') : '' };
  }

  it("stops with one line when kubectl is Debian 12's 1.20 (no kustomize v5), before building anything", () => {
    const r = run((bin) => {
      fake(bin, 'kubectl', `echo '${DEBIAN_KUBECTL}'`);
      fake(bin, 'terraform', terraform('1.11.4'));
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('prerequisites:'));
    expect(lines).toEqual([expect.stringMatching(/^prerequisites: kubectl v1\.20\.2 \(.*\/kubectl\) is too old: 'kubectl kustomize' must be kustomize v5 \(kubectl 1\.27 or later/)]);
    expect(r.calls).toBe('');
  });

  it('names every missing or too-old tool, one line each, and installs nothing', () => {
    const r = run((bin) => fake(bin, 'terraform', terraform('1.5.7')), true);
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('prerequisites:'));
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^prerequisites: terraform v1\.5\.7 \(.*\) is too old: the tests need Terraform 1\.11 or later/),
      expect.stringMatching(/^prerequisites: kubectl is missing: /),
    ]));
    // As root the Debian tools are not problems (ensure-debian-packages.sh would install them); otherwise one line each.
    expect(lines).toHaveLength(process.getuid?.() === 0 ? 2 : lines.length);
    expect(r.calls).toBe('');
  });

  it('goes on to build and run jest when kubectl has kustomize v5 and Terraform is 1.11', () => {
    const r = run((bin) => {
      fake(bin, 'kubectl', `echo '${GOOD_KUBECTL}'`);
      fake(bin, 'terraform', terraform('1.11.4'));
    });
    expect(r.stderr).not.toMatch(/^prerequisites:/m);
    expect(r.status).toBe(0);
    expect(r.calls).toContain('npm run --silent build');
    expect(r.calls).toContain('npx jest');
  });
});
