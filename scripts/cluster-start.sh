#!/usr/bin/env bash
# Starts a local gif-chat cluster: one shared embedded database (the jar's database mode) and N clustered chat nodes
# on consecutive ports. Logs and PIDs go under $CLUSTER_DIR (default ./cluster-run). Stop it with cluster-stop.sh.
#
#   scripts/cluster-start.sh [N]      N nodes, default 2
#
# Node i serves pages on HTTP_BASE+i-1 (default 8080, 8081, …) and its realtime gateway on REALTIME_BASE+i-1
# (default 9080, 9081, …); with ADMIN_TOKEN set, its TCP admin bridge on ADMIN_BASE+i-1 (default 7070, 7071, …).
# The database listens on DB_PORT (default 27018). Set MONGO_URI to use a real MongoDB
# instead of the embedded one.
set -euo pipefail

nodes=${1:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/target/gif-chat.jar"
dir=$(mkdir -p "${CLUSTER_DIR:-./cluster-run}" && cd "${CLUSTER_DIR:-./cluster-run}" && pwd)
http_base=${HTTP_BASE:-8080}
realtime_base=${REALTIME_BASE:-9080}
admin_base=${ADMIN_BASE:-7070}
db_port=${DB_PORT:-27018}
startup_seconds=${STARTUP_SECONDS:-90}

bash "$here/scripts/build-if-stale.sh"
mkdir -p "$dir/logs" "$dir/pids"
if ls "$dir"/pids/*.pid >/dev/null 2>&1; then
  echo "A cluster seems to run already (PID files in $dir/pids); stop it with scripts/cluster-stop.sh" >&2
  exit 1
fi

# every node signs and checks the same admission tickets, so a page from one node works with a socket on another
secret_file="$dir/secret"
[ -f "$secret_file" ] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$secret_file"
export GIFCHAT_SECRET=${GIFCHAT_SECRET:-$(cat "$secret_file")}
export CLUSTER_NAME=${CLUSTER_NAME:-gif-chat-local}

wait_for() { # log file, text, what
  local waited=0
  until grep -q "$2" "$1" 2>/dev/null; do
    sleep 1; waited=$((waited + 1))
    if [ "$waited" -ge "$startup_seconds" ]; then
      echo "$3 did not start within ${startup_seconds}s; see $1" >&2; exit 1
    fi
  done
}

if [ -z "${MONGO_URI:-}" ]; then
  GIFCHAT_MODE=database EMBEDDED_PORT=$db_port DATA_DIR="$dir/db" \
    nohup java -Dfile.encoding=UTF-8 -jar "$jar" > "$dir/logs/db.log" 2>&1 < /dev/null &
  echo $! > "$dir/pids/db.pid"
  wait_for "$dir/logs/db.log" "database ready" "the database"
  export MONGO_URI="mongodb://127.0.0.1:$db_port"
  echo "database: $MONGO_URI (log $dir/logs/db.log)"
fi

for i in $(seq 1 "$nodes"); do
  HTTP_PORT=$((http_base + i - 1)) REALTIME_PORT=$((realtime_base + i - 1)) ADMIN_PORT=$((admin_base + i - 1)) \
    DATA_DIR="$dir/node$i" \
    nohup java -Dfile.encoding=UTF-8 -Dhazelcast.logging.type=slf4j -jar "$jar" -cluster \
    > "$dir/logs/node$i.log" 2>&1 < /dev/null &
  echo $! > "$dir/pids/node$i.pid"
done
for i in $(seq 1 "$nodes"); do
  wait_for "$dir/logs/node$i.log" "gif-chat ready" "node $i"
  echo "node $i: http://localhost:$((http_base + i - 1))/ (log $dir/logs/node$i.log)"
done
