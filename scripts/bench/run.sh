#!/usr/bin/env bash
# The benchmark (issue 15, docs/benchmarks.md): an open-model mixed load against the API on a province-scale database.
# Requests arrive at a set rate whatever the server does (tests/Bench/load, over autocannon), spread over the whole
# province. In one run: the capacity at SLO (a ramp of arrival rates, stopping after the first step that misses)
# with the production cache settings and again with the public cache off (the API restarted between); the same ramp
# of the floor reference's primary-key read alone (tests/Bench/Floor), the box's ceiling ($CEILING_RATES); then each
# endpoint alone at a modest rate for its CPU per request beside the floor's primary-key read and insert. Everything
# on this machine, loopback only, bounded in time. Results: .local/bench/results.md.
#
#   scripts/bench/run.sh                        # first run seeds the province (about half an hour), later runs reuse it
#   STEP=30 WARMUP=20 RATES="100 200 400 600 800 1000 1200 1500 2000" scripts/bench/run.sh
#   CLASSES="landing detail statistics" SKIP_COST=1 scripts/bench/run.sh     # a subset of the classes (tests/Bench/load/mix.js)
#   API_DIR=/path/to/an/earlier/build SKIP_SEED=1 scripts/bench/run.sh        # the same load on another build of the API
#   FRESH=1 scripts/bench/run.sh                # run again from the start (by default an interrupted run resumes)
#   CONNECTION_OPTIONS="Maximum Pool Size=8" scripts/bench/run.sh          # more settings on the API's connection string
#   TCP=1 scripts/bench/run.sh                  # the local province over loopback TCP rather than its Unix socket
#   PROVINCE_DIR=.local/small PROVINCE_PORT=3320 SEED_ARGS="--cities 1 --rooms 300 --topics 20000" STEP=5 RATES="50 100" scripts/bench/run.sh
#
# The province database is a project-local MariaDB in $PROVINCE_DIR (.local/province, port $PROVINCE_PORT 3310),
# seeded by tests/Bench/Seed with $SEED_ARGS (--seed 42: 13 cities, ~20,000 rooms, 2,000,000 topics) unless it holds a
# finished seed or SKIP_SEED=1. BENCH_DB_HOST, BENCH_DB_PORT, BENCH_DB_USER, BENCH_DB_PASSWORD, BENCH_DB_NAME (and
# DB_PID, the server's process, for its CPU) point it at another database.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/mariadb.sh
source scripts/lib/npm.sh

export STEP="${STEP:-30}" WARMUP="${WARMUP:-20}" RATES="${RATES:-100 200 400 600 800 1000 1200 1500 2000}"
export CEILING_RATES="${CEILING_RATES:-1000 2000 3000 4000 5000}" COST_RATE="${COST_RATE:-200}" COST_SECONDS="${COST_SECONDS:-15}" COST_WARMUP="${COST_WARMUP:-5}" CLASSES="${CLASSES:-}"
[ -n "$CLASSES" ] || unset CLASSES
API_PORT="${API_PORT:-5300}"
FLOOR_PORT="${FLOOR_PORT:-5301}"
PROVINCE_DIR="${PROVINCE_DIR:-.local/province}"
PROVINCE_PORT="${PROVINCE_PORT:-3310}"
SEED_ARGS="${SEED_ARGS:---seed 42}"
OUT="$(pwd)/.local/bench"
export BENCH_DATA="$OUT/data" OUT_JSONL="$OUT/results.jsonl"
mkdir -p "$BENCH_DATA"

if [ -z "${BENCH_DB_HOST:-}" ]; then
  ensure_mariadb_installed
  # A 12 GiB database wants more than MariaDB's 128 MiB default buffer pool, and writes at this rate a 1 GiB redo log
  # (the 96 MiB default fills within seconds and InnoDB then stalls writers to flush pages).
  start_local_mariadb "$PROVINCE_DIR" "$PROVINCE_PORT" --innodb-buffer-pool-size=2G --innodb-log-file-size=1G
  create_database "$(cd "$PROVINCE_DIR" && pwd)" mashangyi_province mashangyi mashangyi-dev
  BENCH_DB_HOST=127.0.0.1 BENCH_DB_PORT=$PROVINCE_PORT BENCH_DB_USER=mashangyi BENCH_DB_PASSWORD=mashangyi-dev BENCH_DB_NAME=mashangyi_province
  DB_PID="${DB_PID:-$(cat "$PROVINCE_DIR/mysqld.pid")}"
  LOCAL_PROVINCE=1
