#!/usr/bin/env bash
# Makes this node a Tailscale subnet router advertising the networks given
# with --routes (seed 002). k3s-homelab passes tailscale_routes: by default
# the nodes' own addresses as /32 (the API server, the ingress NodePorts),
# never the pod and service networks unless the settings list them
# (docs/security.md). Run as root by Terraform over SSH. The auth key is read
# from a 0600 file (never a command-line argument) and deleted afterwards;
# it is needed only to log in: once logged in, the key file may be empty.
# Running it again changes nothing.
#
# Usage: tailscale-subnet-router.sh --auth-key-file FILE --routes CIDR[,CIDR...]
set -euo pipefail

key_file="" routes=""
while [ $# -gt 0 ]; do
  case "$1" in
    --auth-key-file) key_file="${2:-}"; shift 2 ;;
    --routes) routes="${2:-}"; shift 2 ;;
    *) echo "tailscale-subnet-router: unknown argument: $1" >&2; exit 2 ;;
  esac
done
die() { echo "tailscale-subnet-router: ERROR: $*" >&2; exit 1; }
[ -n "$routes" ] || die "--routes is required"
[[ "$routes" =~ ^[0-9./,]+$ ]] || die "--routes must be comma-separated CIDRs, got '$routes'"
trap 'if [ -n "$key_file" ]; then rm -f "$key_file"; fi' EXIT

if ! command -v tailscale >/dev/null 2>&1; then
  curl -fsSL --retry 3 https://tailscale.com/install.sh | sh
fi

# Subnet routers forward packets.
printf '%s\n' 'net.ipv4.ip_forward = 1' 'net.ipv6.conf.all.forwarding = 1' > /etc/sysctl.d/99-tailscale.conf
sysctl -q -p /etc/sysctl.d/99-tailscale.conf

if tailscale status >/dev/null 2>&1; then
  # Already logged in: only (re)state the routes; no auth key needed.
  tailscale set --advertise-routes="$routes" --accept-dns=false
  echo "tailscale-subnet-router: logged in, advertising $routes"
  exit 0
fi
[ -s "$key_file" ] || die "not logged in to Tailscale and no auth key given (--auth-key-file $key_file is missing or empty): export TF_VAR_tailscale_auth_key and apply again"
tailscale up --auth-key="file:$key_file" --advertise-routes="$routes" --accept-dns=false
echo "tailscale-subnet-router: advertising $routes (approve the routes in the Tailscale admin console)"
