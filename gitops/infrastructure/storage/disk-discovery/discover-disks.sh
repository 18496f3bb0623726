#!/usr/bin/env bash
# Prepares Longhorn disks on this node, and never destroys data (seed 002's
# disk discovery). Only a disk listed for this node in ALLOWED_DISKS is
# considered; it is prepared only when it is larger than 10 GB and carries
# no partition table, no partition and no filesystem or RAID signature.
# Anything else is logged and left alone. A disk this script prepared earlier
# (its partition labelled longhorn-<device>) is only mounted again. Running
# it again changes nothing.
#
# Runs in the host's namespaces (the DaemonSet uses nsenter). Environment:
#   NODE_NAME      this node (downward API)
#   ALLOWED_DISKS  file with "<node> <device>" lines
#   DEV_DIR        default /dev          MOUNT_ROOT  default /mnt/longhorn
set -euo pipefail

: "${NODE_NAME:?NODE_NAME is required}" "${ALLOWED_DISKS:?ALLOWED_DISKS is required}"
dev_dir="${DEV_DIR:-/dev}" mount_root="${MOUNT_ROOT:-/mnt/longhorn}"
min_bytes=$((10 * 1000 * 1000 * 1000))

log() { echo "disk-discovery[$NODE_NAME]: $*"; }

# Devices listed for this node, ignoring comments and blank lines.
mapfile -t devices < <(awk -v node="$NODE_NAME" '$1 !~ /^#/ && $1 == node && NF >= 2 { print $2 }' "$ALLOWED_DISKS")
if [ ${#devices[@]} -eq 0 ]; then
  log "no disk listed for this node: nothing to do"
  exit 0
fi

ensure_mounted() {
  local part="$1" target="$2"
  mkdir -p "$target"
  if mountpoint -q "$target"; then
    log "$part is mounted at $target"
  else
    mount "$part" "$target"
    log "mounted $part at $target"
  fi
}

for dev in "${devices[@]}"; do
  if ! [[ "$dev" =~ ^[a-z0-9]+$ ]]; then
    log "skipping '$dev': not a device name like sdb"
    continue
  fi
  disk="$dev_dir/$dev" part="$dev_dir/${dev}1" target="$mount_root/${dev}1"
  if [ ! -e "$disk" ]; then
    log "$disk is not present: nothing to do"
    continue
  fi

  # Prepared earlier by this script: only make sure it is mounted.
  if [ -e "$part" ] && [ "$(blkid -s LABEL -o value "$part" 2>/dev/null || true)" = "longhorn-$dev" ]; then
    ensure_mounted "$part" "$target"
    continue
  fi

  size=$(lsblk -bdno SIZE "$disk")
  if [ "$size" -le "$min_bytes" ]; then
    log "leaving $disk alone: $size bytes is not larger than 10 GB"
    continue
  fi
  children=$(lsblk -no NAME "$disk" | tail -n +2)
  if [ -n "$children" ]; then
    log "leaving $disk alone: it has partitions ($(echo "$children" | tr -d ' ' | tr '\n' ' '))"
    continue
  fi
  signature=$(blkid -p -o export "$disk" 2>/dev/null || true)
  if [ -n "$signature" ]; then
    log "leaving $disk alone: it carries a signature ($(echo "$signature" | tr '\n' ' '))"
    continue
  fi

  log "preparing blank $disk ($size bytes): GPT, one ext4 partition, mount at $target"
  parted -s "$disk" mklabel gpt mkpart longhorn ext4 0% 100%
  udevadm settle 2>/dev/null || true
  mkfs.ext4 -q -L "longhorn-$dev" "$part"
  ensure_mounted "$part" "$target"
done
