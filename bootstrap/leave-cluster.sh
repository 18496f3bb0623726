#!/usr/bin/env bash
# Runs on the operator's machine when Terraform destroys a node's install
# resource (tofu destroy, tofu apply -replace=..., a tainted node is the
# exception: Terraform skips destroy steps for it). Takes the node out of its
# cluster safely, then uninstalls K3s on it:
#
#  1. reaches the node at its *current* address (the values come from the
#     current settings, not from state) and checks that the machine there is
#     K3s node NODE_NAME (its /etc/rancher/k3s/config.yaml node-name); any
#     other node is refused before anything changes;
#  2. a server of an embedded-etcd cluster: from a server that answers (the
#     other servers first, then the node itself), asks etcd itself, as root
#     with the server's etcd client certificate, for its members and each
#     member's health, and checks that the voting members that stay healthy
#     still form a quorum of the cluster that remains (Node Ready is only
#     reported, never counted: Kubernetes keeps a dead server's Node Ready
#     for the node-monitor grace period, 40 s by default), then drains and
#     deletes the Node, which makes K3s remove its etcd member (k3s-io/k3s
#     pkg/etcd/member_controller.go; docs.k3s.io/datastore/ha-embedded), and
#     waits until etcd no longer lists it;
#     an agent: drained and deleted from a server that answers; a drain that
#     fails is reported, the Node is deleted anyway;
#  3. runs K3s's uninstall script on the node; its failure fails the step.
#
# Environment: NODE_NAME, NODE_ROLE (server|agent), NODE_HOST, SSH_USER,
#   SSH_KEY_PATH, SSH_PORT (22), EMBEDDED_ETCD (yes|no), WAIT_SECONDS (120),
#   SSH_HOST_KEY (the node's host public key: only it is accepted),
#   SERVERS: the other servers of the cluster, one per line,
#     "<name><TAB><host><TAB><port><TAB><user><TAB><key path>[<TAB><host key>]",
#   SSH_KNOWN_HOSTS (~/.ssh/known_hosts, for hosts without a pinned key:
#   new hosts recorded on first use, a changed key refused).
# Nothing secret is read or printed.
# shellcheck disable=SC2016 # the remote scripts below expand on the node, not here
set -euo pipefail
: "${NODE_NAME:?}" "${NODE_ROLE:?}" "${NODE_HOST:?}" "${SSH_USER:?}" "${SSH_KEY_PATH:?}"
node_port="${SSH_PORT:-22}" wait_seconds="${WAIT_SECONDS:-120}" embedded_etcd="${EMBEDDED_ETCD:-no}"
known_hosts="${SSH_KNOWN_HOSTS:-$HOME/.ssh/known_hosts}"
mkdir -p "$(dirname "$known_hosts")"

# host_key_options HOST PORT [KEY]: the ssh options that check the host's key.
# shellcheck source-path=SCRIPTDIR source=ssh-host-keys.sh
. "$(dirname "$0")/ssh-host-keys.sh"
trap 'rm -f "${pinned_files[@]}"' EXIT

log() { printf 'leave-cluster[%s]: %s\n' "$NODE_NAME" "$*" >&2; }
die() { printf 'leave-cluster[%s]: ERROR: %s\n' "$NODE_NAME" "$*" >&2; exit 1; }

