#!/usr/bin/env bash
# Gates each join step: waits until the API server answers /readyz and the
# given node reports Ready. Runs on a server (as root). Changes nothing, so
# running it twice is harmless.
#
# Usage: post-install.sh --node-name NAME [--timeout-seconds 300]
set -euo pipefail

node_name="" timeout_seconds=300
while [ $# -gt 0 ]; do
  case "$1" in
    --node-name) node_name="${2:-}"; shift 2 ;;
    --timeout-seconds) timeout_seconds="${2:-}"; shift 2 ;;
    *) echo "post-install: unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$node_name" ] || { echo "post-install: --node-name is required" >&2; exit 2; }
[[ "$timeout_seconds" =~ ^[0-9]+$ ]] || { echo "post-install: --timeout-seconds must be a number" >&2; exit 2; }
command -v k3s >/dev/null 2>&1 || { echo "post-install[$node_name]: k3s is not installed on this server" >&2; exit 1; }

readyz="" node_ready=""
deadline=$((SECONDS + timeout_seconds))
while :; do
  readyz=$(k3s kubectl get --raw=/readyz 2>/dev/null || true)
  if [ "$readyz" = ok ]; then
    node_ready=$(k3s kubectl get node "$node_name" \
      -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null || true)
    if [ "$node_ready" = True ]; then
      echo "post-install[$node_name]: API ready and node Ready"
      exit 0
    fi
  fi
  [ "$SECONDS" -lt "$deadline" ] || break
  sleep 2
done

echo "post-install[$node_name]: ERROR: node $node_name not Ready after ${timeout_seconds} s" \
  "(API /readyz: '${readyz:-no answer}', node Ready condition: '${node_ready:-unknown}')." \
  "Look at 'journalctl -u k3s' or 'journalctl -u k3s-agent' on $node_name." >&2
exit 1
