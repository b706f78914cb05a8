#!/bin/sh
# relgov against the standard tools, whole processes, in one run:
#   sign    relgov sign --key k.pem BIG          vs  openssl dgst -sha256 -sign k.pem BIG    (ECDSA P-256, 1 GiB)
#   verify  relgov verify bundle.zip --key pub   vs  sha256sum and openssl dgst -sha256 over the bundle's 1,000 files
#   (and, for information, Ed25519: relgov sign vs openssl pkeyutl -sign -rawin, both holding the message in memory)
# relgov is the distribution as users install it: cli/target/relgov.tar.gz unpacked, bin/relgov with its
# class-data archive. The commands of a comparison run interleaved (A B A B ...), WARMUP rounds first, then RUNS
# rounds; it prints the median wall and CPU (user+system) seconds with the spread (min-max), and the ratios.
# The machine may be shared: compare the medians, read the spread, and note the load printed at start and end.
#
# Build first: mvn -B -q package -DskipTests      (cli/target/relgov.tar.gz, benchmarks/target/benchmarks.jar)
# Usage: benchmarks/compare-tools.sh    environment: RUNS=5 WARMUP=1 SIZE_MIB=1024 FILES=1000 FILE_KIB=64 ED25519_MIB=256
#                                       (ED25519_MIB=0 skips the Ed25519 comparison)
set -eu
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
SIZE_MIB=${SIZE_MIB:-1024}
FILES=${FILES:-1000}
FILE_KIB=${FILE_KIB:-64}
ED25519_MIB=${ED25519_MIB:-256}
DIST=cli/target/relgov.tar.gz
JAR=benchmarks/target/benchmarks.jar
for f in "$DIST" "$JAR"; do
  [ -f "$f" ] || { echo "missing $f: build first with mvn -B -q package -DskipTests" >&2; exit 2; }
done
for tool in openssl sha256sum /usr/bin/time; do
  command -v "$tool" > /dev/null || { echo "needs $tool" >&2; exit 2; }
done
WORK=$(mktemp -d /tmp/relgov-compare.XXXXXX)
trap 'rm -rf "$WORK"' EXIT INT TERM
tar -xzf "$DIST" -C "$WORK"
RELGOV=$WORK/relgov/bin/relgov

# "wall cpu" seconds of one run of a command (its output discarded); a failing command stops the benchmark
measure() {
  t0=$(date +%s%N)
  /usr/bin/time -f "%U %S" -o "$WORK/time" "$@" > /dev/null 2> "$WORK/err" || {
    echo "failed: $*" >&2; cat "$WORK/err" >&2; exit 1; }
  t1=$(date +%s%N)
  awk -v ns=$((t1 - t0)) '{ printf "%.3f %.2f\n", ns / 1e9, $1 + $2 }' "$WORK/time"
}

