#!/usr/bin/env bash
# The pgmux benchmark (SPEC section 9): ./bench.sh [--quick] [--scenarios a,b,...]
# Builds what it needs, runs io.pgmux.bench.Benchmark, writes target/bench/report.md, report.json, chart.png, latency.png.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

command -v java >/dev/null || { echo "bench.sh: java (17+) is not on PATH" >&2; exit 1; }
command -v mvn >/dev/null || { echo "bench.sh: mvn (Maven 3.8+) is not on PATH" >&2; exit 1; }

echo "Building the agent, the sample apps and the benchmark..."
mvn -q -B -DskipTests -pl agent,sample-apps,integration-tests -am install
mvn -q -B -pl integration-tests dependency:build-classpath -Dmdep.outputFile="$root/target/bench-classpath.txt" >/dev/null

jmh_args=()
if [[ -d runtime/src/jmh ]]; then jmh_args=(--jmh-project "$root"); fi

mkdir -p target/bench
java -Djava.awt.headless=true -Xmx1g \
  -cp "$root/integration-tests/target/classes:$(cat "$root/target/bench-classpath.txt")" \
  io.pgmux.bench.Benchmark \
  --sample-apps "$root/sample-apps/target/sample-apps.jar" \
  --agent "$root/agent/target/pgmux-agent.jar" \
  --out "$root/target/bench" \
  ${jmh_args[@]+"${jmh_args[@]}"} "$@" &
bench_pid=$!
# Ctrl-C or a kill ends the benchmark JVM, whose shutdown hooks stop its child JVMs, PostgreSQL and PgBouncer
trap 'kill -TERM $bench_pid 2>/dev/null; wait $bench_pid' INT TERM
wait $bench_pid
