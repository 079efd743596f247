#!/usr/bin/env bash
# Stops the local cluster that cluster-start.sh started: the chat nodes first (SIGTERM, so each one drains, its
# people reconnect and leave its rooms, and it leaves the cluster cleanly), then the database, which closes its store.
# Forgets the cluster's ports and database (cluster.env), so that the next cluster-start.sh may choose others.
set -euo pipefail
. "$(dirname "$0")/cluster-lib.sh"

shopt -s nullglob
for pidfile in "$dir"/pids/node*.pid; do
  name=$(basename "$pidfile" .pid)
  stop_process "$name" "node ${name#node}"
done
stop_process db "database"
rm -f "$dir/cluster.env"
