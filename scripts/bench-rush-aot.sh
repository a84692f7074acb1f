#!/usr/bin/env bash
# The class rush on a real API server (ProvisioningBenchmark, production mode, KUBECONFIG) on Java 17 as
# built, against the same code on a Java 25 or later JVM with an AOT cache (JEP 483 and 515: classes loaded
# and linked, and method profiles, recorded by a training run), each on a freshly started kube-real cluster,
# alternately, RUNS pairs (docs/benchmarks.md §5, "An AOT cache on Java 25").
#
#   KUBE_REAL=/work/kr JAVA_AOT=/usr/lib/jvm/temurin-25-jdk-amd64 RUNS=3 scripts/bench-rush-aot.sh
#
# An AOT cache only takes jars on the class path, so the benchmark runs outside Surefire: target/classes
# and target/test-classes are packed into jars under target/aot/, and JUnit's console launcher (fetched
# by Maven) runs the benchmark with the test class path. The training run is the simulated rush
# (TRAIN=simulated, the default: what an image build can do, nothing outside) or a rush on the cluster
# (TRAIN=kubeconfig). The cache is a build output: never commit it.
# Settings as scripts/bench-real-cluster.sh: N (500), TEMPLATE (web-app), MEMBERS (50), IN_FLIGHT (200),
# WORKERS (64), CLIENTS (32), EXTRA ("-Dbench.delete=false -Dbench.pool=40"); JAVA (java: Java 17);
# LOG (target/bench-rush-aot.log). Needs a PostgreSQL on 127.0.0.1:5432 (ESTRAN_TEST_DATABASE_URL).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KUBE_REAL=${KUBE_REAL:?set KUBE_REAL to the kube-real folder (bin/, up.sh)}
JAVA_AOT=${JAVA_AOT:?set JAVA_AOT to a Java 25 or later home}
RUNS=${RUNS:-3} TRAIN=${TRAIN:-simulated}
N=${N:-500} TEMPLATE=${TEMPLATE:-web-app} MEMBERS=${MEMBERS:-50} IN_FLIGHT=${IN_FLIGHT:-200}
WORKERS=${WORKERS:-64} CLIENTS=${CLIENTS:-32} EXTRA=${EXTRA:--Dbench.delete=false -Dbench.pool=40}
LOG=${LOG:-$ROOT/target/bench-rush-aot.log}
OUT="$ROOT/target/aot"
export KUBE_REAL SVC_CIDR=${SVC_CIDR:-10.0.0.0/16}
export KUBECONFIG=$KUBE_REAL/run/admin.kubeconfig
export ESTRAN_TEST_DATABASE_URL=${ESTRAN_TEST_DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}
"$JAVA_AOT/bin/java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput ' \
  || { echo "$JAVA_AOT/bin/java cannot record an AOT cache (Java 25 or later is needed)" >&2; exit 2; }

cd "$ROOT"
mkdir -p "$OUT" && : >"$LOG"
junit=$(sed -n '/<artifactId>junit-bom<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p}' pom.xml)
mvn -B -Pbench -Dspotless.check.skip=true test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$OUT/classpath" >>"$LOG" 2>&1
mvn -B dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$junit" \
  -DoutputDirectory="$OUT" >>"$LOG" 2>&1
(cd target/classes && jar cf "$OUT/estran-classes.jar" .)
(cd target/test-classes && jar cf "$OUT/estran-test-classes.jar" .)
# the launcher brings its own JUnit: the test class path's JUnit jars are left out
cp="$OUT/estran-test-classes.jar:$OUT/estran-classes.jar:$(tr ':' '\n' <"$OUT/classpath" \
  | grep -v -E '/junit-(jupiter|platform)' | paste -sd:):$OUT/junit-platform-console-standalone-$junit.jar"

rush() { # java, JVM options..., then the benchmark's own -D settings are added
  local java=$1; shift
  nice -n 5 "$java" -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -Djdk.httpclient.keepalive.timeout=10 \
    "$@" -cp "$cp" org.junit.platform.console.ConsoleLauncher execute \
    --select-class=bzh.estran.bench.ProvisioningBenchmark --include-tag=benchmark --disable-banner --details=summary
}
on_cluster=(-Dbench.kube=kubeconfig -Dbench.sandboxes="$N" -Dbench.template="$TEMPLATE" -Dbench.members="$MEMBERS"
  -Dbench.inFlight="$IN_FLIGHT" -Dbench.workers="$WORKERS" -Dbench.clients="$CLIENTS")
# shellcheck disable=SC2206
on_cluster+=($EXTRA)
# shellcheck source=lib/kube-real.sh
source "$ROOT/scripts/lib/kube-real.sh"
summary() { grep -E "all POSTs answered|all READY|JIT threads|Per sandbox while provisioning" "$LOG" | tail -4; }

cache="$OUT/rush.aot"
rm -f "$cache"
echo "=== training ($TRAIN) on $("$JAVA_AOT/bin/java" -version 2>&1 | head -1)" | tee -a "$LOG"
if [[ "$TRAIN" == kubeconfig ]]; then
  fresh_cluster "$LOG"
  rush "$JAVA_AOT/bin/java" -XX:AOTCacheOutput="$cache" "${on_cluster[@]}" >>"$LOG" 2>&1
else
  rush "$JAVA_AOT/bin/java" -XX:AOTCacheOutput="$cache" -Dbench.sandboxes="$N" -Dbench.template="$TEMPLATE" \
    -Dbench.members="$MEMBERS" >>"$LOG" 2>&1
fi
[[ -s "$cache" ]] || { echo "no AOT cache was written, see $LOG" >&2; exit 1; }
echo "AOT cache: $(du -h "$cache" | cut -f1)" | tee -a "$LOG"

one() { # label
  echo "=== $1 $(date -u +%H:%M:%S) (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$LOG"
  fresh_cluster "$LOG"
  if [[ "$1" == java17 ]]; then
    rush "${JAVA:-java}" "${on_cluster[@]}" >>"$LOG" 2>&1 || echo "benchmark failed, see $LOG" | tee -a "$LOG"
  else
    rush "$JAVA_AOT/bin/java" -XX:AOTCache="$cache" "${on_cluster[@]}" >>"$LOG" 2>&1 \
      || echo "benchmark failed, see $LOG" | tee -a "$LOG"
  fi
  summary
}
for run in $(seq 1 "$RUNS"); do
  if (( run % 2 )); then one java17; one aot; else one aot; one java17; fi
done
"$KUBE_REAL/down.sh" >>"$LOG" 2>&1 || true
