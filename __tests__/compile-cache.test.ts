import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ROOT, tempDir } from './helpers/repo';

/**
 * tools/compile-cache.js (the V8 code cache of synth and review) must not
 * change what a module sees or does: the same require, module, __filename,
 * __dirname, JSON modules, import(), stack traces, cold and warm, and it must
 * never cache a file outside the project.
 */

/** A small project: a main script that installs the cache (or not), modules in lib/, a package in node_modules, a module outside. */
function fixture(): { root: string; outside: string } {
  const root = tempDir('cc-project');
  const outside = tempDir('cc-outside');
  const write = (file: string, text: string) => {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  };
  write(join(outside, 'far.js'), 'module.exports = "far";\n');
  write(join(root, 'node_modules/dep/package.json'), '{ "name": "dep", "main": "main.js" }\n');
  write(join(root, 'node_modules/dep/main.js'), 'module.exports = { dep: true, dirname: __dirname };\n');
  write(join(root, 'lib/data.json'), '{ "json": 1 }\n');
  write(join(root, 'lib/esm.mjs'), 'export const esm = "esm";\n');
  write(join(root, 'lib/dynamic.js'), "module.exports = () => import('./esm.mjs');\n");
  write(join(root, 'lib/bang.js'), '#!/usr/bin/env node\nmodule.exports = "bang";\n');
  write(join(root, 'lib/throws.js'), [
    "'use strict';",
    'module.exports = function fail() {',
    "  throw new Error('boom');",
    '};',
    '',
  ].join('\n'));
  write(join(root, 'lib/a.js'), [
    "'use strict';",
    "const Module = require('module');",
    'let line;',
    'try {',
    "  require('./throws')();",
    '} catch (err) {',
    '  line = err.stack.split("\\n")[1].replace(/^.*\\((.*)\\)$/, "$1");',
    '}',
    'module.exports = async () => ({',
    '  thisIsExports: this === module.exports,',
    '  filename: __filename, dirname: __dirname, id: module.id, paths: module.paths, parent: module.parent && module.parent.filename,',
    '  main: require.main && require.main.filename, mainIsProcessMain: require.main === process.mainModule,',
    '  cache: require.cache === Module._cache, extensions: require.extensions === Module._extensions,',
    "  resolve: require.resolve('dep'), resolvePaths: require.resolve.paths('dep'), resolveWithPaths: require.resolve('./data.json', { paths: [__dirname] }),",
    "  dep: require('dep'), json: require('./data.json'), bang: require('./bang'),",
    `  far: require(${JSON.stringify(join(outside, 'far.js'))}),`,
    "  esm: (await require('./dynamic')()).esm,",
    '  inCache: Object.keys(require.cache).filter((f) => f.startsWith(__dirname)).sort(),',
    '  line,',
    '});',
    '',
  ].join('\n'));
  write(join(root, 'main.js'), [
    `if (process.argv[2] === 'cache') require(${JSON.stringify(join(ROOT, 'tools/compile-cache.js'))}).install(__dirname, 'test');`,
    "require('./lib/a')().then((facts) => console.log(JSON.stringify(facts)));",
    '',
  ].join('\n'));
  return { root, outside };
}

function run(root: string, mode: 'cache' | 'plain', env: NodeJS.ProcessEnv = {}, nodeFlags: string[] = []) {
  const result = spawnSync(process.execPath, [...nodeFlags, 'main.js', mode], {
    cwd: root, encoding: 'utf8', env: { ...process.env, K3S_COMPILE_CACHE_DIR: join(root, 'cache'), K3S_NO_COMPILE_CACHE: '', ...env },
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

/** The cache file: its entries (filenames) and an identity that changes whenever it is rewritten. */
function cacheFile(root: string): { files: string[]; identity: string } {
  const dir = join(root, 'cache');
  const [name, ...more] = readdirSync(dir);
  expect(more).toEqual([]);
  const data = readFileSync(join(dir, name));
  const header = JSON.parse(data.toString('utf8', 4, 4 + data.readUInt32LE(0)));
  const st = statSync(join(dir, name));
  return { files: Object.keys(header.entries).sort(), identity: `${st.ino}:${st.mtimeMs}` };
}

describe('compile cache', () => {
  it('modules see the same require, module, paths, JSON, import() and stack lines as without it, cold and warm', () => {
    const { root } = fixture();
    const plain = run(root, 'plain');
    expect(plain.line).toBe(`${join(root, 'lib/throws.js')}:3:9`);
    expect(plain.esm).toBe('esm');
    expect(existsSync(join(root, 'cache'))).toBe(false);

    expect(run(root, 'cache')).toEqual(plain);
    const cold = cacheFile(root);
    expect(run(root, 'cache')).toEqual(plain);
    // Warm: every module came from the cache, nothing new to write.
    expect(cacheFile(root).identity).toBe(cold.identity);
  });

  it('caches only JavaScript under the project and its node_modules', () => {
    const { root } = fixture();
    run(root, 'cache');
    // main.js is compiled before the cache is installed; JSON, ES modules and modules using import() are Node's.
    expect(cacheFile(root).files).toEqual(['lib/a.js', 'lib/bang.js', 'lib/throws.js', 'node_modules/dep/main.js'].map((f) => join(root, f)));
  });

  it('an edit that keeps the length runs the new code, and its entry is refreshed', () => {
    const { root } = fixture();
    run(root, 'cache');
    const before = cacheFile(root).identity;
    writeFileSync(join(root, 'lib/bang.js'), '#!/usr/bin/env node\nmodule.exports = "BANG";\n');
    expect(run(root, 'cache').bang).toBe('BANG');
    expect(cacheFile(root).identity).not.toBe(before);
  });

  it('cached data V8 rejects (other V8 flags) is compiled anew and replaced', () => {
    const { root } = fixture();
    const plain = run(root, 'plain');
    run(root, 'cache');
    const before = cacheFile(root).identity;
    // V8 rejects code cached under other flags (its flag hash); --no-opt is one that counts.
    expect(run(root, 'cache', {}, ['--no-opt'])).toEqual(plain);
    const after = cacheFile(root).identity;
    expect(after).not.toBe(before);
    expect(run(root, 'cache', {}, ['--no-opt'])).toEqual(plain);
    expect(cacheFile(root).identity).toBe(after);
  });

  it('a damaged cache file is ignored and replaced', () => {
    const { root } = fixture();
    const plain = run(root, 'plain');
    run(root, 'cache');
    const dir = join(root, 'cache');
    const file = join(dir, readdirSync(dir)[0]);
    const data = readFileSync(file);
    // Flip bytes in the middle of the last entry's cached data (past V8's own header, which V8 checks).
    data.fill(0xff, data.length - 40, data.length - 20);
    writeFileSync(file, data);
    const before = cacheFile(root).identity;
    expect(run(root, 'cache')).toEqual(plain);
    expect(cacheFile(root).identity).not.toBe(before);
    expect(readFileSync(file).equals(data)).toBe(false);
  });

  it('K3S_NO_COMPILE_CACHE=1 turns it off; a cache directory that cannot be written is ignored silently', () => {
    const { root } = fixture();
    const plain = run(root, 'plain');
    expect(run(root, 'cache', { K3S_NO_COMPILE_CACHE: '1' })).toEqual(plain);
    expect(existsSync(join(root, 'cache'))).toBe(false);
    // A directory below a regular file cannot be created, not even by root.
    writeFileSync(join(root, 'not-a-dir'), '');
    expect(run(root, 'cache', { K3S_COMPILE_CACHE_DIR: join(root, 'not-a-dir/cache') })).toEqual(plain);
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
