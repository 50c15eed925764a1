#!/usr/bin/env bash
# The cluster fault test: constant load on the API proxy; STEP seconds in (default 12), kill -9 the writer database node;
# a STEP later kill -9 one API instance; a STEP later restart the node and wait until it has rejoined (IST, or SST if it
# must) and HAProxy has moved the writes back to it; a STEP more of load, then stop. Then check that no acknowledged write was lost or doubled, the timeline, the outbox, the statistics against a
# rebuild, and that the three nodes hold the same rows. Starts the cluster with up.sh if it is not running (and then
# stops it at the end). Writes $RESULTS/cluster-fault.json when RESULTS is set.
#   scripts/cluster/fault-test.sh [STEP]
#   FAULTS=node scripts/cluster/fault-test.sh 8    # the short form in the README's test command: the writer node only
set -uo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/haproxy.sh"
STEP="${1:-12}"
FAULTS="${FAULTS:-node instance}"
OUT="${RESULTS:-$CLUSTER_DIR}"

started_here=0
if ! curl -fs "http://127.0.0.1:$API_PROXY_PORT/healthz" >/dev/null 2>&1 || ! node_running 1 || ! node_running 2 || ! node_running 3; then
  # A start that fails half way (an instance that does not come up) stops what it did start: nodes, HAProxy, instances.
  bash "$ROOT/scripts/cluster/up.sh" || {
    echo '{"numPassedTests":0,"numFailedTests":0,"numRuntimeErrorTestSuites":1}' >"$OUT/cluster-fault.json"
    bash "$ROOT/scripts/cluster/down.sh" >/dev/null 2>&1 || true
    exit 1
  }
  started_here=1
fi
[ $started_here = 1 ] && trap 'bash "$ROOT/scripts/cluster/down.sh"' EXIT
# The writer is the node HAProxy sends to: node1, unless an earlier run left another in charge.
writer=$(haproxy_state database | tr ' ' '\n' | grep -m1 ':UP' | sed 's/node\([0-9]\):UP/\1/')
room=$(sed -n 's/^DEMO_ROOM_ID=//p' "$CLUSTER_DIR/seed.txt")
events="$CLUSTER_DIR/fault-events.txt"; : >"$events"
stamp() { echo "$1=$(date +%s%3N)" >>"$events"; }

echo "==> Fault test: load on http://127.0.0.1:$API_PROXY_PORT (writer node$writer), a fault every ${STEP}s"
node "$ROOT/scripts/cluster/load.js" "http://127.0.0.1:$API_PROXY_PORT" "$room" 600 "$CLUSTER_DIR/load.json" &
load_pid=$!
sleep "$STEP"
echo "    kill -9 node$writer (the writer)"
stamp node_killed; kill -9 "$(cat "$(node_dir "$writer")/mysqld.pid")"
sleep "$STEP"
if [[ " $FAULTS " == *" instance "* ]]; then
  # Mid-send if it can be: within 10 s, the moment WeChat holds one of instance 2's messages unanswered (its client
  # port in the fake's in-flight list belongs to instance 2's process), so the outbox meets a send in doubt.
  api2=$(cat "$CLUSTER_DIR/api2.pid") midsend=0
  for _ in $(seq 1 200); do
    for p in $(curl -s "http://127.0.0.1:$WECHAT_PORT/_inflight" | tr -d '[]' | tr ',' ' '); do
      ss -tnpH "( sport = :$p )" 2>/dev/null | grep -q "pid=$api2," && { midsend=1; break 2; }
    done
    sleep 0.05
  done
  echo "    kill -9 API instance 2$([ $midsend = 1 ] && echo ', while WeChat held one of its messages unanswered')"
  stamp instance_killed; kill -9 "$api2"
  echo "instance_killed_mid_send=$midsend" >>"$events"
  sleep "$STEP"
fi
echo "    restarting node$writer"
stamp node_restarted
# A node killed mid-write sometimes aborts while it rejoins (its state transfer failed); an operator starts it again.
for attempt in 1 2 3; do
  start_node "$writer"
  wait_synced "$writer" 180 && { stamp node_synced; break; }
  node_running "$writer" && break
  echo "    node$writer stopped while rejoining (attempt $attempt); starting it again"
done
for _ in $(seq 1 50); do [[ "$(haproxy_state database)" == *"node$writer:UP"* ]] && break; sleep 0.2; done
echo "    node$writer Synced again and back in HAProxy: $(haproxy_state database)"
sleep "$STEP"
kill -TERM $load_pid
wait $load_pid || { echo "The load tool failed." >&2; exit 1; }
if [[ " $FAULTS " == *" instance "* ]]; then start_instance 2 && wait_instance 2; fi

echo "==> Waiting for the outbox to drain"
for _ in $(seq 1 60); do
  [ "$(node_sql 1 "SELECT COUNT(*) FROM mashangyi.outbox WHERE status NOT IN ('sent', 'dropped')")" = 0 ] && break
  sleep 1
done
echo "==> Checks"
mkdir -p "$OUT"
CLUSTER_CONNECTION="$CONNECTION" node "$ROOT/scripts/cluster/check.js" "$CLUSTER_DIR" "$CLUSTER_DIR/load.json" "$events" "$OUT/cluster-fault.json"
