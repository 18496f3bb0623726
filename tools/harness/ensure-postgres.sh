#!/usr/bin/env bash
# Prints the directory holding PostgreSQL's server binaries (initdb, pg_ctl,
# postgres) for the backend tests; installs Debian's postgresql-15 when
# they are missing (as root), without letting the package start a cluster
# of its own (policy-rc.d forbids service starts; no cluster is created).
set -euo pipefail
find_bin() {
  local d
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return 0; fi
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}
if bin=$(find_bin); then echo "$bin"; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-postgres: PostgreSQL's server is missing: sudo apt-get install postgresql-15 (or run as root)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
policy=/usr/sbin/policy-rc.d
[ -e "$policy" ] && { echo "ensure-postgres: $policy exists; install postgresql-15 by hand" >&2; exit 1; }
printf '#!/bin/sh\nexit 101\n' > "$policy"
chmod 0755 "$policy"
trap 'rm -f "$policy"' EXIT
mkdir -p /etc/postgresql-common
grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf || echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
find_bin
