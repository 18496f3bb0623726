#!/usr/bin/env bash
# One step of an etcd restore on a K3s server (as root), sent over SSH by
# bootstrap/restore-cluster.sh. Follows K3s's documented procedure
# (docs.k3s.io/datastore/backup-restore, embedded etcd; docs.k3s.io/cli/etcd-snapshot):
# stop K3s on every server; on the server holding the snapshot,
# `k3s server --cluster-reset --cluster-reset-restore-path=<snapshot>`;
# on the others, move the etcd data away; start the first, then the others
# one at a time so that each rejoins the restored cluster.
#
# Usage: restore-node.sh identity
#        restore-node.sh resolve SNAPSHOT   prints the snapshot's path (or an S3 name)
#        restore-node.sh stop
#        restore-node.sh reset PATH
#        restore-node.sh wipe JOIN_URL      etcd data moved aside, rejoin JOIN_URL
#        restore-node.sh start
#        restore-node.sh wait-ready NODE TIMEOUT_SECONDS
#        restore-node.sh status
# Nothing is deleted: the etcd data this replaces is kept next to it as
# server/db/etcd-before-restore-<time> (remove it once the cluster is fine).
set -euo pipefail

config=/etc/rancher/k3s/config.yaml
db=/var/lib/rancher/k3s/server/db

die() { printf 'restore-node[%s]: ERROR: %s\n' "$(hostname)" "$*" >&2; exit 1; }
# A copy of bootstrap/k3s-config.sh (this script goes to the node alone, on ssh's stdin).
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
# The config is read as YAML: cloud-init's is yamlencode's ("node-name": "x").
config_value() { k3s_config_value "$1" "$config"; }

# K3s's service: systemd's or OpenRC's unit `k3s` (the installer creates either).
service() {
  if command -v systemctl >/dev/null 2>&1 && systemctl cat k3s >/dev/null 2>&1; then
    systemctl "$1" k3s
  elif command -v rc-service >/dev/null 2>&1; then
    rc-service k3s "$1"
  else
    die "no systemd or OpenRC service k3s on this server"
  fi
}

cmd="${1:-}"
shift || true
case "$cmd" in
  identity)
    [ -x /usr/local/bin/k3s-uninstall.sh ] || { echo "-"; exit 0; }
    config_value node-name ;;
  resolve)
    snapshot="${1:?snapshot name or path}"
    if [ "${snapshot#/}" != "$snapshot" ]; then
      [ -f "$snapshot" ] || die "snapshot file $snapshot does not exist"
      echo "$snapshot"; exit 0
    fi
    dir=$(config_value etcd-snapshot-dir)
    dir="${dir:-$db/snapshots}"
    if [ -f "$dir/$snapshot" ]; then echo "$dir/$snapshot"; exit 0; fi
    # K3s names a snapshot <name>-<node>-<unix time>: a unique prefix is enough.
    mapfile -t found < <(find "$dir" -maxdepth 1 -type f -name "$snapshot-*" -printf '%f\n' 2>/dev/null | sort)
    if [ "${#found[@]}" -eq 1 ]; then echo "$dir/${found[0]}"; exit 0; fi
    if [ "${#found[@]}" -gt 1 ]; then die "snapshot name $snapshot is ambiguous in $dir: ${found[*]} (give the full name)"; fi
    # Not on disk: K3s fetches it from S3 when the config has etcd-s3 (docs.k3s.io/cli/etcd-snapshot, S3).
    if [ "$(config_value etcd-s3)" = true ]; then echo "$snapshot"; exit 0; fi
    die "no snapshot $snapshot in $dir; there are: $(find "$dir" -maxdepth 1 -type f -printf '%f ' 2>/dev/null || true)" ;;
  stop)
    service stop ;;
  reset)
    path="${1:?snapshot path}"
    k3s server --cluster-reset --cluster-reset-restore-path="$path" ;;
  wipe)
    join="${1:?join URL}"
    [[ "$join" =~ ^https://[A-Za-z0-9.-]+:6443$ ]] || die "join URL must look like https://<server>:6443, got $join"
    if [ -d "$db/etcd" ]; then mv "$db/etcd" "$db/etcd-before-restore-$(date +%Y%m%d%H%M%S)"; fi
    # The server rejoins the restored one: replace its join decision (install-k3s.sh appended it).
    tmp=$(mktemp "$config.XXXXXX")
    grep -vE "$(k3s_config_key_re 'server|cluster-init')" "$config" >"$tmp" || true
    printf 'server: %s\n' "$join" >>"$tmp"
    chmod 0600 "$tmp"
    mv "$tmp" "$config" ;;
  start)
    service start ;;
  wait-ready)
    node="${1:?node name}" timeout="${2:-300}"
    deadline=$((SECONDS + timeout))
    until [ "$(k3s kubectl get --raw=/readyz 2>/dev/null || true)" = ok ] &&
      [ "$(k3s kubectl get node "$node" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null || true)" = True ]; do
      [ "$SECONDS" -lt "$deadline" ] || die "$node is not Ready ${timeout} s after its start (journalctl -u k3s on $node)"
      sleep 2
    done ;;
  status)
    k3s kubectl get nodes -l node-role.kubernetes.io/etcd=true \
      -o jsonpath='{range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' ;;
  *) die "unknown step: ${cmd:-(none)}" ;;
esac
