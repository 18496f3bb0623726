#!/usr/bin/env bash
# Removes an agent (seed 002's k3s2) from the cluster without losing data:
# cordon, move its Longhorn replicas away (scheduling off, eviction
# requested, wait until none is left on it), drain, delete the Node, then
# uninstall K3s over SSH. Run from the operator's machine with KUBECONFIG
# set. Running it again after a partial run picks up where it stopped.
# It changes nothing unless kubectl answers (a node counts as removed only
# when the API says NotFound) and, with --ssh, the machine there is K3s
# node NAME.
#
# Usage: remove-node.sh --node NAME [--ssh user@host] [--timeout-seconds N]
set -euo pipefail

node="" ssh_target="" timeout_seconds=1800
while [ $# -gt 0 ]; do
  case "$1" in
    --node) node="${2:-}"; shift 2 ;;
    --ssh) ssh_target="${2:-}"; shift 2 ;;
    --timeout-seconds) timeout_seconds="${2:-}"; shift 2 ;;
    *) echo "remove-node: unknown argument: $1" >&2; exit 2 ;;
  esac
done
log() { echo "remove-node[$node]: $*"; }
die() { echo "remove-node[$node]: ERROR: $*" >&2; exit 1; }
[[ "$node" =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$ ]] || die "--node must be a node name, got '$node'"
[[ "$timeout_seconds" =~ ^[0-9]+$ ]] || die "--timeout-seconds must be a number"

# shellcheck disable=SC2016 # expanded on the node
IDENTITY='if [ -f /etc/rancher/k3s/config.yaml ]; then sudo -n sed -n "s/^node-name: *//p" /etc/rancher/k3s/config.yaml | head -n 1; else echo -; fi'
if [ -n "$ssh_target" ]; then
  identity=$(ssh -- "$ssh_target" "$IDENTITY") || die "cannot run commands on $ssh_target over SSH; nothing was changed"
  if [ "$identity" != "$node" ] && [ "$identity" != "-" ]; then
    die "refusing: $ssh_target is K3s node '$identity', not $node; nothing was changed"
  fi
fi

if answer=$(kubectl get node "$node" -o name 2>&1); then
  present=yes
elif grep -q 'NotFound' <<<"$answer"; then
  present=no
else
  die "kubectl could not tell whether node $node exists (check KUBECONFIG and that the API answers); nothing was changed. kubectl said: $answer"
fi

if [ "$present" = yes ]; then
  kubectl cordon "$node"

  if kubectl -n longhorn-system get nodes.longhorn.io "$node" >/dev/null 2>&1; then
    log "Longhorn: no new replicas here, evicting the existing ones"
    kubectl -n longhorn-system patch nodes.longhorn.io "$node" --type merge \
      -p '{"spec":{"allowScheduling":false,"evictionRequested":true}}'
    deadline=$((SECONDS + timeout_seconds))
    while :; do
      left=$(kubectl -n longhorn-system get replicas.longhorn.io -l "longhornnode=$node" -o name | wc -l)
      [ "$left" -eq 0 ] && break
      [ "$SECONDS" -lt "$deadline" ] || die "$left Longhorn replica(s) still on $node after ${timeout_seconds} s; nothing was deleted (check volumes: kubectl -n longhorn-system get volumes)"
      log "waiting for Longhorn to rebuild $left replica(s) elsewhere"
      sleep 10
    done
    log "Longhorn: no replica left on $node"
  fi

  kubectl drain "$node" --ignore-daemonsets --delete-emptydir-data --timeout=300s
  kubectl delete node "$node"
  log "Node deleted"
else
  log "not in the cluster (already removed)"
fi

if [ -n "$ssh_target" ]; then
  # shellcheck disable=SC2016 # expanded on the node
  ssh -- "$ssh_target" 'if [ -x /usr/local/bin/k3s-agent-uninstall.sh ]; then sudo -n /usr/local/bin/k3s-agent-uninstall.sh; else echo "K3s agent not installed"; fi'
  log "K3s uninstalled on $ssh_target"
fi
