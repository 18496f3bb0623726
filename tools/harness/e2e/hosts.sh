#!/usr/bin/env bash
# Test hosts for the end-to-end run: one network namespace per node on a
# private bridge, each running sshd in its own mount and UTS namespace with
# empty tmpfs over the paths K3s writes, so nodes never see each other's
# files, and over /root, so a node starts with a fresh home (this machine's
# root shell profile would otherwise run on every SSH command). Addresses come from 198.18.0.0/15 (benchmark range), never a LAN.
#
# sshd listens on port 22 and 2222 of each of a host's addresses, so that a
# test can move a node to another address or port.
#
#   hosts.sh up   <scratch> <name>=<ip>[+<ip>] ...   create bridge, namespaces, sshd
#   hosts.sh down <scratch>                   remove everything (also leftovers)
#   hosts.sh link <name> up|down              take a node off the network
set -euo pipefail

BRIDGE=k3se2e0
GATEWAY=198.18.42.1
PREFIX=k3se2e-
RECORDER_MOUNT=/run/k3s-e2e

need() { command -v "$1" >/dev/null 2>&1 || { echo "hosts.sh: $1 is missing (Debian package $2)" >&2; exit 1; }; }

down() {
  local scratch="${1:-}"
  if [ -n "$scratch" ] && [ -d "$scratch/pids" ]; then
    for pidfile in "$scratch"/pids/*; do
      if [ -e "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
    done
  fi
  for ns in $(ip netns list | awk '{print $1}' | grep "^$PREFIX" || true); do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns delete "$ns"
  done
  # Processes of the K3s double started with setsid, and veth ends left by an interrupted run.
  pkill -f -- '--data-dir /var/lib/rancher/k3s/server/db/etcd' 2>/dev/null || true
  pkill -f -- 's_server -quiet -accept 198\.18\.42\.' 2>/dev/null || true
  for link in $(ip -br link | awk '$1 ~ /^ve-/ { sub(/@.*/, "", $1); print $1 }'); do ip link delete "$link" 2>/dev/null || true; done
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link delete "$BRIDGE"
  return 0
}

up() {
  local scratch="$1"; shift
  need ip iproute2; need unshare util-linux; need /usr/sbin/sshd openssh-server; need ssh-keygen openssh-client
  down "$scratch"
  mkdir -p "$scratch/pids" "$scratch/recorder" /run/sshd /etc/rancher /var/lib/rancher "$RECORDER_MOUNT"
  [ -f "$scratch/host_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$scratch/host_key"
  ip link add "$BRIDGE" type bridge
  ip addr add "$GATEWAY/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  for spec in "$@"; do
    local name="${spec%%=*}" addrs="${spec#*=}"
    local addr="${addrs%%+*}" extra="" ns="$PREFIX$name" host_if="ve-$name" listen="" a
    [ "$addrs" = "$addr" ] || extra="${addrs#*+}"
    ip netns add "$ns"
    ip link add "$host_if" type veth peer name eth0 netns "$ns"
    ip link set "$host_if" master "$BRIDGE" up
    for a in $addr ${extra//+/ }; do
      ip -n "$ns" addr add "$a/24" dev eth0
      listen+="ListenAddress $a:22"$'\n'"ListenAddress $a:2222"$'\n'
    done
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    cat > "$scratch/sshd_$name.conf" <<CONF
${listen}HostKey $scratch/host_key
PidFile none
AuthorizedKeysFile $scratch/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
CONF
    # The recorder is bind-mounted before /tmp is hidden; sshd reads its
    # config, key and authorized_keys from the scratch dir outside /tmp.
    # shellcheck disable=SC2016 # $1..$3 expand in the namespaced shell
    ip netns exec "$ns" unshare --mount --uts --propagation private bash -c '
      set -e
      hostname "$1"
      mount --bind "$2/recorder" "$3"
      for d in /etc/rancher /var/lib/rancher /usr/local/bin /tmp /root; do mount -t tmpfs -o mode=0755 tmpfs "$d"; done
      chmod 1777 /tmp
      chmod 0700 /root
      exec /usr/sbin/sshd -D -e -f "$2/sshd_$1.conf"
    ' _ "$name" "$scratch" "$RECORDER_MOUNT" >"$scratch/sshd_$name.log" 2>&1 &
    echo $! > "$scratch/pids/$name"
  done
  # Wait until every sshd answers.
  for spec in "$@"; do
    local addr="${spec#*=}" tries=0
    addr="${addr%%+*}"
    # shellcheck disable=SC2016 # $0 expands in the child shell
    until timeout 1 bash -c 'exec 3<>"/dev/tcp/$0/22"' "$addr" 2>/dev/null; do
      tries=$((tries + 1))
      [ "$tries" -lt 50 ] || { echo "hosts.sh: sshd on $addr did not start" >&2; cat "$scratch"/sshd_*.log >&2; exit 1; }
      sleep 0.2
    done
  done
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) shift; down "${1:-}" ;;
  link) ip -n "$PREFIX$2" link set eth0 "$3" ;;
  *) echo "usage: hosts.sh up <scratch> name=ip ... | down [scratch] | link <name> up|down" >&2; exit 2 ;;
esac
