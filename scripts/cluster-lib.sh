# Shared by cluster-start.sh, cluster-stop.sh and cluster-node.sh (sourced, not run): where a local cluster keeps
# its files, which ports node i has, and how one process is started, stopped and looked at.
#
# Everything lives under $CLUSTER_DIR (default ./cluster-run): logs/<name>.log (the previous run's as .log.1),
# pids/<name>.pid, the shared secret, and cluster.env, which remembers the ports, the database and the number of
# nodes the cluster was started with, so that one node started again later gets the same ones.

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar="$here/target/gif-chat.jar"
archive="$here/target/gif-chat.jsa"
dir=$(mkdir -p "${CLUSTER_DIR:-./cluster-run}" && cd "${CLUSTER_DIR:-./cluster-run}" && pwd)
mkdir -p "$dir/logs" "$dir/pids"
startup_seconds=${STARTUP_SECONDS:-90}
stop_seconds=${STOP_SECONDS:-30}

# what the cluster was started with wins over the caller's environment: a node must come back on its own ports
if [ -f "$dir/cluster.env" ]; then
  # shellcheck source=/dev/null
  . "$dir/cluster.env"
fi
HTTP_BASE=${HTTP_BASE:-8080}
REALTIME_BASE=${REALTIME_BASE:-9080}
ADMIN_BASE=${ADMIN_BASE:-7070}
DB_PORT=${DB_PORT:-27018}
NODES=${NODES:-0}
export CLUSTER_NAME=${CLUSTER_NAME:-gif-chat-local}

