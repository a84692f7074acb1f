#!/usr/bin/env bash
# Side by side on a real API server: the raw-REST floor, then Estran's provisioning benchmark, each on a
# freshly started cluster (the floor's objects carry Estran's labels, so they must not meet), RUNS times.
#
#   KUBE_REAL=/work/kr RUNS=3 scripts/bench-real-cluster.sh
#
# Needs: the kube-real tools built into $KUBE_REAL (see /work/shared/tools/kube-real/README.md), the
# raw floor in $FLOOR (default /work/shared/tools/raw-floor), a PostgreSQL on 127.0.0.1:5432 with trust auth
# for user postgres (ESTRAN_TEST_DATABASE_URL; the benchmark creates a fresh database per run).
# Writes everything to $LOG (target/bench-real-cluster.log); one summary line per run to target/benchmarks.txt.
# Benchmark settings (as issue #12 measured): N (500), TEMPLATE (web-app), MEMBERS (50), IN_FLIGHT (64),
# WORKERS (16), CLIENTS (32), CONCURRENCY (64 floor sandboxes in flight); EXTRA (more -D options).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KUBE_REAL=${KUBE_REAL:?set KUBE_REAL to the kube-real folder (bin/, up.sh)}
FLOOR=${FLOOR:-/work/shared/tools/raw-floor}
RUNS=${RUNS:-3}
N=${N:-500} TEMPLATE=${TEMPLATE:-web-app} MEMBERS=${MEMBERS:-50} IN_FLIGHT=${IN_FLIGHT:-64}
WORKERS=${WORKERS:-16} CLIENTS=${CLIENTS:-32} CONCURRENCY=${CONCURRENCY:-64}
LOG=${LOG:-$ROOT/target/bench-real-cluster.log}
export KUBE_REAL SVC_CIDR=${SVC_CIDR:-10.0.0.0/16}
export KUBECONFIG=$KUBE_REAL/run/admin.kubeconfig
export ESTRAN_TEST_DATABASE_URL=${ESTRAN_TEST_DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
mkdir -p "$(dirname "$LOG")"

load() { cut -d' ' -f1-3 /proc/loadavg; }
# shellcheck source=lib/kube-real.sh
source "$ROOT/scripts/lib/kube-real.sh"

for run in $(seq 1 "$RUNS"); do
  echo "=== run $run: floor (load $(load))" | tee -a "$LOG"
  fresh_cluster "$LOG"
  kubectl get --raw /metrics >"$LOG.before"
  cpu0=$(server_cpu)
  python3 "$FLOOR/raw_post.py" --n "$N" --concurrency "$CONCURRENCY" | tee -a "$LOG"
  echo "floor: server CPU-s kube-apiserver etcd kcm: before $cpu0, after $(server_cpu)" | tee -a "$LOG"
  sleep "${SETTLE_S:-5}"   # the controller manager's work on the new objects (service accounts, config maps)
  kubectl get --raw /metrics >"$LOG.after"
  python3 "$ROOT/scripts/apiserver-requests.py" "$LOG.before" "$LOG.after" "$N" | tee -a "$LOG"
  python3 "$FLOOR/verify.py" "$N" >>"$LOG" 2>&1 || true
  echo "=== run $run: Estran (load $(load))" | tee -a "$LOG"
  fresh_cluster "$LOG"
  (cd "$ROOT" && mvn -B -o -Pbench test -Dtest=ProvisioningBenchmark -Dspotless.check.skip=true \
      -Dsurefire.failIfNoSpecifiedTests=false -Dbench.kube=kubeconfig -Dbench.sandboxes="$N" \
      -Dbench.template="$TEMPLATE" -Dbench.members="$MEMBERS" -Dbench.inFlight="$IN_FLIGHT" \
      -Dbench.workers="$WORKERS" -Dbench.clients="$CLIENTS" ${EXTRA:-}) >>"$LOG" 2>&1 \
    || echo "benchmark failed, see $LOG" | tee -a "$LOG"
  grep -E "all POSTs answered|all READY|API requests counted|Per sandbox while provisioning" "$LOG" | tail -4
done
"$KUBE_REAL/down.sh" >>"$LOG" 2>&1 || true
