#!/usr/bin/env bash
# Runs on the operator's machine. Two modes:
#
#  fetch (default): copies a server's kubeconfig to DEST (0600) for Terraform
#    to read at every plan: the servers are tried in join order and the first
#    that answers over SSH gives it; its `server:` is set to that server's
#    address (K3s writes 127.0.0.1). When none answers, an existing DEST (the
#    last good credentials) is kept and the step fails naming the servers.
#    The credentials go straight from ssh's stdout into the file; nothing is
#    printed.
#  --point-at ADDRESS: waits (WAIT_SECONDS, 300) until https://ADDRESS:6443/ping
#    answers `pong` (K3s's supervisor answers it without credentials), then
#    sets DEST's `server:` to that address (the credentials stay), else
#    fails naming the address. The helm and kubernetes providers read DEST
#    at plan: they move to the API address only once something (kube-vip)
#    announces it.
#
# Environment (fetch): DEST; SERVERS, one per line,
#   "<name><TAB><host><TAB><port><TAB><user><TAB><key path>[<TAB><host key>]"
#   (or one server as NODE_NAME, NODE_HOST, SSH_USER, SSH_KEY_PATH, SSH_PORT,
#   SSH_HOST_KEY); SSH_KNOWN_HOSTS (~/.ssh/known_hosts, used for a server
#   without a pinned host key: new hosts recorded on first use, a changed key
#   refused).
set -euo pipefail

log() { printf 'fetch-kubeconfig: %s\n' "$*" >&2; }

# set_server FILE URL: rewrites the kubeconfig's (only) cluster server line.
set_server() {
  local tmp="$1.server.$$"
  sed -E "s#^([[:space:]]*server:[[:space:]]*).*#\\1$2#" "$1" >"$tmp"
  chmod 0600 "$tmp"
  mv -f "$tmp" "$1"
}

# answers ADDRESS: K3s's supervisor answers /ping there. A reachability probe only: no credentials
# are sent, so the certificate is not checked here (the providers check it).
answers() { [ "$(curl -sk --max-time 2 "https://$1:6443/ping" 2>/dev/null || true)" = pong ]; }

wait_for() {
  local address="$1" waited=0 wait="${WAIT_SECONDS:-300}"
  until answers "$address"; do
    if [ "$waited" -ge "$wait" ]; then
      log "the API address $address does not answer on 6443 after ${wait} s: is kube-vip running on a server, on the configured interface? (the helm and kubernetes providers stay on the server they use)"
      exit 1
    fi
    sleep 2
    waited=$((waited + 2))
  done
}

: "${DEST:?}"
if [ "${1:-}" = --point-at ]; then
  address="${2:?--point-at needs an address}"
  [ -f "$DEST" ] || { log "$DEST is missing: fetch the kubeconfig first"; exit 1; }
  wait_for "$address"
  set_server "$DEST" "https://$address:6443"
  log "the helm and kubernetes providers use https://$address:6443 from the next plan on"
  exit 0
fi

servers="${SERVERS:-}"
if [ -z "$servers" ]; then
  : "${NODE_NAME:?}" "${NODE_HOST:?}" "${SSH_USER:?}" "${SSH_KEY_PATH:?}"
  servers=$(printf '%s\t%s\t%s\t%s\t%s\t%s' "$NODE_NAME" "$NODE_HOST" "${SSH_PORT:-22}" "$SSH_USER" "$SSH_KEY_PATH" "${SSH_HOST_KEY:-}")
fi

known_hosts="${SSH_KNOWN_HOSTS:-$HOME/.ssh/known_hosts}"
mkdir -p "$(dirname "$known_hosts")" "$(dirname "$DEST")"

# host_key_options HOST PORT [KEY]: the ssh options that check the host's key.
# shellcheck source-path=SCRIPTDIR source=ssh-host-keys.sh
. "$(dirname "$0")/ssh-host-keys.sh"

umask 077
tmp="$DEST.tmp.$$"
trap 'rm -f "$tmp"; pinned_cleanup' EXIT
tried=""
while IFS=$'\t' read -r name host port user key host_key; do
  [ -n "$name" ] || continue
  case "$key" in \~/*) key="$HOME/${key#\~/}" ;; esac
  sudo_cmd="sudo -n "
  [ "$user" = root ] && sudo_cmd=""
  host_key_options "$host" "$port" "$host_key"
  if ssh -i "$key" -p "$port" -o BatchMode=yes -o ConnectTimeout=15 "${host_key_opts[@]}" \
    -- "$user@$host" "${sudo_cmd}cat /etc/rancher/k3s/k3s.yaml" >"$tmp" && grep -q '^kind: Config' "$tmp"; then
    chmod 0600 "$tmp"
    set_server "$tmp" "https://$host:6443"
    mv -f "$tmp" "$DEST"
    exit 0
  fi
  log "$name: could not read /etc/rancher/k3s/k3s.yaml over SSH as $user@$host"
  tried="$tried $name"
done <<<"$servers"
if [ -f "$DEST" ]; then
  log "no server answered (${tried# }): $DEST keeps the last good credentials"
else
  log "no server answered (${tried# }): nothing fetched"
fi
exit 1
