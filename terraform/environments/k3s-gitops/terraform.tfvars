# k3s-gitops (seed 004): phase 1 bootstraps K3s over SSH with the bootstrap/
# scripts; phases 2 and 3 install ArgoCD (app-of-apps from gitops/), the
# cluster dashboard and ingress routes with TLS. Settings reference: docs/settings.md.

cluster_name = "k3s-gitops"
k3s_version  = "v1.33.5+k3s1"

control_plane_nodes = [
  { hostname = "gitops1", ip_address = "192.168.1.60", ssh_user = "ubuntu", ssh_key_path = "~/.ssh/id_ed25519" },
]
worker_nodes = []

# Seed 004's cluster configuration schema.
cluster_cidr          = "10.42.0.0/16"
service_cidr          = "10.43.0.0/16"
default_storage_class = "local-path"

platform = {
  repository_url     = "https://github.com/example/k3s-gitops.git"
  revision           = "main"
  ingress_controller = "traefik" # or "nginx" (installed by ArgoCD from gitops/)
  domain             = "cluster.local"
  tls                = { mode = "selfsigned" }
  # Pod Security admission level of the platform's namespaces; default-deny
  # network policies (ingress only from the ingress controller) when true.
  pod_security_standard = "baseline"
  network_policies      = true
  routes = [
    { name = "argocd", path = "/argocd", service = { name = "argocd-server", namespace = "argocd", port = 80 } },
    { name = "grafana", path = "/grafana", service = { name = "kube-prometheus-stack-grafana", namespace = "monitoring", port = 80 } },
    { name = "dashboard", path = "/dashboard", service = { name = "headlamp", namespace = "dashboard", port = 8080 } },
  ]
}
