#!/bin/sh
# Test double of the K3s installer (get.k3s.io interface) for the e2e run.
# Honours INSTALL_K3S_VERSION, INSTALL_K3S_EXEC (server|agent) and
# /etc/rancher/k3s/config.yaml; records every call with a timestamp in the
# recorder shared by all test hosts; refuses a join to a server that is not
# Ready or with the wrong token; sleeps a fixed time like a real install;
# installs fake k3s/kubectl/uninstall commands that answer readiness, drain
# and delete from the recorder (the double's stand-in for the cluster API).
set -eu

REC=/run/k3s-e2e
CONFIG=/etc/rancher/k3s/config.yaml
version="${INSTALL_K3S_VERSION:?INSTALL_K3S_VERSION is required}"
role="${INSTALL_K3S_EXEC:?INSTALL_K3S_EXEC is required}"
key() { sed -n "s/^$1: *//p" "$CONFIG" | head -n 1; }
name=$(key node-name)
server=$(key server)
token=$(key token)
now() { date +%s.%N; }
record() { echo "$(now) $*" >> "$REC/calls.log"; }

record "install-start node=$name role=$role version=$version argv=$0${*:+ $*}"
mkdir -p "$REC/nodes" "$REC/ips"

if [ -n "$server" ]; then
  # Joining: the server must be installed and Ready, and the token must match.
  ip=$(echo "$server" | sed -E 's#^https://([^:/]+):6443$#\1#')
  first=$(cat "$REC/ips/$ip" 2>/dev/null || true)
  if [ -z "$first" ] || [ ! -f "$REC/nodes/$first" ]; then
    record "install-refused node=$name reason=server-not-ready"
    echo "fake k3s: $name cannot join $server: no Ready server there" >&2
    exit 1
  fi
  if [ "$token" != "$(cat "$REC/token")" ]; then
    record "install-refused node=$name reason=wrong-token"
    echo "fake k3s: $name: token rejected by $server" >&2
    exit 1
  fi
elif [ "$role" = server ]; then
  [ -f "$REC/token" ] || printf '%s' "$token" > "$REC/token"
else
  echo "fake k3s: an agent needs server: in $CONFIG" >&2
  exit 1
fi

sleep "$(cat "$REC/install-seconds" 2>/dev/null || echo 3)"

mkdir -p /usr/local/bin /var/lib/rancher/k3s
echo "$version" > /var/lib/rancher/k3s/fake-version
cat > /usr/local/bin/k3s <<'K3S'
#!/bin/sh
# Fake k3s: answers what bootstrap/post-install.sh and destroy ask.
REC=/run/k3s-e2e
case "$1" in
  --version) echo "k3s version $(cat /var/lib/rancher/k3s/fake-version) (e2e00000)"; exit 0 ;;
  kubectl) shift ;;
  *) echo "fake k3s: unsupported: $*" >&2; exit 1 ;;
esac
echo "$(date +%s.%N) kubectl on=$(hostname) $*" >> "$REC/calls.log"
case "$1 $2" in
  "get --raw=/readyz") echo ok ;;
  "get node") if [ -f "$REC/nodes/$3" ]; then echo True; else echo "Error from server (NotFound): nodes \"$3\" not found" >&2; exit 1; fi ;;
  "drain "*) echo "node/$2 drained" ;;
  "delete node") rm -f "$REC/nodes/$3"; echo "node \"$3\" deleted" ;;
  *) echo "fake kubectl: unsupported: $*" >&2; exit 1 ;;
esac
K3S
chmod 0755 /usr/local/bin/k3s
ln -sf k3s /usr/local/bin/kubectl

uninstall=/usr/local/bin/k3s-uninstall.sh
[ "$role" = agent ] && uninstall=/usr/local/bin/k3s-agent-uninstall.sh
cat > "$uninstall" <<UNINSTALL
#!/bin/sh
echo "\$(date +%s.%N) uninstall node=$name role=$role" >> $REC/calls.log
rm -f $REC/nodes/$name /usr/local/bin/k3s /usr/local/bin/kubectl "$uninstall"
rm -rf /etc/rancher/k3s /var/lib/rancher/k3s
UNINSTALL
chmod 0755 "$uninstall"

if [ "$role" = server ]; then
  mkdir -p /var/lib/rancher/k3s/server
  printf '%s\n' "$token" > /var/lib/rancher/k3s/server/token
  chmod 0600 /var/lib/rancher/k3s/server/token
  umask 077
  cat > /etc/rancher/k3s/k3s.yaml <<KUBECONFIG
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: $(printf 'fake CA for %s' "$name" | base64 | tr -d '\n')
    server: https://127.0.0.1:6443
  name: default
contexts:
- context:
    cluster: default
    user: default
  name: default
current-context: default
kind: Config
preferences: {}
users:
- name: default
  user:
    client-certificate-data: $(printf 'fake cert' | base64 | tr -d '\n')
    client-key-data: $(printf 'fake key' | base64 | tr -d '\n')
KUBECONFIG
  ip_of_node=$(key node-ip)
  echo "$name" > "$REC/ips/$ip_of_node"
fi
echo Ready > "$REC/nodes/$name"
record "install-done node=$name role=$role version=$version"