# remote HOST PORT USER KEY HOST_KEY SCRIPT [ARGS...]: runs SCRIPT with bash as root on HOST.
remote() {
  local host="$1" port="$2" user="$3" key="$4" host_key="$5" script="$6" sudo_cmd="sudo -n "
  shift 6
  case "$key" in \~/*) key="$HOME/${key#\~/}" ;; esac
  [ "$user" = root ] && sudo_cmd=""
  local args=""
  [ $# -eq 0 ] || args=$(printf ' %q' "$@")
  host_key_options "$host" "$port" "$host_key"
  ssh -i "$key" -p "$port" -o BatchMode=yes -o ConnectTimeout=10 "${host_key_opts[@]}" \
    -- "$user@$host" "${sudo_cmd}bash -s --$args" <<<"$script"
}
on_node() { remote "$NODE_HOST" "$node_port" "$SSH_USER" "$SSH_KEY_PATH" "${SSH_HOST_KEY:-}" "$@"; }

# Prints "-" when K3s is not installed, "?" when it is but has no config, else its node-name.
IDENTITY='
if [ -x /usr/local/bin/k3s-uninstall.sh ] || [ -x /usr/local/bin/k3s-agent-uninstall.sh ]; then
  if [ -f /etc/rancher/k3s/config.yaml ]; then
    sed -n "s/^node-name: *//p" /etc/rancher/k3s/config.yaml | head -n 1 | tr -d "\""
  else
    echo "?"
  fi
else
  echo "-"
fi'
# Exit 0 when this server's API answers and etcd (or the SQLite datastore) is healthy.
API_READY='command -v k3s >/dev/null 2>&1 && [ "$(k3s kubectl get --raw=/readyz/etcd 2>/dev/null)" = ok ]'
# etcd's own view, asked on a server as root the way K3s's tools do: K3s
# serves etcd on https://127.0.0.1:2379 with mutual TLS, its client
# certificate under /var/lib/rancher/k3s/server/tls/etcd (k3s-io/k3s
# pkg/daemons/control/deps/deps.go: server-ca.crt, client.crt, client.key;
# pkg/etcd/etcd.go listenClientURLs). K3s ships no etcdctl, so curl speaks to
# etcd's JSON gateway: POST /v3/cluster/member/list
# (etcd.io/docs/v3.4/dev-guide/api_grpc_gateway/) and GET /health on each
# member's client URL (etcd.io/docs/v3.4/op-guide/monitoring/#health-check).
# One line per member: "<node> <member id> <healthy|unhealthy> <voter|learner>
# <Node Ready>" (K3s names a member <node>-<8 hex>; "-" for a member that
# never started). With argument "names" only the node names, no health.
ETCD_MEMBERS='
certs=/var/lib/rancher/k3s/server/tls/etcd
command -v curl >/dev/null 2>&1 || { echo "curl is not installed on this server" >&2; exit 3; }
etcd() { curl -sS --max-time 5 --cacert "$certs/server-ca.crt" --cert "$certs/client.crt" --key "$certs/client.key" "$@"; }
field() { sed -n "s/.*\"$1\":\[*\"\([^\"]*\)\".*/\1/p"; }
list=$(etcd -X POST -d "{}" https://127.0.0.1:2379/v3/cluster/member/list 2>&1) || { echo "etcd on this server does not answer: $list" >&2; exit 4; }
case "$list" in *\"members\"*) ;; *) echo "etcd did not list its members: $list" >&2; exit 4 ;; esac
printf "%s\n" "$list" | grep -o "{[^{}]*\"peerURLs\"[^{}]*}" | while read -r m; do
  name=$(printf "%s" "$m" | field name)
  node=$(printf "%s" "$name" | sed "s/-[0-9a-f]\{8\}\$//")
  if [ "${1:-}" = names ]; then echo "${node:--}"; continue; fi
  id=$(printf "%s" "$m" | field ID)
  url=$(printf "%s" "$m" | field clientURLs)
  role=voter
  case "$m" in *\"isLearner\":true*) role=learner ;; esac
  health=unhealthy
  if [ -n "$url" ] && etcd "$url/health" 2>/dev/null | grep -q "\"health\":\"true\""; then health=healthy; fi
  ready="?"
  if [ -n "$node" ]; then
    ready=$(k3s kubectl get node "$node" -o jsonpath="{.status.conditions[?(@.type==\"Ready\")].status}" 2>/dev/null) || ready="?"
  fi
  echo "${node:--} ${id:-?} $health $role ${ready:-?}"
done'
DRAIN='k3s kubectl drain "$1" --ignore-daemonsets --delete-emptydir-data --force --timeout=120s 2>&1'
DELETE='k3s kubectl delete node "$1" --ignore-not-found 2>&1'
UNINSTALL='
for u in /usr/local/bin/k3s-uninstall.sh /usr/local/bin/k3s-agent-uninstall.sh; do
  if [ -x "$u" ]; then "$u"; exit $?; fi
done'

# The node must be reachable: its uninstall and identity check run on it.
deadline=$((SECONDS + wait_seconds))
# shellcheck disable=SC2016 # $0 and $1 expand in the child shell
until timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$NODE_HOST" "$node_port" 2>/dev/null; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    die "cannot reach SSH at $NODE_HOST:$node_port after ${wait_seconds} s; nothing was changed. A node leaves its cluster only while it is reachable (docs/day2.md, Day 2: a machine that is gone)."
  fi
  sleep 2
done

identity=$(on_node "$IDENTITY") || die "cannot run commands on $NODE_HOST over SSH as $SSH_USER; nothing was changed"
case "$identity" in
  -) installed=no; log "K3s is not installed at $NODE_HOST: nothing to uninstall there" ;;
  "$NODE_NAME") installed=yes ;;
  "?") die "refusing: K3s at $NODE_HOST has no /etc/rancher/k3s/config.yaml, so it cannot be identified as $NODE_NAME; nothing was changed" ;;
  *) die "refusing: the machine at $NODE_HOST:$node_port is K3s node '$identity', not $NODE_NAME (did the address move to another machine?); nothing was changed" ;;
esac

