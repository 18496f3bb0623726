# kpi-sandbox (seed 003): a 3-VM K3s sandbox on a KVM/libvirt host.
# Settings reference: docs/settings.md. This file holds no secret: the join token
# is generated at apply, and only public SSH keys belong here.

cluster_name = "kpi-sandbox"
k3s_version  = "v1.34.3+k3s1"

# Where libvirt runs: "qemu:///system" on the hypervisor itself, or over SSH
# from a laptop, e.g. "qemu+ssh://user@192.168.1.50/system".
libvirt_uri = "qemu:///system"

# The pool of seed 003 (virsh pool-define-as libvirt_images dir ...) and the
# Packer output in it. A bare name is a volume already in the pool; a path or
# URL is uploaded into the pool once as the base volume.
storage_pool = "libvirt_images"
base_image   = "k3s-node-ubuntu-24.04.qcow2"

network_name    = "default"
network_cidr    = "192.168.122.0/24"
network_gateway = "192.168.122.1"
dns_servers     = ["8.8.8.8", "1.1.1.1"]

# Public keys for the `ubuntu` user (replace with yours: cat ~/.ssh/id_ed25519.pub).
ssh_authorized_keys = [
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGz4ustkkH4RUBdeJLV09Jnyynhf0ofYyqdPexXpGMNO operator@laptop",
]

# Size of every node unless a node says otherwise (vcpu, memory_mib, disk_gib).
node_vcpu       = 6
node_memory_mib = 10240
node_disk_gib   = 80

nodes = [
  { name = "k3s-cp-01", ip_address = "192.168.122.10", role = "server" },
  { name = "k3s-worker-01", ip_address = "192.168.122.11", role = "agent" },
  { name = "k3s-worker-02", ip_address = "192.168.122.12", role = "agent" },
]
