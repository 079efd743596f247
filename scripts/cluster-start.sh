#!/usr/bin/env bash
# Starts a local gif-chat cluster: one shared embedded database (the jar's database mode) and N clustered chat nodes
# on consecutive ports, and waits until each is ready. Logs and PIDs go under $CLUSTER_DIR (default ./cluster-run).
# Stop it with cluster-stop.sh; start, stop or restart one node with cluster-node.sh, which also shows the status.
#
#   scripts/cluster-start.sh [N]      N nodes, default 2; what already runs is left running
#
# Node i serves pages on HTTP_BASE+i-1 (default 8080, 8081, …) and its realtime gateway on REALTIME_BASE+i-1
# (default 9080, 9081, …); with ADMIN_TOKEN set, its TCP admin bridge on ADMIN_BASE+i-1 (default 7070, 7071, …).
# The database listens on DB_PORT (default 27018). Set MONGO_URI to use a real MongoDB instead of the embedded one.
# These are remembered in $CLUSTER_DIR/cluster.env until cluster-stop.sh, so that cluster-node.sh uses the same.
set -euo pipefail
. "$(dirname "$0")/cluster-lib.sh"

nodes=${1:-2}
[[ "$nodes" =~ ^[1-9][0-9]*$ ]] || { echo "usage: scripts/cluster-start.sh [number of nodes]" >&2; exit 2; }
bash "$here/scripts/build-if-stale.sh"

if [ -z "${MONGO_URI:-}" ] || [ -n "${OWN_DATABASE:-}" ]; then
  OWN_DATABASE=yes
  export MONGO_URI="mongodb://127.0.0.1:$DB_PORT"
fi
[ "$nodes" -le "$NODES" ] || NODES=$nodes
remember
if [ -n "${OWN_DATABASE:-}" ]; then
  start_database
fi
for i in $(seq 1 "$nodes"); do
  start_node "$i"
done
