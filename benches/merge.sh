#!/usr/bin/env bash
# Benchmark of the merge driver, `incident merge-file`, on a large record; see
# docs/performance.md ("The merge driver on a large record").
#
#   benches/merge.sh                       # a 1 MB record, 20 runs, median
#   BYTES=2000000 RUNS=50 benches/merge.sh
#
# Writes base, ours and theirs with examples/merge_trio.rs (each side logged events under the
# same next ids, ours ended a window and set the status, theirs added an action item and
# changed an owner), then runs `incident merge-file` as git does: OURS is overwritten with the
# result, so a fresh copy is made before each run, and that copy is timed on its own too.
# Prints the median wall time of the merge, of the copy alone, and the timings of each phase
# inside one process (parse, merge, layout, validate).
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
BYTES=${BYTES:-1000000}
OUT=${OUT:-/tmp/incident-merge-bench}

cargo build --release --quiet --bin incident --example merge_trio
BIN=target/release/incident
TRIO=target/release/examples/merge_trio

# The clock is bash's $EPOCHREALTIME (microseconds, no process forked to read it), so the
# harness adds well under a millisecond to each run.
median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# The slowest tenth begins here: this virtual machine's runs have a long tail.
p90() { sort -g | awk '{v[NR]=$1} END {print v[int(NR*0.9+0.5)]}'; }
# ms CMD...: wall milliseconds of one run.
ms() {
  local t0 t1
  t0=${EPOCHREALTIME/[.,]/}000; "$@" >/dev/null 2>&1 || true; t1=${EPOCHREALTIME/[.,]/}000
  echo "$(( (t1 - t0) / 1000 ))" | awk '{printf "%.1f\n", $1/1000}'
}

echo "Machine: $(nproc) cores; $(uname -sr); load average $(cut -d' ' -f1-3 /proc/loadavg); runs: $RUNS (medians)"
echo
"$TRIO" --bytes "$BYTES" --out "$OUT" --phases
echo
merges=() copies=()
for _ in $(seq "$RUNS"); do
  copies+=("$(ms cp "$OUT/ours.ron" "$OUT/work.ron")")
  merges+=("$(ms "$BIN" merge-file "$OUT/base.ron" "$OUT/work.ron" "$OUT/theirs.ron" incidents/2024-03-01-big.ron)")
done
# The merge must have been clean (exit 0) and its result must pass check.
cp "$OUT/ours.ron" "$OUT/work.ron"
"$BIN" merge-file "$OUT/base.ron" "$OUT/work.ron" "$OUT/theirs.ron" incidents/2024-03-01-big.ron
mkdir -p "$OUT/incidents" && cp "$OUT/work.ron" "$OUT/incidents/2024-03-01-big.ron"
"$BIN" check "$OUT/incidents" >/dev/null
echo "| what | ms (median of $RUNS) |"
echo "| --- | ---: |"
echo "| incident merge-file, wall clock | $(printf '%s\n' "${merges[@]}" | median) |"
echo "| the same, 90th percentile | $(printf '%s\n' "${merges[@]}" | p90) |"
echo "| cp of OURS alone (not part of the merge) | $(printf '%s\n' "${copies[@]}" | median) |"
echo "| incident --version (process start-up) | $(for _ in $(seq "$RUNS"); do ms "$BIN" --version; done | median) |"
if [ -x /usr/bin/time ]; then
  cp "$OUT/ours.ron" "$OUT/work.ron"
  /usr/bin/time -f "one run: %e s wall, %U s user, %S s system, %M KB peak" \
    "$BIN" merge-file "$OUT/base.ron" "$OUT/work.ron" "$OUT/theirs.ron" incidents/2024-03-01-big.ron
fi
