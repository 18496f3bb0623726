#!/usr/bin/env bash
# Installs, or upgrades in place, K3s on this node. Idempotent: when the
# requested version runs with the same config, it changes nothing.
#
# Usage (as root): install-k3s.sh --role server|agent --version vX.Y.Z+k3sN
#                                 --node-name NAME [--staging DIR]
#                                 [--etcd [--join-candidates "IP ..."] [--bootstrap-if-alone]]
#                                 [--allow-version-skew] [--snapshot-before-upgrade]
#
# Version guard: with K3s already installed, a downgrade or a jump of more
# than one minor version is refused before anything changes (Kubernetes
# supports upgrading one minor at a time and no downgrade:
# https://kubernetes.io/releases/version-skew-policy/ and
# https://docs.k3s.io/upgrades); so is an installed k3s
# (/usr/local/bin/k3s, whatever PATH says) whose `k3s --version` fails or
# names no K3s release. --allow-version-skew overrides all but the failing k3s.
#
# --snapshot-before-upgrade: before changing the version of a running
# embedded-etcd server, take an on-demand snapshot named after the running
# version (`k3s etcd-snapshot save --name pre-upgrade-v1.28.3-k3s1`,
# docs.k3s.io/cli/etcd-snapshot); the upgrade does not start if it fails.
#
# --etcd: a server of an embedded-etcd cluster. How it enters the cluster is
# decided here, on the node, and appended to its config: a server that
# already holds etcd data keeps what it did before; a fresh one joins the
# first of --join-candidates whose K3s supervisor answers /ping (K3s serves
# /ping unauthenticated on 6443, pkg/server/router.go), and only when none
# answers does the server given --bootstrap-if-alone start a new cluster
# (cluster-init). So cluster-init happens once in a cluster's life, and a
# replaced first server joins the servers that are up instead of starting a
# second etcd cluster (docs.k3s.io/datastore/ha-embedded).
#
# The staging directory (0700, written by Terraform's file provisioner) holds:
#   config.yaml     this node's K3s config, with the join token (required)
#   k3s-install.sh  a local installer with the get.k3s.io interface (optional;
#                   default: the official script at the tag --version)
#   k3s             a k3s binary to use instead of downloading one (optional)
#   manifests/*.yaml  files for K3s's auto-deploy directory (servers; optional,
#                   e.g. kube-vip.yaml): installed 0600 into
#                   /var/lib/rancher/k3s/server/manifests, which K3s applies
#                   and re-applies on change (docs.k3s.io/installation/packaged-components)
# Nothing secret is ever passed on a command line or printed: the token only
# travels inside config.yaml, which lands in /etc/rancher/k3s (0700) as 0600.
set -euo pipefail

role="" version="" node_name="" staging="/tmp/k3s-bootstrap"
etcd=no join_candidates="" bootstrap_if_alone=no allow_version_skew=no snapshot_before_upgrade=no
config_dir=/etc/rancher/k3s
etcd_data_dir=/var/lib/rancher/k3s/server/db/etcd
config_file="$config_dir/config.yaml"

log() { printf 'install-k3s[%s]: %s\n' "${node_name:-?}" "$*"; }
die() { printf 'install-k3s[%s]: ERROR: %s\n' "${node_name:-?}" "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --role) role="${2:-}"; shift 2 ;;
    --version) version="${2:-}"; shift 2 ;;
    --node-name) node_name="${2:-}"; shift 2 ;;
    --staging) staging="${2:-}"; shift 2 ;;
    --etcd) etcd=yes; shift ;;
    --join-candidates) join_candidates="${2:-}"; shift 2 ;;
    --bootstrap-if-alone) bootstrap_if_alone=yes; shift ;;
    --allow-version-skew) allow_version_skew=yes; shift ;;
    --snapshot-before-upgrade) snapshot_before_upgrade=yes; shift ;;
    *) die "unknown argument: $1" ;;
  esac
done

