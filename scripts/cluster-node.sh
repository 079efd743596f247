#!/usr/bin/env bash
# One node of the local cluster that cluster-start.sh started, by number; or the state of them all.
#
#   scripts/cluster-node.sh start N      start node N (again) and wait until every node is ready; N may be new
#   scripts/cluster-node.sh stop N       SIGTERM: the node drains, its people reconnect, it leaves the cluster
#   scripts/cluster-node.sh restart N    stop (if it runs) and start; for a node that died as much as a live one
#   scripts/cluster-node.sh status       each node's PID, ports and readiness (GET /ready), and the database's
#
# Node N uses the ports the cluster was started with (cluster-run/cluster.env): pages on HTTP_BASE+N-1, the
# realtime gateway on REALTIME_BASE+N-1, the admin bridge on ADMIN_BASE+N-1. Exit code 1 when a start fails (the end
# of the node's log is shown) or, for status, when a node that should run does not, or is not ready.
set -euo pipefail
. "$(dirname "$0")/cluster-lib.sh"

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

node_number() { # argument
  [[ "${1:-}" =~ ^[1-9][0-9]*$ ]] || { echo "a node number (1, 2, …) is needed, got \"${1:-}\"" >&2; usage; }
  echo "$1"
}

status() {
  local healthy=0 i pid ready
  printf '%-9s %-8s %-8s %-6s %-9s %-6s %s\n' "process" "PID" "state" "http" "realtime" "admin" "ready"
  if [ -n "${OWN_DATABASE:-}" ]; then
    pid=$(pid_of db)
    if [ -z "$pid" ]; then healthy=1; fi
    printf '%-9s %-8s %-8s %-6s %-9s %-6s %s\n' "database" "${pid:--}" "$([ -n "$pid" ] && echo running || echo stopped)" \
      "-" "-" "-" "$(listening "$DB_PORT" && echo "port $DB_PORT listening" || echo "port $DB_PORT closed")"
  fi
  for i in $(seq 1 "$NODES"); do
    pid=$(pid_of "node$i")
    if [ -n "$pid" ]; then
      case "$(http_status "$(http_port "$i")" /ready)" in
        200) ready="ready" ;;
        503) ready="not ready (GET /ready answers 503)"; healthy=1 ;;
        "") ready="no answer on port $(http_port "$i")"; healthy=1 ;;
        *) ready="unexpected answer from GET /ready"; healthy=1 ;;
      esac
    else
      ready="-"; healthy=1
    fi
    printf '%-9s %-8s %-8s %-6s %-9s %-6s %s\n' "node $i" "${pid:--}" "$([ -n "$pid" ] && echo running || echo stopped)" \
      "$(http_port "$i")" "$(realtime_port "$i")" "$(admin_port "$i")" "$ready"
  done
  [ "$NODES" -gt 0 ] || echo "no cluster started in $dir (scripts/cluster-start.sh N starts one)"
  return "$healthy"
}

command=${1:-}
case "$command" in
  start|restart)
    i=$(node_number "${2:-}")
    bash "$here/scripts/build-if-stale.sh"
    [ "$command" = start ] || stop_process "node$i" "node $i"
    if [ "$i" -gt "$NODES" ]; then NODES=$i; remember; fi
    start_node "$i"
    ;;
  stop)
    i=$(node_number "${2:-}")
    stop_process "node$i" "node $i"
    ;;
  status)
    status
    ;;
  *)
    usage
    ;;
esac
