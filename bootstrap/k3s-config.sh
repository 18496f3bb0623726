# shellcheck shell=bash
# Sourced by the operator-side scripts that read a node's K3s config over SSH
# (leave-cluster.sh, remove-node.sh), which send the function along with
# `declare -f k3s_config_value`. install-k3s.sh and restore-node.sh run alone
# on the node (cloud-init carries install-k3s.sh by itself, restore-node.sh
# goes through ssh's stdin), so each holds a copy of the block between the
# markers; __tests__/bootstrap/k3s-config.test.ts keeps the copies identical.
# >>> k3s_config_value
# k3s_config_value KEY FILE: the value of top-level KEY of a K3s config file
# (YAML, docs.k3s.io/installation/configuration), whether the key is plain
# (node-name: x, as the yaml package writes the SSH stacks' configs) or
# quoted ("node-name": "x", as Terraform's yamlencode writes cloud-init's);
# a quoted value is unquoted, a plain one loses a trailing comment. Prints
# nothing when KEY is absent, or holds a list or a map.
k3s_config_value() {
  awk -v want="$1" '
    function closing(s,   i, c, q) {
      q = substr(s, 1, 1)
      for (i = 2; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (q == "\"" && c == "\\") { i++; continue }
        if (c == q) { if (q == "\047" && substr(s, i + 1, 1) == q) { i++; continue } return i }
      }
      return 0
    }
    function unquote(s,   q, end, body) {
      q = substr(s, 1, 1)
      if (q != "\"" && q != "\047") { sub(/[ \t]+#.*$/, "", s); sub(/[ \t]+$/, "", s); return s }
      end = closing(s)
      body = substr(s, 2, (end ? end : length(s) + 1) - 2)
      if (q == "\047") { gsub(/\047\047/, "\047", body); return body }
      gsub(/\\\\/, "\001", body); gsub(/\\"/, "\"", body); gsub(/\\t/, "\t", body); gsub(/\001/, "\\", body)
      return body
    }
    /^[^ \t#-]/ {
      line = $0; q = substr(line, 1, 1)
      if (q == "\"" || q == "\047") { end = closing(line); if (!end) next; key = unquote(substr(line, 1, end)); rest = substr(line, end + 1) }
      else { end = index(line, ":"); if (!end) next; key = substr(line, 1, end - 1); sub(/[ \t]+$/, "", key); rest = substr(line, end) }
      if (key != want || rest !~ /^[ \t]*:/) next
      sub(/^[ \t]*:[ \t]*/, "", rest)
      if (rest != "" && rest !~ /^#/) print unquote(rest)
      exit
    }' "$2" 2>/dev/null
}
# k3s_config_key_re KEYS: an extended regular expression matching a line that
# holds one of KEYS (a|b), plain or quoted, e.g. for grep -vE.
k3s_config_key_re() { printf '^["'"'"']?(%s)["'"'"']?[ \t]*:' "$1"; }
# <<< k3s_config_value
