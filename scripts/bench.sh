#!/usr/bin/env bash
# Runs the load benchmark of docs/PERFORMANCE.md; every scenario prints its own Markdown table.
#   scripts/bench.sh [--scenarios fanout,write,join,idle,start,rooms,attack,typing,cluster] [--people 10,100,500,1000]
#                    [--rates 10,100,500] [--seconds 5] [--storm 1000] [--idle 1000] [--starts 10] [--rooms 200]
#                    [--storage file|memory|process] [--warm-up 60] [--rounds 1] [--attacks flood,bad-frames,guesses]
#                    [--limits packaged,off] [--nodes 3] [--url http://host:8080]
# "cluster" (not run by default) is the many-rooms scenario on --nodes clustered nodes sharing a database process.
# BENCH_SERVER_OPTS adds JVM flags to the servers it starts (a profiler, say). --help describes every option.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" com.gifchat.bench.Benchmark "$@"