# compare NAME CMD... -- NAME CMD... [-- ...]: interleaved rounds; each command's samples go to $WORK/NAME.samples
compare() {
  names=""
  while [ $# -gt 0 ]; do
    name=$1; shift
    names="$names $name"
    : > "$WORK/$name.samples"
    : > "$WORK/$name.argv" # one argument a line
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do printf '%s\n' "$1" >> "$WORK/$name.argv"; shift; done
    if [ $# -gt 0 ]; then shift; fi
  done
  round=0
  while [ $round -lt $((WARMUP + RUNS)) ]; do
    round=$((round + 1))
    for name in $names; do
      sample=$(run_argv "$WORK/$name.argv")
      if [ $round -gt "$WARMUP" ]; then echo "$sample" >> "$WORK/$name.samples"; fi
    done
  done
}

run_argv() {
  argv=$1
  set --
  while IFS= read -r arg; do set -- "$@" "$arg"; done < "$argv"
  measure "$@"
}

# median and min-max of column COL (1 wall, 2 cpu) of NAME's samples: "median min max"
stats() {
  cut -d' ' -f"$2" "$WORK/$1.samples" | sort -n | awk '{ v[NR] = $1 } END {
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.3f %.3f %.3f\n", m, v[1], v[NR] }'
}

row() {
  set -- "$1" "$2" $(stats "$2" 1) $(stats "$2" 2)
  printf '  %-46s wall %6.3f s (%5.3f-%5.3f)   cpu %6.2f s (%4.2f-%4.2f)\n' "$1" "$3" "$4" "$5" "$6" "$7" "$8"
}

median() { stats "$1" "$2" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores," \
  "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "tools:   $(java -version 2>&1 | head -1), $(openssl version | cut -d' ' -f1-2), $(sha256sum --version | head -1)"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg); runs: $RUNS after $WARMUP warm-up, interleaved; medians (min-max)"
JAVA_OPTS="-Xlog:class+load=info:file=$WORK/classes.log" "$RELGOV" --version > /dev/null
if grep -q 'io.jenkins.plugins.relgov.cli.Relgov source: shared objects file' "$WORK/classes.log"; then
  echo "relgov:  the distribution, starting from its class-data archive (lib/relgov.jsa)"
else
  echo "relgov:  the distribution, WITHOUT its class-data archive (not shipped, or not usable with this JDK)"
fi

# sign: one large file, ECDSA P-256
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/ec.pem" 2> /dev/null
openssl pkey -in "$WORK/ec.pem" -pubout -out "$WORK/ec.pub.pem"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/big"
cat "$WORK/big" > /dev/null # in the page cache for every tool alike
compare openssl-sign openssl dgst -sha256 -sign "$WORK/ec.pem" -out "$WORK/big.openssl.sig" "$WORK/big" \
  -- relgov-sign "$RELGOV" sign --key "$WORK/ec.pem" "$WORK/big"
base64 -d "$WORK/big.sig" > "$WORK/big.der"
openssl dgst -sha256 -verify "$WORK/ec.pub.pem" -signature "$WORK/big.der" "$WORK/big" > /dev/null \
  || { echo "openssl does not verify relgov's signature!" >&2; exit 1; }
echo
echo "sign ${SIZE_MIB} MiB with ECDSA P-256 (openssl verifies relgov's signature):"
row "openssl dgst -sha256 -sign" openssl-sign
row "relgov sign --key" relgov-sign
SIGN_RATIO=$(ratio "$(median openssl-sign 1)" "$(median relgov-sign 1)")
echo "  => relgov sign runs at ${SIGN_RATIO}x the speed of openssl (wall, medians; goal >= 0.95)," \
  "cpu $(ratio "$(median openssl-sign 2)" "$(median relgov-sign 2)")x"
rm -f "$WORK/big" "$WORK/big.sig" "$WORK/big.der" "$WORK/big.openssl.sig"

if [ "$ED25519_MIB" -gt 0 ]; then
  openssl genpkey -algorithm ed25519 -out "$WORK/ed.pem"
  head -c "$((ED25519_MIB * 1024 * 1024))" /dev/urandom > "$WORK/msg"
  compare openssl-ed25519 openssl pkeyutl -sign -inkey "$WORK/ed.pem" -rawin -in "$WORK/msg" -out "$WORK/msg.openssl.sig" \
    -- relgov-ed25519 "$RELGOV" sign --key "$WORK/ed.pem" "$WORK/msg"
  base64 -d "$WORK/msg.sig" | cmp -s - "$WORK/msg.openssl.sig" \
    || { echo "Ed25519 is deterministic, yet relgov's signature differs from openssl's!" >&2; exit 1; }
  echo
  echo "sign ${ED25519_MIB} MiB with Ed25519, which signs the whole message (both signatures are the same bytes):"
  row "openssl pkeyutl -sign -rawin" openssl-ed25519
  row "relgov sign --key (Ed25519)" relgov-ed25519
  echo "  => relgov at $(ratio "$(median openssl-ed25519 1)" "$(median relgov-ed25519 1)")x the speed of openssl (wall)"
  rm -f "$WORK/msg" "$WORK/msg.sig" "$WORK/msg.openssl.sig"
fi

# verify: a sealed bundle of FILES evidence files, against hashing the same files
java -cp "$JAR" io.jenkins.plugins.relgov.benchmarks.BenchBundle "$WORK/bundle" "$WORK/ec.pem" "$FILES" "$((FILE_KIB * 1024))"
"$RELGOV" verify "$WORK/bundle/deflated.zip" --key "$WORK/ec.pub.pem" > /dev/null \
  || { echo "relgov verify does not find the bundle valid!" >&2; exit 1; }
compare sha256sum sh -c "sha256sum '$WORK'/bundle/files/* > /dev/null" \
  -- openssl-dgst sh -c "openssl dgst -sha256 '$WORK'/bundle/files/* > /dev/null" \
  -- relgov-verify "$RELGOV" verify "$WORK/bundle/deflated.zip" --key "$WORK/ec.pub.pem"
echo
echo "verify a bundle of $FILES files of $FILE_KIB KiB (13 checks; the files deflated in the zip), against hashing them:"
row "sha256sum FILES" sha256sum
row "openssl dgst -sha256 FILES" openssl-dgst
row "relgov verify bundle.zip --key pub.pem" relgov-verify
echo "  => relgov verify takes $(ratio "$(median relgov-verify 1)" "$(median sha256sum 1)")x the time of sha256sum" \
  "(wall, medians; goal <= 3), $(ratio "$(median relgov-verify 1)" "$(median openssl-dgst 1)")x openssl dgst;" \
  "cpu $(ratio "$(median relgov-verify 2)" "$(median sha256sum 2)")x sha256sum"
echo
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
