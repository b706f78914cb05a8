#!/bin/sh
# Hashing throughput of the evidence code vs openssl and sha256sum on the same 1 GiB file, in the
# same run, then the cost of verifying a 1,000-file bundle vs hashing the same files.
# Build first: mvn -B -q -pl core,benchmarks -am package -DskipTests
# Usage: benchmarks/hash-bench.sh [SIZE_MIB]   (default 1024)
#
# Each figure is the best of 3. Wall time is what a user waits; CPU time (user+system) is the
# fair comparison on a shared machine, where wall time mostly measures the neighbours.
set -eu
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
[ -f "$JAR" ] || { echo "build first: mvn -B -q -pl core,benchmarks -am package -DskipTests" >&2; exit 2; }
SIZE=${1:-1024}
WORK=$(mktemp -d /tmp/relgov-hash-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT INT TERM
FILE="$WORK/blob"
head -c "$((SIZE * 1024 * 1024))" /dev/urandom > "$FILE"

# best-of-3 "wall cpu" seconds of a command run under /usr/bin/time; its stdout goes to $WORK/out
best() {
  bw=""; bc_=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$@" > "$WORK/out"
    w=$(awk '{print $1}' "$WORK/time"); c=$(awk '{print $2 + $3}' "$WORK/time")
    if [ -z "$bw" ] || [ "$(echo "$w < $bw" | bc)" = 1 ]; then bw=$w; fi
    if [ -z "$bc_" ] || [ "$(echo "$c < $bc_" | bc)" = 1 ]; then bc_=$c; fi
  done
  echo "$bw $bc_"
}
rate() { echo "scale=0; $SIZE / $1" | bc; }
ratio() { echo "scale=2; $1 / $2" | bc | sed 's/^\./0./'; }

cat "$FILE" > /dev/null # into the page cache, for every tool alike
set -- $(best openssl dgst -sha256 "$FILE"); W_OSSL=$1; C_OSSL=$2; H_OSSL=$(awk '{print $NF}' "$WORK/out")
set -- $(best sha256sum "$FILE"); W_SUM=$1; C_SUM=$2; H_SUM=$(awk '{print $1}' "$WORK/out")
set -- $(best java -cp "$JAR" io.jenkins.plugins.relgov.benchmarks.HashFile "$FILE" 1); W_JVM=$1; C_JVM=$2
java -cp "$JAR" io.jenkins.plugins.relgov.benchmarks.HashFile "$FILE" 3 > "$WORK/ours"
H_OURS=$(awk '{print $1}' "$WORK/ours"); W_OURS=$(awk '{print $2}' "$WORK/ours"); C_OURS=$(awk '{print $3}' "$WORK/ours")
[ "$H_OURS" = "$H_OSSL" ] && [ "$H_OURS" = "$H_SUM" ] || { echo "digests differ!" >&2; exit 1; }

echo "file: $SIZE MiB of random bytes, sha256 $H_OURS (all three agree)"
printf '%-40s %7s s wall %6s MiB/s   %7s s cpu %6s MiB/s\n' "openssl dgst -sha256" "$W_OSSL" "$(rate "$W_OSSL")" "$C_OSSL" "$(rate "$C_OSSL")"
printf '%-40s %7s s wall %6s MiB/s   %7s s cpu %6s MiB/s\n' "sha256sum" "$W_SUM" "$(rate "$W_SUM")" "$C_SUM" "$(rate "$C_SUM")"
printf '%-40s %7s s wall %6s MiB/s   %7s s cpu %6s MiB/s\n' "relgov Sha256 (in the JVM)" "$W_OURS" "$(rate "$W_OURS")" "$C_OURS" "$(rate "$C_OURS")"
printf '%-40s %7s s wall %6s MiB/s   %7s s cpu %6s MiB/s\n' "relgov Sha256 (whole JVM process)" "$W_JVM" "$(rate "$W_JVM")" "$C_JVM" "$(rate "$C_JVM")"
echo "throughput ratio relgov / openssl:   cpu $(ratio "$C_OSSL" "$C_OURS")x, wall $(ratio "$W_OSSL" "$W_OURS")x (in JVM); whole process: cpu $(ratio "$C_OSSL" "$C_JVM")x, wall $(ratio "$W_OSSL" "$W_JVM")x"
echo "throughput ratio relgov / sha256sum: cpu $(ratio "$C_SUM" "$C_OURS")x, wall $(ratio "$W_SUM" "$W_OURS")x (in JVM)"
rm -f "$FILE"

echo
echo "bundle of 1,000 evidence files (64 KiB each):"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/key.pem" 2>/dev/null
openssl pkey -in "$WORK/key.pem" -pubout -out "$WORK/pub.pem"
java -cp "$JAR" io.jenkins.plugins.relgov.benchmarks.BundleVerifyBench "$WORK" "$WORK/key.pem" "$WORK/pub.pem" 1000 65536

# the same as an auditor runs it: one cold JVM per command, against the standard tools
CLI=cli/target/relgov.jar
if [ -f "$CLI" ]; then
  echo
  echo "one-shot commands (best of 3, wall / cpu seconds):"
  set -- $(best sh -c "sha256sum '$WORK'/files/* > /dev/null"); echo "sha256sum of the 1,000 files:          $1 / $2"
  set -- $(best sh -c "openssl dgst -sha256 '$WORK'/files/* > /dev/null"); echo "openssl dgst -sha256 of the 1,000 files: $1 / $2"
  set -- $(best java -jar "$CLI" verify "$WORK/stored.zip" --key "$WORK/pub.pem" --policy inopsio); echo "relgov verify stored.zip --policy:       $1 / $2"
  set -- $(best java -jar "$CLI" verify "$WORK/deflated.zip" --key "$WORK/pub.pem" --policy inopsio); echo "relgov verify deflated.zip --policy:     $1 / $2"
  set -- $(best java -jar "$CLI" --version); echo "(java -jar relgov.jar --version:          $1 / $2, the JVM's start-up)"
fi
