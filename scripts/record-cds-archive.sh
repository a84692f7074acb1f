#!/usr/bin/env bash
# Records an AppCDS archive of Estran's classes (docs/benchmarks.md, "Start and footprint"): one
# training start of the jar with -XX:ArchiveClassesAtExit, a few requests (/readyz, /healthz, the API
# refusing a caller without a token, the sign-in page), then SIGTERM; the JVM writes the archive as it
# exits. Dev mode by default (embedded database, simulated cluster: nothing outside is needed, as in an
# image build; the Dockerfile runs it); ESTRAN_* variables in the environment are passed on (e.g.
# ESTRAN_MODE=production with ESTRAN_DATABASE_URL and KUBECONFIG, closest to what production loads).
#
#   scripts/record-cds-archive.sh <archive> [jar, default target/estran.jar]
#   java -XX:SharedArchiveFile=<archive> -Xshare:auto -jar <jar>        # then every start maps it
#
# The archive only fits the jar (and its lib/) at the same path and the JDK that recorded it: with
# another, the JVM says so and starts without it. It is a build output: never commit it.
# Environment: PORT (7070, the HTTP port of the training start), JAVA (java), JAVA_OPTS (JVM flags of
# the training start, default the chart's "-XX:+UseSerialGC -Xms32m -Xmx256m -XX:TrimNativeHeapInterval=5000"), TIMEOUT_S (300).
set -euo pipefail

archive="${1:?usage: $0 <archive> [jar]}"
jar="${2:-$(cd "$(dirname "$0")/.." && pwd)/target/estran.jar}"
port="${PORT:-7070}"
[[ -f "$jar" ]] || { echo "no $jar: build it first (mvn -B -DskipTests package)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/estran-cds.XXXXXX")
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# GET over bash's /dev/tcp (no curl in the image); prints the status code, or nothing when refused
status() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 0
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nAccept: %s\r\n\r\n' "$1" "${2:-*/*}" >&3
    head -1 <&3 | cut -d' ' -f2
  ) 2>/dev/null || true
}

mkdir -p "$(dirname "$archive")"
rm -f "$archive"
# shellcheck disable=SC2086
ESTRAN_HTTP_PORT="$port" ESTRAN_DATA_DIR="${ESTRAN_DATA_DIR:-$work/data}" \
  "${JAVA:-java}" ${JAVA_OPTS:--XX:+UseSerialGC -Xms32m -Xmx256m -XX:TrimNativeHeapInterval=5000} -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off \
  -jar "$jar" >"$work/estran.log" 2>&1 &
pid=$!
deadline=$((SECONDS + ${TIMEOUT_S:-300}))
until [[ "$(status /readyz)" == 200 ]]; do
  if ! kill -0 "$pid" 2>/dev/null || ((SECONDS > deadline)); then
    echo "the training start did not become ready; its log:" >&2
    tail -40 "$work/estran.log" >&2
    exit 1
  fi
  sleep 0.2
done
for _ in 1 2 3; do
  status /readyz >/dev/null
  status /healthz >/dev/null
  status /api/v1/me application/json >/dev/null
  status / text/html >/dev/null
done
kill -TERM "$pid"
wait "$pid" || true # the exit code of a JVM stopped by SIGTERM is 143
pid=""
[[ -s "$archive" ]] || { echo "no archive was written; the log:" >&2; tail -20 "$work/estran.log" >&2; exit 1; }
echo "$archive: $(du -h "$archive" | cut -f1), recorded by $("${JAVA:-java}" -version 2>&1 | head -1)"
