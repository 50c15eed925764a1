# Shared by scripts/cluster/*.sh: a three-node MariaDB Galera cluster, HAProxy in front of it and of the API
# instances, all on loopback, all in .local/cluster. Ports: CLUSTER_DB_PORT (3320, the database proxy; node i on
# 3320+i, its Galera traffic on 4560+10i, IST +1, SST +2), CLUSTER_API_PORT (5090, the API proxy; instance i on 5090+i)
# and CLUSTER_WECHAT_PORT (5099, the fake WeChat the instances call, which counts the messages it is sent).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/lib/mariadb.sh"
CLUSTER_DIR="${CLUSTER_DIR:-$ROOT/.local/cluster}"
DB_PROXY_PORT="${CLUSTER_DB_PORT:-3320}"
API_PROXY_PORT="${CLUSTER_API_PORT:-5090}"
WECHAT_PORT="${CLUSTER_WECHAT_PORT:-5099}"
GALERA_BASE="${CLUSTER_GALERA_BASE:-4560}"
NODES=(1 2 3)
INSTANCES="${CLUSTER_INSTANCES:-3}"
DB_NAME=mashangyi DB_USER=mashangyi DB_PASSWORD=cluster-only
CONNECTION="Server=127.0.0.1;Port=$DB_PROXY_PORT;Database=$DB_NAME;User ID=$DB_USER;Password=$DB_PASSWORD;Connection Timeout=5"

node_port() { echo $((DB_PROXY_PORT + $1)); }
node_dir() { echo "$CLUSTER_DIR/node$1"; }
galera_port() { echo $((GALERA_BASE + 10 * $1)); }
api_port() { echo $((API_PROXY_PORT + $1)); }