fi
export DB_PID="${DB_PID:-$(pgrep -f "mariadbd.*--port=$BENCH_DB_PORT" | head -1 || true)}"
# The API and the floor reach the local province over its Unix socket, as a one-box deployment should: a tenth to a
# fifth less CPU a request than over loopback TCP (docs/benchmarks.md, *The database over its Unix socket*). TCP=1: TCP.
if [ -n "${LOCAL_PROVINCE:-}" ] && [ "${TCP:-0}" != 1 ]; then
  SERVER="Server=$(cd "$PROVINCE_DIR" && pwd)/mysqld.sock;Protocol=Unix"
else
  SERVER="Server=$BENCH_DB_HOST;Port=$BENCH_DB_PORT"
fi
CONNECTION="$SERVER;Database=$BENCH_DB_NAME;User ID=$BENCH_DB_USER;Password=$BENCH_DB_PASSWORD${CONNECTION_OPTIONS:+;$CONNECTION_OPTIONS}"
sql() { mariadb --no-defaults -h "$BENCH_DB_HOST" -P "$BENCH_DB_PORT" -u "$BENCH_DB_USER" -p"$BENCH_DB_PASSWORD" "$BENCH_DB_NAME" -N -B -e "$1"; }

echo "==> Building the API, the seed tool and the floor reference (Release); the load tool (npm ci)"
# API_DIR: benchmark an API built elsewhere (e.g. an earlier commit, for before/after figures in the same database).
if [ -n "${API_DIR:-}" ]; then rm -rf "$OUT/api" && cp -r "$API_DIR" "$OUT/api"; else
  dotnet build api/MaShangYi.Api.csproj -c Release -o "$OUT/api" --nologo -v quiet >/dev/null; fi
dotnet build tests/Bench/Seed/Seed.csproj -c Release -o "$OUT/seed" --nologo -v quiet >/dev/null
dotnet build tests/Bench/Floor/Floor.csproj -c Release -o "$OUT/floor" --nologo -v quiet >/dev/null
npm_install tests/Bench/load >/dev/null

# A benchmark environment: simulated WeChat, abuse limits off (all load comes from one address), quiet logs.
export ASPNETCORE_ENVIRONMENT=Benchmark Database__ConnectionString="$CONNECTION" Logging__LogLevel__Default=Warning \
       Jwt__SigningKey="bench-only-signing-key-0123456789abcdef0123" Privacy__DataKey="YmVuY2gtb25seS1kYXRhLWtleS0zMi1ieXRlcy1sb24=" \
       RateLimits__Enabled=false WeChat__Mode=Simulated CLK_TCK="$(getconf CLK_TCK)"

# Seeds once; a seed that stopped part-way is resumed by the same command.
if [ "${SKIP_SEED:-0}" != 1 ] && [ "$(sql "SELECT COUNT(*) FROM seed_progress WHERE phase = 'done'" 2>/dev/null || echo 0)" = 0 ]; then
  echo "==> Seeding the province ($SEED_ARGS; once, resumed if it stopped)"
  # shellcheck disable=SC2086
  dotnet "$OUT/seed/MaShangYi.Bench.Seed.dll" $SEED_ARGS
fi

