/**
 * A V8 code cache for the commands users run often (synth, review): most of
 * what a synth costs beyond the work itself is V8 compiling the ~5 MB of
 * JavaScript it loads (cdktf, the providers, ours), again on every run.
 * Node 22 has this built in (module.enableCompileCache, NODE_COMPILE_CACHE);
 * on Node 20 we do what the v8-compile-cache package does
 * (https://github.com/zertosh/v8-compile-cache, v8-compile-cache.js), in a
 * few lines of our own:
 *
 * - Module.prototype._compile is replaced, for CommonJS files under the
 *   project and its node_modules only, by a copy of Node 20's own
 *   (lib/internal/modules/cjs/loader.js) that compiles with
 *   `new vm.Script(Module.wrap(source), { filename, cachedData })`. The
 *   `require` handed to the module is built like Node's makeRequireFunction
 *   (resolve, resolve.paths, main, extensions, cache), so modules see the
 *   same require, module, __filename and __dirname. JSON, ES modules,
 *   modules using import(), anything that fails to compile here (Node then
 *   reports it or loads it as an ES module) and everything outside the
 *   project go to Node's own _compile.
 * - Entries are keyed by absolute filename AND a hash of the source: V8 only
 *   checks the source LENGTH against cached data, so an edit that keeps the
 *   length would otherwise run the old code. V8 rejects data from another V8
 *   version or other flags (script.cachedDataRejected): that module is
 *   compiled normally and its entry refreshed. The file carries a checksum
 *   of its data (release builds of V8 do not check cached data past its
 *   header): a damaged file is ignored and rewritten.
 * - The cache is written once, at exit, and only when a module was new,
 *   edited or rejected; createCachedData() then also holds the functions
 *   compiled lazily during the run (v8-compile-cache stores only what was
 *   compiled eagerly). One file per command in the checkout's
 *   dist/.compile-cache/ (K3S_COMPILE_CACHE_DIR overrides), written to a
 *   temporary name and renamed, so a reader never sees half of one and
 *   concurrent runs only lose each other's additions.
 * - K3S_NO_COMPILE_CACHE=1 turns it off. A cache that cannot be read or
 *   written is ignored silently: the run is as without it. Not installed
 *   under a debugger, source maps or a policy, where Node's _compile does
 *   more than compile.
 *
 * Differences from Node's own compile, accepted: a stack frame on a
 * module's FIRST line has its column shifted by the wrapper's length (as in
 * Node's own vm.Script path, taken when Module.wrap is patched); lines are
 * exact. require.resolve() of a non-string fails with another message (Node
 * checks the argument's type first). Syntax errors are Node's own: such a
 * module is compiled again by Node's _compile.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const FLAGS_WITH_OWN_COMPILE = /--(inspect|debug|enable-source-maps|experimental-policy|experimental-permission)/;
// import() from a vm.Script needs importModuleDynamically, whose Node 20 default loader warns (experimental):
// such modules (few, small; a JSDoc `import('.')` counts too) go to Node's own compile.
const DYNAMIC_IMPORT = /\bimport\s*\(/;

const sha1 = (data) => (typeof crypto.hash === 'function'
  ? crypto.hash('sha1', data, 'base64')
  : crypto.createHash('sha1').update(data).digest('base64'));

/** `${size}:${hash}` of a module's source: what an entry must match to be used. */
const sourceKey = (content) => `${content.length}:${sha1(content)}`;

/**
 * Reads a cache file, or an empty cache if it is missing or damaged. Layout:
 * header length (uint32 LE), header JSON { checksum, entries: { filename:
 * [sourceKey, offset, length] } }, then the cached data of every entry.
 * The checksum covers the cached data: release builds of V8 do not verify
 * cached data beyond its header (Node 22's compile cache adds a checksum too).
 */
function load(file) {
  try {
    const data = fs.readFileSync(file);
    const headerLength = data.readUInt32LE(0);
    const { checksum, entries } = JSON.parse(data.toString('utf8', 4, 4 + headerLength));
    const blob = data.subarray(4 + headerLength);
    if (checksum === sha1(blob)) return { entries, blob };
  } catch {
    // Missing or unreadable: start empty.
  }
  return { entries: {}, blob: Buffer.alloc(0) };
}

/**
 * Installs the cache for this process. `root` is the project directory;
 * `name` tells commands apart (they load different modules).
 */
