# shellcheck shell=bash
# Sourced by the operator-side scripts (fetch-kubeconfig.sh, leave-cluster.sh,
# restore-cluster.sh), which set $known_hosts first and call pinned_cleanup
# on exit.
#
# ssh options that check the host's key. With a pinned key (ssh_host_key in
# the settings, docs/ssh-and-tokens.md) only that key passes, from a
# known_hosts file of this run's own (0600, removed on exit); without one,
# the operator's known_hosts: a new host is recorded on first use, a changed
# key is refused. Usage: host_key_options HOST PORT [KEY]; sets host_key_opts.
#
# The pinned files live in one directory (0700) made here, in the sourcing
# shell: host_key_options is often called inside $(...), a subshell whose
# variables the caller never sees, so cleanup removes the directory rather
# than a list of files.
pinned_dir=$(mktemp -d "${TMPDIR:-/tmp}/k3s-known-hosts.XXXXXX")
pinned_cleanup() { rm -rf "$pinned_dir"; }
# shellcheck disable=SC2034 # host_key_opts is read by the sourcing script
host_key_options() {
  local entry="$1" file
  if [ -z "${3:-}" ]; then
    host_key_opts=(-o StrictHostKeyChecking=accept-new -o UserKnownHostsFile="$known_hosts")
    return 0
  fi
  [ "$2" = 22 ] || entry="[$1]:$2"
  file=$(mktemp "$pinned_dir/known_hosts.XXXXXX")
  printf '%s %s\n' "$entry" "$3" >"$file"
  host_key_opts=(-o StrictHostKeyChecking=yes -o UserKnownHostsFile="$file" -o GlobalKnownHostsFile=/dev/null)
}
