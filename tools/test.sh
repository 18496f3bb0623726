#!/usr/bin/env bash
# `npm test`: the whole suite. Ensures the Debian tools the tests call are
# present, compiles (tests run the real synth entry point from dist/),
# type-checks, then runs jest.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/ensure-debian-packages.sh \
  shellcheck:shellcheck unshare:util-linux setpriv:util-linux sudo:sudo cloud-init:cloud-init yamllint:yamllint \
  packer:packer ssh:openssh-client sshd:openssh-server ip:iproute2 kubectl:kubernetes-client \
  openssl:openssl curl:curl age:age blkid:util-linux wipefs:util-linux mkfs.ext4:e2fsprogs \
  promtool:prometheus amtool:prometheus-alertmanager

if [ ! -x /usr/local/bin/terraform ] && ! command -v terraform >/dev/null 2>&1; then
  echo "terraform is missing: the tests need Terraform 1.11.x at /usr/local/bin/terraform (it is in the machine image)" >&2
  exit 1
fi

# A TF_CLI_CONFIG_FILE naming a missing file makes every `terraform version`
# that cdktf's libraries run on import print a warning: drop it.
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -e "$TF_CLI_CONFIG_FILE" ]; then unset TF_CLI_CONFIG_FILE; fi

npm run --silent build
npm run --silent typecheck
npx jest "$@"
