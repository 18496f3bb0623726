#!/usr/bin/env bash
# Read-only health facts of one K3s server, for `npm run doctor` (sent over
# SSH: ssh ... sudo bash -s < doctor-node.sh). What the Kubernetes API cannot
# tell: the K3s unit's state, the certificates' expiry dates on disk, and the
# embedded etcd member's own view (its metrics on 127.0.0.1:2381, where K3s
# serves them: docs.k3s.io/cli/server, etcd-expose-metrics). Changes nothing.
# Prints one fact a line:
#   service <active|inactive|failed|...>
#   cert <path> <notAfter in seconds since the epoch>
#   etcd <metric> <value>          (embedded etcd only)
#   etcd unreachable               (no etcd metrics answer: SQLite or etcd down)
set -u

data_dir="${K3S_DATA_DIR:-/var/lib/rancher/k3s}"

echo "service $(systemctl is-active k3s 2>/dev/null || true)"

# Leaf certificates only: the CAs are valid for 10 years and K3s does not
# renew them on restart.
for crt in "$data_dir"/server/tls/*.crt "$data_dir"/server/tls/etcd/*.crt "$data_dir"/agent/*.crt; do
  [ -f "$crt" ] || continue
  case "$crt" in *-ca.crt) continue ;; esac
  end="$(openssl x509 -enddate -noout -in "$crt" 2>/dev/null)" || continue
  echo "cert $crt $(date -d "${end#notAfter=}" +%s)"
done

if metrics="$(curl -fsS --max-time 5 http://127.0.0.1:2381/metrics 2>/dev/null)"; then
  printf '%s\n' "$metrics" | grep -E '^etcd_server_(has_leader|is_leader|leader_changes_seen_total) ' | sed 's/^/etcd /'
else
  echo "etcd unreachable"
fi
