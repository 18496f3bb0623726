#!/bin/sh
# Test double of K3s and its installer (get.k3s.io interface) for the e2e
# run. Each server test host runs a real etcd member (Debian's etcd 3.4,
# bin dir in $REC/etcd-bin) and a K3s supervisor stand-in on :6443, so a
# second cluster, a lost quorum or a member that was never removed show up
# as they would with K3s. Documented behaviour modelled:
# - docs.k3s.io/datastore/ha-embedded: a server with `cluster-init` starts a
#   new etcd cluster; a server with `server:` and the token joins the cluster
#   of that server as a new member named <node-name>-<8 hex>; a server with
#   etcd data just starts its member (server/cluster-init then don't matter);
#   a server with neither key runs SQLite (no etcd).
# - k3s-io/k3s discussion #9818 (maintainer): `kubectl delete node` of a
#   server removes its etcd member; uninstalling does not.
# - docs.k3s.io/installation/uninstall: k3s-uninstall.sh stops K3s and
#   deletes its data (/etc/rancher/k3s, /var/lib/rancher/k3s); k3s-killall.sh
#   stops it and keeps the data.
# - docs.k3s.io/cli/token: servers join with the server token (`token`);
#   `agent-token` on the servers adds a token agents join with, which cannot
#   join a server (k3s-io/k3s discussion #10492, maintainer); the server
#   token also joins agents.
# - The supervisor answers /ping and /cacerts without authentication
#   (k3s pkg/server/router.go); the Kubernetes API needs etcd quorum.
# - docs.k3s.io/cli/etcd-snapshot: `k3s etcd-snapshot save --name N` writes
#   N-<node>-<unix time> under /var/lib/rancher/k3s/server/db/snapshots
#   (etcdctl snapshot save); docs.k3s.io/datastore/backup-restore: with K3s
#   stopped, `k3s server --cluster-reset --cluster-reset-restore-path=P`
#   restores P as a one-member cluster (etcdctl snapshot restore) and exits;
#   the other servers delete server/db and start again to rejoin.
# Where it simplifies (one line each):
# - etcd speaks plain HTTP on the node IP (K3s: mutual TLS with its own CA).
# - A joining server adds itself through the peer's etcd client URL (K3s: through the supervisor).
# - Members are added as voters at once (K3s adds a learner, then promotes it).
# - A Node's Ready is its etcd member's health right now (Kubernetes waits the node-monitor grace period, 40 s).
# - The cluster API's Node list is a directory in the recorder shared by all test hosts.
# Every call is recorded with a timestamp in $REC/calls.log; an install sleeps
# a fixed time like a real one ($REC/install-seconds). Installed, it keeps a
# copy of itself as /usr/local/bin/k3s-fake-start (`k3s-fake-start start`
# starts K3s again after k3s-killall.sh) and a `systemctl` for its unit
# (stop = k3s-killall.sh, start = k3s-fake-start start).
set -eu

REC=/run/k3s-e2e
CONFIG=/etc/rancher/k3s/config.yaml
DATA=/var/lib/rancher/k3s
DB=$DATA/server/db
ETCD_BIN=$(cat "$REC/etcd-bin")
if [ "${1:-}" = start ]; then
  version=$(cat "$DATA/fake-version")
  role=$(cut -d' ' -f1 "$REC/nodes/$(sed -n 's/^node-name: *//p' "$CONFIG" | head -n 1)")
else
  version="${INSTALL_K3S_VERSION:?INSTALL_K3S_VERSION is required}"
  role="${INSTALL_K3S_EXEC:?INSTALL_K3S_EXEC is required}"
fi
key() { sed -n "s/^$1: *//p" "$CONFIG" | head -n 1; }
name=$(key node-name)
server=$(key server)
token=$(key token)
agent_token=$(key agent-token)
cluster_init=$(key cluster-init)
ip=$(key node-ip)
now() { date +%s.%N; }
record() { echo "$(now) $*" >> "$REC/calls.log"; }
rand8() { od -An -N4 -tx1 /dev/urandom | tr -d ' \n'; }
etcdctl() { ETCDCTL_API=3 "$ETCD_BIN/etcdctl" --dial-timeout=2s --command-timeout=4s "$@"; }

