#!/usr/bin/env bash
# `npm run state:backup -- <env>` and `npm run state:restore -- <env> <backup> [--yes]`:
# encrypted copies of an environment's OpenTofu state, which is the only
# copy of the join token, the kubeconfig's client key and every generated
# password. Encrypted with age (age-encryption.org; Debian package `age`)
# to a key that never lives in the repository:
#   STATE_BACKUP_KEY (default ~/.config/k3s-homelab/state-backup.key),
#   created 0600 on first use; keep a copy off this machine (a password
#   manager): without it no backup can be read.
# Backups: terraform/environments/<env>/backups/terraform.tfstate.<UTC time>.age
# (0600 in a 0700 directory; gitignored). The local backend's state file is
# read directly; a pg or s3 backend's state through `tofu state pull` in
# cdktf.out/stacks/<env> (TOFU names another binary, e.g. terraform).
# Restore keeps an encrypted copy of the state it replaces first. Nothing
# secret is printed.
set -euo pipefail
umask 077

root="$(cd "$(dirname "$0")/.." && pwd)"
settings_dir="${K3S_SETTINGS_DIR:-$root/terraform/environments}"
out_dir="${CDKTF_OUTDIR:-$root/cdktf.out}"
key="${STATE_BACKUP_KEY:-$HOME/.config/k3s-homelab/state-backup.key}"
tofu="${TOFU:-tofu}"

die() { printf 'state: ERROR: %s\n' "$*" >&2; exit 1; }
log() { printf 'state: %s\n' "$*" >&2; }
usage() { die "usage: npm run state:backup -- <environment> | npm run state:restore -- <environment> <backup file> [--yes]"; }

if ! command -v age >/dev/null 2>&1 || ! command -v age-keygen >/dev/null 2>&1; then
  die "age is missing: install it (Debian/Ubuntu: apt-get install age; macOS: brew install age)"
fi

action="${1:-}"; env="${2:-}"
if [ -z "$action" ] || [ -z "$env" ]; then usage; fi
if ! [[ "$env" =~ ^[a-z0-9-]+$ ]] || [ ! -f "$settings_dir/$env/terraform.tfvars" ]; then
  die "unknown environment '$env' (no $settings_dir/$env/terraform.tfvars)"
fi
env_dir="$settings_dir/$env"
state_file="$env_dir/terraform.tfstate"
stack_dir="$out_dir/stacks/$env"
backups="$env_dir/backups"

# local | pg | s3: from the synthesized stack (npm run synth writes it).
backend() {
  local json="$stack_dir/cdk.tf.json"
  [ -f "$json" ] || { echo local; return; }
  node -e 'const b = (JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).terraform || {}).backend || {}; console.log(Object.keys(b)[0] || "local")' "$json"
}

recipient() {
  if [ ! -f "$key" ]; then
    mkdir -p "$(dirname "$key")"
    age-keygen -o "$key" 2>/dev/null
    chmod 0600 "$key"
    log "created the backup key $key (0600): keep a copy off this machine; without it no backup can be read"
  fi
  age-keygen -y "$key"
}

# backup [LABEL]: encrypts the current state; prints the backup's path.
backup() {
  local label="${1:-}" kind tmp out
  kind=$(backend)
  tmp=$(mktemp)
  trap 'rm -f "$tmp"' RETURN
  if [ "$kind" = local ]; then
    [ -s "$state_file" ] || die "$env has no state at $state_file yet (nothing applied)"
    cp "$state_file" "$tmp"
  else
    [ -d "$stack_dir" ] || die "run npm run synth first: $stack_dir is missing"
    (cd "$stack_dir" && "$tofu" state pull >"$tmp") || die "$tofu state pull failed in $stack_dir (tofu init first?)"
  fi
  grep -q '"lineage"' "$tmp" || die "what the $kind backend holds for $env is not a state file"
  mkdir -p "$backups"
  chmod 0700 "$backups"
  out="$backups/terraform.tfstate.$(date -u +%Y%m%dT%H%M%SZ)${label:+.$label}.age"
  age -r "$(recipient)" -o "$out" "$tmp"
  chmod 0600 "$out"
  echo "$out"
}

case "$action" in
  backup)
    out=$(backup)
    log "$env: state backed up to $out (encrypted with $key)" ;;
  restore)
    file="${3:-}" yes="${4:-}"
    [ -n "$file" ] || usage
    [ -f "$file" ] || die "no backup file $file"
    [ -f "$key" ] || die "the backup key $key is missing: restore it from where you keep its copy (STATE_BACKUP_KEY names another path)"
    plain=$(mktemp)
    trap 'rm -f "$plain"' EXIT
    age -d -i "$key" -o "$plain" "$file" 2>/dev/null || die "$file cannot be decrypted with $key (another key, or not a backup)"
    grep -q '"lineage"' "$plain" || die "$file does not hold a state file"
    kind=$(backend)
    if [ "$yes" != --yes ]; then
      [ -t 0 ] || die "restoring replaces $env's state ($kind backend): run it in a terminal, or add --yes"
      printf 'Replace the state of %s (%s backend) with %s? Type yes: ' "$env" "$kind" "$file" >&2
      read -r answer
      [ "$answer" = yes ] || die "not restored"
    fi
    if [ "$kind" != local ] || [ -s "$state_file" ]; then
      before=$(backup before-restore)
      log "$env: the state it replaces is kept in $before"
    fi
    if [ "$kind" = local ]; then
      install -m 0600 "$plain" "$state_file"
    else
      (cd "$stack_dir" && "$tofu" state push -force "$plain") || die "$tofu state push failed in $stack_dir"
    fi
    log "$env: state restored from $file; run tofu plan to see how it differs from the machines" ;;
  *) usage ;;
esac
