#!/usr/bin/env node
/**
 * `npm run review`: compiles only what changed since the last run (swc,
 * tools/fresh-dist.js), then runs the review (dist/tools/review/main.js).
 */
'use strict';
require('./fresh-dist').run(['main.ts', 'lib', 'stacks', 'tools'], 'tools/review/main.js', 'review');
