# Packer >= 1.7 installs builders as plugins: run `packer init plugins/` once
# before `packer build .`. Kept out of the template directory because Debian's
# Packer 1.6.6 (used by CI's `packer validate`) rejects required_plugins.
packer {
  required_version = ">= 1.7.0"
  required_plugins {
    qemu = {
      source  = "github.com/hashicorp/qemu"
      version = "~> 1.1"
    }
  }
}
