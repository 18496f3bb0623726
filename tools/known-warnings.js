/**
 * Keeps one runtime warning users did not cause off their terminal:
 * DEP0044 ("The util.isArray API is deprecated", runtime-deprecated since
 * Node 22), which cdktf 0.21 raises in TerraformOutput.isITerraformAddressable
 * (node_modules/cdktf/lib/terraform-output.js calls util.isArray) on every
 * synth. Installed by tools/fresh-dist.js (synth, review, doctor, restore)
 * and by main.ts's cli() (dist/main.js run alone). cdktf is archived upstream, so no fix will come (docs/development.md,
 * "Node.js lines", says why this and not the fork).
 *
 * Exactly that warning from that file is dropped: any other warning, and
 * DEP0044 raised from anywhere else, reaches process.emitWarning as before
 * (and so --throw-deprecation, --no-deprecation, NODE_OPTIONS). Node warns
 * once per deprecation code per process: once cdktf's call was dropped, a
 * later util.isArray elsewhere in the same run stays silent too.
 */
'use strict';

const CODE = 'DEP0044';
// The frame that called util.isArray, whatever the path separator and wherever node_modules is.
const CDKTF_CALLER = /[\\/]node_modules[\\/]cdktf[\\/]lib[\\/]terraform-output\.js:/;

const INSTALLED = Symbol.for('k3s-homelab-cdktf.known-warnings');

/** Wraps process.emitWarning once per process (synth.js and main.js may both ask). */
function install() {
  if (process.emitWarning[INSTALLED]) return;
  const emitWarning = process.emitWarning;
  process.emitWarning = function filteredEmitWarning(warning, ...args) {
    // emitWarning(message, type, code, ctor) or emitWarning(message, { type, code, ctor }).
    const options = args[0] && typeof args[0] === 'object' ? args[0] : { type: args[0], code: args[1] };
    const code = options.code ?? (warning && typeof warning === 'object' ? warning.code : undefined);
    if (code === CODE && calledFromCdktf()) return;
    return Reflect.apply(emitWarning, this, [warning, ...args]);
  };
  process.emitWarning[INSTALLED] = true;
}

function calledFromCdktf() {
  const holder = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 6; // this wrapper, Node's deprecate wrapper, then the caller
  Error.captureStackTrace(holder, calledFromCdktf);
  Error.stackTraceLimit = limit;
  return CDKTF_CALLER.test(String(holder.stack));
}

module.exports = { install };
