#!/usr/bin/env bash
# What Estran's watches cost the API server's machine: the raw floor twice (sandboxes 1..N, then N+1..2N)
# on a freshly started cluster with nothing else running, then the same on another fresh cluster with an
# idle Estran in production mode watching (its informers list and watch the labelled namespaces and
# kinds; the floor's objects carry Estran's labels, so every one of them and every status update reaches
# Estran). The first batch meets a cold JVM, the second a warm one.
#
#   mvn -B -DskipTests package && KUBE_REAL=/work/kr scripts/bench-floor-watched.sh
#
# Prints each batch's wall time, the CPU seconds of kube-apiserver, etcd and kube-controller-manager
# during it, and Estran's CPU by thread group (from /proc/<pid>/task/*/stat: the JIT compilers, the
# informer threads, the HTTP client). Needs what scripts/bench-real-cluster.sh needs, and target/estran.jar.
# Environment: N (500), CONCURRENCY (64), SETTLE_S (20: the pause between the two batches), PGHOST (127.0.0.1).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KUBE_REAL=${KUBE_REAL:?set KUBE_REAL to the kube-real folder (bin/, up.sh)}
FLOOR=${FLOOR:-/work/shared/tools/raw-floor}
N=${N:-500} CONCURRENCY=${CONCURRENCY:-64} SETTLE_S=${SETTLE_S:-20} PGHOST=${PGHOST:-127.0.0.1}
JAR=${ESTRAN_JAR:-$ROOT/target/estran.jar}
export KUBE_REAL SVC_CIDR=${SVC_CIDR:-10.0.0.0/16}
export KUBECONFIG=$KUBE_REAL/run/admin.kubeconfig
WORK=$(mktemp -d)
DB="estran_watched_$$"
# shellcheck source=lib/estran.sh
source "$ROOT/scripts/lib/estran.sh"
PORT=$(free_port)
ESTRAN=""
cleanup() {
  set +e # every step, whatever the one before did
  if [[ -n "$ESTRAN" ]]; then
    kill "$ESTRAN" 2>/dev/null
    wait "$ESTRAN" 2>/dev/null
  fi
  psql -h "$PGHOST" -U postgres -qc "drop database if exists $DB" >/dev/null 2>&1 || true
  "$KUBE_REAL/down.sh" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# shellcheck source=lib/kube-real.sh
source "$ROOT/scripts/lib/kube-real.sh"
threads() { # $1 pid, $2 file: CPU seconds per thread, as JSON
  python3 - "$1" "$2" <<'EOF'
import json, os, sys
pid, out, cpu = sys.argv[1], sys.argv[2], {}
for tid in os.listdir(f"/proc/{pid}/task"):
    try:
        stat = open(f"/proc/{pid}/task/{tid}/stat").read()
    except OSError:
        continue
    fields = stat[stat.rindex(")") + 2:].split()
    cpu[tid] = [stat[stat.index("(") + 1:stat.rindex(")")], (int(fields[11]) + int(fields[12])) / 100]
json.dump(cpu, open(out, "w"))
EOF
}
groups() { # CPU seconds per thread group between two thread files
  python3 - "$1" "$2" <<'EOF'
import collections, json, re, sys
before, after = (json.load(open(f)) for f in sys.argv[1:3])
spent = collections.Counter()
for tid, (name, cpu) in after.items():
    name = "informers (pool threads)" if name.startswith("-") else re.sub(r"\d+", "#", name)
    spent[name] += cpu - before.get(tid, [name, 0])[1]
print("    Estran %.1f CPU-s: %s" % (sum(spent.values()), ", ".join(
    "%s %.2f" % (name, cpu) for name, cpu in spent.most_common(4))))
EOF
}
floor() { # $1 first sandbox number
  local before after
  before=$(server_cpu)
  python3 "$FLOOR/raw_post.py" --n "$N" --first "$1" --concurrency "$CONCURRENCY" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print("  floor %d..%d: %.2f s, %d errors" % ('"$1"', '"$1"' + '"$N"' - 1, d["wall_s"], d["errors"]), end="")'
  after=$(server_cpu)
  echo "; kube-apiserver etcd kcm CPU-s before: $before, after: $after"
}

printf 'Floor watched — %s, %s cores; load average %s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
echo "Alone:"
fresh_cluster "$WORK/up.log"
floor 1
sleep "$SETTLE_S"
floor $((N + 1))

echo "With an idle Estran watching:"
fresh_cluster "$WORK/up.log"
psql -h "$PGHOST" -U postgres -qc "create database $DB" >/dev/null
# shellcheck disable=SC2086 # ESTRAN_JAVA_OPTS holds several options
(run_production "$JAR" "$PORT" "jdbc:postgresql://$PGHOST:5432/$DB" postgres \
  "estran_bench-watched-token-0123456789" "watched-$$" "$WORK/data" ${ESTRAN_JAVA_OPTS:-}) \
  >"$WORK/estran.log" 2>&1 &
ESTRAN=$!
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "Estran did not become ready:"; tail -20 "$WORK/estran.log"; exit 1; }
sleep 15 # the informers' first lists and the parts started after HTTP
threads "$ESTRAN" "$WORK/t0"
floor 1
threads "$ESTRAN" "$WORK/t1"
groups "$WORK/t0" "$WORK/t1"
sleep "$SETTLE_S"
threads "$ESTRAN" "$WORK/t2"
floor $((N + 1))
threads "$ESTRAN" "$WORK/t3"
groups "$WORK/t2" "$WORK/t3"
