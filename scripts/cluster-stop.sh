#!/usr/bin/env bash
# Stops the local cluster that cluster-start.sh started: the chat nodes first (SIGTERM, so each one's people leave
# their rooms and it leaves the cluster cleanly), then the database, which closes its store.
set -euo pipefail
dir=${CLUSTER_DIR:-./cluster-run}
stop_seconds=${STOP_SECONDS:-30}

stop() { # pid file
  local pid; pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 "$stop_seconds"); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$(basename "$1" .pid) did not stop in ${stop_seconds}s: killing it" >&2
      kill -KILL "$pid"
    fi
  fi
  rm -f "$1"
  echo "stopped $(basename "$1" .pid)"
}

shopt -s nullglob
for pidfile in "$dir"/pids/node*.pid; do stop "$pidfile"; done
for pidfile in "$dir"/pids/db.pid; do stop "$pidfile"; done
