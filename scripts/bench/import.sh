#!/usr/bin/env bash
# Benchmark: import a reference-size city (1,732 rooms over four levels) through the API, then import
# the same file again (which must change nothing). Uses the project-local MariaDB of scripts/dev.sh in a
# separate database, and an API instance of its own on port 5099. Prints the two timings.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/mariadb.sh
DB_PORT="${DB_PORT:-3307}"
ensure_mariadb_installed
start_local_mariadb .local/mariadb "$DB_PORT"
mariadb --no-defaults --socket=.local/mariadb/mysqld.sock -uroot -e "DROP DATABASE IF EXISTS mashangyi_bench"
create_database "$(pwd)/.local/mariadb" mashangyi_bench mashangyi mashangyi-dev
export ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning
export Database__ConnectionString="Server=127.0.0.1;Port=$DB_PORT;Database=mashangyi_bench;User ID=mashangyi;Password=mashangyi-dev"
dotnet build api/MaShangYi.Api.csproj -c Release -o .local/api --nologo -v quiet >/dev/null
dotnet .local/api/MaShangYi.Api.dll bootstrap-admin --login-code bench-admin --region-code 329900 --region-name 参照市 >/dev/null
node scripts/bench/reference-city.js > .local/reference-city.csv
(cd .local/api && exec dotnet MaShangYi.Api.dll --urls http://127.0.0.1:5099) &
API_PID=$!
trap 'kill $API_PID 2>/dev/null || true' EXIT
until curl -fs http://127.0.0.1:5099/healthz >/dev/null 2>&1; do sleep 0.2; done
TOKEN=$(curl -fs -X POST http://127.0.0.1:5099/api/auth/login -H 'Content-Type: application/json' -d '{"code":"bench-admin"}' \
  | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
for run in first again; do
  curl -fs -o .local/import-$run.json -w "import ($run): %{time_total} s, HTTP %{http_code}\n" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary @.local/reference-city.csv \
    http://127.0.0.1:5099/api/import/rooms
  echo "  $(cat .local/import-$run.json)"
done
