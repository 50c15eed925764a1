#!/usr/bin/env bash
# Starts, on loopback and in .local/cluster: a three-node MariaDB Galera cluster, an HAProxy that sends the database
# connections to one Synced node (the others as backups), the migrations once, the demo city, and CLUSTER_INSTANCES (3)
# API instances (Release, calling a fake WeChat that counts what it is sent) behind the same HAProxy on http://127.0.0.1:5090. A fresh cluster each time;
# scripts/cluster/down.sh stops everything. See docs/scale-out.md.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/haproxy.sh"
cd "$ROOT"

ensure_cluster_packages
bash "$ROOT/scripts/cluster/down.sh" >/dev/null 2>&1 || true
rm -rf "$CLUSTER_DIR" && mkdir -p "$CLUSTER_DIR"

echo "==> Building the API (Release)"
if ! dotnet build api/MaShangYi.Api.csproj -c Release -o "$CLUSTER_DIR/api" --nologo -v quiet >"$CLUSTER_DIR/build.log" 2>&1; then
  grep -E ': (error|warning) ' "$CLUSTER_DIR/build.log" | sort -u >&2 || cat "$CLUSTER_DIR/build.log" >&2
  exit 1
fi

echo "==> Starting three Galera nodes"
for i in "${NODES[@]}"; do
  write_node_cnf "$i"
  user_args=(--user=root); [ "$(id -u)" = 0 ] || user_args=()
  mariadb-install-db --no-defaults --datadir="$(node_dir "$i")/data" "${user_args[@]}" \
    --auth-root-authentication-method=normal --skip-test-db >"$(node_dir "$i")/install.log" 2>&1
done
start_node 1 --wsrep-new-cluster
wait_synced 1 60
node_sql 1 "CREATE DATABASE IF NOT EXISTS $DB_NAME CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
  CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
  GRANT ALL PRIVILEGES ON $DB_NAME.* TO '$DB_USER'@'127.0.0.1';
  CREATE USER IF NOT EXISTS 'haproxy_check'@'127.0.0.1';"
# One joiner at a time: each takes a state transfer from a Synced node.
for i in 2 3; do start_node "$i"; wait_synced "$i" 120; done
wait_cluster_size 3
echo "    cluster size $(node_status 1 wsrep_cluster_size), all Synced"

echo "==> HAProxy: database on 127.0.0.1:$DB_PROXY_PORT, API on 127.0.0.1:$API_PROXY_PORT"
write_node_check
write_haproxy_cfg
start_haproxy
for _ in $(seq 1 50); do [[ "$(haproxy_state database)" == *"node1:UP"* ]] && break; sleep 0.2; done

# GET_LOCK neither replicates nor runs on a Galera node, so instances do not migrate at start: one step, before them.
echo "==> Migrating once and seeding the demo city"
(cd "$CLUSTER_DIR/api" && export ASPNETCORE_ENVIRONMENT=Development Database__ConnectionString="$CONNECTION" \
   Database__MigrateOnStart=false Logging__LogLevel__Default=Warning \
   && dotnet MaShangYi.Api.dll migrate && dotnet MaShangYi.Api.dll seed-demo) >"$CLUSTER_DIR/seed.txt" 2>&1 \
  || { cat "$CLUSTER_DIR/seed.txt" >&2; exit 1; }

echo "==> Starting the fake WeChat on 127.0.0.1:$WECHAT_PORT and $INSTANCES API instances"
start_fake_wechat
for i in $(seq 1 "$INSTANCES"); do start_instance "$i"; done
for i in $(seq 1 "$INSTANCES"); do wait_instance "$i"; done
for _ in $(seq 1 50); do [ "$(haproxy_state api | grep -o ':UP' | wc -l)" = "$INSTANCES" ] && break; sleep 0.2; done

cat <<INFO

  Cluster up.   API: http://127.0.0.1:$API_PROXY_PORT   database proxy: 127.0.0.1:$DB_PROXY_PORT ($CONNECTION)
  database servers: $(haproxy_state database)
  API instances:    $(haproxy_state api)
  demo room:        $(sed -n 's/^DEMO_ROOM_SCENE=//p' "$CLUSTER_DIR/seed.txt") (id $(sed -n 's/^DEMO_ROOM_ID=//p' "$CLUSTER_DIR/seed.txt"))
  logs and data in $CLUSTER_DIR; scripts/cluster/down.sh stops everything.

INFO
