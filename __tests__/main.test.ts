import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import { copyExampleSettings, ROOT, runSynth, tempDir } from './helpers/repo';

const synth = (settingsDir: string, outdir: string) => runSynth(outdir, settingsDir);

/** Every file under dir with its content and mtime, to prove nothing was touched. */
function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p] = `${statSync(p).mtimeMs}:${readFileSync(p, 'base64')}`;
    }
  };
  walk(dir);
  return out;
}


describe('synth entry point', () => {
  it('writes every stack', () => {
    // CDKTF_OUTDIR may name directories that do not exist yet.
    const out = join(tempDir('out'), 'new/tree');
    const run = synth(copyExampleSettings(), out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const stack of ['chocolandiadc', 'chocolandiadc-mvp', 'kpi-sandbox', 'k3s-homelab', 'k3s-gitops']) {
      const json = JSON.parse(readFileSync(join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect(json.terraform.backend.local.path).toMatch(new RegExp(`/${stack}/terraform\\.tfstate$`));
      // Every local path a provisioner names exists in the stack dir, where tofu runs.
      const sources = JSON.stringify(json).match(/assets\/[^"\s\\]+/g) ?? [];
      expect(sources.length).toBeGreaterThan(0);
      for (const src of sources) expect(existsSync(join(out, 'stacks', stack, src))).toBe(true);
      if (stack === 'kpi-sandbox' || stack === 'k3s-homelab') continue;
      const first = stack === 'k3s-gitops' ? 'gitops1' : 'master1';
      const bundle = json.resource.null_resource[`${first}_upgrade`].provisioner
        .map((p: Record<string, any>) => p.file?.source).find((s?: string) => s?.endsWith('/'));
      for (const f of ['install-k3s.sh', 'post-install.sh']) expect(existsSync(join(out, 'stacks', stack, bundle, f))).toBe(true);
    }
  });

  it('prints one line per stack (resources, outputs, directory) and the next command, nothing on stderr', () => {
    const out = tempDir('out');
    const run = synth(copyExampleSettings(), out);
    expect(run.stderr).toBe('');
    const all = run.stdout.trim().split('\n');
    // Under a stack's line, a notice when its K3s minor is past end of life (the examples' v1.28 and v1.33 are, for good).
    const notices = all.filter((l) => l.startsWith('  notice: '));
    expect(notices).toEqual(expect.arrayContaining([
      expect.stringMatching(/^  notice: chocolandiadc: K3s v1\.28\.3\+k3s1 is past end of life \(Kubernetes v1\.28 ended 2024-10-28, https:\/\/kubernetes\.io\/releases\/\): upgrade one minor at a time to v1\.\d+ or newer, see docs\/platform\.md$/),
      expect.stringMatching(/^  notice: k3s-homelab: K3s v1\.33\.5\+k3s1 is past end of life \(Kubernetes v1\.33 ended 2026-06-28/),
      expect.stringMatching(/^  notice: k3s-gitops: K3s v1\.33\.5\+k3s1 is past end of life/),
    ]));
    for (const n of notices) expect(all[all.indexOf(n) - 1].split(/\s+/)[0]).toBe(n.split(':')[1].trim());
    const lines = all.filter((l) => !l.startsWith('  notice: ') && !l.startsWith('  warning: '));
    expect(lines).toHaveLength(6);
    const chocolandiadc = JSON.parse(readFileSync(join(out, 'stacks/chocolandiadc/cdk.tf.json'), 'utf8'));
    const resources = Object.values<object>(chocolandiadc.resource).reduce((n, r) => n + Object.keys(r).length, 0);
    expect(lines[0]).toMatch(new RegExp(`^chocolandiadc +${resources} resources +${Object.keys(chocolandiadc.output).length} outputs +${relative(ROOT, join(out, 'stacks/chocolandiadc'))}$`));
    expect(lines.slice(0, 5).map((l) => l.split(/\s+/)[0])).toEqual(['chocolandiadc', 'chocolandiadc-mvp', 'kpi-sandbox', 'k3s-homelab', 'k3s-gitops']);
    expect(lines[5]).toBe(`Next: cd ${relative(ROOT, join(out, 'stacks'))}/<stack> && tofu init && tofu plan`);
  });

  it('warns once per SSH node without ssh_host_key, under its stack; a pinned node is not mentioned', () => {
    const settings = copyExampleSettings();
    const mvp = join(settings, 'chocolandiadc-mvp/terraform.tfvars');
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBVbqMiHjPOm2R6ML0lXx2mFN3oTlIAKZz0x7gO8zNtl root@master1';
    writeFileSync(mvp, readFileSync(mvp, 'utf8').replace('hostname     = "master1"', `hostname     = "master1"\n    ssh_host_key = "${key}"`));
    const run = synth(settings, tempDir('out'));
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const under = (stack: string) => {
      const at = lines.findIndex((l) => l.startsWith(`${stack} `));
      const rest = lines.slice(at + 1);
      return rest.slice(0, rest.findIndex((l) => !l.startsWith('  '))).filter((l) => l.startsWith('  warning: '));
    };
    expect(under('chocolandiadc').map((l) => l.split(' ')[3])).toEqual(['master1', 'master2', 'master3', 'nodo1']);
    expect(under('chocolandiadc-mvp')).toEqual([
      '  warning: nodo1 (192.168.4.11) has no ssh_host_key: SSH does not verify it, so whatever answers there first gets its config and join token (docs/ssh-and-tokens.md: ssh-keyscan once, verify out of band)',
    ]);
    expect(under('kpi-sandbox')).toEqual([]);
    // k3s-homelab adopts its running server: Terraform reaches no node over SSH.
    expect(under('k3s-homelab')).toEqual([]);
  });

  it('prepares 0600 local state before the first apply (OpenTofu keeps an existing file\'s mode), in a 0700 directory; plans go to a 0700 stack directory', () => {
    const settings = copyExampleSettings();
    const mvp = join(settings, 'chocolandiadc-mvp');
    writeFileSync(join(mvp, 'terraform.tfstate'), '{"version": 4}', { mode: 0o644 });
    const ha = join(settings, 'chocolandiadc/terraform.tfvars');
    writeFileSync(ha, `${readFileSync(ha, 'utf8')}\nbackend = { type = "pg" }\n`);
    const out = tempDir('out');
    expect(synth(settings, out).status).toBe(0);
    const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
    for (const env of ['chocolandiadc-mvp', 'kpi-sandbox', 'k3s-homelab', 'k3s-gitops']) {
      expect([env, mode(join(settings, env)), mode(join(settings, env, 'terraform.tfstate')), mode(join(settings, env, 'terraform.tfstate.backup'))])
        .toEqual([env, '700', '600', '600']);
    }
    // An existing state is tightened, never emptied; a remote backend gets no local file.
    expect(readFileSync(join(mvp, 'terraform.tfstate'), 'utf8')).toBe('{"version": 4}');
    expect(existsSync(join(settings, 'chocolandiadc/terraform.tfstate'))).toBe(false);
    for (const stack of ['chocolandiadc', 'kpi-sandbox']) expect(mode(join(out, 'stacks', stack))).toBe('700');
  });

  it('rewrites assets in full (no stale script lingers) and keeps tofu\'s .terraform directory', () => {
    const out = tempDir('out');
    const settings = copyExampleSettings();
    expect(synth(settings, out).status).toBe(0);
    const stack = join(out, 'stacks', 'chocolandiadc');
    mkdirSync(join(stack, 'assets', 'old_asset'), { recursive: true });
    mkdirSync(join(stack, '.terraform'), { recursive: true });
    writeFileSync(join(stack, '.terraform', 'keep'), '');
    expect(synth(settings, out).status).toBe(0);
    expect(existsSync(join(stack, 'assets', 'old_asset'))).toBe(false);
    expect(existsSync(join(stack, '.terraform', 'keep'))).toBe(true);
  });

  it('refuses bad settings: all problems, one line each, no stack trace, nothing written', () => {
    const out = tempDir('out');
    const settings = copyExampleSettings();
    expect(synth(settings, out).status).toBe(0);
    const before = snapshotTree(out);

    const ha = join(settings, 'chocolandiadc/terraform.tfvars');
    writeFileSync(ha, readFileSync(ha, 'utf8').replace('hostname     = "master3"', 'hostname     = "mastr3"').replace('"10Gi"', '"lots"'));
    const mvp = join(settings, 'chocolandiadc-mvp/terraform.tfvars');
    writeFileSync(mvp, readFileSync(mvp, 'utf8').replace('cluster_name = "chocolandiadc-mvp"', 'cluster_nam = "chocolandiadc-mvp"'));

    const run = synth(settings, out);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe('Settings are invalid (4 problems); nothing was written:');
    expect(lines.slice(1).sort()).toEqual([
      `${mvp}: cluster_nam: unknown setting (misspelled? see the settings reference, docs/settings.md)`,
      `${mvp}: cluster_name: required setting is missing`,
      `${ha}: control_plane_nodes[2].hostname = "mastr3": must match master[1-3] (control-plane hostnames of seed 000)`,
      `${ha}: prometheus_storage_size = "lots": must be a positive Kubernetes quantity like 10Gi`,
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(snapshotTree(out)).toEqual(before);
  });

  it('names file and line of an HCL syntax error', () => {
    const settings = copyExampleSettings();
    const ha = join(settings, 'chocolandiadc/terraform.tfvars');
    writeFileSync(ha, readFileSync(ha, 'utf8').replace('worker_nodes = [', 'worker_nodes = [[['));
    const run = synth(settings, tempDir('out'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`${ha.replace(/[.]/g, '\\.')}: HCL syntax error: .*terraform\\.tfvars:\\d+,`));
  });
});

describe('the user path: tools/synth.js (cdktf.json app, npm run synth)', () => {
  /** A scratch copy of the project sharing node_modules, with no dist/: as after a fresh clone. */
  function project(): string {
    const dir = tempDir('project');
    cpSync(ROOT, dir, { recursive: true, filter: (src) => !/\/(node_modules|dist|\.git|cdktf\.out)$/.test(src) });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    return dir;
  }
  const synthIn = (dir: string) => spawnSync(process.execPath, ['tools/synth.js'], {
    cwd: dir, encoding: 'utf8', env: { ...process.env, K3S_SETTINGS_CACHE_DIR: '', K3S_COMPILE_CACHE_DIR: '', K3S_NO_COMPILE_CACHE: '' },
  });
  /** The compile cache file of the copy (tools/compile-cache.js): inode and mtime change whenever it is rewritten (temporary file + rename). */
  const compileCache = (dir: string) => {
    const files = readdirSync(join(dir, 'dist/.compile-cache'));
    expect(files).toEqual([expect.stringMatching(/^synth-.*\.bin$/)]);
    const st = statSync(join(dir, 'dist/.compile-cache', files[0]));
    return `${st.ino}:${st.mtimeMs}`;
  };
  const stackJson = (dir: string) => readFileSync(join(dir, 'cdktf.out/stacks/chocolandiadc/cdk.tf.json'), 'utf8');

  it('compiles what changed and never synthesizes stale code; an unchanged tree compiles nothing', () => {
    const dir = project();
    const first = synthIn(dir);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(stackJson(dir)).toContain('/tmp/k3s-bootstrap-master1');
    // Same JSON as the tsc-built entry point, given the same layout (relative state paths).
    const reference = tempDir('layout');
    cpSync(join(dir, 'terraform/environments'), join(reference, 'terraform/environments'), { recursive: true });
    expect(runSynth(join(reference, 'cdktf.out'), join(reference, 'terraform/environments')).status).toBe(0);
    expect(stackJson(dir)).toBe(stackJson(reference));

    const file = join(dir, 'lib/k3s/node-steps.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('`/tmp/k3s-bootstrap-${hostname}`', '`/tmp/k3s-staging-${hostname}`'));
    const output = join(dir, 'dist/lib/k3s/node-steps.js');
    const untouched = join(dir, 'dist/lib/k3s/token.js');
    const untouchedMtime = statSync(untouched).mtimeMs;
    expect(synthIn(dir).status).toBe(0);
    expect(stackJson(dir)).toContain('/tmp/k3s-staging-master1');
    expect(stackJson(dir)).not.toContain('/tmp/k3s-bootstrap-master1');
    expect(statSync(untouched).mtimeMs).toBe(untouchedMtime);

    const compiled = statSync(output).mtimeMs;
    const cache = compileCache(dir);
    expect(synthIn(dir).status).toBe(0);
    expect(statSync(output).mtimeMs).toBe(compiled);
    // Every module came from the compile cache: nothing new to write.
    expect(compileCache(dir)).toBe(cache);
    expect(stackJson(dir)).toContain('/tmp/k3s-staging-master1');

    // An edit of the same length (V8 itself only checks the length of cached code's source) with the cache warm.
    writeFileSync(output, readFileSync(output, 'utf8').replace('/tmp/k3s-staging-', '/tmp/k3s-stagin9-'));
    const edited = synthIn(dir);
    expect(edited.stderr).toBe('');
    expect(stackJson(dir)).toContain('/tmp/k3s-stagin9-master1');
    expect(stackJson(dir)).not.toContain('/tmp/k3s-staging-master1');
    expect(compileCache(dir)).not.toBe(cache);
  });

  it('a syntax error stops it with the file named, before anything is written', () => {
    const dir = project();
    writeFileSync(join(dir, 'lib/k3s/token.ts'), 'export const = ;\n');
    const run = synthIn(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^synth: cannot compile the sources: .*token\.ts/);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  });
});
