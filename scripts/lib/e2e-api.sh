#!/usr/bin/env bash
# A throwaway API for the mini program's end-to-end test: its own MariaDB and API in DIR, on free ports,
# migrated and seeded with the demo city (so the demo-reviewer login has its grant), simulated WeChat.
#   bash scripts/lib/e2e-api.sh start DIR   → writes DIR/e2e.env (MASHANGYI_E2E_URL, MASHANGYI_E2E_SCENE)
#   bash scripts/lib/e2e-api.sh stop DIR    → stops the API and the database and removes DIR
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
source "$ROOT/scripts/lib/mariadb.sh"
source "$ROOT/scripts/lib/npm.sh"

# A free loopback port below the range the kernel hands out to outgoing connections: the API binds its port minutes
# after the choice (after the build), and a port in that range may meanwhile be the local end of some connection.
free_port() {
  node -e '
    const net = require("net");
    let low = 32768;
    try { low = Number(require("fs").readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]) || low; } catch {}
    if (low <= 21000) low = 32768;
    const attempt = () => {
      const port = 20000 + Math.floor(Math.random() * (low - 20000));
      const s = net.createServer();
      s.once("error", attempt);
      s.listen(port, "127.0.0.1", () => { console.log(port); s.close(); });
    };
    attempt();'
}

start() {
  local dir="$1"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  ensure_mariadb_installed
  local db_port api_port
  db_port=$(free_port)
  start_local_mariadb "$dir/mariadb" "$db_port"
  create_database "$dir/mariadb" mashangyi_e2e mashangyi e2e-only
  api_port=$(free_port)
  local url="http://127.0.0.1:$api_port"

  export ASPNETCORE_ENVIRONMENT=Development
  # Over the Unix socket, as scripts/dev.sh connects (the NUnit suite and the cluster use TCP).
  export Database__ConnectionString="Server=$dir/mariadb/mysqld.sock;Protocol=Unix;Database=mashangyi_e2e;User ID=mashangyi;Password=e2e-only"
  export Public__BaseUrl="$url"

  if [ -f "$ROOT/console/package.json" ]; then
    # Built first, so the API's build copies it next to the binary and serves it at /console/.
    echo "==> E2E: building the console" >&2
    (npm_install "$ROOT/console" && cd "$ROOT/console" && npm run build) >"$dir/console-build.log" 2>&1 \
      || { cat "$dir/console-build.log" >&2; return 1; }
  fi
  echo "==> E2E: building the API" >&2
  dotnet build "$ROOT/api/MaShangYi.Api.csproj" -c Release -o "$dir/api" --nologo -v quiet >"$dir/build.log" 2>&1 \
    || { cat "$dir/build.log" >&2; return 1; }
  echo "==> E2E: migrating and seeding the demo city" >&2
  (cd "$dir/api" && Logging__LogLevel__Default=Warning dotnet MaShangYi.Api.dll seed-demo) >"$dir/seed.txt" 2>&1 \
    || { cat "$dir/seed.txt" >&2; return 1; }
  local scene
  scene=$(sed -n 's/^DEMO_ROOM_SCENE=//p' "$dir/seed.txt")

  echo "==> E2E: starting the API on $url" >&2
  (cd "$dir/api" && exec dotnet MaShangYi.Api.dll --urls "$url") >"$dir/api.log" 2>&1 </dev/null &
  echo $! >"$dir/api.pid"
  for _ in $(seq 1 150); do
    if curl -fs "$url/healthz" >/dev/null 2>&1; then
      printf 'export MASHANGYI_E2E_URL=%q\nexport MASHANGYI_E2E_SCENE=%q\n' "$url" "$scene" >"$dir/e2e.env"
      return 0
    fi
    kill -0 "$(cat "$dir/api.pid")" 2>/dev/null || break
    sleep 0.2
  done
  echo "The e2e API did not start; see $dir/api.log" >&2
  tail -n 30 "$dir/api.log" >&2 || true
  return 1
}

stop_pid_file() {
  local file="$1" pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

stop() {
  local dir="$1"
  [ -d "$dir" ] || return 0
  stop_pid_file "$dir/api.pid"
  stop_pid_file "$dir/mariadb/mysqld.pid"
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:?DIR}" ;;
  stop) stop "${2:?DIR}" ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
