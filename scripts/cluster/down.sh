#!/usr/bin/env bash
# Stops everything scripts/cluster/up.sh started (by its pid files): the API instances, HAProxy, the fake WeChat, the three nodes.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
[ -d "$CLUSTER_DIR" ] || exit 0
for f in "$CLUSTER_DIR"/api*.pid; do [ -e "$f" ] && stop_pid "$f"; done
stop_pid "$CLUSTER_DIR/haproxy.pid"
stop_pid "$CLUSTER_DIR/wechat.pid"
# The joiners first, the first node last: it then holds the newest state (safe_to_bootstrap).
for i in 3 2 1; do stop_pid "$(node_dir "$i")/mysqld.pid"; done
echo "Cluster stopped (data left in $CLUSTER_DIR; up.sh starts a fresh one)."
