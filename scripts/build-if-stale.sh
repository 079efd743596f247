#!/usr/bin/env bash
# Builds target/gif-chat.jar when it is missing or older than anything it is built from (pom.xml, src/, conf/,
# webroot/), and does nothing otherwise. scripts/run.sh and the cluster scripts call it before they start the jar, so
# the first thing a newcomer types after scripts/setup.sh works, and an edited source is never run stale.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/target/gif-chat.jar"

reason=
if [ ! -f "$jar" ]; then
  reason="there is no target/gif-chat.jar yet"
else
  # npm writes node_modules during every build: it is not a source
  newer=$(find "$here/pom.xml" "$here/src" "$here/conf" "$here/webroot" \
    -path "$here/src/main/frontend/node_modules" -prune -o -type f -newer "$jar" -print -quit 2>/dev/null)
  [ -z "$newer" ] || reason="${newer#"$here"/} changed since target/gif-chat.jar was built"
fi
[ -n "$reason" ] || exit 0

if ! command -v mvn >/dev/null 2>&1; then
  echo "Cannot build: $reason, and Maven is missing. Run scripts/setup.sh first." >&2
  exit 1
fi
echo "Building target/gif-chat.jar: $reason. This takes a minute or two (longer the first time, while Maven downloads" >&2
echo "the libraries)…" >&2
(cd "$here" && mvn -B -q -DskipTests package) >&2
echo "Built target/gif-chat.jar." >&2
