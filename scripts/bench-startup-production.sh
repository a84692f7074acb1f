#!/usr/bin/env bash
# Startup benchmark of Estran's PRODUCTION mode: an external PostgreSQL and the cluster KUBECONFIG names
# (a real API server, e.g. the one of /work/shared/tools/kube-real), as the chart runs it.
#
# Builds nothing: it runs target/estran.jar (with target/lib/), so build first:
#     mvn -B -DskipTests package && KUBECONFIG=... scripts/bench-startup-production.sh
#
# It creates one fresh database (dropped at the end) on PGHOST:PGPORT as PGUSER (trust auth), then for each
# JVM configuration starts Estran RUNS times on it: the very first start migrates the empty database
# ("cold"), every other start finds it migrated ("warm", what a restart or a second replica sees).
# Each start measures, from launch: the first 200 of GET /readyz (curl every 20 ms; it checks the database
# and the API server), the JVM's CPU time (utime+stime, load-independent) and RSS at that moment, the
# classes loaded (jcmd), the RSS after IDLE_S seconds idle and after 200 authenticated API requests; then
# stops Estran with SIGTERM.
#
# Configurations (CONFIGS, default "default light cds chart"):
#   default  no JVM flags
#   light    JAVA_TOOL_OPTIONS="$LIGHT_OPTS" (SerialGC, small heap, C1 only, small stacks and code cache; an
#            experiment: C1 only costs anonymisation a third of its speed, so the chart keeps C2)
#   cds      light + an AppCDS archive of Estran's classes (-XX:SharedArchiveFile=$CDS_ARCHIVE). The archive
#            is made first if missing, by one training start with -XX:ArchiveClassesAtExit (see
#            docs/benchmarks.md, "Start and footprint"); it is a build output, never committed.
#   chart    the chart's jvm.options (read from charts/estran/values.yaml) + the same archive: what the
#            image runs
#   aot      the chart's jvm.options + an AOT cache (-XX:AOTCache=$AOT_CACHE; Java 25 or later on the PATH),
#            made first if missing by one training start with -XX:AOTCacheOutput, as bin/estran-server
#            records one
#
# Environment: ESTRAN_JAR (target/estran.jar), KUBECONFIG (required), PGHOST (127.0.0.1), PGPORT (5432),
# PGUSER (postgres), RUNS (3), IDLE_S (10), CONFIGS, CDS_ARCHIVE (target/estran-cds.jsa), AOT_CACHE
# (target/estran.aot),
# PROFILE=1 (one more start with JFR, printing where the main thread's start-up time goes),
# BENCH_OUT (appends a summary line; default target/benchmarks.txt).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${ESTRAN_JAR:-$ROOT/target/estran.jar}"
RUNS="${RUNS:-3}"
IDLE_S="${IDLE_S:-10}"
CONFIGS="${CONFIGS:-default light cds chart}"
OUT="${BENCH_OUT:-$ROOT/target/benchmarks.txt}"
PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export PGHOST PGPORT PGUSER
LIGHT_OPTS="${LIGHT_OPTS:--XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 -Xss512k -XX:ReservedCodeCacheSize=48m}"
CDS_ARCHIVE="${CDS_ARCHIVE:-$ROOT/target/estran-cds.jsa}"
AOT_CACHE="${AOT_CACHE:-$ROOT/target/estran.aot}"
CHART_OPTS="$(sed -n 's/^  options: "\(.*\)"$/\1/p' "$ROOT/charts/estran/values.yaml")"
TOKEN="estran_bench-startup-token-0123456789"

[[ -f "$JAR" ]] || { echo "No $JAR: build it first with 'mvn -B -DskipTests package'." >&2; exit 2; }
[[ -n "${KUBECONFIG:-}" ]] || { echo "KUBECONFIG must name the cluster (a real API server)." >&2; exit 2; }
for tool in curl java jcmd psql; do command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 2; }; done

