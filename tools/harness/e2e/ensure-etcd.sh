#!/usr/bin/env bash
# Puts Debian's etcd 3.4 server and client (packages etcd-server and
# etcd-client) under DIR for the K3s double, without installing them: the
# packages would start an etcd service of their own. Idempotent; prints the
# directory holding `etcd` and `etcdctl`.
#
#   ensure-etcd.sh [DIR]     default /opt/k3s-e2e-etcd
set -euo pipefail
dir="${1:-/opt/k3s-e2e-etcd}"
bin="$dir/usr/bin"
if [ ! -x "$bin/etcd" ] || [ ! -x "$bin/etcdctl" ]; then
  command -v apt-get >/dev/null 2>&1 || { echo "ensure-etcd: apt-get is missing (Debian needed for etcd-server/etcd-client)" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  if ! (cd "$tmp" && apt-get download etcd-server etcd-client >/dev/null 2>&1); then
    apt-get update -qq >/dev/null
    (cd "$tmp" && apt-get download etcd-server etcd-client >/dev/null)
  fi
  mkdir -p "$dir"
  for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$dir"; done
fi
"$bin/etcd" --version >/dev/null
echo "$bin"
