#!/usr/bin/env bash
# What `npm test` needs beyond npm (README, "Prerequisites"), checked before
# anything is built or installed: one line per missing or too-old tool, then
# exit 1. Usage: prerequisites.sh command:debian-package ...  (the Debian
# tools the tests call: as root, missing ones are not a problem here, as
# tools/ensure-debian-packages.sh installs them next; otherwise each is one
# line). Node 20 (past end of life) gets a note and still runs.
set -euo pipefail

problems=()
problem() { problems+=("$1"); }

# "1.2.3" >= "1.2"? (numeric, field by field)
at_least() {
  local IFS=.
  local -a have want
  read -r -a have <<<"$1"
  read -r -a want <<<"$2"
  local i
  for i in 0 1 2; do
    local h=${have[i]:-0} w=${want[i]:-0}
    ((10#$h > 10#$w)) && return 0
    ((10#$h < 10#$w)) && return 1
  done
  return 0
}

# A field of the JSON on stdin (node is there: npm runs on it).
json_field() {
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { let v; try { v = process.argv[1].split(".").reduce((o, k) => o?.[k], JSON.parse(s)); } catch {} process.stdout.write(v === undefined ? "" : String(v)); });' "$1"
}

# Node.js: the maintained LTS lines, package.json's engines.
node_version=$(node -p process.versions.node)
if ! at_least "$node_version" 20; then
  problem "node v$node_version is too old: use Node.js 22 or 24, the maintained LTS lines (README, Prerequisites)"
elif ! { [[ $node_version == 22.* ]] && at_least "$node_version" 22.12; } && [[ $node_version != 24.* ]]; then
  echo "note: node v$node_version is not a supported line (Node.js 22 or 24); the tests may pass, users run 22 or 24 (README, Prerequisites)" >&2
fi

# Terraform: the harness runs the real core against stub providers.
terraform=${TERRAFORM_BIN:-}
if [ -z "$terraform" ]; then
  if [ -x /usr/local/bin/terraform ]; then terraform=/usr/local/bin/terraform; else terraform=$(command -v terraform || true); fi
fi
if [ -z "$terraform" ] || [ ! -x "$terraform" ]; then
  problem "terraform is missing: the tests need Terraform 1.11 or later (TERRAFORM_BIN, /usr/local/bin/terraform or PATH; README, Prerequisites)"
else
  tf_version=$(CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE=/dev/null "$terraform" version -json 2>/dev/null | json_field terraform_version || true)
  if [ -z "$tf_version" ] || ! at_least "$tf_version" 1.11; then
    problem "terraform ${tf_version:+v$tf_version }($terraform) is too old: the tests need Terraform 1.11 or later (README, Prerequisites)"
  fi
fi

# kubectl with kustomize v5: the tests build gitops/ with `kubectl kustomize`.
if ! command -v kubectl >/dev/null 2>&1; then
  problem "kubectl is missing: the tests build gitops/ with 'kubectl kustomize', which needs kubectl 1.27 or later (kustomize v5; README, Prerequisites)"
else
  kubectl_json=$(kubectl version --client -o json 2>/dev/null || true)
  kustomize=$(json_field kustomizeVersion <<<"$kubectl_json")
  if [[ ! $kustomize =~ ^v([0-9]+) ]] || ((BASH_REMATCH[1] < 5)); then
    client=$(json_field clientVersion.gitVersion <<<"$kubectl_json")
    problem "kubectl ${client:-of unknown version} ($(command -v kubectl)) is too old: 'kubectl kustomize' must be kustomize v5 (kubectl 1.27 or later; Debian 12's kubernetes-client is 1.20; README, Prerequisites)"
  fi
fi

# The Debian tools: as root, tools/ensure-debian-packages.sh installs what is missing.
if [ "$(id -u)" -ne 0 ]; then
  for pair in "$@"; do
    cmd=${pair%%:*} pkg=${pair#*:}
    command -v "$cmd" >/dev/null 2>&1 || problem "$cmd is missing: sudo apt-get install $pkg (or run npm test as root, which installs it)"
  done
fi

if [ ${#problems[@]} -gt 0 ]; then
  printf 'prerequisites: %s\n' "${problems[@]}" >&2
  exit 1
fi
