#!/usr/bin/env bash
# Read benchmark of Estran's API (issue #12, item 5): GET /api/v1/sandboxes/{id} and a member's
# GET /api/v1/sandboxes?limit=100, with wrk, on dev mode holding 10,000 sandboxes.
#
#   mvn -B -DskipTests package && scripts/bench-reads.sh
#
# Builds nothing: runs target/estran.jar (with target/lib/). Starts dev mode (embedded PostgreSQL +
# simulated cluster) on a fresh temporary ESTRAN_DATA_DIR, makes an institution, a reader (a member
# with an API token) and one other member through the API, then writes straight into the database
# 10,000 READY sandboxes (100 the reader's, 9,900 the other member's), 3 events each. The sweep is
# set to PT1H so that it does not try to build 10,000 namespaces meanwhile. For each of the two
# reads, wrk (CONNECTIONS=64, THREADS=2, DURATION=20s, after a WARMUP=5s warm-up) prints throughput and
# latency percentiles; the script prints the load average before each run and the database
# statements per request (estran_db_statements_total before and after, divided by wrk's request
# count: a figure the machine's load does not change). Removes the temporary directory at the end.
# It also prints the CPU time per request of the Java process, of PostgreSQL (the postmaster and its
# backends) and of wrk, from /proc/<pid>/stat before and after the run: on a shared machine, a figure
# the other work changes less than req/s.
# ESTRAN_JAVA_OPTS: JVM options for the server. JFR_DIR: record each measured run (not the set-up,
# not the warm-up) with JFR's profile settings into JFR_DIR/<get|list>.jfr (then, e.g.,
# jfr print --events jdk.ExecutionSample JFR_DIR/get.jfr); the CPU figures then include JFR's cost.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/target/estran.jar"
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s} # longer on a loaded machine, where the JIT compilers are starved of CPU
SANDBOXES=${SANDBOXES:-10000}
[[ -f "$JAR" ]] || { echo "no $JAR: run mvn -B -DskipTests package first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install -y wrk)" >&2; exit 1; }

DATA=$(mktemp -d /tmp/estran-bench-reads.XXXXXX)
# shellcheck source=lib/estran.sh
source "$ROOT/scripts/lib/estran.sh"
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
PID=
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID"; wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT

(
  export ESTRAN_MODE=dev ESTRAN_DATA_DIR="$DATA" ESTRAN_HTTP_PORT="$PORT" \
    ESTRAN_TEMPLATES_DIR="$ROOT/templates" ESTRAN_SWEEP_INTERVAL=PT1H ESTRAN_RATE_LIMIT_PER_MINUTE=0 \
    ESTRAN_DATASET_WORK_DIR="$DATA/runs" # not the shared default, whose other users' runs it would clean
  exec java ${ESTRAN_JAVA_OPTS:-} -jar "$JAR" >"$DATA/estran.log" 2>&1
) &
PID=$!
for _ in $(seq 1 600); do
  curl -sf "$BASE/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "$BASE/readyz" >/dev/null || { echo "Estran did not get ready; see $DATA/estran.log" >&2; tail -20 "$DATA/estran.log"; exit 1; }
ADMIN=$(tr -d '[:space:]' <"$DATA/bootstrap-token")

api() { # method path [json]
  curl -sf -X "$1" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$BASE$2"
}
api POST /api/v1/institutions '{"slug":"bench","name":"Bench","kind":"university"}' >/dev/null
READER_ID=$(api POST /api/v1/institutions/bench/members '{"email":"reader@bench.example","role":"member"}' | jq -r .user.id)
OTHER_ID=$(api POST /api/v1/institutions/bench/members '{"email":"other@bench.example","role":"member"}' | jq -r .user.id)
READER=$(api POST "/api/v1/users/$READER_ID/tokens" '{"name":"bench"}' | jq -r .token)
# dev mode imports and publishes the demo datasets at first start (an anonymisation run each): wait
# for them, so that their CPU is not in the figures
for _ in $(seq 1 300); do
  [[ $(api GET /api/v1/datasets | jq 'length') -ge 3 ]] && break
  sleep 1
done

PGPORT=$(sed -n 4p "$(find "$DATA" -name postmaster.pid | head -1)")
PGDB=$(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -Atc \
  "select datname from pg_database where datname not in ('postgres', 'template0', 'template1') limit 1")
PGDB=${PGDB:-postgres}
psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$PGDB" -v ON_ERROR_STOP=1 <<SQL
insert into sandboxes (id, name, owner_id, institution_id, template, cpu, memory_gib, storage_gib,
  state, namespace, created_at, expires_at, ready_at, updated_at, booked_period)
