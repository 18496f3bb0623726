#!/usr/bin/env bash
# Runs on the operator's machine: copies the first server's kubeconfig to
# DEST (0600) for Terraform to read and rewrite. The credentials go straight
# from ssh's stdout into the file; nothing is printed.
#
# Environment: NODE_NAME, NODE_HOST, SSH_USER, SSH_KEY_PATH, DEST,
#   SSH_PORT (22), SSH_HOST_KEY (the node's host public key: only it is
#   accepted), SSH_KNOWN_HOSTS (~/.ssh/known_hosts, used without
#   SSH_HOST_KEY: new hosts are recorded on first use, a changed key is refused).
set -euo pipefail
: "${NODE_NAME:?}" "${NODE_HOST:?}" "${SSH_USER:?}" "${SSH_KEY_PATH:?}" "${DEST:?}"

key="$SSH_KEY_PATH"
case "$key" in \~/*) key="$HOME/${key#\~/}" ;; esac
known_hosts="${SSH_KNOWN_HOSTS:-$HOME/.ssh/known_hosts}"
mkdir -p "$(dirname "$known_hosts")" "$(dirname "$DEST")"

# host_key_options HOST PORT [KEY]: the ssh options that check the host's key.
# shellcheck source-path=SCRIPTDIR source=ssh-host-keys.sh
. "$(dirname "$0")/ssh-host-keys.sh"

sudo_cmd="sudo -n "
[ "$SSH_USER" = root ] && sudo_cmd=""

umask 077
tmp="$DEST.tmp.$$"
trap 'rm -f "$tmp"; pinned_cleanup' EXIT
host_key_options "$NODE_HOST" "${SSH_PORT:-22}" "${SSH_HOST_KEY:-}"
if ! ssh -i "$key" -p "${SSH_PORT:-22}" -o BatchMode=yes -o ConnectTimeout=15 "${host_key_opts[@]}" \
  -- "$SSH_USER@$NODE_HOST" "${sudo_cmd}cat /etc/rancher/k3s/k3s.yaml" >"$tmp"; then
  echo "$NODE_NAME: could not read /etc/rancher/k3s/k3s.yaml over SSH as $SSH_USER@$NODE_HOST" >&2
  exit 1
fi
grep -q '^kind: Config' "$tmp" || { echo "$NODE_NAME: /etc/rancher/k3s/k3s.yaml is not a kubeconfig" >&2; exit 1; }
chmod 0600 "$tmp"
mv -f "$tmp" "$DEST"
