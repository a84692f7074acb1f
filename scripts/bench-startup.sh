#!/usr/bin/env bash
# Startup benchmark of Estran's dev mode (embedded PostgreSQL + simulated cluster).
#
# Builds nothing: it runs target/estran.jar (with target/lib/), so build first:
#     mvn -B -DskipTests package && scripts/bench-startup.sh
#
# For each JVM configuration (default JVM flags; then JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx256m
# -XX:TieredStopAtLevel=1"), it starts Estran twice on one fresh temporary ESTRAN_DATA_DIR:
#   cold = first start (initdb of the embedded database, migrations), warm = second start on the same dir.
# Each start measures, from launch: the first 200 of GET /healthz and of GET /readyz (curl every 20 ms);
# the JVM's RSS (VmRSS in /proc/PID/status) right after ready and after 200 authenticated API requests;
# the embedded PostgreSQL's RSS (postmaster + backends; shared memory counted once per process, so an
# overestimate); then stops Estran with SIGTERM and times the stop. The temporary dirs are removed.
#
# A start that has not exited 20 s (STOP_TIMEOUT) after SIGTERM is reported as "HUNG", then killed (SIGKILL),
# its embedded PostgreSQL stopped too, and the benchmark goes on.
#
# Environment: ESTRAN_JAR (default target/estran.jar), RUNS (starts per kind and configuration, default 1;
# with more, every run is printed), BENCH_OUT (appends a summary line; default target/benchmarks.txt).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${ESTRAN_JAR:-$ROOT/target/estran.jar}"
RUNS="${RUNS:-1}"
OUT="${BENCH_OUT:-$ROOT/target/benchmarks.txt}"
STOP_TIMEOUT="${STOP_TIMEOUT:-20}"
LIGHT_OPTS="-XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1"

if [[ ! -f "$JAR" ]]; then
  echo "No $JAR: build it first with 'mvn -B -DskipTests package'." >&2
  exit 2
fi
for tool in curl java; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 2; }
done

PID=""
DATA=""
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  [[ -n "$DATA" ]] && rm -rf "$DATA"
}
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# shellcheck source=lib/estran.sh
source "$ROOT/scripts/lib/estran.sh"

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# PID of the embedded PostgreSQL's postmaster for data dir $1 (found by its -D argument), or nothing.
pg_master() {
  local pid
  for cmdline in /proc/[0-9]*/cmdline; do
    pid="${cmdline#/proc/}"; pid="${pid%/cmdline}"
    if tr '\0' ' ' <"$cmdline" 2>/dev/null | grep -q -- "-D $1/postgres "; then
      echo "$pid"; return
    fi
  done
}

# RSS (kB) of the embedded PostgreSQL of data dir $1: the postmaster and its children.
pg_rss_kb() {
  local master pid total=0
  master=$(pg_master "$1")
  [[ -z "$master" ]] && { echo 0; return; }
  total=$(rss_kb "$master")
  for stat in /proc/[0-9]*/stat; do
    pid="${stat#/proc/}"; pid="${pid%/stat}"
    if [[ "$(awk '{print $4}' "$stat" 2>/dev/null)" == "$master" ]]; then
      total=$(( total + $(rss_kb "$pid") ))
    fi
  done
  echo "$total"
}

# Polls URL every 20 ms until it answers 200; prints ms since $2 (launch), or fails after 120 s.
await_200() {
  local url="$1" launched="$2" deadline=$(( $(now_ms) + 120000 ))
  while :; do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)" == "200" ]]; then
      echo $(( $(now_ms) - launched )); return 0
    fi
    if ! kill -0 "$PID" 2>/dev/null; then
      echo "Estran exited before $url answered; log:" >&2; cat "$DATA/estran.log" >&2; return 1
    fi
    if (( $(now_ms) > deadline )); then
      echo "$url did not answer 200 within 120 s; log:" >&2; tail -50 "$DATA/estran.log" >&2; return 1
    fi
    sleep 0.02
  done
}

