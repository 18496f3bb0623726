#cloud-config
# Worker of the kpi-sandbox cluster (seed 003), rendered by Terraform's
# templatefile() at apply. It waits for the control plane at server_url, then
# joins it with the token inside its K3s config file (0600, deleted once
# installed). Values are inserted with jsonencode() (YAML double-quoted).
hostname: ${jsonencode(hostname)}
manage_etc_hosts: true
disable_root: true
ssh_pwauth: false
users:
  - name: ubuntu
    groups: [sudo]
    shell: /bin/bash
    sudo: "ALL=(ALL) NOPASSWD:ALL"
    lock_passwd: true
    ssh_authorized_keys: ${jsonencode(ssh_authorized_keys)}
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
  - [chmod, "0700", /var/lib/k3s-vm-bootstrap, /var/lib/k3s-vm-bootstrap/stage]
  - [bash, /var/lib/k3s-vm-bootstrap/k3s-vm-bootstrap.sh, --role, agent, --version, ${jsonencode(k3s_version)}, --node-name, ${jsonencode(hostname)}, --dir, /var/lib/k3s-vm-bootstrap/stage, --server-url, ${jsonencode(server_url)}]
