#!/usr/bin/env bash
# Restores an embedded-etcd K3s cluster from an etcd snapshot, from the
# operator's machine (`npm run restore` runs it after asking). K3s's
# documented procedure (docs.k3s.io/datastore/backup-restore, embedded
# etcd), one step per server through bootstrap/restore-node.sh:
#  0. every server is reachable and is the K3s server its settings name,
#     and the snapshot exists on the first one; otherwise nothing changes;
#  1. K3s stops on every server;
#  2. on the first: k3s server --cluster-reset --cluster-reset-restore-path=<snapshot>;
#  3. on the others: the etcd data moves aside and the server is set to
#     rejoin the first;
#  4. the first starts and must become Ready; then each other server, one
#     at a time, each gated on its readiness;
#  5. the etcd members and their Ready state are listed.
# Agents are not touched: they reconnect to the API by themselves.
#
# Environment: SERVERS, one per line, the server that restores first:
#   "<name><TAB><host><TAB><port><TAB><user><TAB><key path>[<TAB><host key>]"
#   (with a host key, ssh accepts only that key);
#   SNAPSHOT (a name as `k3s etcd-snapshot ls` shows it, a unique prefix of
#   one, or an absolute path on the first server); READY_SECONDS (300);
#   SSH_KNOWN_HOSTS (~/.ssh/known_hosts; new hosts recorded on first use).
# Nothing secret is read or printed.
set -euo pipefail
: "${SERVERS:?}" "${SNAPSHOT:?}"
ready_seconds="${READY_SECONDS:-300}"
known_hosts="${SSH_KNOWN_HOSTS:-$HOME/.ssh/known_hosts}"
node_script="$(dirname "$0")/restore-node.sh"
mkdir -p "$(dirname "$known_hosts")"

# host_key_options HOST PORT [KEY]: the ssh options that check the host's key.
# shellcheck source-path=SCRIPTDIR source=ssh-host-keys.sh
. "$(dirname "$0")/ssh-host-keys.sh"
trap pinned_cleanup EXIT

log() { printf 'restore: %s\n' "$*" >&2; }
die() { printf 'restore: ERROR: %s\n' "$*" >&2; exit 1; }

names=() hosts=() ports=() users=() keys=() host_keys=()
while IFS=$'\t' read -r name host port user key host_key; do
  [ -n "$name" ] || continue
  case "$key" in \~/*) key="$HOME/${key#\~/}" ;; esac
  names+=("$name") hosts+=("$host") ports+=("$port") users+=("$user") keys+=("$key") host_keys+=("$host_key")
done <<<"$SERVERS"
[ "${#names[@]}" -ge 1 ] || die "SERVERS lists no server"

# step I ARGS...: runs restore-node.sh ARGS as root on server I.
step() {
  local i="$1" sudo_cmd="sudo -n " args
  shift
  [ "${users[$i]}" = root ] && sudo_cmd=""
  args=$(printf ' %q' "$@")
  host_key_options "${hosts[$i]}" "${ports[$i]}" "${host_keys[$i]}"
  ssh -i "${keys[$i]}" -p "${ports[$i]}" -o BatchMode=yes -o ConnectTimeout=10 "${host_key_opts[@]}" \
    -- "${users[$i]}@${hosts[$i]}" "${sudo_cmd}bash -s --$args" <"$node_script"
}

# 0. Check everything before changing anything.
for i in "${!names[@]}"; do
  identity=$(step "$i" identity) || die "cannot run commands on ${names[$i]} (${hosts[$i]}:${ports[$i]}) over SSH; nothing was changed"
  [ "$identity" = "${names[$i]}" ] ||
    die "the machine at ${hosts[$i]} is K3s server '${identity}', not ${names[$i]} (settings and machine disagree); nothing was changed"
done
path=$(step 0 resolve "$SNAPSHOT") || die "snapshot $SNAPSHOT not found on ${names[0]}; nothing was changed"
log "restoring ${names[0]} from $path; then ${names[*]:1} rejoin it"

# 1. Stop K3s everywhere.
for i in "${!names[@]}"; do
  step "$i" stop || die "could not stop K3s on ${names[$i]}; servers stopped so far: ${names[*]:0:$i}. Start them again (systemctl start k3s) or fix ${names[$i]} and run the restore again"
  log "K3s stopped on ${names[$i]}"
done

# 2. Reset the first server to the snapshot.
step 0 reset "$path" >&2 ||
  die "k3s server --cluster-reset failed on ${names[0]} (output above); every server is stopped, their data unchanged: fix the cause and run the restore again"
log "${names[0]} reset to $path"

# 3. The others give up their etcd data and rejoin the first.
for i in "${!names[@]}"; do
  [ "$i" -eq 0 ] && continue
  step "$i" wipe "https://${hosts[0]}:6443" || die "could not move the etcd data aside on ${names[$i]}"
  log "${names[$i]}: etcd data moved aside (server/db/etcd-before-restore-*), rejoins ${names[0]}"
done

# 4. Start the first, then the others one at a time, each gated on readiness.
for i in "${!names[@]}"; do
  step "$i" start || die "K3s did not start on ${names[$i]} (journalctl -u k3s there)"
  step 0 wait-ready "${names[$i]}" "$ready_seconds" || die "${names[$i]} did not become Ready; the servers after it are still stopped"
  log "${names[$i]} is Ready"
done

# 5. What the cluster looks like now.
log "etcd members (node=Ready):"
step 0 status
