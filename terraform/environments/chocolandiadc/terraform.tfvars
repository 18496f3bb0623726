# Settings of the HA cluster `chocolandiadc` (seed 000). No secrets here:
# the join token and the Grafana password are generated at apply.

# Cluster configuration
cluster_name = "chocolandiadc"
k3s_version  = "v1.28.3+k3s1"

# Control-plane nodes (embedded etcd: exactly 3 for this 4-node setup)
control_plane_nodes = [
  {
    hostname     = "master1"
    ip_address   = "192.168.1.101" # Replace with actual IP
    ssh_user     = "ubuntu"        # Replace with actual SSH user
    ssh_key_path = "~/.ssh/id_rsa" # Replace with actual key path
  },
  {
    hostname     = "master2"
    ip_address   = "192.168.1.102"
    ssh_user     = "ubuntu"
    ssh_key_path = "~/.ssh/id_rsa"
  },
  {
    hostname     = "master3"
    ip_address   = "192.168.1.103"
    ssh_user     = "ubuntu"
    ssh_key_path = "~/.ssh/id_rsa"
  }
]

# Worker nodes
worker_nodes = [
  {
    hostname     = "nodo1"
    ip_address   = "192.168.1.104"
    ssh_user     = "ubuntu"
    ssh_key_path = "~/.ssh/id_rsa"
  }
]

# Monitoring stack configuration
monitoring_namespace    = "monitoring"
prometheus_retention    = "15d"
prometheus_storage_size = "10Gi"
grafana_admin_user      = "admin"
# grafana_admin_password is generated at apply (output `grafana_admin_password`)