# One start: prints "healthz readyz banner rss_ready rss_after pg_rss ok200 req_ms stop_ms".
one_start() {
  local opts="$1" port launched healthz readyz banner rss_ready rss_after pg token ok req0 req_ms stop0 stop_ms
  port=$(free_port)
  launched=$(now_ms)
  (
    cd "$ROOT"
    export ESTRAN_MODE=dev ESTRAN_DATA_DIR="$DATA" ESTRAN_HTTP_PORT="$port" ESTRAN_TEMPLATES_DIR="$ROOT/templates"
    if [[ -n "$opts" ]]; then export JAVA_TOOL_OPTIONS="$opts"; else unset JAVA_TOOL_OPTIONS; fi
    exec java -jar "$JAR"
  ) >"$DATA/estran.log" 2>&1 &
  PID=$!
  healthz=$(await_200 "http://127.0.0.1:$port/healthz" "$launched")
  readyz=$(await_200 "http://127.0.0.1:$port/readyz" "$launched")
  rss_ready=$(rss_kb "$PID")
  banner=$(sed -n 's/.*Estran is up in \([0-9]*\) ms.*/\1/p' "$DATA/estran.log" | tail -1)
  token=$(tr -d '[:space:]' <"$DATA/bootstrap-token")
  # 200 authenticated requests over one connection: who am I, and the sandbox list (database reads).
  local config="$DATA/curl.cfg"
  : >"$config"
  for i in $(seq 1 100); do
    printf 'url = "http://127.0.0.1:%s/api/v1/me"\noutput = "/dev/null"\nurl = "http://127.0.0.1:%s/api/v1/sandboxes?limit=100"\noutput = "/dev/null"\n' \
      "$port" "$port" >>"$config"
  done
  req0=$(now_ms)
  ok=$(curl -s -H "Authorization: Bearer $token" -K "$config" -w '%{http_code}\n' | grep -c '^200$' || true)
  req_ms=$(( $(now_ms) - req0 ))
  rss_after=$(rss_kb "$PID")
  pg=$(pg_rss_kb "$DATA")
  stop0=$(now_ms)
  kill -TERM "$PID"
  while kill -0 "$PID" 2>/dev/null && (( $(now_ms) - stop0 < STOP_TIMEOUT * 1000 )); do sleep 0.05; done
  if kill -0 "$PID" 2>/dev/null; then
    stop_ms="HUNG"
    jstack "$PID" >"${TMPDIR:-/tmp}/estran-bench-hung-$PID.txt" 2>&1 || true
    echo "Estran did not exit within ${STOP_TIMEOUT}s of SIGTERM; thread dump in ${TMPDIR:-/tmp}/estran-bench-hung-$PID.txt; killing it" >&2
    kill -KILL "$PID" 2>/dev/null || true
    local master; master=$(pg_master "$DATA")
    if [[ -n "$master" ]]; then kill -TERM "$master" 2>/dev/null || true; sleep 1; fi
  else
    stop_ms=$(( $(now_ms) - stop0 ))
  fi
  wait "$PID" 2>/dev/null || true
  PID=""
  echo "$healthz $readyz ${banner:-?} $rss_ready $rss_after $pg $ok $req_ms $stop_ms"
}

printf 'Estran dev-mode startup — %s, %s cores, %s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" \
  "$(java -version 2>&1 | head -1)"
printf 'jar %s (%s), lib/ %s\n\n' "$JAR" "$(du -h "$JAR" | cut -f1)" "$(du -sh "$(dirname "$JAR")/lib" 2>/dev/null | cut -f1)"
printf '%-9s %-5s %9s %9s %9s %10s %10s %9s %12s %8s\n' \
  "JVM" "start" "healthz" "readyz" "banner" "RSS ready" "RSS +200" "PG RSS" "200 req" "stop"
printf '%-9s %-5s %9s %9s %9s %10s %10s %9s %12s %8s\n' \
  "" "" "ms" "ms" "ms" "MB" "MB" "MB" "ms (ok)" "ms"

summary=""
for config in default light; do
  opts=""; [[ "$config" == light ]] && opts="$LIGHT_OPTS"
  for run in $(seq 1 "$RUNS"); do
    DATA=$(mktemp -d "${TMPDIR:-/tmp}/estran-bench.XXXXXX")
    for kind in cold warm; do
      one_start "$opts" >"$DATA/result"
      read -r healthz readyz banner rss_ready rss_after pg ok req_ms stop_ms <"$DATA/result"
      printf '%-9s %-5s %9s %9s %9s %10d %10d %9d %6s (%3s) %8s\n' \
        "$config" "$kind" "$healthz" "$readyz" "$banner" $(( rss_ready / 1024 )) $(( rss_after / 1024 )) \
        $(( pg / 1024 )) "$req_ms" "$ok" "$stop_ms"
      summary+=" $config/$kind readyz=${readyz}ms rss=$(( rss_after / 1024 ))MB;"
    done
    rm -rf "$DATA"; DATA=""
  done
done
echo
echo "light = JAVA_TOOL_OPTIONS=\"$LIGHT_OPTS\"; cold = first start on a fresh data dir (initdb), warm = second start on it."
echo "RSS = the JVM only; PG RSS = embedded PostgreSQL processes (shared buffers counted in each: an overestimate)."
mkdir -p "$(dirname "$OUT")"
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) startup:$summary" >>"$OUT"
