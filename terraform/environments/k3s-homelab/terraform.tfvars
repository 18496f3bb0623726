# k3s-homelab (seed 002): onboard k3s2 into the running cluster of k3s1,
# with Longhorn storage, NGINX ingress on NodePorts and Flux GitOps.
# Settings reference: docs/settings.md. No secret belongs here: the join token is
# TF_VAR_k3s_join_token (or join_token_file), the SOPS age key a file path.

cluster_name = "k3s-homelab"
# Installed on onboarded nodes (and on k3s1 when server.existing = false);
# keep it equal to the version k3s1 runs.
k3s_version = "v1.33.5+k3s1"

server = {
  hostname            = "k3s1"
  ip_address          = "192.168.86.71"
  ssh_user            = "ubuntu"
  ssh_key_path        = "~/.ssh/id_ed25519"
  existing            = true # adopt the running server: never reinstalled
  longhorn_disk_paths = ["/mnt/longhorn/sdh1"]
}

# How Terraform reaches the running cluster (server.existing = true).
kubeconfig_path = "~/.kube/k3s-homelab.yaml"

nodes = [
  {
    hostname            = "k3s2"
    # ip_address        = "192.168.86.72" # if fixed; seed 002 leaves it to DHCP
    labels              = { storage = "longhorn" }
    longhorn_disk_paths = ["/mnt/longhorn/sdb1"]
    # Set to true once k3s2 has joined: Terraform then sets its Longhorn disks annotation.
    joined = false
  },
]

flux = {
  repository_url    = "https://github.com/example/k3s-homelab.git"
  branch            = "main"
  path              = "./gitops/clusters/k3s-homelab"
  sops_age_key_file = "~/.config/sops/age/keys.txt"
}

tailscale_subnet_router = false
