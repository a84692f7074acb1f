# Shared by the scripts that start Estran themselves (source it; ROOT is the repository).

# A free TCP port on 127.0.0.1 (python3 when there is one, else a random port nobody answers on).
free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    local port
    while :; do
      port=$(( 20000 + RANDOM % 30000 ))
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
  fi
}

# Becomes Estran in production mode (exec: run it in a subshell, in the background), with the
# repository's templates and any further arguments as java options:
#   run_production JAR PORT DATABASE_URL DATABASE_USER TOKEN SCHEDULER_NAME DATA_DIR [java option...]
run_production() {
  local jar=$1 port=$2 url=$3 user=$4 token=$5 scheduler=$6 data=$7
  shift 7
  export ESTRAN_MODE=production ESTRAN_HTTP_PORT="$port" ESTRAN_TEMPLATES_DIR="$ROOT/templates" \
    ESTRAN_DATABASE_URL="$url" ESTRAN_DATABASE_USER="$user" ESTRAN_BOOTSTRAP_TOKEN="$token" \
    ESTRAN_SCHEDULER_NAME="$scheduler" ESTRAN_DATA_DIR="$data"
  exec java "$@" -jar "$jar"
}
