#!/usr/bin/env bash
# Writes target/gif-chat.jsa, the class-data archive that makes a start of the jar about twice as fast
# (docs/PERFORMANCE.md, start): a short training run of the jar (free ports, a database in memory, the pages asked
# for once) whose loaded classes the JVM writes out as it exits. `mvn package` runs it right after building the jar
# (an archive only fits the very jar it was made with; -Dcds.skip leaves it out), and scripts/run.sh when the archive
# is missing or older than the jar. Takes 10-30 s; prints one line.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/target/gif-chat.jar"
archive="$here/target/gif-chat.jsa"
start_seconds=${TRAINING_START_SECONDS:-120}

work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT
rm -f "$archive"

# only what this run needs from the environment: no database, cluster or admin settings of the caller's
(cd "$work" && exec env -i PATH="$PATH" HOME="$work" HTTP_HOST=127.0.0.1 HTTP_PORT=0 REALTIME_PORT=0 \
  EMBEDDED_STORAGE=memory DATA_DIR="$work/data" GIFCHAT_SECRET=class-data-training \
  java -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -Dfile.encoding=UTF-8 -jar "$jar" \
  > "$work/log" 2>&1 < /dev/null) &
pid=$!

waited=0
until grep -q "gif-chat ready" "$work/log"; do
  if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -ge "$((start_seconds * 10))" ]; then
    echo "class-data training run did not start; its log:" >&2
    cat "$work/log" >&2
    exit 1
  fi
  sleep 0.1; waited=$((waited + 1))
done

# the first pages load the templates, the session and the JSON code: ask for them as a browser would
port=$(sed -n 's/.*pages listening on port \([0-9]*\).*/\1/p' "$work/log" | head -1)
for path in / /room /api/rooms /health; do
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
  cat <&3 > /dev/null
  exec 3<&-
done

kill -TERM "$pid"
wait "$pid" || true
pid=
if [ ! -s "$archive" ]; then
  echo "class-data training run wrote no archive; its log:" >&2
  cat "$work/log" >&2
  exit 1
fi
echo "wrote $(basename "$archive") ($(( $(stat -c %s "$archive") / 1024 / 1024 )) MB of classes for faster starts)"
