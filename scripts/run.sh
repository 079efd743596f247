#!/usr/bin/env bash
# Runs gif-chat from the jar on the embedded default (no database to install), building the jar first when it is
# missing or older than the sources (scripts/build-if-stale.sh). Extra arguments go to the Vert.x launcher, e.g.
# --conf '{"http.port":9000}'. Data goes under ./data unless DATA_DIR says otherwise.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/target/gif-chat.jar"
bash "$here/scripts/build-if-stale.sh"
# The class-data archive makes a start about twice as fast (docs/PERFORMANCE.md, start). `mvn package` writes it
# beside the jar (scripts/class-data.sh); one that is missing or older than the jar is written now, before the start.
# An archive the JVM cannot use is ignored, never an error.
archive="$here/target/gif-chat.jsa"
if [ ! -f "$archive" ] || [ "$jar" -nt "$archive" ]; then
  echo "Writing the class-data archive for faster starts (once per build)…" >&2
  bash "$here/scripts/class-data.sh" >&2 || echo "No class-data archive: starting without it, only slower." >&2
fi
class_data=()
[ -f "$archive" ] && class_data=("-XX:SharedArchiveFile=$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
# the heap settings, and any other JVM flags, are in scripts/jvm.options; JAVA_OPTS adds to them or overrides them
mapfile -t jvm_options < <(grep -Ev '^[[:space:]]*(#|$)' "$here/scripts/jvm.options")
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
exec java -Dfile.encoding=UTF-8 "${jvm_options[@]}" ${JAVA_OPTS:-} "${class_data[@]}" -jar "$jar" "$@"