# Stops K3s's processes and waits until they are gone (etcd releases its ports on exit).
stop_processes() {
  for pidfile in "$DATA"/*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

start_etcd() {
  member_flags=""
  mkdir -p "$DB"
  if [ -d "$DB/etcd" ]; then
    member=$(cat "$DB/member-name")
  elif [ "$cluster_init" = true ] && [ -z "$server" ]; then
    member="$name-$(rand8)"
    member_flags="--initial-cluster $member=http://$ip:2380 --initial-cluster-state new --initial-cluster-token k3s-$(rand8)"
    record "etcd-new-cluster node=$name member=$member"
  else
    member="$name-$(rand8)"
    # etcd refuses a new member until the last one has been connected for 5 s
    # ("unhealthy cluster"); K3s keeps retrying its join, so does the double.
    add_until=$(($(date +%s) + 30))
    until out=$(etcdctl --endpoints "http://$peer_ip:2379" member add "$member" --peer-urls "http://$ip:2380" 2>&1); do
      if [ "$(date +%s)" -ge "$add_until" ] || ! printf '%s' "$out" | grep -q 'unhealthy cluster\|not enough started members'; then
        record "install-refused node=$name reason=member-add-failed"
        echo "fake k3s: $name: joining the etcd cluster of $server failed: $out" >&2
        exit 1
      fi
      sleep 1
    done
    initial=$(printf '%s\n' "$out" | sed -n 's/^ETCD_INITIAL_CLUSTER="\(.*\)"$/\1/p')
    member_flags="--initial-cluster $initial --initial-cluster-state existing"
    record "etcd-member-added node=$name member=$member via=$peer_ip"
  fi
  echo "$member" > "$DB/member-name"
  # shellcheck disable=SC2086 # member_flags is a list of flags
  setsid "$ETCD_BIN/etcd" --name "$member" --data-dir "$DB/etcd" \
    --listen-client-urls "http://$ip:2379" --advertise-client-urls "http://$ip:2379" \
    --listen-peer-urls "http://$ip:2380" --initial-advertise-peer-urls "http://$ip:2380" \
    $member_flags >>"$DB/etcd.log" 2>&1 </dev/null &
  etcd_pid=$!
  echo "$etcd_pid" > "$DATA/etcd.pid"
  deadline=$(($(date +%s) + 30))
  until etcdctl --endpoints "http://$ip:2379" endpoint health >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ] || ! kill -0 "$etcd_pid" 2>/dev/null; then
      echo "fake k3s: $name: etcd member $member did not become healthy; its log:" >&2
      tail -n 20 "$DB/etcd.log" >&2
      exit 1
    fi
    sleep 0.5
  done
}

start_supervisor() {
  tls=$DATA/server/tls
  mkdir -p "$tls/www"
  if [ ! -f "$tls/server-ca.crt" ]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj "/CN=k3s-server-ca@$name" \
      -keyout "$tls/server-ca.key" -out "$tls/server-ca.crt" 2>/dev/null
  fi
  printf pong > "$tls/www/ping"
  cp "$tls/server-ca.crt" "$tls/www/cacerts"
  # K3s listens on every address of the server (bind-address 0.0.0.0), so an
  # extra address on it (a virtual IP kube-vip would hold) reaches it too.
  (cd "$tls/www" && setsid openssl s_server -quiet -accept 6443 -cert ../server-ca.crt -key ../server-ca.key -WWW \
    >/dev/null 2>&1 </dev/null & echo $! > "$DATA/supervisor.pid")
  for a in $(ip -4 -o addr show scope global | awk '{ print $4 }' | cut -d/ -f1); do echo "$name" > "$REC/ips/$a"; done
}

mode=agent
if [ "$role" = server ]; then
  if [ -n "$server" ] || [ "$cluster_init" = true ]; then mode=etcd; else mode=sqlite; fi
fi

if [ "${1:-}" = start ]; then
  # A server whose etcd data was deleted joins again through its server: URL.
  peer_ip=$(echo "$server" | sed -E 's#^https://([^:/]+):6443$#\1#')
  [ "$mode" = etcd ] && start_etcd
  [ "$role" = server ] && start_supervisor
  touch "$REC/alive/$name"
  record "start node=$name role=$role"
  exit 0
fi

record "install-start node=$name role=$role version=$version argv=$0${*:+ $*}"
mkdir -p "$REC/nodes" "$REC/ips" "$REC/alive"

if [ -n "$server" ] && [ ! -d "$DB/etcd" ]; then
  # Joining: the server must be installed and Ready, and the token must match.
  peer_ip=$(echo "$server" | sed -E 's#^https://([^:/]+):6443$#\1#')
  peer=$(cat "$REC/ips/$peer_ip" 2>/dev/null || true)
  if [ -z "$peer" ] || [ ! -f "$REC/alive/$peer" ]; then
    record "install-refused node=$name reason=server-not-ready"
    echo "fake k3s: $name cannot join $server: no Ready server there" >&2
    exit 1
  fi
  cluster_agent_token=$(cat "$REC/agent-token" 2>/dev/null || true)
  if [ "$role" = server ] && [ -n "$cluster_agent_token" ] && [ "$token" = "$cluster_agent_token" ]; then
    record "install-refused node=$name reason=agent-token-joins-no-server"
    echo "fake k3s: $name: an agent token cannot join a server ($server refused it)" >&2
    exit 1
  fi
  if [ "$token" != "$(cat "$REC/token")" ] && { [ "$role" = server ] || [ "$token" != "$cluster_agent_token" ]; }; then
    record "install-refused node=$name reason=wrong-token"
    echo "fake k3s: $name: token rejected by $server" >&2
    exit 1
  fi
  # A server started with agent-token sets it for the cluster (K3s: on every server).
  if [ "$role" = server ] && [ -n "$agent_token" ]; then printf '%s' "$agent_token" > "$REC/agent-token"; fi
elif [ "$role" = server ]; then
  [ -f "$REC/token" ] || printf '%s' "$token" > "$REC/token"
  if [ -n "$agent_token" ]; then printf '%s' "$agent_token" > "$REC/agent-token"; fi
elif [ -z "$server" ]; then
  echo "fake k3s: an agent needs server: in $CONFIG" >&2
  exit 1
fi

sleep "$(cat "$REC/install-seconds" 2>/dev/null || echo 3)"

mkdir -p /usr/local/bin "$DATA"
stop_processes
echo "$version" > "$DATA/fake-version"
printf 'MODE=%s\nNODE_IP=%s\nNODE_NAME=%s\nETCD_BIN=%s\n' "$mode" "$ip" "$name" "$ETCD_BIN" > "$DATA/fake-env"

cat > /usr/local/bin/k3s <<'K3S'
#!/bin/sh
# Fake k3s: answers what bootstrap/post-install.sh and leave-cluster.sh ask.
REC=/run/k3s-e2e
. /var/lib/rancher/k3s/fake-env
etcdctl() { ETCDCTL_API=3 "$ETCD_BIN/etcdctl" --dial-timeout=2s --command-timeout=4s "$@"; }
DB=/var/lib/rancher/k3s/server/db
record() { echo "$(date +%s.%N) $*" >> "$REC/calls.log"; }
running() { [ -f /var/lib/rancher/k3s/etcd.pid ] && kill -0 "$(cat /var/lib/rancher/k3s/etcd.pid)" 2>/dev/null; }
snapshot() {
  case "$1" in
    ls) ls -1 "$DB/snapshots" 2>/dev/null; exit 0 ;;
    save) shift ;;
    *) echo "fake k3s: etcd-snapshot $1: unsupported" >&2; exit 1 ;;
  esac
  name=on-demand
  while [ $# -gt 0 ]; do
    case "$1" in --name) name="$2"; shift 2 ;; --name=*) name="${1#--name=}"; shift ;; *) shift ;; esac
  done
  mkdir -p "$DB/snapshots"
  file="$DB/snapshots/$name-$NODE_NAME-$(date +%s)"
  if ! etcdctl --endpoints "http://$NODE_IP:2379" snapshot save "$file" >/dev/null 2>&1; then
    echo "fake k3s: etcd-snapshot: the local etcd member does not answer" >&2
    exit 1
  fi
  record "etcd-snapshot node=$NODE_NAME name=$name file=$file"
  echo "Snapshot $name-$NODE_NAME saved."
}
cluster_reset() {
  restore=""
  reset=no
  for a in "$@"; do
    case "$a" in --cluster-reset) reset=yes ;; --cluster-reset-restore-path=*) restore="${a#*=}" ;; esac
  done
  [ "$reset" = yes ] || { echo "fake k3s: server runs as the service here; only --cluster-reset is supported" >&2; exit 1; }
  if running; then echo "fake k3s: stop K3s first (k3s-killall.sh): etcd is running" >&2; exit 1; fi
  member=$(cat "$DB/member-name")
  rm -rf "$DB/etcd.reset"
  if [ -n "$restore" ]; then
    ETCDCTL_API=3 "$ETCD_BIN/etcdctl" snapshot restore "$restore" --name "$member" --data-dir "$DB/etcd.reset" \
      --initial-cluster "$member=http://$NODE_IP:2380" --initial-advertise-peer-urls "http://$NODE_IP:2380" \
      --initial-cluster-token "k3s-reset-$(date +%s%N)" >/dev/null 2>&1 || { echo "fake k3s: cannot restore $restore" >&2; exit 1; }
  else
    # Keep the data, drop the other members (etcd --force-new-cluster).
    cp -a "$DB/etcd" "$DB/etcd.reset"
    "$ETCD_BIN/etcd" --name "$member" --data-dir "$DB/etcd.reset" --force-new-cluster \
      --listen-client-urls "http://$NODE_IP:2379" --advertise-client-urls "http://$NODE_IP:2379" \
      --listen-peer-urls "http://$NODE_IP:2380" >/dev/null 2>&1 &
    pid=$!
    sleep 3
    kill "$pid"; wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$DB/etcd" && mv "$DB/etcd.reset" "$DB/etcd"
  record "cluster-reset node=$NODE_NAME restore=${restore:-none}"
  echo "Managed etcd cluster membership has been reset, restart without --cluster-reset flag now."
}
case "$1" in
  --version) echo "k3s version $(cat /var/lib/rancher/k3s/fake-version) (e2e00000)"; exit 0 ;;
  etcd-snapshot) shift; snapshot "$@"; exit 0 ;;
  server) shift; cluster_reset "$@"; exit 0 ;;
  kubectl) shift ;;
  *) echo "fake k3s: unsupported: $*" >&2; exit 1 ;;
esac
echo "$(date +%s.%N) kubectl on=$(hostname) $*" >> "$REC/calls.log"
# The API answers only while its datastore does: etcd needs quorum.
if [ "$MODE" = etcd ] && ! etcdctl --endpoints "http://$NODE_IP:2379" endpoint health >/dev/null 2>&1; then
  echo "Error from server: etcdserver: request timed out" >&2
  exit 1
fi
# "<member id> <node name> <client url>" per etcd member.
members() {
  etcdctl --endpoints "http://$NODE_IP:2379" member list 2>/dev/null |
    awk -F', ' '$3 != "" { n = $3; sub(/-[0-9a-f]+$/, "", n); print $1, n, $5 }'
}
ready() {
  [ -f "$REC/nodes/$1" ] && [ -f "$REC/alive/$1" ] || { echo False; return; }
  if [ "$MODE" = etcd ] && [ "$(cut -d' ' -f1 "$REC/nodes/$1")" = server ]; then
    url=$(members | awk -v n="$1" '$2 == n { print $3; exit }')
    if [ -z "$url" ] || ! etcdctl --endpoints "$url" endpoint health >/dev/null 2>&1; then echo False; return; fi
  fi
  echo True
}
case "$1 $2" in
  "get --raw=/readyz" | "get --raw=/readyz/etcd") echo ok ;;
  "get node")
    if [ -f "$REC/nodes/$3" ]; then ready "$3"; else echo "Error from server (NotFound): nodes \"$3\" not found" >&2; exit 1; fi ;;
  "get nodes")
    # -l node-role.kubernetes.io/etcd=true: one "<node>=<Ready>" line per etcd member.
    [ "$MODE" = etcd ] || exit 0
    members | while read -r _ n _; do echo "$n=$(ready "$n")"; done ;;
  "drain "*) if [ -f "$REC/drain-fails" ]; then echo "error: cannot evict pod as it would violate the pod's disruption budget" >&2; exit 1; fi
    echo "node/$2 drained" ;;
  "delete node")
    rm -f "$REC/nodes/$3"
    if [ "$MODE" = etcd ]; then
      id=$(members | awk -v n="$3" '$2 == n { print $1; exit }')
      if [ -n "$id" ]; then
        etcdctl --endpoints "http://$NODE_IP:2379" member remove "$id" >/dev/null
        echo "$(date +%s.%N) etcd-member-removed node=$3 id=$id" >> "$REC/calls.log"
      fi
    fi
    echo "node \"$3\" deleted" ;;
  *) echo "fake kubectl: unsupported: $*" >&2; exit 1 ;;
esac
K3S
chmod 0755 /usr/local/bin/k3s
ln -sf k3s /usr/local/bin/kubectl

cat > /usr/local/bin/k3s-killall.sh <<KILLALL
#!/bin/sh
echo "\$(date +%s.%N) killall node=$name" >> $REC/calls.log
for pidfile in $DATA/*.pid; do
  [ -e "\$pidfile" ] || continue
  pid=\$(cat "\$pidfile")
  kill "\$pid" 2>/dev/null || true
  waited=0
  while kill -0 "\$pid" 2>/dev/null && [ "\$waited" -lt 100 ]; do sleep 0.1; waited=\$((waited + 1)); done
  kill -9 "\$pid" 2>/dev/null || true
  rm -f "\$pidfile"
done
rm -f $REC/alive/$name
KILLALL
chmod 0755 /usr/local/bin/k3s-killall.sh
cp "$0" /usr/local/bin/k3s-fake-start
chmod 0755 /usr/local/bin/k3s-fake-start
# The service unit, as `systemctl {cat,stop,start,is-active} k3s` sees it
# (the installer creates unit k3s for a server, k3s-agent for an agent).
unit=k3s
[ "$role" = agent ] && unit=k3s-agent
cat > /usr/local/bin/systemctl <<SYSTEMCTL
#!/bin/sh
[ "\${2:-}" = "$unit" ] || { echo "Unit \${2:-}.service could not be found." >&2; exit 5; }
echo "\$(date +%s.%N) systemctl node=$name \$1" >> $REC/calls.log
case "\$1" in
  cat) echo "# /etc/systemd/system/$unit.service (e2e double)" ;;
  stop) /usr/local/bin/k3s-killall.sh ;;
  start) /usr/local/bin/k3s-fake-start start ;;
  is-active) [ -f $REC/alive/$name ] && echo active || { echo inactive; exit 3; } ;;
  *) echo "systemctl (e2e double): \$1 unsupported" >&2; exit 1 ;;
esac
SYSTEMCTL
chmod 0755 /usr/local/bin/systemctl

uninstall=/usr/local/bin/k3s-uninstall.sh
[ "$role" = agent ] && uninstall=/usr/local/bin/k3s-agent-uninstall.sh
cat > "$uninstall" <<UNINSTALL
#!/bin/sh
/usr/local/bin/k3s-killall.sh
echo "\$(date +%s.%N) uninstall node=$name role=$role" >> $REC/calls.log
rm -f /usr/local/bin/k3s /usr/local/bin/kubectl /usr/local/bin/k3s-killall.sh /usr/local/bin/k3s-fake-start /usr/local/bin/systemctl "$uninstall"
rm -rf /etc/rancher/k3s $DATA
UNINSTALL
chmod 0755 "$uninstall"

if [ "$role" = server ]; then
  mkdir -p "$DATA/server"
  printf '%s\n' "$token" > "$DATA/server/token"
  chmod 0600 "$DATA/server/token"
  [ "$mode" = etcd ] && start_etcd
  start_supervisor
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
  echo "$name" > "$REC/ips/$ip"
fi
echo "$role $ip" > "$REC/nodes/$name"
touch "$REC/alive/$name"
record "install-done node=$name role=$role version=$version"
