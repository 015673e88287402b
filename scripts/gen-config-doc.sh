#!/usr/bin/env bash
# Regenerates docs/configuration.md from the code (the ConfigReferenceTest fails when they differ).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/jdk.sh
jar=cli/target/authstream.jar
[ -f "$jar" ] || mvn -B -q -ntp -pl cli -am package -DskipTests
{ sed -n '1,/^This table is generated/p' docs/configuration.md; sed -n '/^This table is generated/,/^$/p' docs/configuration.md | tail -n +2
  "$JAVA_HOME/bin/java" -jar "$jar" config --markdown; } > docs/configuration.md.new
mv docs/configuration.md.new docs/configuration.md
