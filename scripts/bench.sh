#!/usr/bin/env bash
# Runs the fan-out benchmark (docs/PERFORMANCE.md): every cell against the stock SockJS bridge alone and against
# gif-chat, each started as its own process. Options: --people 10,100 --rates 10,100 --seconds 5
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" com.gifchat.bench.Benchmark "$@"
