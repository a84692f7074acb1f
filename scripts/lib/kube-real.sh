# Shared by the scripts that measure on kube-real (source it; needs KUBE_REAL).

# utime+stime seconds of kube-apiserver, etcd and kube-controller-manager (from run/pids), space-separated
server_cpu() {
  local out="" name pid
  for name in kube-apiserver etcd kube-controller-manager; do
    pid=$(awk -v n="$name" '$1==n{print $2}' "$KUBE_REAL/run/pids" | tail -1)
    out+=" $(awk '{ sub(/.*\) /, ""); printf "%.1f", ($12 + $13) / 100 }' "/proc/$pid/stat" 2>/dev/null || echo ?)"
  done
  echo "$out"
}

# A freshly started cluster (FRESH=1: etcd emptied), its start appended to the file $1, then SETTLE_S
# seconds (5) for the controller manager's first work
fresh_cluster() {
  FRESH=1 "$KUBE_REAL/up.sh" >>"$1" 2>&1
  sleep "${SETTLE_S:-5}"
}