# Debian's galera-4, haproxy and mariadb-backup (the state transfer), installed like mariadb-server when missing.
ensure_cluster_packages() {
  ensure_mariadb_installed
  local missing=()
  [ -e /usr/lib/galera/libgalera_smm.so ] || [ -e /usr/lib/libgalera_smm.so ] || missing+=(galera-4)
  command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
  command -v mariadb-backup >/dev/null 2>&1 || missing+=(mariadb-backup)
  command -v socat >/dev/null 2>&1 || missing+=(socat)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> Installing ${missing[*]} (one time)"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

haproxy_bin() { command -v haproxy 2>/dev/null || echo /usr/sbin/haproxy; }
galera_lib() { [ -e /usr/lib/galera/libgalera_smm.so ] && echo /usr/lib/galera/libgalera_smm.so || echo /usr/lib/libgalera_smm.so; }

# The node's own option file: the SST scripts read the same file the server was started with.
write_node_cnf() {
  local i=$1 dir members=() n
  dir=$(node_dir "$i")
  for n in "${NODES[@]}"; do members+=("127.0.0.1:$(galera_port "$n")"); done
  local gport; gport=$(galera_port "$i")
  mkdir -p "$dir/tmp"
  cat >"$dir/my.cnf" <<CNF
[mysqld]
datadir=$dir/data
socket=$dir/mysqld.sock
pid-file=$dir/mysqld.pid
log-error=$dir/error.log
tmpdir=$dir/tmp
port=$(node_port "$i")
bind-address=127.0.0.1
$([ "$(id -u)" = 0 ] && echo user=root)
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
max-connections=300
skip-log-bin
default-storage-engine=InnoDB
innodb-buffer-pool-size=96M
innodb-log-file-size=48M
# Durability comes from the other two nodes holding every commit; a killed process loses no page cache.
innodb-flush-log-at-trx-commit=2
binlog-format=ROW
innodb-autoinc-lock-mode=2
wsrep-on=ON
wsrep-provider=$(galera_lib)
wsrep-cluster-name=mashangyi
wsrep-cluster-address=gcomm://$(IFS=,; echo "${members[*]}")
wsrep-node-name=node$i
wsrep-node-address=127.0.0.1:$gport
wsrep-node-incoming-address=127.0.0.1:$(node_port "$i")
wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:$gport;ist.recv_addr=127.0.0.1:$((gport + 1));gcache.size=128M;gcache.recover=yes
# mariadb-backup copies a running donor without blocking it (rsync's daemon runs as nobody and cannot read a root-owned
# datadir); it logs in over the node's socket as root, which has no password in this loopback-only cluster.
wsrep-sst-method=mariabackup
wsrep-sst-auth=root:
wsrep-sst-receive-address=127.0.0.1:$((gport + 2))
wsrep-slave-threads=2
CNF
}

node_sql() { mariadb --no-defaults --socket="$(node_dir "$1")/mysqld.sock" -uroot -N -B -e "$2" 2>/dev/null; }

node_status() { node_sql "$1" "SHOW GLOBAL STATUS LIKE '$2'" | cut -f2; }

node_running() { local p="$(node_dir "$1")/mysqld.pid"; [ -f "$p" ] && kill -0 "$(cat "$p")" 2>/dev/null; }

# start_node I [--wsrep-new-cluster]: after a crash, recovers the node's last committed position first, so it rejoins by
# IST (only the missed write sets) instead of a full copy.
start_node() {
  local i=$1 dir; shift
  dir=$(node_dir "$i")
  local extra=("$@")
  if [ -f "$dir/data/grastate.dat" ] && grep -q '^seqno: *-1' "$dir/data/grastate.dat"; then
    "$(mariadbd_bin)" --defaults-file="$dir/my.cnf" --wsrep-recover --log-error="$dir/recover.log" >/dev/null 2>&1 || true
    local position
    position=$(sed -n 's/.*WSREP: Recovered position: *\([^ ]*\).*/\1/p' "$dir/recover.log" | tail -1)
    [ -n "$position" ] && extra+=("--wsrep-start-position=$position")
  fi
  "$(mariadbd_bin)" --defaults-file="$dir/my.cnf" "${extra[@]}" >/dev/null 2>&1 </dev/null &
  NODE_PID[$i]=$!
}

# wait_synced I [SECONDS]: the node answers, is Synced and in the primary component.
wait_synced() {
  local i=$1 limit=$(( ${2:-120} * 5 ))
  for _ in $(seq 1 "$limit"); do
    [ "$(node_status "$i" wsrep_local_state_comment)" = Synced ] && [ "$(node_status "$i" wsrep_cluster_status)" = Primary ] && return 0
    # The server this script started has exited (a joiner whose state transfer failed aborts): say why, stop waiting.
    if [ -n "${NODE_PID[$i]:-}" ] && ! kill -0 "${NODE_PID[$i]}" 2>/dev/null; then
      echo "node$i stopped while joining; the end of its error log:" >&2
      tail -n 15 "$(node_dir "$i")/error.log" 2>/dev/null | sed 's/^/      /' >&2
      return 2
    fi
    sleep 0.2
  done
  echo "node$i did not reach Synced; see $(node_dir "$i")/error.log" >&2
  return 1
}

wait_cluster_size() {
  local want=$1
  for _ in $(seq 1 600); do
    [ "$(node_status 1 wsrep_cluster_size)" = "$want" ] || [ "$(node_status 2 wsrep_cluster_size)" = "$want" ] && return 0
    sleep 0.2
  done
  return 1
}

stop_pid() { # stop_pid FILE: TERM, then KILL after 15 s
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

start_fake_wechat() {
  node "$ROOT/scripts/cluster/fake-wechat.js" "$WECHAT_PORT" "$CLUSTER_DIR/wechat-sends.jsonl" >>"$CLUSTER_DIR/wechat.log" 2>&1 </dev/null &
  echo $! >"$CLUSTER_DIR/wechat.pid"
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$WECHAT_PORT/" && return 0; sleep 0.1; done
  echo "The fake WeChat did not start; see $CLUSTER_DIR/wechat.log" >&2
  return 1
}

start_instance() { # start_instance I: an API instance on the database proxy, calling the fake WeChat
  local i=$1 port; port=$(api_port "$i")
  (cd "$CLUSTER_DIR/api" && ASPNETCORE_ENVIRONMENT=Development Database__ConnectionString="$CONNECTION" Database__MigrateOnStart=false \
     WeChat__Mode=Real WeChat__AppId=wxcluster0000000000 WeChat__AppSecret=cluster-only WeChat__BaseUrl="http://127.0.0.1:$WECHAT_PORT/" \
     Public__BaseUrl="http://127.0.0.1:$API_PROXY_PORT" RateLimits__Enabled=false Logging__LogLevel__Default=Warning \
     ForwardedHeaders__KnownProxies__0=127.0.0.1 \
     Storage__LocalFolder="$CLUSTER_DIR/photos" Outbox__ClaimSeconds=20 Outbox__PollSeconds=2 exec dotnet MaShangYi.Api.dll --urls "http://127.0.0.1:$port") \
    >>"$CLUSTER_DIR/api$i.log" 2>&1 </dev/null &
  echo $! >"$CLUSTER_DIR/api$i.pid"
}

wait_instance() {
  local i=$1
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$(api_port "$i")/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$CLUSTER_DIR/api$i.pid")" 2>/dev/null || break
    sleep 0.2
  done
  echo "API instance $i did not start; see $CLUSTER_DIR/api$i.log. Its last lines:" >&2
  # The folder may be gone by the time anyone looks (scripts/test.sh removes it): the trail goes with the failure.
  tail -n 30 "$CLUSTER_DIR/api$i.log" | sed "s/^/    api$i: /" >&2
  return 1
}
