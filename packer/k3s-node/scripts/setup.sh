#!/usr/bin/env bash
# Provisions the K3s node base image (run by Packer, as root), then removes
# every machine-specific trace so each VM cloned from it boots fresh (seed
# 003): machine-id emptied, cloud-init state and logs cleaned, netplan
# configs and SSH host keys removed. Running it twice changes nothing more.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

log() { echo "setup.sh: $*"; }

# Let the build's own first boot finish before apt runs.
cloud-init status --wait >/dev/null 2>&1 || true

log "packages K3s and the sandbox need"
apt-get update -q
apt-get install -y -q --no-install-recommends \
  cloud-init qemu-guest-agent openssh-server curl wget ca-certificates jq iptables nfs-common open-iscsi
systemctl enable qemu-guest-agent

log "kernel modules and sysctls for containerd and flannel"
printf '%s\n' overlay br_netfilter > /etc/modules-load.d/k3s.conf
printf '%s\n' 'net.ipv4.ip_forward = 1' 'net.bridge.bridge-nf-call-iptables = 1' 'net.bridge.bridge-nf-call-ip6tables = 1' \
  > /etc/sysctl.d/90-k3s.conf

log "cleanup: nothing machine-specific may stay in the image"
apt-get clean
rm -rf /var/lib/apt/lists/*
# cloud-init state and logs: every VM runs cloud-init as a new instance.
cloud-init clean --logs
rm -rf /var/lib/cloud/instances /var/lib/cloud/instance
# Network configs written for the build VM: the VMs get theirs from cloud-init.
rm -f /etc/netplan/*.yaml
# SSH host keys: cloud-init generates new ones on each VM's first boot.
rm -f /etc/ssh/ssh_host_*
# An empty machine-id makes systemd create a new one on first boot.
truncate -s 0 /etc/machine-id
rm -f /var/lib/dbus/machine-id
ln -s /etc/machine-id /var/lib/dbus/machine-id
rm -f /root/.bash_history
log "done"
