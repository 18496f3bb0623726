import { App, AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { StackAsset, syncAssets } from '../../lib/core/stack-asset';
import { tempDir } from '../helpers/repo';

/** Every file under dir: relative path -> mode and bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const p = join(rel, name);
      const st = statSync(join(dir, p));
      if (st.isDirectory()) walk(p);
      else out[p] = `${(st.mode & 0o777).toString(8)} ${readFileSync(join(dir, p), 'base64')}`;
    }
  };
  walk('');
  return out;
}

/** A source directory with a nested folder and an executable script. */
function source(): string {
  const dir = tempDir('asset-src');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  writeFileSync(join(dir, 'sub', 'data.yaml'), 'a: 1\n');
  return dir;
}

/** Synthesizes one stack holding the asset made by `make`; returns the stack directory and the asset's path. */
function synth(make: (stack: TerraformStack) => { path: string }, outdir = tempDir('asset-out')): { stackDir: string; path: string } {
  const app = new App({ outdir, stackTraces: false });
  const stack = new TerraformStack(app, 'env');
  const asset = make(stack);
  app.synth();
  const stackDir = join(outdir, 'stacks', 'env');
  syncAssets(stack, stackDir);
  return { stackDir, path: asset.path };
}

describe('StackAsset', () => {
  for (const type of [AssetType.DIRECTORY, AssetType.FILE] as const) {
    it(`has TerraformAsset's path and writes the same files (${AssetType[type]})`, () => {
      const src = source();
      const path = type === AssetType.FILE ? join(src, 'run.sh') : src;
      const theirs = synth((s) => new TerraformAsset(s, 'scripts', { path, type }));
      const ours = synth((s) => new StackAsset(s, 'scripts', { path, type }));
      expect(ours.path).toBe(theirs.path);
      expect(tree(join(ours.stackDir, 'assets'))).toEqual(tree(join(theirs.stackDir, 'assets')));
    });
  }

  it('on the next synth: an edited source gets a new version (the old one goes), a tampered copy is restored, an unchanged file is not rewritten', () => {
    const src = source();
    const outdir = tempDir('asset-out');
    const make = (s: TerraformStack) => new StackAsset(s, 'scripts', { path: src, type: AssetType.DIRECTORY });
    const first = synth(make, outdir);
    const copy = (p: string, f: string) => join(first.stackDir, p, f);
    // Unchanged: same file, not rewritten.
    const before = statSync(copy(first.path, 'sub/data.yaml'));
    writeFileSync(copy(first.path, 'run.sh'), '#!/bin/sh\necho XX\n'); // same size, other bytes
    chmodSync(copy(first.path, 'sub/data.yaml'), 0o600);
    writeFileSync(copy(first.path, 'stray.txt'), 'not in the source');
    const again = synth(make, outdir);
    expect(again.path).toBe(first.path);
    expect(tree(join(again.stackDir, again.path))).toEqual(tree(src));
    expect(statSync(copy(first.path, 'sub/data.yaml')).ino).toBe(before.ino);
    expect(statSync(copy(first.path, 'sub/data.yaml')).mtimeMs).toBe(before.mtimeMs);

    writeFileSync(join(src, 'run.sh'), '#!/bin/sh\necho edited\n');
    const edited = synth(make, outdir);
    expect(edited.path).not.toBe(first.path);
    expect(tree(join(edited.stackDir, edited.path))).toEqual(tree(src));
    expect(existsSync(join(edited.stackDir, first.path))).toBe(false);
  });

  it('syncAssets removes asset folders no construct writes any more, keeps the live ones', () => {
    const src = source();
    const outdir = tempDir('asset-out');
    const { stackDir } = synth((s) => new StackAsset(s, 'old', { path: src, type: AssetType.DIRECTORY }), outdir);
    const now = synth((s) => new StackAsset(s, 'scripts', { path: src, type: AssetType.DIRECTORY }), outdir);
    expect(readdirSync(join(stackDir, 'assets'))).toEqual([now.path.split('/')[1]]);
  });

  it('refuses a relative path or a path of the other type, naming the construct', () => {
    const stack = new TerraformStack(new App({ outdir: tempDir('asset-out') }), 'env');
    expect(() => new StackAsset(stack, 'rel', { path: 'bootstrap', type: AssetType.DIRECTORY })).toThrow('env/rel: path must be absolute, got "bootstrap"');
    expect(() => new StackAsset(stack, 'file', { path: source(), type: AssetType.FILE })).toThrow(/^env\/file: path ".*" is a directory, type says otherwise$/);
  });
});
