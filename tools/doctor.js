#!/usr/bin/env node
/**
 * `npm run doctor`: compiles only what changed since the last run (swc,
 * tools/fresh-dist.js), then runs the health report (dist/tools/doctor/main.js).
 */
'use strict';
require('./fresh-dist').run(['main.ts', 'lib', 'stacks', 'tools'], 'tools/doctor/main.js', 'doctor');
