#!/usr/bin/env bash
# Runs SealBenchmark and OpenBenchmark (A256GCM) for each implementation in turn, one JMH run per
# implementation, for several rounds, so that a change in a shared machine's load falls on every
# implementation alike and ratios can be taken within a round. JSON results go to
# benchmarks/target/round-robin/; benchmarks/round-robin-summary.py makes the table from them.
# Usage: benchmarks/round-robin.sh [rounds] (default 3); build first with
# `mvn -B -q -pl benchmarks -am package -DskipTests`.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
out=benchmarks/target/round-robin
mkdir -p "$out"
for round in $(seq 1 "$rounds"); do
  for impl in CRUMB RAW KTOR VERTX NIMBUS NIMBUS_JWE FLOOR; do
    java -jar benchmarks/target/benchmarks.jar "SealBenchmark|OpenBenchmark" -p alg=A256GCM -p impl="$impl" \
        -f 1 -wi 5 -w 1s -i 3 -r 1s -prof gc -rf json -rff "$out/r$round-$impl.json" > "$out/r$round-$impl.txt" 2>&1
    echo "$(date +%T) round $round $impl done; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
