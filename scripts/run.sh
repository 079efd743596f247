#!/usr/bin/env bash
# Runs gif-chat from the built jar on the embedded default (no database to install). Extra arguments go to the
# Vert.x launcher, e.g. --conf '{"http.port":9000}'. Data goes under ./data unless DATA_DIR says otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/target/gif-chat.jar"
if [ ! -f "$jar" ]; then
  echo "No $jar yet: build it with 'mvn -B -DskipTests package'" >&2
  exit 1
fi
exec java -Dfile.encoding=UTF-8 -jar "$jar" "$@"
