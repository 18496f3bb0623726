# Inputs of the K3s node base image (seed 003). Override with -var or
# PKR_VAR_<name>, e.g. to pin a newer Ubuntu 24.04 cloud image build.

variable "ubuntu_image_url" {
  type        = string
  description = "Ubuntu 24.04 LTS (Noble) cloud image for amd64, qcow2."
  default     = "https://cloud-images.ubuntu.com/releases/noble/release/ubuntu-24.04-server-cloudimg-amd64.img"
}

# No default: the image is pinned by its checksum, taken from the release's
# SHA256SUMS (README: "Build the base image"), e.g. "sha256:<64 hex digits>".
variable "ubuntu_image_checksum" {
  type        = string
  description = "sha256:<hex> of the cloud image at ubuntu_image_url."
}

variable "disk_size" {
  type        = string
  description = "Virtual size of the base image; each VM's disk is resized by Terraform (node_disk_gib)."
  default     = "10G"
}

variable "accelerator" {
  type        = string
  description = "QEMU accelerator: kvm on the hypervisor, tcg where KVM is unavailable (slow)."
  default     = "kvm"
}

variable "output_directory" {
  type        = string
  description = "Where the image is written; copy it into the libvirt_images pool afterwards."
  default     = "output-k3s-node"
}
