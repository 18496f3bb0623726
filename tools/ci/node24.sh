#!/usr/bin/env bash
# Prints the path of a Node.js 24 binary (a supported line; README,
# Prerequisites) for CI and the tests that run on it: $K3S_NODE24 when set,
# else the npm registry's `node` package (v24), installed once under
# $K3S_NODE24_DIR (default ~/.cache/k3s-homelab-cdktf/node24).
set -euo pipefail
if [ -n "${K3S_NODE24:-}" ]; then
  echo "$K3S_NODE24"
  exit 0
fi
dir=${K3S_NODE24_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/k3s-homelab-cdktf/node24}
bin=$dir/node_modules/node/bin/node
if [[ $("$bin" --version 2>/dev/null || true) != v24.* ]]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error node@24 >&2
fi
# Fails loudly when the package's binary cannot run on this machine.
[[ $("$bin" --version) == v24.* ]]
echo "$bin"
