#!/usr/bin/env node
/**
 * `npm run restore`: compiles only what changed since the last run (swc,
 * tools/fresh-dist.js), then runs the restore (dist/tools/restore/main.js).
 */
'use strict';
require('./fresh-dist').run(['main.ts', 'lib', 'stacks', 'tools'], 'tools/restore/main.js', 'restore');
