#!/usr/bin/env bash
# Report parsing throughput of the gate's parsers next to standard tools on the same files, in one run.
# Generates a 100,000-testcase JUnit report and a 20,000-result SARIF log into a temp dir, then times
#   ours:    JUnitParser / SarifParser in a JVM capped at -Xmx64m (best of RUNS, after warm-up)
#   xmllint --stream --noout (JUnit), jq empty (SARIF), and cat > /dev/null (both), best of 3
# Build first: mvn -B -q -pl core,benchmarks -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -B -q -pl core,benchmarks -am package -DskipTests" >&2; exit 2; }
RUNS=${RUNS:-5}
HEAP=${HEAP:-64m}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
java -cp "$JAR" io.jenkins.plugins.relgov.benchmarks.GateParseBench generate "$DIR"

# best wall time of 3 runs of a command, in seconds
best() {
  local b=""
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s%N); "$@" > /dev/null; t1=$(date +%s%N)
    local t=$(( t1 - t0 ))
    if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
  done
  awk -v ns="$b" 'BEGIN { printf "%.3f", ns / 1e9 }'
}
mbs() { awk -v bytes="$1" -v s="$2" 'BEGIN { printf "%.1f", bytes / 1e6 / s }'; }

line() { printf '%-34s %8s s %9s MB/s %s\n' "$1" "$2" "$3" "$4"; }

for kind in junit sarif; do
  if [ "$kind" = junit ]; then file="$DIR/junit-100k.xml"; else file="$DIR/sarif-20k.sarif"; fi
  bytes=$(stat -c %s "$file")
  echo
  echo "== $kind: $(basename "$file"), $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }')"
  ours=$(java -Xmx"$HEAP" -cp "$JAR" io.jenkins.plugins.relgov.benchmarks.GateParseBench "$kind" "$file" "$RUNS")
  ours_s=$(echo "$ours" | sed -E 's/.* in ([0-9.]+) s .*/\1/')
  ours_mbs=$(mbs "$bytes" "$ours_s")
  line "relgov $kind parser (-Xmx$HEAP)" "$ours_s" "$ours_mbs" "(${ours#*; })"
  if [ "$kind" = junit ]; then
    t=$(best xmllint --stream --noout "$file")
    line "xmllint --stream --noout" "$t" "$(mbs "$bytes" "$t")" "ours/xmllint = $(awk -v a="$ours_mbs" -v b="$(mbs "$bytes" "$t")" 'BEGIN { printf "%.2f", a / b }')"
  else
    t=$(best jq empty "$file")
    line "jq empty" "$t" "$(mbs "$bytes" "$t")" "ours/jq = $(awk -v a="$ours_mbs" -v b="$(mbs "$bytes" "$t")" 'BEGIN { printf "%.2f", a / b }')"
  fi
  t=$(best cat "$file")
  line "cat" "$t" "$(mbs "$bytes" "$t")" "ours/cat = $(awk -v a="$ours_mbs" -v b="$(mbs "$bytes" "$t")" 'BEGIN { printf "%.3f", a / b }')"
done
