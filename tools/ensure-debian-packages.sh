#!/usr/bin/env bash
# Makes sure the Debian tools the tests use are installed.
# Usage: ensure-debian-packages.sh command:package [command:package ...]
# Missing ones are installed with apt-get when run as root; otherwise it stops
# with a message naming the packages to install.
set -euo pipefail

missing=()
for pair in "$@"; do
  cmd="${pair%%:*}" pkg="${pair#*:}"
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

# Deduplicate (several commands can come from one package).
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}  (or run this command as root)" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Some packages (prometheus, prometheus-alertmanager) ship a service; the
# tests only need their command-line tools. A policy-rc.d that exits 101
# forbids maintainer scripts to start services (Debian's invoke-rc.d and
# deb-systemd-invoke honour it); one the machine already has is left alone.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
