#!/usr/bin/env bash
# README command 1: start the service with its database, simulated WeChat and the demo city.
# Installs what is missing (Debian's mariadb-server), keeps the database in .local/mariadb (it survives
# restarts), applies migrations, seeds the demo city, and runs the API in the foreground (Ctrl-C stops it; use a
# second terminal meanwhile).
# Set MASHANGYI_DB to a connection string to use your own MySQL 8 / MariaDB 10.11 instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/mariadb.sh
source scripts/lib/npm.sh

PORT="${PORT:-5080}"
DB_PORT="${DB_PORT:-3307}"
URL="http://localhost:$PORT"
mkdir -p .local

if [ -n "${MASHANGYI_DB:-}" ]; then
  CONNECTION="$MASHANGYI_DB"
else
  ensure_mariadb_installed
  start_local_mariadb .local/mariadb "$DB_PORT"
  create_database "$(pwd)/.local/mariadb" mashangyi mashangyi mashangyi-dev
  # Over the server's Unix socket, as on a one-box deployment (README, Configuration); the port serves other clients.
  CONNECTION="Server=$(pwd)/.local/mariadb/mysqld.sock;Protocol=Unix;Database=mashangyi;User ID=mashangyi;Password=mashangyi-dev"
fi

export ASPNETCORE_ENVIRONMENT=Development
export Database__ConnectionString="$CONNECTION"
export Public__BaseUrl="$URL"

if [ -f console/package.json ]; then
  # Built before the API, whose build copies it next to the binary: the API serves it at /console/.
  echo "==> Building the console"
  if ! (npm_install console && cd console && npm run build) >.local/console-build.log 2>&1; then
    cat .local/console-build.log >&2
    echo "The console's build failed; the log is in .local/console-build.log." >&2
    exit 1
  fi
fi
echo "==> Building"
if ! dotnet build api/MaShangYi.Api.csproj -c Release -o .local/api --nologo -v quiet >.local/build.log 2>&1; then
  # The compiler's own words, once each (MSBuild repeats them in its summary).
  grep -E ': (error|warning) ' .local/build.log | sort -u >&2 || cat .local/build.log >&2
  echo "The build failed; the full log is in .local/build.log." >&2
  exit 1
fi
echo "==> Migrating and seeding the demo city"
Logging__LogLevel__Default=Warning dotnet .local/api/MaShangYi.Api.dll seed-demo | tee .local/seed.txt
SCENE=$(sed -n 's/^DEMO_ROOM_SCENE=//p' .local/seed.txt)
ROOM_ID=$(sed -n 's/^DEMO_ROOM_ID=//p' .local/seed.txt)

echo "==> Starting the API on $URL"
(cd .local/api && exec dotnet MaShangYi.Api.dll --urls "$URL") &
API_PID=$!
trap 'kill $API_PID 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 150); do
  curl -fs "$URL/healthz" >/dev/null 2>&1 && break
  kill -0 $API_PID 2>/dev/null || { echo "The API stopped; see the log above." >&2; exit 1; }
  sleep 0.2
done

node scripts/lib/demo-topics.js "$URL" "$ROOM_ID"

# The code image is for region admins: log in as the demo city admin (simulated WeChat) and save it.
TOKEN=$(curl -fs -X POST "$URL/api/auth/login" -H 'Content-Type: application/json' -d '{"code":"demo-city-admin"}' \
  | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
curl -fs -H "Authorization: Bearer $TOKEN" "$URL/api/rooms/$ROOM_ID/code" -o .local/demo-room-code.png

cat <<INFO

  码上议 API is running (simulated WeChat, demo city 淮安市).
  Web console:      $URL/console/   (模拟扫码: pick 区域管理员 · 淮安市 (demo-city-admin) → 模拟扫码并确认)
  Swagger UI:       $URL/swagger
  Demo room scene:  $SCENE   (landing: $URL/api/landing?scene=$SCENE)
  Its code image:   $(pwd)/.local/demo-room-code.png   (API: GET $URL/api/rooms/$ROOM_ID/code as a region admin)
  Demo city admin:  log in with code "demo-city-admin" (POST $URL/api/auth/login)
  Demo staff:       demo-reviewer, demo-room-admin, demo-cppcc, demo-volunteer, demo-implementer (same way)
  Database:         $CONNECTION
  Ctrl-C stops the API; the database keeps running in .local/mariadb (scripts/stop-db.sh stops it).

INFO
wait $API_PID
