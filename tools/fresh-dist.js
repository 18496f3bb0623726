/**
 * Keeps dist/ up to date with TypeScript sources for the commands users run
 * often (synth, review), without tsc: a source whose mtime or size changed
 * since the last run, or whose output is missing, is transpiled with swc
 * (types are checked by `npm test` and `npm run typecheck`, not here); an
 * unchanged tree costs one stat per file. dist/.fresh-sources.json records
 * what was compiled. Plain JavaScript on purpose: it runs before anything is
 * compiled.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const MANIFEST = path.join(DIST, '.fresh-sources.json');

function sourceFiles(roots) {
  const files = [];
  const walk = (rel) => {
    const abs = path.join(ROOT, rel);
    const st = fs.statSync(abs);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(abs)) walk(path.join(rel, name));
    } else if (rel.endsWith('.ts') && !rel.endsWith('.d.ts')) {
      files.push({ rel, stamp: `${st.mtimeMs}:${st.size}` });
    }
  };
  for (const r of roots) walk(r);
  return files;
}

const outputOf = (rel) => path.join(DIST, rel.replace(/\.ts$/, '.js'));

/** Transpiles what changed under `roots` since the last run; returns how many files it compiled. */
function refresh(roots) {
  let manifest = {};
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch {
    // First run, or dist/ was cleaned: everything is compiled once.
  }
  const files = sourceFiles(roots);
  const stale = files.filter((f) => manifest[f.rel] !== f.stamp || !fs.existsSync(outputOf(f.rel)));
  if (stale.length === 0) return 0;
  const swc = require('@swc/core');
  for (const f of stale) {
    let code;
    try {
      ({ code } = swc.transformFileSync(path.join(ROOT, f.rel), {
        // The same output options as tsconfig.json (ES2022, CommonJS, esModuleInterop).
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: false,
        swcrc: false,
      }));
    } catch (err) {
      // swc's message ends with its own backtrace: keep the part that points at the code.
      const message = String(err instanceof Error ? err.message : err).split(/\n\s*Caused by:/)[0].replace(/\u001b\[[0-9;]*m/g, '').trimEnd();
      throw new Error(`${f.rel}:\n${message}`);
    }
    fs.mkdirSync(path.dirname(outputOf(f.rel)), { recursive: true });
    fs.writeFileSync(outputOf(f.rel), code);
  }
  const next = { ...manifest, ...Object.fromEntries(files.map((f) => [f.rel, f.stamp])) };
  fs.writeFileSync(MANIFEST, `${JSON.stringify(next)}\n`);
  return stale.length;
}

/** Refreshes `roots`, then runs `cli()` of the compiled module `entry` (relative to dist/). */
function run(roots, entry, what) {
  require('./known-warnings').install();
  // Before swc and the entry load, so both run from cached code (tools/compile-cache.js).
  require('./compile-cache').install(ROOT, what);
  try {
    refresh(roots);
  } catch (err) {
    process.stderr.write(`${what}: cannot compile the sources: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  require(path.join(DIST, entry)).cli();
}

module.exports = { refresh, run };
