#!/usr/bin/env bash
# `npm test`: the whole suite. Checks the prerequisites (tools/prerequisites.sh),
# ensures the Debian tools the tests call are present, compiles (tests run
# the real synth entry point from dist/), type-checks, then runs jest.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Debian tools the tests call, as command:package. kubectl is not one of
# them: Debian 12's kubernetes-client (1.20) cannot build gitops/ (README,
# Prerequisites, says where to get one).
debian_tools=(
  shellcheck:shellcheck unshare:util-linux setpriv:util-linux sudo:sudo cloud-init:cloud-init yamllint:yamllint
  packer:packer ssh:openssh-client sshd:openssh-server ip:iproute2
  openssl:openssl curl:curl age:age blkid:util-linux wipefs:util-linux mkfs.ext4:e2fsprogs
  promtool:prometheus amtool:prometheus-alertmanager
)

# First what cannot be installed here (Node, Terraform, kubectl): one line per
# missing or too-old tool, and nothing is installed or built.
bash tools/prerequisites.sh "${debian_tools[@]}"
bash tools/ensure-debian-packages.sh "${debian_tools[@]}"

# A TF_CLI_CONFIG_FILE naming a missing file makes every `terraform version`
# that cdktf's libraries run on import print a warning: drop it.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -e "$TF_CLI_CONFIG_FILE" ]; then unset TF_CLI_CONFIG_FILE; fi

npm run --silent build
npm run --silent typecheck
npx jest "$@"
