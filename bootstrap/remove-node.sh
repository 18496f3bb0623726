#!/usr/bin/env bash
# Removes an agent (seed 002's k3s2) from the cluster without losing data:
# cordon, move its Longhorn replicas away (scheduling off, eviction
# requested, wait until none is left on it), drain, delete the Node, then
# uninstall K3s over SSH. It refuses while replicas remain on the node
# (replicas.longhorn.io by spec.nodeID) and its Longhorn Node is gone, since
# Longhorn can then no longer move them. Suspend Flux's
# infrastructure-longhorn-nodes first (docs/k3s-homelab.md). Run from the operator's machine with KUBECONFIG
# set. Running it again after a partial run picks up where it stopped.
# It changes nothing unless kubectl answers (a node counts as removed only
# when the API says NotFound) and, with --ssh, the machine there is K3s
# agent NAME: the check reads /etc/rancher/k3s/config.yaml as root (the SSH
# user needs passwordless sudo unless it is root; without it the script
# refuses, as it does for a server or another node). With --host-key (the node's SSH host public key line, collected
# as docs/ssh-and-tokens.md says) ssh accepts only that key, from a 0600
# known_hosts file of this run's own; without it, your ssh configuration
# decides (by default a known host's changed key is refused).
#
# Usage: remove-node.sh --node NAME [--ssh user@host [--host-key 'ssh-ed25519 AAAA...']]
#                       [--timeout-seconds N]
set -euo pipefail

node="" ssh_target="" host_key="" timeout_seconds=1800
while [ $# -gt 0 ]; do
  case "$1" in
    --node) node="${2:-}"; shift 2 ;;
    --ssh) ssh_target="${2:-}"; shift 2 ;;
    --host-key) host_key="${2:-}"; shift 2 ;;
    --timeout-seconds) timeout_seconds="${2:-}"; shift 2 ;;
    *) echo "remove-node: unknown argument: $1" >&2; exit 2 ;;
  esac
done
log() { echo "remove-node[$node]: $*"; }
die() { echo "remove-node[$node]: ERROR: $*" >&2; exit 1; }
[[ "$node" =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$ ]] || die "--node must be a node name, got '$node'"
[[ "$timeout_seconds" =~ ^[0-9]+$ ]] || die "--timeout-seconds must be a number"
[ -z "$host_key" ] || [ -n "$ssh_target" ] || die "--host-key needs --ssh"

ssh_opts=()
if [ -n "$host_key" ]; then
  [[ "$host_key" =~ ^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)\ [A-Za-z0-9+/]+={0,3}(\ .*)?$ ]] ||
    die "--host-key must be one OpenSSH public key line (ssh-ed25519 AAAA...), got '$host_key'"
  known_hosts=$(mktemp "${TMPDIR:-/tmp}/k3s-known-hosts.XXXXXX")
  trap 'rm -f "$known_hosts"' EXIT
  printf '%s %s\n' "${ssh_target#*@}" "$host_key" >"$known_hosts"
  ssh_opts=(-o StrictHostKeyChecking=yes -o UserKnownHostsFile="$known_hosts" -o GlobalKnownHostsFile=/dev/null)
fi

# Every remote step runs as root: /etc/rancher/k3s is 0700 root (install-k3s.sh),
# so a check run as the SSH user would read "not installed" on any node. The
# wrapper runs the script from stdin with bash, through sudo -n unless the
# SSH user is root; without passwordless sudo it fails, and so does the check.
# shellcheck disable=SC2016 # expanded on the node
AS_ROOT='if [ "$(id -u)" -eq 0 ]; then exec bash -s; else exec sudo -n bash -s; fi'
# Prints "-" when K3s is not installed, "+server" when it is a K3s server,
# else the node-name of its config ("?" when it has none).
# shellcheck source-path=SCRIPTDIR source=k3s-config.sh
. "$(dirname "$0")/k3s-config.sh"
# shellcheck disable=SC2016 # expanded on the node
IDENTITY="$(declare -f k3s_config_value)"'
[ "$(id -u)" -eq 0 ] || { echo "the identity check needs root" >&2; exit 1; }
config=/etc/rancher/k3s/config.yaml
if [ -x /usr/local/bin/k3s-uninstall.sh ]; then echo +server; exit 0; fi
if [ ! -x /usr/local/bin/k3s-agent-uninstall.sh ] && [ ! -e "$config" ]; then echo -; exit 0; fi
[ -r "$config" ] || { echo "cannot read $config" >&2; exit 1; }
name=$(k3s_config_value node-name "$config")
echo "${name:-?}"'
UNINSTALL='if [ -x /usr/local/bin/k3s-agent-uninstall.sh ]; then /usr/local/bin/k3s-agent-uninstall.sh; else echo "K3s agent not installed"; fi'
on_node() { ssh "${ssh_opts[@]}" -- "$ssh_target" "$AS_ROOT" <<<"$1"; }
if [ -n "$ssh_target" ]; then
  identity=$(on_node "$IDENTITY") ||
    die "cannot read the K3s identity of $ssh_target as root over SSH (ssh failed, or the SSH user has no passwordless sudo: sudo -n); nothing was changed"
  case "$identity" in
    -) log "K3s is not installed on $ssh_target" ;;
    "$node") ;;
    +server) die "refusing: $ssh_target is a K3s server, and remove-node.sh removes agents only (remove a server as docs/day2.md says); nothing was changed" ;;
    "?") die "refusing: K3s on $ssh_target has no node-name in /etc/rancher/k3s/config.yaml, so it cannot be identified as $node; nothing was changed" ;;
    *) die "refusing: $ssh_target is K3s node '$identity', not $node; nothing was changed" ;;
  esac
