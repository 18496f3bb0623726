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
# Restore keeps an encrypted copy of the state it replaces first, and
# replaces nothing until that copy exists and decrypts with the key. Every
# backup is checked the same way before it is reported: written, non-empty,
# decrypting with the key to the very state it copies. Nothing secret is
# printed.
set -euo pipefail
# Command substitutions ($(backup), $(recipient)) keep errexit: a failing
# step inside one stops the script instead of being ignored.
shopt -s inherit_errexit
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
  local public
  if [ ! -f "$key" ]; then
    mkdir -p "$(dirname "$key")"
    age-keygen -o "$key" 2>/dev/null || die "could not create the backup key $key"
    chmod 0600 "$key"
    log "created the backup key $key (0600): keep a copy off this machine; without it no backup can be read"
  fi
  public=$(age-keygen -y "$key" 2>/dev/null) || public=""
  [[ "$public" =~ ^age1[0-9a-z]+$ ]] ||
    die "the backup key $key holds no age identity (age-keygen -y $key gives no public key): restore the key from where you keep its copy, or point STATE_BACKUP_KEY at it"
  echo "$public"
}

# backup [LABEL]: encrypts the current state; prints the backup's path once it
# is written and decrypts with the key to the same bytes, else stops. Called
# as $(backup): its EXIT trap is the subshell's, and removes the plain copies
# and a partial backup however it ends.
backup() {
  local label="${1:-}" kind tmp out check rcpt
  kind=$(backend)
  rcpt=$(recipient)
  # Not local: the EXIT trap runs after the function returned.
  work=$(mktemp -d) partial=""
  trap 'rm -rf "$work"; if [ -n "$partial" ]; then rm -f "$partial"; fi' EXIT
  tmp="$work/state" check="$work/decrypted"
  if [ "$kind" = local ]; then
    [ -s "$state_file" ] || die "$env has no state at $state_file yet (nothing applied)"
    cp "$state_file" "$tmp" || die "could not read $state_file"
  else
    [ -d "$stack_dir" ] || die "run npm run synth first: $stack_dir is missing"
    (cd "$stack_dir" && "$tofu" state pull >"$tmp") || die "$tofu state pull failed in $stack_dir (tofu init first?)"
  fi
  grep -q '"lineage"' "$tmp" || die "what the $kind backend holds for $env is not a state file"
  mkdir -p "$backups" || die "could not create $backups"
  chmod 0700 "$backups"
  out="$backups/terraform.tfstate.$(date -u +%Y%m%dT%H%M%SZ)${label:+.$label}.age"
  partial="$out.partial"
  age -r "$rcpt" -o "$partial" "$tmp" || die "age could not encrypt the state of $env into $partial (full disk? see its message above); no backup was written"
  [ -s "$partial" ] || die "age wrote no backup of $env ($partial is missing or empty); no backup was written"
  if ! age -d -i "$key" -o "$check" "$partial" 2>/dev/null || ! cmp -s "$check" "$tmp"; then
    die "the backup of $env does not decrypt with $key to the state it copies; no backup was written"
  fi
  chmod 0600 "$partial"
  mv -f "$partial" "$out" || die "could not move the backup to $out"
  partial=""
  echo "$out"
}

case "$action" in
  backup)
    out=$(backup) || exit 1
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
    kind=$(backend) || exit 1
    if [ "$yes" != --yes ]; then
      [ -t 0 ] || die "restoring replaces $env's state ($kind backend): run it in a terminal, or add --yes"
      printf 'Replace the state of %s (%s backend) with %s? Type yes: ' "$env" "$kind" "$file" >&2
      read -r answer
      [ "$answer" = yes ] || die "not restored"
    fi
    # Nothing is replaced until the copy of the current state is written and
    # decrypts with the key (backup checks both, and stops otherwise).
    if [ "$kind" != local ] || [ -s "$state_file" ]; then
      before=$(backup before-restore) || die "$env: could not keep a copy of the state it would replace (message above); nothing was replaced"
      [ -s "$before" ] || die "$env: the copy of the current state is missing; nothing was replaced"
      log "$env: the state it replaces is kept in $before"
    fi
    if [ "$kind" = local ]; then
      install -m 0600 "$plain" "$state_file.restoring" || die "could not write $state_file.restoring; the state is unchanged"
      mv -f "$state_file.restoring" "$state_file" || die "could not replace $state_file; the state is unchanged"
    else
      (cd "$stack_dir" && "$tofu" state push -force "$plain") || die "$tofu state push failed in $stack_dir"
    fi
    log "$env: state restored from $file; run tofu plan to see how it differs from the machines" ;;
  *) usage ;;
esac
