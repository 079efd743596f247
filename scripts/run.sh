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
# An archive of the loaded classes makes a start about twice as fast (docs/PERFORMANCE.md, start). The first run
# after a build writes it when it stops; the runs after it read it. A stale or unreadable archive is only ignored.
archive="$here/target/gif-chat.jsa"
if [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
  class_data="-XX:SharedArchiveFile=$archive"
else
  class_data="-XX:ArchiveClassesAtExit=$archive"
fi
exec java -Dfile.encoding=UTF-8 "$class_data" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" "$@"
