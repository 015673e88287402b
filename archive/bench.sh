#!/usr/bin/env bash
# Archive throughput vs raw _bulk of the same documents (not a test). Usage: archive/bench.sh [events] [rounds]
# Run it alone on the machine:  flock /tmp/authstream-bench.lock archive/bench.sh 200000
set -euo pipefail
cd "$(dirname "$0")/.."
./build -q -pl archive -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
. scripts/jdk.sh
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "archive/target/test-classes:archive/target/classes:$(cat archive/target/bench.cp)" \
  io.authstream.archive.bench.ArchiveThroughputBench "${1:-200000}" "${2:-3}"
