#!/usr/bin/env bash
# Runs on the operator's machine before any SSH step of a node, so that a
# missing key or a host that is down fails with the node's name and address
# instead of a generic SSH timeout.
#
# Environment: NODE_NAME, NODE_HOST, SSH_KEY_PATH, SSH_PORT (22),
#              WAIT_SECONDS (how long to wait for the SSH port, 120)
set -euo pipefail
: "${NODE_NAME:?}" "${NODE_HOST:?}" "${SSH_KEY_PATH:?}"
port="${SSH_PORT:-22}" wait_seconds="${WAIT_SECONDS:-120}"

key="$SSH_KEY_PATH"
case "$key" in \~/*) key="$HOME/${key#\~/}" ;; esac
if [ ! -r "$key" ]; then
  echo "$NODE_NAME: SSH private key not found or not readable at $SSH_KEY_PATH (ssh_key_path of $NODE_NAME in terraform.tfvars)" >&2
  exit 1
fi

deadline=$((SECONDS + wait_seconds))
# shellcheck disable=SC2016 # $0 and $1 expand in the child shell
until timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$NODE_HOST" "$port" 2>/dev/null; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "$NODE_NAME: cannot reach SSH at $NODE_HOST:$port after ${wait_seconds} s (is the node up and on the network?)" >&2
    exit 1
  fi
  sleep 2
done