select g.id, 'bench-' || g.n, case when g.n <= 100 then '$READER_ID'::uuid else '$OTHER_ID'::uuid end,
  (select id from institutions where slug = 'bench'), 'starter', 1, 2, 5, 'READY',
  'estran-bench-' || g.n, now() - g.n * interval '1 second', now() + interval '30 days',
  now(), now(), to_char(now(), 'YYYY-MM')
from (select n, gen_random_uuid() as id from generate_series(1, $SANDBOXES) n) g;
insert into sandbox_events (sandbox_id, at, type, message)
select s.id, s.created_at + k * interval '1 second', t.type, t.message
from sandboxes s,
  (values (0, 'REQUESTED', 'Requested by the benchmark.'), (1, 'PROVISIONED', 'Namespace ready.'),
          (2, 'READY', 'Ready.')) t(k, type, message);
analyze;
SQL
# the sweep (started with the scheduler, which may fire it late on a loaded machine) queues every
# live sandbox for a check: give it time, then wait until the reconcile queue has stayed empty for
# 5 s, so that checking 10,000 sandboxes is not in the figures
sleep 30
quiet=0
for _ in $(seq 1 900); do
  if [[ $(api GET /metrics | awk '/^estran_reconcile_pending/ {print int($NF)}') == 0 ]]; then
    quiet=$((quiet + 1))
    [[ $quiet -ge 5 ]] && break
  else
    quiet=0
  fi
  sleep 1
done
ONE=$(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d "$PGDB" -Atc \
  "select id from sandboxes where owner_id = '$READER_ID' order by created_at desc limit 1")

PGPID=$(head -1 "$(find "$DATA" -name postmaster.pid | head -1)")
TICK=$(getconf CLK_TCK)

statements() {
  api GET /metrics | awk '/^estran_db_statements_total/ {print $NF}'
}
ticks() { # pid...: their user + system CPU time, in clock ticks (children they waited for included)
  local pid total=0
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] || continue
    total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13 + $14 + $15}')))
  done
  echo "$total"
}
cpu() { # the Java process's CPU ticks, then PostgreSQL's (the postmaster and its backends)
  echo "$(ticks "$PID") $(ticks "$PGPID" $(ps -o pid= --ppid "$PGPID"))"
}
run() { # label url [jfr name]
  local label=$1 url=$2 name=${3:-} before after requests out cpu0 cpu1
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: Bearer $READER" "$url" >/dev/null
  echo "== $label: $url"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  if [[ -n "${JFR_DIR:-}" && -n "$name" ]]; then
    mkdir -p "$JFR_DIR"
    jcmd "$PID" JFR.start name="$name" settings=profile filename="$JFR_DIR/$name.jfr" >/dev/null
  fi
  before=$(statements)
  cpu0=$(cpu)
  out=$(/usr/bin/time -f 'wrk-cpu %U %S' -o "$DATA/wrk-cpu" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $READER" "$url")
  cpu1=$(cpu)
  after=$(statements)
  if [[ -n "${JFR_DIR:-}" && -n "$name" ]]; then
    jcmd "$PID" JFR.stop name="$name" >/dev/null
  fi
  echo "$out"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "database statements per request: $(python3 -c "print(round(($after - $before) / $requests, 3))")"
  python3 - "$requests" "$TICK" $cpu0 $cpu1 $(awk '/wrk-cpu/ {print $2, $3}' "$DATA/wrk-cpu") <<'PY'
import sys
requests, tick = int(sys.argv[1]), int(sys.argv[2])
java0, pg0, java1, pg1 = (int(v) for v in sys.argv[3:7])
wrk = float(sys.argv[7]) + float(sys.argv[8])
per = lambda seconds: 1000 * seconds / requests
java, pg = per((java1 - java0) / tick), per((pg1 - pg0) / tick)
print(f"CPU ms per request: java {java:.3f}, postgresql {pg:.3f}, wrk {per(wrk):.3f},"
      f" total {java + pg + per(wrk):.3f}")
PY
}
echo "Estran read benchmark — $(date -u +%FT%TZ), $(nproc) cores, $SANDBOXES sandboxes, $CONNECTIONS connections, warm-up $WARMUP, JVM options: ${ESTRAN_JAVA_OPTS:-none}${JAVA_TOOL_OPTIONS:+ $JAVA_TOOL_OPTIONS}"
echo "uptime: $(uptime)"
run "one sandbox with its events" "$BASE/api/v1/sandboxes/$ONE" get
run "a member's list (100 items)" "$BASE/api/v1/sandboxes?limit=100" list
