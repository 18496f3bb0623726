import { AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { createHash } from 'crypto';
import {
  chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, Stats,
} from 'fs';
import { basename, isAbsolute, join, posix } from 'path';

export interface StackAssetProps {
  /** Absolute path of the file or directory to copy next to the stack's JSON. */
  readonly path: string;
  /** FILE or DIRECTORY (what `path` is). */
  readonly type: AssetType.FILE | AssetType.DIRECTORY;
}

/**
 * cdktf's TerraformAsset (FILE and DIRECTORY) with the same `path`
 * (`assets/<logical id>/<content hash>/[file]`, the same hash), but the copy
 * is brought up to date instead of deleted and rewritten: only files that
 * differ are copied, files and older versions that are no longer part of it
 * are removed. TerraformAsset rewrites every file on every synth, and
 * deleting just-written files is slow on some disks (ext4 with `discard`:
 * ~100 ms for the ~70 scripts of our five stacks).
 *
 * The copy is made by `syncAssets` after `app.synth()` (main.ts), not by
 * cdktf: `Testing.synth` writes no files.
 */
export class StackAsset extends Construct {
  /** The copy's path relative to the stack directory (posix), as TerraformAsset's `path`. */
  public readonly path: string;
  /** Hash of the content (TerraformAsset's: MD5 of every file's bytes in name order, 32 hex digits, upper case). */
  public readonly assetHash: string;

  constructor(scope: Construct, id: string, private readonly props: StackAssetProps) {
    super(scope, id);
    if (!isAbsolute(props.path)) throw new Error(`${this.node.path}: path must be absolute, got ${JSON.stringify(props.path)}`);
    const isFile = statSync(props.path).isFile();
    if (isFile !== (props.type === AssetType.FILE)) {
      throw new Error(`${this.node.path}: path ${JSON.stringify(props.path)} is ${isFile ? 'a file' : 'a directory'}, type says otherwise`);
    }
    this.assetHash = hashPath(props.path);
    this.path = posix.join(namedFolder(this), this.assetHash, props.type === AssetType.DIRECTORY ? '' : basename(props.path));
  }

  /** Brings the copy under `stackDir` (where the stack's cdk.tf.json is) up to date. */
  public sync(stackDir: string): void {
    const folder = join(stackDir, namedFolder(this));
    // Older versions (other hashes) go.
    if (existsSync(folder)) for (const name of readdirSync(folder)) if (name !== this.assetHash) rmSync(join(folder, name), { recursive: true, force: true });
    const target = join(folder, this.assetHash);
    if (this.props.type === AssetType.DIRECTORY) {
      syncDirectory(this.props.path, target);
    } else {
      mkdirSync(target, { recursive: true });
      const name = basename(this.props.path);
      for (const other of readdirSync(target)) if (other !== name) rmSync(join(target, other), { recursive: true, force: true });
      syncFile(this.props.path, statSync(this.props.path), join(target, name));
    }
  }
}

/** `assets/<logical id>`, where TerraformAsset puts the versions of an asset of this construct path. */
function namedFolder(scope: Construct): string {
  return posix.join('assets', TerraformStack.of(scope).getLogicalId(scope.node));
}

/** cdktf's hashPath (lib/private/fs.js): the bytes of every file under `src`, depth first in name order. */
function hashPath(src: string): string {
  const hash = createHash('md5');
  const visit = (p: string) => {
    const st = statSync(p);
    if (st.isFile()) hash.update(readFileSync(p));
    else if (st.isDirectory()) for (const name of readdirSync(p)) visit(join(p, name));
  };
  visit(src);
  return hash.digest('hex').slice(0, 32).toUpperCase();
}

/** Makes `dest` hold what `src` holds (as cdktf's copySync would write it), touching only what differs. */
function syncDirectory(src: string, dest: string): void {
  let existing = new Map<string, Stats>();
  try {
    if (!statSync(dest).isDirectory()) rmSync(dest, { force: true });
    existing = new Map(readdirSync(dest).map((name) => [name, statSync(join(dest, name))]));
  } catch {
    // Not there yet.
  }
  mkdirSync(dest, { recursive: true });
  const names = readdirSync(src);
  for (const name of names) {
    const from = join(src, name);
    const to = join(dest, name);
    const st = statSync(from);
    const there = existing.get(name);
    if (st.isDirectory()) {
      if (there && !there.isDirectory()) rmSync(to, { force: true });
      syncDirectory(from, to);
    } else if (st.isFile()) {
      if (there?.isDirectory()) rmSync(to, { recursive: true, force: true });
      syncFile(from, st, to, there?.isFile() ? there : undefined);
    }
  }
  const wanted = new Set(names);
  for (const name of existing.keys()) if (!wanted.has(name)) rmSync(join(dest, name), { recursive: true, force: true });
}

/** Copies a file unless the copy already has its bytes and mode (copyFileSync keeps the mode). */
function syncFile(src: string, st: Stats, dest: string, there?: Stats): void {
  let current = there;
  if (current === undefined) {
    try {
      current = statSync(dest);
    } catch {
      // Not there yet.
    }
  }
  if (current?.isFile() && current.size === st.size && readFileSync(dest).equals(readFileSync(src))) {
    if ((current.mode & 0o7777) !== (st.mode & 0o7777)) chmodSync(dest, st.mode & 0o7777);
    return;
  }
  if (current?.isDirectory()) rmSync(dest, { recursive: true, force: true });
  copyFileSync(src, dest);
}

/**
 * Brings every StackAsset of `stack` up to date under `stackDir` and removes
 * from `<stackDir>/assets` every folder that no asset of the stack
 * (StackAsset or TerraformAsset) writes: scripts no longer used do not
 * linger next to the JSON.
 */
export function syncAssets(stack: TerraformStack, stackDir: string): void {
  const live = new Set<string>();
  for (const c of stack.node.findAll()) {
    if (c instanceof StackAsset) c.sync(stackDir);
    if (c instanceof StackAsset || c instanceof TerraformAsset) live.add(c.path.split('/')[1]);
  }
  const assets = join(stackDir, 'assets');
  if (!existsSync(assets)) return;
  for (const name of readdirSync(assets)) if (!live.has(name)) rmSync(join(assets, name), { recursive: true, force: true });
}
