#!/usr/bin/env bash
# Runs core's Jazzer fuzz tests in fuzzing mode, each target for a given time, and prints for
# each its executions per second, coverage and findings.
#
#   core/fuzz.sh [-t DURATION] [-j JOBS] [-n] [TARGET...]
#
#   DURATION  how long each target fuzzes: 30s, 10m, 1h (default 10m)
#   JOBS      how many targets fuzz side by side (default 1)
#   -n        do not build: fuzz the classes the last build left in core/target
#   TARGET    Class#method, e.g. SessionCodecFuzzTest#open (default: every target)
#
# The JDK is the one on JAVA_HOME (or PATH); each fuzzer runs under `nice -n ${NICE:-10}`.
# New corpus entries are kept in core/.cifuzz-corpus/<class>/<method> (not committed) and seed
# the next run; the committed seeds in src/test/resources/.../<Class>Inputs/<method> are read
# too. A crashing input is written to that committed directory, where `mvn verify` replays it
# from then on: commit it with its fix. Logs: core/target/fuzz/<target>.log.
set -euo pipefail
cd "$(dirname "$0")"

TARGETS=(
  dev.crumb.SessionCodecFuzzTest#open
  dev.crumb.CookieHeaderFuzzTest#find
  dev.crumb.CookieSessionsFuzzTest#load
  dev.crumb.AttributesFuzzTest#read
  dev.crumb.internal.Base64UrlFuzzTest#decode
  dev.crumb.internal.PayloadReadersFuzzTest#read
  dev.crumb.JwkSetFuzzTest#load
)

duration=10m
jobs=1
build=yes
while getopts "t:j:nh" opt; do
  case "$opt" in
    t) duration=$OPTARG ;;
    j) jobs=$OPTARG ;;
    n) build=no ;;
    *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
shift $((OPTIND - 1))

case "$duration" in
  *h) seconds=$(( ${duration%h} * 3600 )) ;;
  *m) seconds=$(( ${duration%m} * 60 )) ;;
  *s) seconds=${duration%s} ;;
  *) seconds=$duration ;;
esac

selected=()
if [ $# -eq 0 ]; then
  selected=("${TARGETS[@]}")
else
  for want in "$@"; do
    match=""
    for t in "${TARGETS[@]}"; do
      case "$t" in *"$want") match=$t ;; esac
    done
    if [ -z "$match" ]; then
      echo "unknown target $want; the targets are: ${TARGETS[*]}" >&2
      exit 2
    fi
    selected+=("$match")
  done
fi

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
echo "fuzzing with $("$java" -version 2>&1 | head -1)"
if [ "$build" = yes ]; then
  # One Maven build; the fuzzers then run as plain JVMs, so several can run at once.
  (cd .. && mvn -B -ntp -q -pl core -am test-compile \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz-classpath.txt)
elif [ ! -f target/fuzz-classpath.txt ] || [ ! -d target/test-classes ]; then
  echo "-n needs a previous build of core's tests; run once without -n" >&2
  exit 2
fi
# The fuzzers run on a copy of the classes, so that a build during a long run cannot change them.
snapshot=target/fuzz/classes-$$
mkdir -p "$snapshot"
cp -r target/classes target/test-classes "$snapshot"/
trap 'rm -rf "$snapshot"' EXIT
classpath="$snapshot/test-classes:$snapshot/classes:$(cat target/fuzz-classpath.txt)"

run() {
  local target=$1 class=${1%#*} method=${1#*#}
  local corpus=.cifuzz-corpus/$class/$method log=target/fuzz/${class##*.}-$method.log
  mkdir -p "$corpus"
  local before
  before=$(find "$corpus" -type f | wc -l)
  # -XX:+EnableDynamicAgentLoading: Jazzer attaches its agent at run time, which JDK 21+ warns about.
  nice -n "${NICE:-10}" "$java" -Xmx1g -XX:+IgnoreUnrecognizedVMOptions -XX:+EnableDynamicAgentLoading \
    -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
    --target_class="$class" --target_method="$method" \
    -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1 && status=ok || status=FAILED
  local after last runs rate
  after=$(find "$corpus" -type f | wc -l)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  if grep -q -E '^== Java (Exception|Assertion)|Java Exception:|FuzzTestFindingException' "$log"; then
    status="FINDING (see $log)"
  fi
  printf '%-42s %s  runs=%s  exec/s=%s  cov=%s  ft=%s  corpus=%s (+%s)  %s\n' "$target" "$duration" \
    "${runs:-?}" "${rate:-?}" "$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")" \
    "$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")" "$after" "$((after - before))" "$status"
  [ "$status" = ok ]
}

failed=0
running=0
for t in "${selected[@]}"; do
  run "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
exit $failed
