# Settings of the MVP cluster `chocolandiadc-mvp` (seed 001): one K3s server
# with SQLite and one agent on a flat Eero network. No secrets here: the join
# token is generated at apply.
cluster_name = "chocolandiadc-mvp"
k3s_version  = "v1.28.3+k3s1"

# Exactly one server (SQLite datastore)
control_plane_nodes = [
  {
    hostname     = "master1"
    ip_address   = "192.168.4.10" # static DHCP reservation in the Eero app
    ssh_user     = "ubuntu"
    ssh_key_path = "~/.ssh/id_rsa"
  }
]

# At most one worker (2 nodes in total)
worker_nodes = [
  {
    hostname     = "nodo1"
    ip_address   = "192.168.4.11"
    ssh_user     = "ubuntu"
    ssh_key_path = "~/.ssh/id_rsa"
  }
]
