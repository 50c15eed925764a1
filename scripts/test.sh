#!/usr/bin/env bash
# README command 2: runs every test — backend (NUnit, against a real MariaDB the tests start themselves)
# and the mini program (jest) — and ends with one line: "N passed, N failed, N skipped".
# Set MASHANGYI_TEST_DB to a server connection string to test against your own MySQL/MariaDB instead.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/mariadb.sh

RESULTS=.local/test-results
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
# A suite that wrote no results (its build or install failed, or it was cut off) counts as a failure in the totals.
results_or_failure() { [ -f "$RESULTS/$1" ] || echo '{"numPassedTests":0,"numFailedTests":0,"numRuntimeErrorTestSuites":1}' >"$RESULTS/$1"; }
# A whole run writes about 2 GB here and in the temporary folder (builds, npm folders, throwaway databases, the cluster's
# three nodes), besides the packages it installs the first time. Too little room fails steps in ways that look unrelated.
for folder in . "${TMPDIR:-/tmp}"; do
  free_mb=$(df -Pm "$folder" 2>/dev/null | awk 'NR == 2 {print $4}')
  [ -z "$free_mb" ] || [ "$free_mb" -ge 3072 ] \
    || echo "Warning: only $free_mb MB free in $(cd "$folder" && pwd); a whole test run needs about 2 GB, more the first time." >&2
done
[ -n "${MASHANGYI_TEST_DB:-}" ] || [ -S /var/run/docker.sock ] || ensure_mariadb_installed
source scripts/lib/chromium.sh && ensure_chromium_installed
source scripts/lib/npm.sh

# The S3 photo store's tests run against s3rver from this small npm folder (the tests start and stop it themselves).
if [ -f tests/s3-server/package.json ]; then
  npm_install tests/s3-server \
    || echo "Installing tests/s3-server failed; the S3 store tests will try again themselves." >&2
fi

echo "==> Backend tests"
dotnet test MaShangYi.slnx --nologo --logger "trx;LogFileName=backend.trx" --results-directory "$RESULTS" 2>&1 | grep -vE '^\s*$'
backend_status=${PIPESTATUS[0]}
if [ ! -f "$RESULTS/backend.trx" ]; then
  # No results at all: the build failed (its errors are printed above). Counted as a failure in the totals.
  echo "The backend tests did not run: see the build errors above." >&2
  results_or_failure backend-build.json
fi

mp_status=0
if [ -f miniprogram/package.json ]; then
  echo "==> Mini program tests"
  (npm_install miniprogram && cd miniprogram \
    && npx jest --ci --json --outputFile="../$RESULTS/miniprogram.json" 2>&1 | tail -n 40)
  mp_status=$?
  results_or_failure miniprogram.json

  # The end-to-end tests: the mini program's services against a real API process on the real clock, with its own
  # throwaway database — a resident's topic to the receipt lookup, and a topic's whole life on every path.
  echo "==> Mini program end-to-end test (real API)"
  E2E_DIR=$(mktemp -d)
  if bash scripts/lib/e2e-api.sh start "$E2E_DIR"; then
    (source "$E2E_DIR/e2e.env" && cd miniprogram \
      && npx jest -c jest.e2e.config.js --ci --runInBand --json --outputFile="../$RESULTS/miniprogram-e2e.json" 2>&1 | tail -n 300)
    e2e_status=$?
    if [ -f console/package.json ]; then
      echo "==> Console end-to-end tests (headless Chromium, same API)"
      (source "$E2E_DIR/e2e.env" && cd console \
        && MASHANGYI_E2E_SHOTS="../$RESULTS/console-screenshots" npx vitest run -c vitest.e2e.config.js \
             --reporter=default --reporter=json --outputFile.json="../$RESULTS/console-e2e.json" 2>&1 | tail -n 300)
      [ $? -eq 0 ] || e2e_status=1
      results_or_failure console-e2e.json
    fi
    # What passed on the screen must not have failed in the server: an error the API logged fails the run.
    if grep -qE '^(fail|crit): ' "$E2E_DIR/api.log"; then
      echo "The API logged errors during the end-to-end tests:" >&2
      grep -E -A 8 '^(fail|crit): ' "$E2E_DIR/api.log" | head -n 80 >&2
      echo '{"numPassedTests":0,"numFailedTests":1}' >"$RESULTS/miniprogram-e2e-api-log.json"
      e2e_status=1
    fi
  else
    # Counted as a failure in the totals, not silently skipped.
    results_or_failure miniprogram-e2e.json
    e2e_status=1
  fi
  bash scripts/lib/e2e-api.sh stop "$E2E_DIR"
  [ $e2e_status -eq 0 ] || mp_status=1
