#!/usr/bin/env bash
# Import benchmark of Estran's dataset API (issue #8): a raw CSV of about 1 GB uploaded over HTTP to a
# run, anonymised and reported, end to end, in dev mode.
#
#   mvn -B -DskipTests package
#   mvn -B -Pbench test -Dtest=AnonymisationBenchmark -DargLine=-Xmx256m   # makes target/bench/shuttle-8000000-200000.csv
#   scripts/bench-upload.sh [CSV]
#
# Builds nothing: runs target/estran.jar in dev mode on a fresh temporary ESTRAN_DATA_DIR with
# ESTRAN_JAVA_OPTS (default -Xmx256m), waits for the demo import, then as the bootstrap platform admin
# creates a dataset, starts a run with the demo shuttle policy (src/main/resources/datasets/demo/
# shuttle-boardings.yaml) and streams the CSV (GZIP=1: gzip -1 on the fly, sent as such: Estran recognises gzip by its first bytes) with curl -T.
# Prints the upload time and rate, the time until the run has a report, the server's peak RSS
# (VmHWM: the whole JVM) and its CPU seconds, the load average, and the run's outcome. Removes the
# temporary directory at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CSV=${1:-$ROOT/target/bench/shuttle-8000000-200000.csv}
JAR="$ROOT/target/estran.jar"
[[ -f "$JAR" ]] || { echo "no $JAR: mvn -B -DskipTests package first" >&2; exit 1; }
[[ -f "$CSV" ]] || { echo "no $CSV: see the header of this script" >&2; exit 1; }
DATA=$(mktemp -d)
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
BASE="http://127.0.0.1:$PORT/api/v1"
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
    ESTRAN_TEMPLATES_DIR="$ROOT/templates" ESTRAN_RATE_LIMIT_PER_MINUTE=0 \
    ESTRAN_DATASET_WORK_DIR="$DATA/runs" # not the shared default: another instance would take its files for orphans
  exec java ${ESTRAN_JAVA_OPTS:--Xmx256m} -jar "$JAR" >"$DATA/estran.log" 2>&1
) &
PID=$!
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
ADMIN=$(tr -d '[:space:]' <"$DATA/bootstrap-token")
api() { curl -sf -H "Authorization: Bearer $ADMIN" "$@"; }
for _ in $(seq 1 300); do # the demo import's runs first, so that they are not measured
  [[ $(api "$BASE/datasets" | jq 'length') -ge 3 ]] && break
  sleep 1
done

cpu() { awk '{ sub(/.*\) /, ""); printf "%.1f", ($12 + $13) / 100 }' "/proc/$PID/stat"; }
api -H 'Content-Type: application/json' -d '{"name": "bench-shuttle", "title": "Bench", "description": "Upload benchmark",
  "licence": "ODbL", "provenance": {"producer": "Estran benchmark", "source": "ShuttleBoardings generator",
  "period": {"from": "2026-01-01", "to": "2026-01-31"}}}' "$BASE/datasets" >/dev/null
RUN=$(api -H 'Content-Type: application/yaml' --data-binary @"$ROOT/src/main/resources/datasets/demo/shuttle-boardings.yaml" \
  "$BASE/datasets/bench-shuttle/runs" | jq -r .id)
BYTES=$(stat -c %s "$CSV")
echo "Estran upload benchmark — $(date -u +%FT%TZ), $(nproc) cores, $CSV ($BYTES bytes), gzip ${GZIP:-0}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); server CPU $(cpu) s"
cpu0=$(cpu)
t0=$(date +%s.%N)
if [[ "${GZIP:-0}" == 1 ]]; then
  gzip -1 -c "$CSV" | api -T - "$BASE/datasets/bench-shuttle/runs/$RUN/data" >/dev/null
else
  api -T "$CSV" "$BASE/datasets/bench-shuttle/runs/$RUN/data" >/dev/null
fi
t1=$(date +%s.%N)
echo "upload answered after $(python3 -c "print(round($t1 - $t0, 1))") s ($(python3 -c "print(round($BYTES / ($t1 - $t0) / 1e6, 1))") MB/s of raw CSV)"
while :; do
  STATE=$(api "$BASE/datasets/bench-shuttle/runs/$RUN" | jq -r .state)
  [[ "$STATE" == RUNNING || "$STATE" == AWAITING_DATA ]] || break
  sleep 1
done
t2=$(date +%s.%N)
echo "run $STATE after $(python3 -c "print(round($t2 - $t0, 1))") s from the first byte; server CPU $(python3 -c "print(round($(cpu) - $cpu0, 1))") s meanwhile"
echo "server peak RSS (VmHWM): $(awk '/VmHWM/ {print $2 / 1024 " MB"}' /proc/$PID/status); load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
api "$BASE/datasets/bench-shuttle/runs/$RUN" | jq -c "{state, refusals, rows: .report.rows, smallestClass: .report.smallestClass}"
