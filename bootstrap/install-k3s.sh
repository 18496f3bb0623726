#!/usr/bin/env bash
# Installs, or upgrades in place, K3s on this node. Idempotent: when the
# requested version runs with the same config, it changes nothing.
#
# Usage (as root): install-k3s.sh --role server|agent --version vX.Y.Z+k3sN
#                                 --node-name NAME [--staging DIR]
#
# The staging directory (0700, written by Terraform's file provisioner) holds:
#   config.yaml     this node's K3s config, with the join token (required)
#   k3s-install.sh  a local installer with the get.k3s.io interface (optional;
#                   default: the official script at the tag --version)
#   k3s             a k3s binary to use instead of downloading one (optional)
# Nothing secret is ever passed on a command line or printed: the token only
# travels inside config.yaml, which lands in /etc/rancher/k3s (0700) as 0600.
set -euo pipefail

role="" version="" node_name="" staging="/tmp/k3s-bootstrap"
config_dir=/etc/rancher/k3s
config_file="$config_dir/config.yaml"

log() { printf 'install-k3s[%s]: %s\n' "${node_name:-?}" "$*"; }
die() { printf 'install-k3s[%s]: ERROR: %s\n' "${node_name:-?}" "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --role) role="${2:-}"; shift 2 ;;
    --version) version="${2:-}"; shift 2 ;;
    --node-name) node_name="${2:-}"; shift 2 ;;
    --staging) staging="${2:-}"; shift 2 ;;
    *) die "unknown argument: $1" ;;
  esac
done

case "$role" in server | agent) ;; *) die "--role must be server or agent, got '${role}'" ;; esac
[[ "$version" =~ ^v1\.[0-9]+\.[0-9]+(-rc[0-9]+)?\+k3s[0-9]+$ ]] || die "--version must look like v1.28.3+k3s1, got '${version}'"
[ -n "$node_name" ] || die "--node-name is required"
[ "$(id -u)" -eq 0 ] || die "must run as root (the provisioner runs it with sudo)"

# Whatever happens, nothing staged outlives this run: the token's copy goes,
# and a later run only sees the installer it was given itself.
trap 'rm -f "$staging/config.yaml" "$staging/k3s-install.sh" "$staging/k3s" "$staging/official-install.sh"' EXIT

preflight() {
  local missing=()
  [ "$(uname -s)" = Linux ] || die "pre-flight: K3s needs Linux, this is $(uname -s)"
  for cmd in install cmp sh; do command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd"); done
  if [ ! -f "$staging/k3s-install.sh" ]; then
    command -v curl >/dev/null 2>&1 || missing+=("curl (package curl)")
  fi
  [ ${#missing[@]} -eq 0 ] || die "pre-flight: missing command(s): ${missing[*]}"
  [ -s "$staging/config.yaml" ] || die "pre-flight: $staging/config.yaml is missing (the file provisioner did not upload it)"

  # K3s minimums (docs.k3s.io/installation/requirements): servers 2 CPU and
  # 2 GB RAM, agents 1 CPU and 512 MB. MemTotal is a little below the RAM size.
  local cpus mem_mib min_cpus=1 min_mem_mib=450
  if [ "$role" = server ]; then min_cpus=2; min_mem_mib=1800; fi
  cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 0)
  mem_mib=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo 2>/dev/null || echo 0)
  [ "$cpus" -ge "$min_cpus" ] || die "pre-flight: a K3s $role needs $min_cpus CPU(s), this node has $cpus"
  [ "$mem_mib" -ge "$min_mem_mib" ] || die "pre-flight: a K3s $role needs ${min_mem_mib} MiB of memory, this node has ${mem_mib} MiB"
  local free_mib
  free_mib=$(df -Pm /var/lib 2>/dev/null | awk 'NR == 2 { print $4 }')
  [ "${free_mib:-0}" -ge 2048 ] || die "pre-flight: K3s needs 2048 MiB free under /var/lib, there is ${free_mib:-0} MiB"

  # OS: an architecture K3s ships, and (for the official installer, which
  # creates the service) systemd or OpenRC.
  case "$(uname -m)" in
    x86_64|aarch64|arm64|armv7l|s390x|riscv64) ;;
    *) die "pre-flight: K3s has no build for architecture $(uname -m)" ;;
  esac
  if [ ! -f "$staging/k3s-install.sh" ] && [ ! -d /run/systemd/system ] && ! command -v openrc >/dev/null 2>&1; then
    die "pre-flight: the K3s installer needs systemd or OpenRC as init system, found neither"
  fi

  # Ports: on a fresh install nothing else may hold what K3s listens on.
  if [ -z "$(installed_version)" ] && command -v ss >/dev/null 2>&1; then
    local port ports=10250
    [ "$role" = server ] && ports="6443 10250"
    for port in $ports; do
      if [ -n "$(ss -Htln "sport = :$port" 2>/dev/null)" ]; then
        die "pre-flight: TCP port $port is already in use ($(ss -Htlnp "sport = :$port" 2>/dev/null | awk '{ print $NF }' | head -n 1)); K3s needs it"
      fi
    done
  fi
}

installed_version() {
  # `k3s --version` prints e.g. "k3s version v1.28.3+k3s1 (hash)".
  if command -v k3s >/dev/null 2>&1; then k3s --version 2>/dev/null | awk 'NR == 1 { print $3 }'; fi
}

uninstall_script() {
  if [ "$role" = server ]; then echo /usr/local/bin/k3s-uninstall.sh; else echo /usr/local/bin/k3s-agent-uninstall.sh; fi
}

preflight

install -d -m 0700 -o root -g root "$config_dir"
config_changed=no
if ! cmp -s "$staging/config.yaml" "$config_file"; then
  install -m 0600 -o root -g root "$staging/config.yaml" "$config_file"
  config_changed=yes
fi
chmod 0600 "$config_file"

current=$(installed_version)
if [ "$current" = "$version" ] && [ "$config_changed" = no ] && [ -x "$(uninstall_script)" ]; then
  log "K3s $version already installed as $role with this config: nothing to do"
  exit 0
fi

installer="$staging/k3s-install.sh"
if [ ! -f "$installer" ]; then
  # The install script at the release tag, so the installer itself is pinned.
  installer="$staging/official-install.sh"
  url="https://raw.githubusercontent.com/k3s-io/k3s/${version}/install.sh"
  log "downloading the official installer $url"
  curl -sfL --retry 3 -o "$installer" "$url" || die "could not download $url"
fi

export INSTALL_K3S_VERSION="$version" INSTALL_K3S_EXEC="$role"
if [ -f "$staging/k3s" ]; then
  install -m 0755 -o root -g root "$staging/k3s" /usr/local/bin/k3s
  export INSTALL_K3S_SKIP_DOWNLOAD=true
fi

if [ -n "$current" ]; then
  log "upgrading K3s $current -> $version ($role, config changed: $config_changed)"
else
  log "installing K3s $version ($role)"
fi
if ! sh "$installer"; then
  # A failed first install is rolled back, so that the next apply starts clean;
  # a failed upgrade leaves the running version alone.
  if [ -z "$current" ] && [ -x "$(uninstall_script)" ]; then
    log "install failed: rolling back the partial install with $(uninstall_script)"
    "$(uninstall_script)" || log "rollback: $(uninstall_script) failed; remove the leftovers by hand"
  fi
  die "the K3s installer failed (its output is above); fix the cause and apply again"
fi
log "K3s $version installed as $role"