case "$role" in server | agent) ;; *) die "--role must be server or agent, got '${role}'" ;; esac
[[ "$version" =~ ^v1\.[0-9]+\.[0-9]+(-rc[0-9]+)?\+k3s[0-9]+$ ]] || die "--version must look like v1.28.3+k3s1, got '${version}'"
[ -n "$node_name" ] || die "--node-name is required"
[ "$(id -u)" -eq 0 ] || die "must run as root (the provisioner runs it with sudo)"
if [ "$etcd" = yes ] && [ "$role" != server ]; then die "--etcd is only valid for a server"; fi
if [ "$snapshot_before_upgrade" = yes ] && [ "$etcd" != yes ]; then die "--snapshot-before-upgrade needs --etcd (a snapshot is of embedded etcd)"; fi

# A copy of bootstrap/k3s-config.sh (cloud-init carries this script alone).
# >>> k3s_config_value
# k3s_config_value KEY FILE: the value of top-level KEY of a K3s config file
# (YAML, docs.k3s.io/installation/configuration), whether the key is plain
# (node-name: x, as the yaml package writes the SSH stacks' configs) or
# quoted ("node-name": "x", as Terraform's yamlencode writes cloud-init's);
# a quoted value is unquoted, a plain one loses a trailing comment. Prints
# nothing when KEY is absent, or holds a list or a map.
k3s_config_value() {
  awk -v want="$1" '
    function closing(s,   i, c, q) {
      q = substr(s, 1, 1)
      for (i = 2; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (q == "\"" && c == "\\") { i++; continue }
        if (c == q) { if (q == "\047" && substr(s, i + 1, 1) == q) { i++; continue } return i }
      }
      return 0
    }
    function unquote(s,   q, end, body) {
      q = substr(s, 1, 1)
      if (q != "\"" && q != "\047") { sub(/[ \t]+#.*$/, "", s); sub(/[ \t]+$/, "", s); return s }
      end = closing(s)
      body = substr(s, 2, (end ? end : length(s) + 1) - 2)
      if (q == "\047") { gsub(/\047\047/, "\047", body); return body }
      gsub(/\\\\/, "\001", body); gsub(/\\"/, "\"", body); gsub(/\\t/, "\t", body); gsub(/\001/, "\\", body)
      return body
    }
    /^[^ \t#-]/ {
      line = $0; q = substr(line, 1, 1)
      if (q == "\"" || q == "\047") { end = closing(line); if (!end) next; key = unquote(substr(line, 1, end)); rest = substr(line, end + 1) }
      else { end = index(line, ":"); if (!end) next; key = substr(line, 1, end - 1); sub(/[ \t]+$/, "", key); rest = substr(line, end) }
      if (key != want || rest !~ /^[ \t]*:/) next
      sub(/^[ \t]*:[ \t]*/, "", rest)
      if (rest != "" && rest !~ /^#/) print unquote(rest)
      exit
    }' "$2" 2>/dev/null
}
# k3s_config_key_re KEYS: an extended regular expression matching a line that
# holds one of KEYS (a|b), plain or quoted, e.g. for grep -vE.
k3s_config_key_re() { printf '^["'"'"']?(%s)["'"'"']?[ \t]*:' "$1"; }
# <<< k3s_config_value

# The installed k3s, at the path the installer puts it (INSTALL_K3S_BIN_DIR's
# default, where the uninstall scripts are too), not wherever PATH finds one:
# under RHEL's sudo secure_path (no /usr/local/bin) `command -v k3s` finds
# nothing, and the guard and the pre-upgrade snapshot would be skipped.
k3s_bin=/usr/local/bin/k3s

# Prints the installed K3s version (empty when K3s is not installed); a k3s
# that cannot say its version stops the run before anything changes.
installed_version() {
  local out
  [ -e "$k3s_bin" ] || return 0
  # `k3s --version` prints e.g. "k3s version v1.28.3+k3s1 (hash)".
  if ! out=$("$k3s_bin" --version 2>/dev/null | awk 'NR == 1 { print $3 }') || [ -z "$out" ]; then
    die "version guard: $k3s_bin --version fails on $node_name, so the installed version cannot be checked; nothing was changed (run it there to see why)"
  fi
  printf '%s\n' "$out"
}

# "minor patch rc k3sN" of a K3s version; a release sorts after its rcs.
version_key() {
  [[ "$1" =~ ^v1\.([0-9]+)\.([0-9]+)(-rc([0-9]+))?\+k3s([0-9]+)$ ]] || return 1
  echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${BASH_REMATCH[4]:-999999} ${BASH_REMATCH[5]}"
}

guard_version() {
  local current="$1" c_key n_key i override="set allow_k3s_version_skew = true in terraform.tfvars for this one apply (not recommended)"
  [ -n "$current" ] && [ "$current" != "$version" ] || return 0
  if ! c_key=$(version_key "$current"); then
    [ "$allow_version_skew" = yes ] && { log "version guard overridden: installed version '$current' is not a K3s release version, installing $version"; return 0; }
    die "version guard: the installed version '$current' on $node_name is not a K3s release version (v1.28.3+k3s1), so the upgrade to $version cannot be checked; nothing was changed. Override: $override"
  fi
  n_key=$(version_key "$version")
  local -a c n
  read -r -a c <<<"$c_key"
  read -r -a n <<<"$n_key"
  local downgrade=no
  for i in 0 1 2 3; do
    if [ "${n[$i]}" -lt "${c[$i]}" ]; then downgrade=yes; break; fi
    if [ "${n[$i]}" -gt "${c[$i]}" ]; then break; fi
  done
  if [ "$downgrade" = yes ]; then
    [ "$allow_version_skew" = yes ] && { log "version guard overridden: downgrading $current -> $version"; return 0; }
    die "version guard: refusing to downgrade K3s $current -> $version on $node_name: Kubernetes does not support downgrades (restore an etcd snapshot instead); keep $current or a later release. Override: $override"
  fi
  if [ "${n[0]}" -gt $((c[0] + 1)) ]; then
    [ "$allow_version_skew" = yes ] && { log "version guard overridden: skipping minors $current -> $version"; return 0; }
    die "version guard: refusing K3s $current -> $version on $node_name: Kubernetes upgrades one minor version at a time; the next allowed minor is v1.$((c[0] + 1)) (set k3s_version to a v1.$((c[0] + 1)).x release, apply, then continue). Override: $override"
  fi
}

# Before anything changes on this node (an assignment, so that a failing
# installed_version stops the run under set -e).
installed=$(installed_version)
guard_version "$installed"

# Whatever happens, nothing staged outlives this run: the token's copy goes,
# and a later run only sees the installer it was given itself.
trap 'rm -f "$staging/config.yaml" "$staging/k3s-install.sh" "$staging/k3s" "$staging/k3s.previous" "$staging/official-install.sh"; rm -rf "$staging/manifests"' EXIT

preflight() {
  local missing=()
  [ "$(uname -s)" = Linux ] || die "pre-flight: K3s needs Linux, this is $(uname -s)"
  for cmd in install cmp sh; do command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd"); done
  if [ ! -f "$staging/k3s-install.sh" ] || [ -n "$join_candidates" ]; then
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
  if [ -z "$installed" ] && command -v ss >/dev/null 2>&1; then
    local port ports=10250
    [ "$role" = server ] && ports="6443 10250"
    for port in $ports; do
      if [ -n "$(ss -Htln "sport = :$port" 2>/dev/null)" ]; then
        die "pre-flight: TCP port $port is already in use ($(ss -Htlnp "sport = :$port" 2>/dev/null | awk '{ print $NF }' | head -n 1)); K3s needs it"
      fi
    done
  fi
}

uninstall_script() {
  if [ "$role" = server ]; then echo /usr/local/bin/k3s-uninstall.sh; else echo /usr/local/bin/k3s-agent-uninstall.sh; fi
}

# A server of an embedded-etcd cluster: how it enters the cluster (see the header).
decide_etcd_join() {
  local line="" peer
  if [ -d "$etcd_data_dir" ]; then
    # Already a member: K3s ignores server/cluster-init once it has etcd data; keep the config as it was.
    line=$(grep -E "$(k3s_config_key_re 'server|cluster-init')" "$config_file" 2>/dev/null | head -n 1 || true)
  fi
  if [ -z "$line" ]; then
    for peer in $join_candidates; do
      if [ "$(curl -sk --max-time 5 "https://$peer:6443/ping" 2>/dev/null || true)" = pong ]; then
        line="server: https://$peer:6443"
        log "joining the running cluster through $peer"
        break
      fi
    done
  fi
  if [ -z "$line" ]; then
    [ "$bootstrap_if_alone" = yes ] ||
      die "no other server of the cluster answers at ${join_candidates:-(none given)} (https://<ip>:6443/ping): a joining server needs one that is up"
    line="cluster-init: true"
    log "no other server answers: starting a new etcd cluster (cluster-init)"
  fi
  printf '%s\n' "$line" >>"$staging/config.yaml"
}

# K3s supports secrets-encryption only from a server's first start, and
# turning it off takes `k3s secrets-encrypt disable` before the flag goes
# (docs.k3s.io/cli/secrets-encrypt): an installed server keeps what it was
# started with, whatever the new config says (docs/ssh-and-tokens.md: migration).
# Both files are read as YAML: cloud-init's are yamlencode's ("secrets-encryption": true).
keep_secrets_encryption() {
  [ "$role" = server ] && [ -f "$config_file" ] && [ -n "$installed" ] || return 0
  local was=disabled now=disabled
  [ "$(k3s_config_value secrets-encryption "$config_file")" = true ] && was=enabled
  [ "$(k3s_config_value secrets-encryption "$staging/config.yaml")" = true ] && now=enabled
  [ "$was" != "$now" ] || return 0
  log "secrets-encryption stays $was on this installed server (the config asks for it $now): K3s only supports changing it with k3s secrets-encrypt, see docs/ssh-and-tokens.md"
  sed -i -E "/$(k3s_config_key_re secrets-encryption)/d" "$staging/config.yaml"
  if [ "$was" = enabled ]; then printf 'secrets-encryption: true\n' >>"$staging/config.yaml"; fi
}

preflight
[ "$etcd" = no ] || decide_etcd_join
keep_secrets_encryption

install -d -m 0700 -o root -g root "$config_dir"
config_changed=no
if ! cmp -s "$staging/config.yaml" "$config_file"; then
  install -m 0600 -o root -g root "$staging/config.yaml" "$config_file"
  config_changed=yes
fi
chmod 0600 "$config_file"

# Auto-deploy manifests: K3s picks up a changed file by itself, no restart.
if [ "$role" = server ] && [ -d "$staging/manifests" ]; then
  install -d -m 0700 -o root -g root /var/lib/rancher/k3s/server/manifests
  for manifest in "$staging"/manifests/*.yaml; do
    [ -f "$manifest" ] || continue
    install -m 0600 -o root -g root "$manifest" "/var/lib/rancher/k3s/server/manifests/$(basename "$manifest")"
    log "manifest $(basename "$manifest") in place"
  done
fi

current=$(installed_version)
if [ "$current" = "$version" ] && [ "$config_changed" = no ] && [ -x "$(uninstall_script)" ]; then
  log "K3s $version already installed as $role with this config: nothing to do"
  exit 0
fi

if [ "$snapshot_before_upgrade" = yes ] && [ -n "$current" ] && [ "$current" != "$version" ]; then
  snapshot="pre-upgrade-${current//+/-}"
  log "taking etcd snapshot $snapshot before upgrading $current -> $version"
  "$k3s_bin" etcd-snapshot save --name "$snapshot" ||
    die "the etcd snapshot $snapshot failed (output above), so the upgrade to $version did not start; fix etcd (k3s etcd-snapshot save) and apply again"
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
  # Keep the running binary: a failed upgrade puts it back.
  if [ -n "$current" ] && [ -f /usr/local/bin/k3s ]; then cp -p /usr/local/bin/k3s "$staging/k3s.previous"; fi
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
  if [ -n "$current" ] && [ -f "$staging/k3s.previous" ]; then
    install -m 0755 -o root -g root "$staging/k3s.previous" /usr/local/bin/k3s
    log "upgrade failed: put back the previous k3s binary ($current)"
  fi
  if [ -z "$current" ] && [ -x "$(uninstall_script)" ]; then
    log "install failed: rolling back the partial install with $(uninstall_script)"
    "$(uninstall_script)" || log "rollback: $(uninstall_script) failed; remove the leftovers by hand"
  fi
  die "the K3s installer failed (its output is above); fix the cause and apply again"
fi
log "K3s $version installed as $role"