function install(root, name) {
  const env = process.env;
  if (env.K3S_NO_COMPILE_CACHE && env.K3S_NO_COMPILE_CACHE !== '0') return;
  if (process.sourceMapsEnabled || FLAGS_WITH_OWN_COMPILE.test(`${process.execArgv.join(' ')} ${env.NODE_OPTIONS ?? ''}`)) return;

  // Modules are loaded by their real path: node_modules may be a symlink.
  const real = (p) => {
    try {
      return fs.realpathSync(p) + path.sep;
    } catch {
      return undefined;
    }
  };
  const projectDir = real(root);
  if (!projectDir) return;
  const covered = [...new Set([projectDir, real(path.join(root, 'node_modules'))].filter(Boolean))];
  const isCovered = (filename) => covered.some((dir) => filename.startsWith(dir));

  // In dist/ rather than node_modules/.cache: node_modules may be shared by several checkouts (a symlink, as in
  // the tests' and the bench's scratch copies), and a copy's cache should go with the copy.
  const dir = env.K3S_COMPILE_CACHE_DIR || path.join(root, 'dist/.compile-cache');
  const file = path.join(dir, `${name}-v8-${process.versions.v8}-${process.arch}.bin`);
  const stored = load(file);
  /** filename -> { key, data?: Buffer (stored), script?: vm.Script (to serialize at exit) } */
  const next = new Map();
  let dirty = false;

  // Node marks a module as executing while its body runs (require(esm) cycle checks); the symbol is not exported.
  const kIsExecuting = Object.getOwnPropertySymbols(module).find((s) => s.description === 'kIsExecuting');
  const nodeCompile = Module.prototype._compile;

  function compile(content, filename) {
    const key = sourceKey(content);
    const entry = stored.entries[filename];
    const cachedData = entry && entry[0] === key ? stored.blob.subarray(entry[1], entry[1] + entry[2]) : undefined;
    // V8 accepts a hashbang only at the very start of a script: keep positions, make it a comment.
    const source = content.startsWith('#!') ? `//${content.slice(2)}` : content;
    const script = new vm.Script(Module.wrap(source), { filename, cachedData });
    if (cachedData && !script.cachedDataRejected) {
      next.set(filename, { key, data: cachedData });
    } else {
      next.set(filename, { key, script });
      dirty = true;
    }
    return script.runInThisContext({ displayErrors: true });
  }

  Module.prototype._compile = function (content, filename, format) {
    if ((format !== undefined && format !== 'commonjs') || !isCovered(filename) || DYNAMIC_IMPORT.test(content)) {
      return nodeCompile.call(this, content, filename, format);
    }
    let compiledWrapper;
    try {
      compiledWrapper = compile(content, filename);
    } catch {
      // A syntax error, or ES module syntax: Node's own compile reports or handles it.
      next.delete(filename);
      return nodeCompile.call(this, content, filename, format);
    }
    // As Node's makeRequireFunction (lib/internal/modules/helpers.js).
    const mod = this;
    const require = function require(id) {
      return mod.require(id);
    };
    const resolve = function resolve(request, options) {
      return Module._resolveFilename(request, mod, false, options);
    };
    resolve.paths = function paths(request) {
      return Module._resolveLookupPaths(request, mod);
    };
    require.resolve = resolve;
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;

    if (kIsExecuting) this[kIsExecuting] = true;
    const result = Reflect.apply(compiledWrapper, this.exports, [this.exports, require, this, filename, path.dirname(filename)]);
    if (kIsExecuting) this[kIsExecuting] = false;
    return result;
  };

  process.once('exit', () => {
    if (!dirty) return;
    try {
      // Entries of modules this run did not load stay (other settings may load them) while their file exists
      // and is still this checkout's (a copied dist/ brings the original's).
      const parts = [];
      const entries = {};
      let offset = 0;
      const add = (filename, key, data) => {
        entries[filename] = [key, offset, data.length];
        parts.push(data);
        offset += data.length;
      };
      for (const [filename, e] of next) add(filename, e.key, e.data ?? e.script.createCachedData());
      for (const [filename, [key, start, length]] of Object.entries(stored.entries)) {
        if (!next.has(filename) && isCovered(filename) && fs.existsSync(filename)) add(filename, key, stored.blob.subarray(start, start + length));
      }
      const blob = Buffer.concat(parts);
      const header = Buffer.from(JSON.stringify({ checksum: sha1(blob), entries }));
      const size = Buffer.alloc(4);
      size.writeUInt32LE(header.length);
      fs.mkdirSync(dir, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, Buffer.concat([size, header, blob]));
      fs.renameSync(temporary, file);
    } catch {
      // Not writable (read-only checkout, full disk): the next run compiles as this one did.
      try {
        fs.unlinkSync(`${file}.${process.pid}.tmp`);
      } catch {
        // Never created.
      }
    }
  });
}

module.exports = { install };