# Finds a server whose API answers: the other servers in order, then (if asked) the node itself.
# Sets control_* and returns 0, or returns 1; installed_peers counts servers with K3s that did not answer.
installed_peers=0
find_control() {
  local include_self="$1" name host port user key host_key peer_identity
  while IFS=$'\t' read -r name host port user key host_key; do
    [ -n "$name" ] || continue
    if remote "$host" "$port" "$user" "$key" "$host_key" "$API_READY" 2>/dev/null; then
      control=("$name" "$host" "$port" "$user" "$key" "$host_key")
      return 0
    fi
    peer_identity=$(remote "$host" "$port" "$user" "$key" "$host_key" "$IDENTITY" 2>/dev/null || echo unreachable)
    [ "$peer_identity" = "-" ] || installed_peers=$((installed_peers + 1))
  done <<<"${SERVERS:-}"
  if [ "$include_self" = yes ] && [ "$installed" = yes ] && on_node "$API_READY" 2>/dev/null; then
    control=("$NODE_NAME" "$NODE_HOST" "$node_port" "$SSH_USER" "$SSH_KEY_PATH" "${SSH_HOST_KEY:-}")
    return 0
  fi
  return 1
}
on_control() { remote "${control[1]}" "${control[2]}" "${control[3]}" "${control[4]}" "${control[5]}" "$@"; }

drain_and_delete() {
  local out
  if ! out=$(on_control "$DRAIN" "$NODE_NAME"); then
    log "WARNING: drain of $NODE_NAME from ${control[0]} failed; its pods were not moved gracefully. kubectl said: $out"
  fi
  out=$(on_control "$DELETE" "$NODE_NAME") || die "could not delete Node $NODE_NAME from ${control[0]}: $out"
  log "Node $NODE_NAME deleted (from ${control[0]})"
}

leave_etcd() {
  local members remaining=() healthy=() ready_but_dead=() node id health role ready quorum
  if ! find_control yes; then
    if [ "$installed_peers" -eq 0 ]; then
      log "no other server of the cluster has K3s installed: nothing to leave"
      return 0
    fi
    die "refusing to remove server $NODE_NAME: no server of the cluster answers with a healthy etcd, so quorum cannot be checked; nothing was changed. Bring the servers back (or restore a snapshot), then apply again."
  fi
  members=$(on_control "$ETCD_MEMBERS" 2>&1) ||
    die "refusing to remove server $NODE_NAME: etcd on ${control[0]} did not answer its member list and health ($members), so quorum cannot be checked; nothing was changed"
  if ! grep -q "^$NODE_NAME " <<<"$members"; then
    log "$NODE_NAME is not an etcd member (already removed)"
    on_control "$DELETE" "$NODE_NAME" >/dev/null || true
    return 0
  fi
  while read -r node id health role ready; do
    if [ -z "$node" ] || [ "$node" = "$NODE_NAME" ] || [ "$role" != voter ]; then continue; fi
    [ "$node" != - ] || node="(member $id, never started)"
    remaining+=("$node")
    if [ "$health" = healthy ]; then
      healthy+=("$node")
    elif [ "$ready" = True ]; then
      ready_but_dead+=("$node")
    fi
  done <<<"$members"
  if [ ${#remaining[@]} -eq 0 ]; then
    log "$NODE_NAME is the last etcd member: the cluster ends with it"
    return 0
  fi
  quorum=$(( ${#remaining[@]} / 2 + 1 ))
  if [ ${#healthy[@]} -lt "$quorum" ]; then
    local why=""
    [ ${#ready_but_dead[@]} -eq 0 ] || why=" (${ready_but_dead[*]}: Node still reads Ready, which Kubernetes keeps for the node-monitor grace period after a server dies, so only etcd's health counts)"
    die "refusing to remove server $NODE_NAME: the ${#remaining[@]} etcd members that would remain (${remaining[*]}) have ${#healthy[@]} healthy by etcd's own health check (${healthy[*]:-none}), and etcd needs $quorum of ${#remaining[@]} for quorum${why}; nothing was changed. Bring the other servers back first."
  fi
  log "etcd quorum holds without $NODE_NAME (${#healthy[@]} of ${#remaining[@]} remaining members healthy by etcd's health check, $quorum needed)"
  drain_and_delete
  # K3s's etcd member controller removes the member after the Node is gone, asynchronously.
  local until_gone=$((SECONDS + 60))
  while :; do
    members=$(on_control "$ETCD_MEMBERS" names 2>/dev/null || true)
    grep -qx "$NODE_NAME" <<<"$members" || break
    [ "$SECONDS" -lt "$until_gone" ] || die "the etcd member of $NODE_NAME is still listed 60 s after its Node was deleted; K3s was not uninstalled"
    sleep 2
  done
  log "etcd member of $NODE_NAME removed; members now: ${remaining[*]}"
}

control=()
if [ "$NODE_ROLE" = server ] && [ "$embedded_etcd" = yes ]; then
  leave_etcd
elif [ "$NODE_ROLE" = agent ]; then
  if find_control no; then
    drain_and_delete
  else
    log "WARNING: no server answers, so Node $NODE_NAME stays in the cluster: delete it later with kubectl delete node $NODE_NAME"
  fi
fi

if [ "$installed" = yes ]; then
  on_node "$UNINSTALL" >&2 || die "K3s's uninstall script failed on $NODE_HOST (its output is above); run it there by hand, then apply again"
  log "K3s uninstalled"
fi
on_node 'rm -rf "/tmp/k3s-bootstrap-$1"' "$NODE_NAME" || log "could not remove the staging directories on $NODE_HOST"
