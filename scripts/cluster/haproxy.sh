# The two HAProxy configurations (sourced by up.sh after lib.sh).

# The health check of a database node: Synced (wsrep_local_state 4) and in the primary component. A port check or
# `option mysql-check` would pass a node that is joining, donating or cut off from the others; an HTTP "clustercheck"
# needs a daemon per node. HAProxy's external check forks this script instead: nothing else to keep running.
write_node_check() {
  cat >"$CLUSTER_DIR/check-node.sh" <<'CHECK'
#!/bin/sh
# HAProxy external check: $3 $4 are the node's address and port.
out=$(timeout 2 mariadb --no-defaults -h "$3" -P "$4" -u haproxy_check -N -B -e \
  "SELECT GROUP_CONCAT(VARIABLE_VALUE ORDER BY VARIABLE_NAME) FROM information_schema.GLOBAL_STATUS
   WHERE VARIABLE_NAME IN ('WSREP_CLUSTER_STATUS', 'WSREP_LOCAL_STATE')" 2>/dev/null)
[ "$out" = "Primary,4" ]
CHECK
  chmod +x "$CLUSTER_DIR/check-node.sh"
}

write_haproxy_cfg() {
  local servers="" backups="" i
  for i in "${NODES[@]}"; do
    # One writer (node1) and backups in order: all writes meet on one node, so InnoDB's locks (SELECT … FOR UPDATE)
    # hold as on one server and certification conflicts stay rare. When node1 is back and Synced, the sessions left on
    # a backup are closed, so there is never a second writer for long.
    if [ "$i" = 1 ]; then
      servers+="    server node$i 127.0.0.1:$(node_port "$i") check on-marked-up shutdown-backup-sessions"$'\n'
    else
      backups+="    server node$i 127.0.0.1:$(node_port "$i") check backup"$'\n'
    fi
  done
  local apis=""
  for i in $(seq 1 "$INSTANCES"); do apis+="    server api$i 127.0.0.1:$(api_port "$i") check"$'\n'; done
  cat >"$CLUSTER_DIR/haproxy.cfg" <<CFG
global
    maxconn 4000
    external-check
    insecure-fork-wanted
    stats socket $CLUSTER_DIR/haproxy.sock mode 600 level admin
    log stderr format short local0 notice

defaults
    log global
    timeout connect 2s
    timeout client 10m
    timeout server 10m
    timeout check 3s
    retries 2

listen database
    bind 127.0.0.1:$DB_PROXY_PORT
    mode tcp
    option external-check
    external-check path "/usr/bin:/bin"
    external-check command $CLUSTER_DIR/check-node.sh
    # A dead node's sessions are cut at once, so requests on them fail fast instead of waiting on a timeout.
    default-server inter 1s fastinter 250ms downinter 1s rise 2 fall 2 on-marked-down shutdown-sessions
$servers$backups
listen api
    bind 127.0.0.1:$API_PROXY_PORT
    mode http
    balance roundrobin
    option httpchk GET /healthz
    option forwardfor
    # A refused connection (a dead instance not yet marked down) is retried on another instance at once.
    option redispatch 1
    timeout client 60s
    timeout server 60s
    default-server inter 1s fastinter 250ms rise 2 fall 2 on-marked-down shutdown-sessions
$apis
CFG
}

start_haproxy() {
  "$(haproxy_bin)" -c -q -f "$CLUSTER_DIR/haproxy.cfg" || return 1
  "$(haproxy_bin)" -D -p "$CLUSTER_DIR/haproxy.pid" -f "$CLUSTER_DIR/haproxy.cfg" 2>>"$CLUSTER_DIR/haproxy.log"
}

# haproxy_state BACKEND: "node1:UP node2:UP …" from the stats socket.
haproxy_state() {
  echo "show stat" | socat stdio "unix-connect:$CLUSTER_DIR/haproxy.sock" 2>/dev/null \
    | awk -F, -v b="$1" '$1 == b && $2 != "FRONTEND" && $2 != "BACKEND" { printf "%s:%s ", $2, $18 }'
}
