/**
 * The start of a fake `ssh` (bash) for the operator scripts' tests: reads
 * the options up to `--` as the scripts pass them (`-i KEY -p PORT -o ...
 * -- USER@HOST COMMAND`) and leaves `$2` = USER@HOST, `$3` = COMMAND,
 * `$opts` = the StrictHostKeyChecking option, `$known` = the mode and
 * contents of the UserKnownHostsFile it was given (empty: the operator's own).
 */
export const FAKE_SSH_OPTIONS = `#!/usr/bin/env bash
opts="" known=""
while [ "$1" != "--" ]; do
  if [ "$1" = -o ]; then
    case "$2" in
      StrictHostKeyChecking=*) opts+=" $2" ;;
      UserKnownHostsFile=*) f="\${2#*=}"; [ ! -f "$f" ] || known="$(stat -c %a "$f") $(cat "$f")" ;;
    esac
    shift
  fi
  shift
done
`;
