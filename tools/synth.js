#!/usr/bin/env node
/**
 * What users run to synthesize: cdktf.json's `app`, `npm run synth` and so
 * `npx cdktf synth`. Compiles only what changed since the last run (swc,
 * tools/fresh-dist.js; no tsc, so an edit is quick and never synthesizes
 * stale code), then synthesizes in this process.
 */
'use strict';
require('./fresh-dist').run(['main.ts', 'lib', 'stacks'], 'main.js', 'synth');
