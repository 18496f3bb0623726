#!/usr/bin/env bash
# Prepares Longhorn disks on this node, and never destroys data (seed 002's
# disk discovery). Only a disk listed for this node in ALLOWED_DISKS, by its
# stable /dev/disk/by-id/ name, is considered; it is prepared only when it is
# larger than 10 GB, has no partition, blkid -p finds nothing on it (exit 2)
# and wipefs -n reports no signature. Anything else (a signature, an
# ambivalent probe, any blkid error) is logged and left alone. A disk this
# script prepared earlier (its partition labelled longhorn-<name>) is only
# mounted again. Running it again changes nothing.
#
# Runs in the host's namespaces (the DaemonSet uses nsenter). Environment:
#   NODE_NAME      this node (downward API)
#   ALLOWED_DISKS  file with "<node> <name> /dev/disk/by-id/<id>" lines;
#                  the disk is mounted at MOUNT_ROOT/<name>1
#   DEV_DIR        default /dev          MOUNT_ROOT  default /mnt/longhorn
set -euo pipefail

: "${NODE_NAME:?NODE_NAME is required}" "${ALLOWED_DISKS:?ALLOWED_DISKS is required}"
dev_dir="${DEV_DIR:-/dev}" mount_root="${MOUNT_ROOT:-/mnt/longhorn}"
min_bytes=$((10 * 1000 * 1000 * 1000))

log() { echo "disk-discovery[$NODE_NAME]: $*"; }
oneline() { tr '\n' ' ' | sed 's/ *$//'; }

# Lines listed for this node (without the node column), ignoring comments and blank lines.
mapfile -t entries < <(awk -v node="$NODE_NAME" '$1 !~ /^#/ && $1 == node { $1 = ""; sub(/^ +/, ""); print }' "$ALLOWED_DISKS")
if [ ${#entries[@]} -eq 0 ]; then
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

for entry in "${entries[@]}"; do
  read -r name by_id extra <<<"$entry"
  by_id="${by_id:-}" extra="${extra:-}"
  # A kernel name (sdb, nvme0n1) names whichever disk the kernel found in
  # that place at boot: after a reboot or a new disk it can be another disk.
  if [ -z "$by_id" ] || [[ "$by_id" =~ ^/dev/[a-z]+[0-9a-z]*$ ]]; then
    log "refusing '$entry': disks are named by stable id, '<node> <name> /dev/disk/by-id/<id>' (ls -l /dev/disk/by-id/ shows which id is which kernel name); a kernel name like sdb can point at another disk after a reboot"
    continue
  fi
  if [ -n "$extra" ] || ! [[ "$name" =~ ^[a-z0-9]{1,7}$ ]]; then
    log "refusing '$entry': the name (mount directory <name>1, label longhorn-<name>) must be 1-7 lowercase letters or digits, followed by one /dev/disk/by-id/ path"
    continue
  fi
  if ! [[ "$by_id" =~ ^/dev/disk/by-id/[A-Za-z0-9][A-Za-z0-9._:+@-]*$ ]]; then
    log "refusing '$entry': '$by_id' is not a /dev/disk/by-id/<id> path"
    continue
  fi
  if [[ "$by_id" =~ -part[0-9]+$ ]]; then
    log "refusing '$entry': '$by_id' is a partition; list the whole disk"
    continue
  fi
  disk="$dev_dir/${by_id#/dev/}" part="$dev_dir/${by_id#/dev/}-part1" target="$mount_root/${name}1"
  if [ ! -e "$disk" ]; then
    log "$by_id is not present: nothing to do"
    continue
  fi

  # Prepared earlier by this script: only make sure it is mounted.
  if [ -e "$part" ] && [ "$(blkid -s LABEL -o value "$part" 2>/dev/null || true)" = "longhorn-$name" ]; then
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
    log "leaving $disk alone: it has partitions ($(echo "$children" | tr -d ' ' | oneline))"
    continue
  fi
  # blkid(8), EXIT STATUS: 0 found something, 2 found nothing, 4 usage or
  # other error, 8 ambivalent probing result (several signatures). Only 2
  # means blank.
  if signature=$(blkid -p -o export "$disk" 2>&1); then rc=0; else rc=$?; fi
  if [ "$rc" -eq 0 ]; then
    log "leaving $disk alone: it carries a signature ($(echo "$signature" | oneline))"
    continue
  elif [ "$rc" -ne 2 ]; then
    log "leaving $disk alone: blkid -p exited $rc, not 2 (nothing found): $(echo "$signature" | oneline)"
    continue
  fi
  # wipefs -n lists every signature it knows without erasing any, also
  # those blkid's probe does not report.
  if ! signatures=$(wipefs --no-act --noheadings --output TYPE,OFFSET "$disk" 2>&1); then
    log "leaving $disk alone: wipefs -n failed: $(echo "$signatures" | oneline)"
    continue
  fi
  if [ -n "$signatures" ]; then
    log "leaving $disk alone: wipefs -n reports signatures ($(echo "$signatures" | tr -s ' ' | oneline))"
    continue
  fi

  log "preparing blank $by_id ($size bytes): GPT, one ext4 partition, mount at $target"
  parted -s "$disk" mklabel gpt mkpart longhorn ext4 0% 100%
  udevadm settle 2>/dev/null || true
  mkfs.ext4 -q -L "longhorn-$name" "$part"
  ensure_mounted "$part" "$target"
done