# Earlier runs' submissions still waiting for review (the review class accepts only the seeded pool): each run would
# leave thousands more at the newest end of every list's (scope, id) index, and list pages would step over them (list
# costs rose run after run, docs/benchmarks.md). They are taken out before measuring, in chunks, with their events and
# remembered contributions, and the statistics of their days rebuilt, so every run measures the same province.
settle_submissions() {
  local left from
  left=$(sql "SELECT COUNT(*) FROM topics WHERE status = 'submitted' AND idempotency_key LIKE 'bench-%'")
  [ "$left" -gt 0 ] || return 0
  from=$(sql "SELECT DATE(MIN(submitted_at) + INTERVAL 8 HOUR) FROM topics WHERE status = 'submitted' AND idempotency_key LIKE 'bench-%'")
  echo "==> Taking out $left submissions earlier runs left unreviewed (then the statistics from $from)"
  while :; do
    local taken
    taken=$(sql "CREATE TEMPORARY TABLE settle AS SELECT id FROM topics WHERE status = 'submitted' AND idempotency_key LIKE 'bench-%' ORDER BY id LIMIT 5000;
                START TRANSACTION;
                DELETE e FROM topic_events e JOIN settle s ON s.id = e.topic_id;
                DELETE c FROM stats_topics c JOIN settle s ON s.id = c.topic_id;
                DELETE t FROM topics t JOIN settle s ON s.id = t.id;
                COMMIT;
                SELECT COUNT(*) FROM settle;")
    [ "$taken" -gt 0 ] || break
    left=$((left - taken)); echo "    $taken taken out, $(( left > 0 ? left : 0 )) left"
  done
  (cd "$OUT/api" && dotnet MaShangYi.Api.dll rebuild-statistics --from "$from")
}
settle_submissions

# The operating system's file cache. A server that has run a while holds its data files there, and so did every run on
# the machine that seeded the province; right after the machine starts it holds none, every page the 2 GiB pool misses
# comes from the disk, and both ramps missed at 100 req/s (docs/benchmarks.md, run Y). Read once, about 30 s for 13 GB.
if [ -n "${LOCAL_PROVINCE:-}" ]; then
  echo "==> Reading the province's files into the file cache"
  find "$PROVINCE_DIR" -name '*.ibd' -print0 | xargs -0 cat > /dev/null
fi

API_PID='' FLOOR_PID=''
trap 'kill $API_PID $FLOOR_PID 2>/dev/null || true' EXIT
start_api() { # Caching__Enabled
  (cd "$OUT/api" && Caching__Enabled=$1 exec dotnet MaShangYi.Api.dll --urls "http://127.0.0.1:$API_PORT") >> "$OUT/api.log" 2>&1 &
  API_PID=$!
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$API_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  export API_PID API_URL="http://127.0.0.1:$API_PORT"
  # The reviewer who accepts submissions: reviewer of every city.
  login bench-reviewer >/dev/null
  sql "INSERT IGNORE INTO role_grants (user_id, role, region_id, created_at) SELECT u.id, 'reviewer', r.id, UTC_TIMESTAMP(3) FROM users u JOIN regions r ON r.level = 1 WHERE u.openid = '$(printf '%s' bench-reviewer | sha256sum | cut -c1-24 | sed 's/^/sim_/')'"
  export BENCH_REVIEWER_TOKEN=$(login bench-reviewer)
}
stop_api() { kill "$API_PID"; wait "$API_PID" 2>/dev/null || true; API_PID=''; }
login() { curl -fs -X POST "http://127.0.0.1:$API_PORT/api/auth/login" -H 'Content-Type: application/json' -d "{\"code\":\"$1\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p'; }

PUBLIC="status IN ('announced','researching','reopened','escalated','meeting_scheduled','deliberated','resolution_published','implementing','completed','closed','referred') AND moderation = 'visible'"
OPEN="status IN ('announced','researching','reopened','meeting_scheduled','deliberated','resolution_published','implementing') AND moderation = 'visible'"
echo "==> Preparing inputs from the database"
# Rooms in a random order: the order is their popularity rank (the load picks them with a Zipf-like skew).
sql "SELECT id, scene FROM rooms WHERE is_active = 1 ORDER BY RAND(7)" > "$BENCH_DATA/rooms.tsv"
sql "SELECT id FROM topics WHERE $PUBLIC" > "$BENCH_DATA/topics.txt"
sql "SELECT id FROM topics WHERE $OPEN ORDER BY RAND(11) LIMIT 200000" > "$BENCH_DATA/open.txt"
sql "SELECT id, code, level FROM regions WHERE level BETWEEN 1 AND 3" > "$BENCH_DATA/regions.tsv"
# Deeper pages: the cursor a resident holds after paging back (a cursor is a public topic of the list), about one in fifty.
sql "SELECT CONCAT('/api/rooms/', room_id, '/topics?limit=20&after=', id) FROM topics WHERE $PUBLIC AND id % 53 = 0" > "$BENCH_DATA/room_pages.txt"
sql "SELECT CONCAT('/api/regions/', CASE id % 3 WHEN 0 THEN region_l1 WHEN 1 THEN region_l2 ELSE region_l3 END, '/topics?limit=20&after=', id)
     FROM topics WHERE $PUBLIC AND id % 151 = 0 AND region_l3 IS NOT NULL" > "$BENCH_DATA/region_pages.txt"
export BENCH_CATEGORY=$(sql "SELECT MIN(id) FROM topic_categories WHERE is_active = 1")
export BENCH_PROVINCE_RESIDENTS=$(sql "SELECT COALESCE(JSON_VALUE(start, '$.Options.Residents'), 1000) FROM seed_progress WHERE id = 1")
wc -l "$BENCH_DATA"/*.t* | sed 's/^/    /'
submitted() { sql "SELECT id FROM topics WHERE status = 'submitted' ORDER BY id" > "$BENCH_DATA/submitted.txt"; }

# Run again after an interruption, the same command goes on where it stopped (tests/Bench/load/resume.js): the
# results of the same build and settings are kept; another build, other settings or FRESH=1 start anew.
key="$( { git rev-parse HEAD; git status --porcelain -- api tests/Bench; echo "$RATES|$STEP|$WARMUP|$CEILING_RATES|$COST_RATE|$COST_SECONDS|$COST_WARMUP|${CLASSES:-}|${CACHES:-}|${API_DIR:-}|${SKIP_COST:-}|$SEED_ARGS|$CONNECTION"; } | sha256sum | cut -c1-16)"
if [ "${FRESH:-0}" = 1 ] || [ "$(cat "$OUT/run.key" 2>/dev/null)" != "$key" ]; then rm -f "$OUT_JSONL"; echo "$key" > "$OUT/run.key"
elif [ -s "$OUT_JSONL" ]; then echo "==> Resuming the run that stopped ($(wc -l < "$OUT_JSONL") results kept; FRESH=1 starts anew)"; fi
# NODE_FLAGS: flags for the load tool's node (e.g. --trace-gc, to see whether the tool itself pauses).
run_load() { (cd tests/Bench/load && OUT="$OUT_JSONL" node ${NODE_FLAGS:-} run.js "$@"); }
# The box's own pauses, with nothing running but the idle database: the floor under every p99 of the run.
echo "==> The machine's own pauses, idle (30 s)"
(cd tests/Bench/load && node pauses.js "${PAUSE_SECONDS:-30}") | tee -a "$OUT_JSONL"
# CACHES: which ramps to run ("true false": with the production cache, then with the public cache off).
for cache in ${CACHES:-true false}; do
  start_api "$cache"
  submitted
  label=$([ "$cache" = true ] && echo "cache on" || echo "cache off")
  echo "==> Capacity at SLO, $label: rates $RATES req/s, ${STEP} s a step (after ${WARMUP} s warm-up)"
  export LABEL="$label"
  run_load ramp
  stop_api
done

if [ "${SKIP_COST:-0}" != 1 ]; then
  (cd "$OUT/floor" && exec dotnet Floor.dll --urls "http://127.0.0.1:$FLOOR_PORT") > "$OUT/floor.log" 2>&1 &
  FLOOR_PID=$!
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$FLOOR_PORT/floor/read/1" && break; sleep 0.2; done
  [ -n "$API_PID" ] || start_api false
  submitted
  export FLOOR_PID FLOOR_URL="http://127.0.0.1:$FLOOR_PORT"
  echo "==> The ceiling: the floor's primary-key read alone at $CEILING_RATES req/s, ${STEP} s a step"
  run_load ceiling
  echo "==> Cost per request, cache off: each class alone at $COST_RATE req/s for $COST_SECONDS s, and the floor"
  run_load cost
fi

node scripts/bench/report.js "$OUT_JSONL" "$(sql 'SELECT COUNT(*) FROM topics')" "$(sql 'SELECT COUNT(*) FROM rooms')" | tee "$OUT/results.md"
