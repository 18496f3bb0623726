#cloud-config
# A node joining a running K3s cluster as an agent (seed 002: k3s2 joins
# k3s1), rendered by Terraform's templatefile() into
# terraform/environments/<env>/user-data.<node> (0600) for the operator to
# boot the machine with. The K3s config file holds the join token and the
# node labels; it is written 0600 and deleted once installed.
hostname: ${jsonencode(hostname)}
manage_etc_hosts: true
ssh_pwauth: false
%{ if length(ssh_authorized_keys) > 0 ~}
users:
  - default
  - name: ubuntu
    groups: [sudo]
    shell: /bin/bash
    sudo: "ALL=(ALL) NOPASSWD:ALL"
    lock_passwd: true
    ssh_authorized_keys: ${jsonencode(ssh_authorized_keys)}
%{ endif ~}
package_update: true
# Longhorn needs iSCSI (open-iscsi) and NFS for RWX volumes (nfs-common).
packages: [open-iscsi, nfs-common, jq, curl, wget]
write_files:
  - path: /var/lib/k3s-vm-bootstrap/stage/config.yaml
    owner: root:root
    permissions: "0600"
    content: ${jsonencode(yamlencode(k3s_config))}
  - path: /var/lib/k3s-vm-bootstrap/stage/install-k3s.sh
    permissions: "0700"
    content: ${jsonencode(install_script)}
  - path: /var/lib/k3s-vm-bootstrap/k3s-vm-bootstrap.sh
    permissions: "0700"
    content: ${jsonencode(vm_bootstrap_script)}
runcmd:
  - [systemctl, enable, --now, iscsid]
  - [chmod, "0700", /var/lib/k3s-vm-bootstrap, /var/lib/k3s-vm-bootstrap/stage]
  - [bash, /var/lib/k3s-vm-bootstrap/k3s-vm-bootstrap.sh, --role, agent, --version, ${jsonencode(k3s_version)}, --node-name, ${jsonencode(hostname)}, --dir, /var/lib/k3s-vm-bootstrap/stage, --server-url, ${jsonencode(server_url)}]