DB="estran_startup_$(date +%s)_$$"
psql -qAt -d postgres -c "create database $DB" >/dev/null
PID=""
WORK=$(mktemp -d "${TMPDIR:-/tmp}/estran-startup.XXXXXX")
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  psql -qAt -d postgres -c "drop database if exists $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# shellcheck source=lib/estran.sh
source "$ROOT/scripts/lib/estran.sh"
rss_mb() { awk '/^VmRSS:/ {printf "%d", $2/1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
cpu_ms() { awk '{ sub(/.*\) /, ""); printf "%d", ($12 + $13) * 10 }' "/proc/$1/stat" 2>/dev/null || echo 0; }   # USER_HZ=100

# Launches Estran in production mode with JVM options $1; sets PID and PORT.
launch() {
  PORT=$(free_port)
  (
    cd "$ROOT"
    if [[ -n "$1" ]]; then export JAVA_TOOL_OPTIONS="$1"; else unset JAVA_TOOL_OPTIONS; fi
    run_production "$JAR" "$PORT" "jdbc:postgresql://$PGHOST:$PGPORT/$DB" "$PGUSER" "$TOKEN" \
      "startup-bench-$$" "$WORK/data"
  ) >"$WORK/estran.log" 2>&1 &
  PID=$!
}

await_ready() { # prints ms since $1, or fails after 120 s
  local launched="$1" deadline=$(( $(now_ms) + 120000 ))
  while :; do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/readyz" || true)" == "200" ]]; then
      echo $(( $(now_ms) - launched )); return 0
    fi
    kill -0 "$PID" 2>/dev/null || { echo "Estran exited before /readyz answered; log:" >&2; cat "$WORK/estran.log" >&2; return 1; }
    (( $(now_ms) > deadline )) && { echo "/readyz not 200 within 120 s; log:" >&2; tail -50 "$WORK/estran.log" >&2; return 1; }
    sleep 0.02
  done
}

stop() { # $1: seconds to wait before SIGKILL (default 20; writing the CDS archive at exit takes longer)
  local limit="${1:-20}" t0
  kill -TERM "$PID" 2>/dev/null || true
  t0=$(now_ms)
  while kill -0 "$PID" 2>/dev/null && (( $(now_ms) - t0 < limit * 1000 )); do sleep 0.05; done
  kill -0 "$PID" 2>/dev/null && { echo "Estran did not stop within $limit s; killing it" >&2; kill -KILL "$PID" 2>/dev/null || true; }
  wait "$PID" 2>/dev/null || true
  PID=""
}

# One start: "readyz_ms cpu_ms rss_ready classes rss_idle rss_after banner_ms"
one_start() {
  local opts="$1" launched readyz cpu rss classes idle after banner cfg
  launched=$(now_ms)
  launch "$opts"
  readyz=$(await_ready "$launched")
  cpu=$(cpu_ms "$PID"); rss=$(rss_mb "$PID")
  classes=$(jcmd "$PID" PerfCounter.print 2>/dev/null | awk -F= '/java.cls.(shared)?[lL]oadedClasses=/ {l+=$2} /java.cls.(shared)?[uU]nloadedClasses=/ {u+=$2} END {print l-u}')
  sleep "$IDLE_S"
  idle=$(rss_mb "$PID")
  cfg="$WORK/curl.cfg"; : >"$cfg"
  for _ in $(seq 1 100); do
    printf 'url = "http://127.0.0.1:%s/api/v1/me"\noutput = "/dev/null"\nurl = "http://127.0.0.1:%s/api/v1/sandboxes?limit=100"\noutput = "/dev/null"\n' "$PORT" "$PORT" >>"$cfg"
  done
  curl -s -H "Authorization: Bearer $TOKEN" -K "$cfg" >/dev/null || true
  after=$(rss_mb "$PID")
  banner=$(sed -n 's/.*Estran is up in \([0-9]*\) ms.*/\1/p' "$WORK/estran.log" | tail -1)
  stop "${STOP_LIMIT:-20}"
  echo "$readyz $cpu $rss ${classes:-?} $idle $after ${banner:-?}"
}