fi

console_status=0
if [ -f console/package.json ]; then
  echo "==> Console tests"
  (npm_install console && cd console \
    && npx vitest run --reporter=default --reporter=json --outputFile.json="../$RESULTS/console.json" 2>&1 | tail -n 30)
  console_status=$?
  results_or_failure console.json
fi

# The benchmark's own logic that asserts no timing (picking up an interrupted run, a step's length, the machine's pause probe, a trickle
# class without false timeouts, the report's memory lines); the load tool's timing tests run with `npm test` in tests/Bench/load, not here.
# With them, the totals line's own arithmetic (scripts/lib/summarize.test.js).
echo "==> Benchmark tool and script tests"
npm_install tests/Bench/load >/dev/null 2>&1
node --test tests/Bench/load/resume.test.js tests/Bench/load/mix.test.js tests/Bench/load/pauses.test.js tests/Bench/load/idle.test.js tests/Bench/load/report.test.js \
  scripts/lib/summarize.test.js > "$RESULTS/bench-tool.tap" 2>&1
bench_status=$?
grep -E '^not ok' "$RESULTS/bench-tool.tap" || true  # which test failed, not only how many
tail -n 8 "$RESULTS/bench-tool.tap"
node -e 'const t = require("fs").readFileSync(process.argv[1], "utf8"); const n = (k) => Number((new RegExp("^# " + k + " (\\d+)", "m").exec(t) || [0, 0])[1]);
  const pass = n("pass"), fail = n("fail"); console.log(JSON.stringify({ numPassedTests: pass, numFailedTests: fail, numRuntimeErrorTestSuites: pass + fail ? 0 : 1 }))' \
  "$RESULTS/bench-tool.tap" > "$RESULTS/bench-tool.json"

# The short form of the cluster fault test (docs/scale-out.md): three Galera nodes, HAProxy, three API instances in a
# temporary folder on free loopback ports; the writer node is killed -9 once under load and rejoins; then no
# acknowledged write may be lost or doubled and the nodes must agree. About three minutes. The full form (an API
# instance killed as well) is its own README command: scripts/cluster/fault-test.sh.
echo "==> Cluster fault test (short form)"
CLUSTER_TMP=$(mktemp -d)
cluster_base() { # a free block of 64 loopback ports, below the range the kernel hands out to outgoing connections
  # A port in that range can be taken, between the choice and the bind a minute later, as the local end of one of the
  # cluster's own connections (HAProxy's checks, the nodes' traffic): an API instance then fails to bind and aborts.
  local used b p ok low
  low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "${low:-0}" -gt 21000 ] || low=32768
  used=$(ss -Htan 2>/dev/null | awk '{print $4}' | sed 's/.*://' | sort -u)
  for _ in $(seq 1 50); do
    b=$((20000 + RANDOM % (low - 20000 - 64))) ok=1
    for p in $(seq "$b" $((b + 63))); do grep -qx "$p" <<<"$used" && { ok=0; break; }; done
    [ $ok = 1 ] && { echo "$b"; return; }
  done
  echo 23200
}
base=$(cluster_base)
CLUSTER_DIR="$CLUSTER_TMP" CLUSTER_DB_PORT=$base CLUSTER_GALERA_BASE=$((base + 10)) CLUSTER_API_PORT=$((base + 60)) CLUSTER_WECHAT_PORT=$((base + 59)) \
  RESULTS="$RESULTS" FAULTS=node bash scripts/cluster/fault-test.sh 8 2>&1 | tail -n 40
cluster_status=${PIPESTATUS[0]}
results_or_failure cluster-fault.json
if [ "$cluster_status" -ne 0 ]; then # the folder goes next: show what the API instances logged as failures first
  for log in "$CLUSTER_TMP"/api*.log; do
    [ -f "$log" ] && grep -A3 -E '^(fail|crit): MaShangYi' "$log" | grep -vE '^\s+at ' | head -n 80 | sed "s|^|$(basename "$log"): |"
  done
fi
rm -rf "$CLUSTER_TMP"

node scripts/lib/summarize.js "$RESULTS"
summary_status=$?
[ $backend_status -eq 0 ] && [ $mp_status -eq 0 ] && [ $console_status -eq 0 ] && [ $bench_status -eq 0 ] && [ $cluster_status -eq 0 ] && [ $summary_status -eq 0 ]
