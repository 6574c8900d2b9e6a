#!/usr/bin/env bash
# The pgmux demo: two unmodified sample apps run with the agent side by side against one PostgreSQL (through
# PgBouncer where installed); a table every 2 s shows app connections against server connections.
# Usage: ./demo.sh [--seconds N] [--direct] [--standby]   (--direct: straight to PostgreSQL even where PgBouncer is installed)
#   --standby: a primary and a streaming standby; a writer and a --read-only reader with pgmux.standby; the table shows
#   reads moving to the standby, falling back to the primary while it is stopped, and coming back (30 s by default)
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

command -v java >/dev/null || { echo "demo.sh: java (17+) is not on PATH" >&2; exit 1; }
command -v mvn >/dev/null || { echo "demo.sh: mvn (Maven 3.8+) is not on PATH" >&2; exit 1; }

echo "Building the agent and the sample apps..."
mvn -q -B -DskipTests -pl agent,sample-apps,integration-tests -am install
mkdir -p target
mvn -q -B -pl integration-tests dependency:build-classpath -Dmdep.outputFile="$root/target/demo-classpath.txt" >/dev/null

java -Xmx512m \
  -cp "$root/integration-tests/target/classes:$(cat "$root/target/demo-classpath.txt")" \
  io.pgmux.demo.Demo \
  --agent "$root/agent/target/pgmux-agent.jar" \
  --sample-apps "$root/sample-apps/target/sample-apps.jar" \
  "$@" &
demo_pid=$!
# Ctrl-C or a kill ends the demo JVM, whose shutdown hooks stop the apps, PostgreSQL and PgBouncer
trap 'kill -TERM $demo_pid 2>/dev/null; wait $demo_pid' INT TERM
wait $demo_pid