# One training start that records a class archive as it stops: record FILE WHAT JVM_OPTIONS
record() {
  local file=$1 what=$2 opts=$3
  echo "Making the $what $file (one training start: ready, 200 requests, SIGTERM)..." >&2
  rm -f "$file"
  STOP_LIMIT=300 one_start "$opts" >/dev/null
  [[ -f "$file" ]] || { echo "no $what was written; log:" >&2; tail -20 "$WORK/estran.log" >&2; exit 1; }
  echo "$what: $(du -h "$file" | cut -f1)" >&2
}
make_archive() {
  record "$CDS_ARCHIVE" "AppCDS archive" "$LIGHT_OPTS -XX:ArchiveClassesAtExit=$CDS_ARCHIVE -Xlog:cds=off -Xlog:cds+dynamic=info"
}
make_aot_cache() { # Java 25 or later
  record "$AOT_CACHE" "AOT cache" "$CHART_OPTS -XX:AOTCacheOutput=$AOT_CACHE -Xlog:aot=off"
}

printf 'Estran production-mode startup — %s, %s cores, %s; load average %s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" \
  "$(java -version 2>&1 | head -1)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'database %s on %s:%s, cluster %s\n\n' "$DB" "$PGHOST" "$PGPORT" "$(kubectl --kubeconfig "$KUBECONFIG" config view --minify -o jsonpath='{.clusters[0].cluster.server}' 2>/dev/null || echo ?)"
printf '%-8s %-5s %8s %8s %9s %8s %9s %9s %8s %6s\n' JVM start readyz CPU "RSS rdy" classes "RSS idle" "RSS +200" banner load
printf '%-8s %-5s %8s %8s %9s %8s %9s %9s %8s %6s\n' "" "" ms ms MB "" MB MB ms 1min

summary=""
first=1
for config in $CONFIGS; do
  case "$config" in
    default) opts="" ;;
    light) opts="$LIGHT_OPTS" ;;
    cds) [[ -f "$CDS_ARCHIVE" ]] || make_archive; opts="$LIGHT_OPTS -XX:SharedArchiveFile=$CDS_ARCHIVE" ;;
    chart) [[ -f "$CDS_ARCHIVE" ]] || make_archive; opts="$CHART_OPTS -XX:SharedArchiveFile=$CDS_ARCHIVE" ;;
    aot) [[ -f "$AOT_CACHE" ]] || make_aot_cache; opts="$CHART_OPTS -XX:AOTCache=$AOT_CACHE" ;;
    *) echo "unknown configuration $config" >&2; exit 2 ;;
  esac
  for run in $(seq 1 "$RUNS"); do
    kind=warm; (( first )) && kind=cold; first=0
    load=$(cut -d' ' -f1 /proc/loadavg)
    read -r readyz cpu rss classes idle after banner < <(one_start "$opts")
    printf '%-8s %-5s %8s %8s %9s %8s %9s %9s %8s %6s\n' "$config" "$kind" "$readyz" "$cpu" "$rss" "$classes" "$idle" "$after" "$banner" "$load"
    summary+=" $config/$kind readyz=${readyz}ms cpu=${cpu}ms rss_idle=${idle}MB load=$load;"
  done
done

if [[ "${PROFILE:-0}" == 1 ]]; then
  echo; echo "Where a warm start's time goes (JFR execution samples until /readyz, light flags, by thread and part):"
  launched=$(now_ms)
  launch "$LIGHT_OPTS -XX:StartFlightRecording=filename=$WORK/start.jfr,settings=profile,dumponexit=true"
  await_ready "$launched" >/dev/null
  stop
  jfr print --stack-depth 96 --events jdk.ExecutionSample "$WORK/start.jfr" | python3 "$ROOT/scripts/jfr-startup-parts.py"
fi
echo
echo "light = JAVA_TOOL_OPTIONS=\"$LIGHT_OPTS\"; cds = light + -XX:SharedArchiveFile=$CDS_ARCHIVE; chart = \"$CHART_OPTS\" + the same archive."
echo "CPU = the JVM's user+system time at the first 200 of /readyz; RSS idle = $IDLE_S s after ready."
mkdir -p "$(dirname "$OUT")"
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) startup-production:$summary" >>"$OUT"