# every node signs and checks the same admission tickets, so a page from one node works with a socket on another
secret_file="$dir/secret"
[ -f "$secret_file" ] || (umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$secret_file")
export GIFCHAT_SECRET=${GIFCHAT_SECRET:-$(cat "$secret_file")}

remember() { # writes cluster.env from the current values
  {
    printf 'HTTP_BASE=%q\nREALTIME_BASE=%q\nADMIN_BASE=%q\nDB_PORT=%q\nNODES=%q\nCLUSTER_NAME=%q\n' \
      "$HTTP_BASE" "$REALTIME_BASE" "$ADMIN_BASE" "$DB_PORT" "$NODES" "$CLUSTER_NAME"
    printf 'MONGO_URI=%q\nOWN_DATABASE=%q\n' "${MONGO_URI:-}" "${OWN_DATABASE:-}"
    # how the nodes find each other (conf/cluster.xml), when set: a node started later must look in the same place
    local name
    for name in CLUSTER_HOST CLUSTER_PORT CLUSTER_MEMBERS; do
      if [ -n "${!name:-}" ]; then printf 'export %s=%q\n' "$name" "${!name}"; fi
    done
  } > "$dir/cluster.env"
}

http_port() { echo $((HTTP_BASE + $1 - 1)); }
realtime_port() { echo $((REALTIME_BASE + $1 - 1)); }
admin_port() { echo $((ADMIN_BASE + $1 - 1)); }

java_options() { # scripts/jvm.options, JAVA_OPTS, and the class-data archive when it fits the jar (an unusable one is ignored anyway)
  echo "-Dfile.encoding=UTF-8"
  grep -Ev '^[[:space:]]*(#|$)' "$here/scripts/jvm.options"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
  [ -z "${JAVA_OPTS:-}" ] || printf '%s\n' $JAVA_OPTS
  if [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
    echo "-XX:SharedArchiveFile=$archive"; echo "-Xlog:cds=off"; echo "-Xlog:cds+dynamic=off"
  fi
}

pid_of() { # name: the PID of that gif-chat process if it runs, else nothing (a stale PID file is removed)
  local file="$dir/pids/$1.pid" pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  # the PID must still be a gif-chat java: after a crash the number may belong to something else by now
  if [ -n "$pid" ] && ps -p "$pid" -o args= 2>/dev/null | grep -q "gif-chat.jar"; then
    echo "$pid"
  else
    rm -f "$file"
  fi
}

launch() { # name, then env assignments and launcher arguments for `env`: starts one process in the background
  local name=$1; shift
  local log="$dir/logs/$name.log"
  [ -f "$log" ] && mv -f "$log" "$log.1"
  # shellcheck disable=SC2046
  nohup env "$@" > "$log" 2>&1 < /dev/null &
  echo $! > "$dir/pids/$name.pid"
}

await_line() { # name, text, what: waits for a line in the process's log; fails early when the process ended
  local name=$1 text=$2 what=$3 waited=0 log="$dir/logs/$1.log" pid
  # kill -0, not pid_of: until nohup has become java, the process does not look like gif-chat yet
  pid=$(cat "$dir/pids/$name.pid")
  until grep -q "$text" "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$dir/pids/$name.pid"
      echo "$what ended while starting; the end of $log:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    if [ "$waited" -ge "$((startup_seconds * 4))" ]; then
      echo "$what did not start within ${startup_seconds}s; see $log" >&2
      return 1
    fi
    sleep 0.25; waited=$((waited + 1))
  done
}

start_database() {
  local pid; pid=$(pid_of db)
  if [ -n "$pid" ]; then
    echo "database: already runs (PID $pid), $MONGO_URI"
    return 0
  fi
  # shellcheck disable=SC2046
  launch db GIFCHAT_MODE=database EMBEDDED_PORT="$DB_PORT" DATA_DIR="$dir/db" java $(java_options) -jar "$jar"
  await_line db "database ready" "the database"
  echo "database: $MONGO_URI (log $dir/logs/db.log)"
}

start_node() { # i
  local i=$1 pid; pid=$(pid_of "node$i")
  if [ -n "$pid" ]; then
    echo "node $i: already runs (PID $pid), http://localhost:$(http_port "$i")/"
    return 0
  fi
  if [ -z "${MONGO_URI:-}" ]; then
    echo "node $i: no database known; start the cluster with scripts/cluster-start.sh first" >&2
    return 1
  fi
  # shellcheck disable=SC2046
  launch "node$i" MONGO_URI="$MONGO_URI" HTTP_PORT="$(http_port "$i")" REALTIME_PORT="$(realtime_port "$i")" \
    ADMIN_PORT="$(admin_port "$i")" DATA_DIR="$dir/node$i" \
    java $(java_options) -Dhazelcast.logging.type=slf4j -jar "$jar" -cluster
  await_line "node$i" "gif-chat ready" "node $i"
  await_ready_everywhere
  echo "node $i: http://localhost:$(http_port "$i")/ (PID $(pid_of "node$i"), log $dir/logs/node$i.log)"
}

await_ready_everywhere() { # until every running node answers GET /ready with 200: a joining node moves data
  # between the others for a while (the cluster is not safe yet); stopping the next node before that could lose it
  local waited=0 i pid pending
  while :; do
    pending=""
    for i in $(seq 1 "$NODES"); do
      pid=$(pid_of "node$i")
      if [ -n "$pid" ] && [ "$(http_status "$(http_port "$i")" /ready)" != 200 ]; then pending="$pending $i"; fi
    done
    [ -n "$pending" ] || return 0
    if [ "$waited" -ge "$((startup_seconds * 4))" ]; then
      echo "node(s)$pending not ready within ${startup_seconds}s (GET /ready names the failing check)" >&2
      return 1
    fi
    sleep 0.25; waited=$((waited + 1))
  done
}

stop_process() { # name, what: SIGTERM (the node drains and leaves the cluster), SIGKILL after $stop_seconds
  local name=$1 what=$2 pid waited=0; pid=$(pid_of "$name")
  if [ -z "$pid" ]; then
    echo "$what: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge "$((stop_seconds * 4))" ]; then
      echo "$what did not stop within ${stop_seconds}s: killing it (PID $pid)" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.25; waited=$((waited + 1))
  done
  rm -f "$dir/pids/$name.pid"
  echo "$what: stopped"
}

http_status() { # port, path: the status code of a GET, or nothing when nobody answers within 3 s
  timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n" "$2" >&3 \
    && head -n 1 <&3' _ "$1" "$2" 2>/dev/null | awk '{print $2}'
}

listening() { # port
  timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}
