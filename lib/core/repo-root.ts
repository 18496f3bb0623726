import { existsSync } from 'fs';
import { dirname, join } from 'path';

/** The repository root (where cdktf.json is), whether this runs from dist/ (compiled) or from source (tests): main.ts and the tools alike. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'cdktf.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find cdktf.json above ${from}`);
    dir = parent;
  }
  return dir;
}
