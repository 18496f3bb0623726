# K3s node base image for the kpi-sandbox VMs (seed 003): the Ubuntu 24.04
# cloud image with what K3s needs, cleaned of every machine-specific trace so
# each VM cloned from it gets fresh identifiers and a clean cloud-init run.
#
# Build on the hypervisor:  cd packer/k3s-node && packer build .
# Packer >= 1.7 first needs its QEMU plugin:  packer init plugins/
# (the required_plugins block lives there because Packer 1.6 refuses it).

source "qemu" "k3s-node" {
  iso_url          = var.ubuntu_image_url
  iso_checksum     = var.ubuntu_image_checksum
  disk_image       = true
  disk_size        = var.disk_size
  format           = "qcow2"
  accelerator      = var.accelerator
  headless         = true
  cpus             = 2
  memory           = 2048
  net_device       = "virtio-net"
  disk_interface   = "virtio"
  output_directory = var.output_directory
  vm_name          = "k3s-node-ubuntu-24.04.qcow2"

  # cloud-init's NoCloud source reads http/user-data from Packer's web server:
  # a build-only user that exists while Packer provisions and is deleted
  # before the image is saved (see shutdown_command).
  http_directory = "${path.root}/http"
  qemuargs       = [["-smbios", "type=1,serial=ds=nocloud-net;s=http://{{ .HTTPIP }}:{{ .HTTPPort }}/"]]
  ssh_username   = "packer"
  ssh_password   = "packer"
  ssh_timeout    = "20m"

  # As root: remove the build user, then power off; nothing of it stays in the image.
  shutdown_command = "sudo -n bash -c 'userdel --force --remove packer; rm -f /etc/sudoers.d/90-packer; shutdown -P now'"
}

build {
  sources = ["source.qemu.k3s-node"]

  provisioner "shell" {
    execute_command = "sudo -n bash '{{ .Path }}'"
    script          = "${path.root}/scripts/setup.sh"
  }
}