fi

if answer=$(kubectl get node "$node" -o name 2>&1); then
  present=yes
elif grep -q 'NotFound' <<<"$answer"; then
  present=no
else
  die "kubectl could not tell whether node $node exists (check KUBECONFIG and that the API answers); nothing was changed. kubectl said: $answer"
fi

# Longhorn replicas on the node, by spec.nodeID (where the replica's data
# is; the longhornnode label is only a copy): a count, 0 without Longhorn.
replicas_on_node() {
  local out
  if ! out=$(kubectl -n longhorn-system get replicas.longhorn.io -o 'jsonpath={range .items[*]}{.spec.nodeID}{"\n"}{end}' 2>&1); then
    if grep -q "doesn't have a resource type" <<<"$out"; then echo 0; return 0; fi
    die "kubectl could not list Longhorn replicas (nothing was deleted): $out"
  fi
  grep -cxF -- "$node" <<<"$out" || true
}

if [ "$present" = yes ]; then
  left=$(replicas_on_node)
  if kubectl -n longhorn-system get nodes.longhorn.io "$node" >/dev/null 2>&1; then longhorn_node=yes; else longhorn_node=no; fi
  # Without its Longhorn Node (pruned by Flux, deleted by hand) Longhorn can
  # no longer evict the node's replicas: deleting the node would drop them.
  if [ "$longhorn_node" = no ] && [ "$left" -gt 0 ]; then
    die "refusing: $left Longhorn replica(s) are on $node (spec.nodeID) but its Longhorn Node nodes.longhorn.io/$node is gone, so Longhorn cannot move them; put $node back in Git (gitops/infrastructure/longhorn-nodes/) and let Flux apply it, then run this again (docs/k3s-homelab.md); nothing was changed"
  fi

  kubectl cordon "$node"

  if [ "$longhorn_node" = yes ]; then
    log "Longhorn: no new replicas here, evicting the existing ones"
    kubectl -n longhorn-system patch nodes.longhorn.io "$node" --type merge \
      -p '{"spec":{"allowScheduling":false,"evictionRequested":true}}'
    deadline=$((SECONDS + timeout_seconds))
    while :; do
      left=$(replicas_on_node)
      [ "$left" -eq 0 ] && break
      [ "$SECONDS" -lt "$deadline" ] || die "$left Longhorn replica(s) still on $node after ${timeout_seconds} s; nothing was deleted (check volumes: kubectl -n longhorn-system get volumes; is Flux's infrastructure-longhorn-nodes suspended? it undoes allowScheduling: false)"
      log "waiting for Longhorn to rebuild $left replica(s) elsewhere"
      sleep 10
    done
    log "Longhorn: no replica left on $node"
  else
    log "Longhorn: no Longhorn Node and no replica on $node"
  fi

  kubectl drain "$node" --ignore-daemonsets --delete-emptydir-data --timeout=300s
  kubectl delete node "$node"
  log "Node deleted"
else
  log "not in the cluster (already removed)"
fi

if [ -n "$ssh_target" ]; then
  on_node "$UNINSTALL" || die "K3s's uninstall script failed on $ssh_target (its output is above); run it there by hand, then run this again"
  log "K3s uninstalled on $ssh_target"
fi
