#!/usr/bin/env bash
# Runs gif-chat from the jar on the embedded default (no database to install), building the jar first when it is
# missing or older than the sources (scripts/build-if-stale.sh). Extra arguments go to the Vert.x launcher, e.g.
# --conf '{"http.port":9000}'. Data goes under ./data unless DATA_DIR says otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/target/gif-chat.jar"
bash "$here/scripts/build-if-stale.sh"
# An archive of the loaded classes makes a start about twice as fast (docs/PERFORMANCE.md, start). The first run
# after a build writes it when it stops; the runs after it read it. A stale or unreadable archive is only ignored.
archive="$here/target/gif-chat.jsa"
if [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
  class_data="-XX:SharedArchiveFile=$archive"
else
  class_data="-XX:ArchiveClassesAtExit=$archive"
fi
exec java -Dfile.encoding=UTF-8 "$class_data" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" "$@"
