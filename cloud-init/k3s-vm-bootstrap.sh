#!/usr/bin/env bash
# Runs once on a sandbox VM from cloud-init (runcmd), as root: waits for the
# network and DNS (seed 003: installing before they work breaks certificate
# generation and API binding), waits for the control plane (workers), installs
# the pinned K3s with bootstrap/install-k3s.sh from the config file cloud-init
# wrote, waits until the node is ready, then marks completion. Running it
# again changes nothing.
#
# Usage: k3s-vm-bootstrap.sh --role server|agent --version vX.Y.Z+k3sN
#          --node-name NAME --dir DIR [--server-url URL] [--wait-seconds N]
set -euo pipefail

role="" version="" node_name="" dir="" server_url="" wait_seconds=600
while [ $# -gt 0 ]; do
  case "$1" in
    --role) role="${2:-}"; shift 2 ;;
    --version) version="${2:-}"; shift 2 ;;
    --node-name) node_name="${2:-}"; shift 2 ;;
    --dir) dir="${2:-}"; shift 2 ;;
    --server-url) server_url="${2:-}"; shift 2 ;;
    --wait-seconds) wait_seconds="${2:-}"; shift 2 ;;
    *) echo "k3s-vm-bootstrap: unknown argument: $1" >&2; exit 2 ;;
  esac
done

log() { echo "k3s-vm-bootstrap[$node_name]: $*"; }
die() { echo "k3s-vm-bootstrap[$node_name]: ERROR: $*" >&2; exit 1; }

case "$role" in server|agent) ;; *) die "--role must be server or agent, got '$role'" ;; esac
[ -n "$version" ] || die "--version is required"
[ -n "$node_name" ] || die "--node-name is required"
[ -d "$dir" ] || die "--dir $dir does not exist"
[[ "$wait_seconds" =~ ^[0-9]+$ ]] || die "--wait-seconds must be a number"
if [ "$role" = agent ] && [ -z "$server_url" ]; then die "--server-url is required for an agent"; fi

marker=/var/lib/k3s-vm-bootstrap/complete
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$role $version" ]; then
  log "already complete ($role $version): nothing to do"
  exit 0
fi

wait_for() {
  local what="$1"; shift
  local deadline=$((SECONDS + wait_seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || die "$what: not ready after ${wait_seconds} s"
    sleep 3
  done
  log "$what: ok"
}

wait_for "network (default route)" sh -c 'ip -4 route show default | grep -q .'
wait_for "DNS (resolving github.com)" getent hosts github.com
if [ "$role" = agent ]; then
  # The K3s supervisor answers /ping once the server is up.
  wait_for "control plane at $server_url" curl -ksf --max-time 5 "$server_url/ping"
fi

bash "$dir/install-k3s.sh" --role "$role" --version "$version" --node-name "$node_name" --staging "$dir"

if [ "$role" = server ]; then
  bash "$dir/post-install.sh" --node-name "$node_name" --timeout-seconds "$wait_seconds"
else
  wait_for "k3s-agent service" systemctl is-active --quiet k3s-agent
fi

mkdir -p "$(dirname "$marker")"
echo "$role $version" > "$marker"
log "complete: K3s $version ($role)"
