#!/usr/bin/env bash
# Benchmark of `incident` across many incidents; see docs/performance.md.
#
#   benches/run.sh                 # 1,000 and 10,000 incidents, 3 runs each, medians
#   RUNS=5 SIZES="10000" benches/run.sh
#   SIZES="" benches/run.sh        # only the single-record commands
#   OUT=/tmp/incident-bench SEED=7 benches/run.sh
#
# Needs /usr/bin/time (GNU time: `apt-get install time`). Prints Markdown tables: median wall
# time, MB/s over the corpus size, and median peak resident memory, for `cat`, a plain
# single-threaded `ron` parse (examples/ron_parse.rs) and `incident check|list|actions|stats`;
# then the time of single-record commands against `incident --version`.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SIZES=${SIZES-"1000 10000"}
OUT=${OUT:-/tmp/incident-bench}
SEED=${SEED:-7}
AT=${AT:-2025-06-01}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet --bin incident --example gen_corpus --example ron_parse
BIN=target/release/incident
PARSE=target/release/examples/ron_parse
GEN=target/release/examples/gen_corpus

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# measure NAME CMD...: runs CMD once to warm the page cache, then $RUNS times; prints
# "wall_seconds peak_kb cpu_percent" medians (cpu_percent: (user+sys)/wall, 200 = two cores).
# Exit status 0 and 1 are both accepted (1 = problems found).
measure() {
  local walls=() mems=() cpus=() f
  f=$(mktemp)
  "$@" >/dev/null 2>&1 || true
  for _ in $(seq "$RUNS"); do
    "$TIME" -f "%e %M %P" -o "$f" "$@" >/dev/null 2>&1 || true
    walls+=("$(tail -n1 "$f" | cut -d' ' -f1)")
    mems+=("$(tail -n1 "$f" | cut -d' ' -f2)")
    cpus+=("$(tail -n1 "$f" | cut -d' ' -f3 | tr -d '%')")
  done
  rm -f "$f"
  echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${mems[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median)"
}

echo "Machine: $(nproc) cores; $(uname -sr); runs per figure: $RUNS (medians)"
echo
for N in $SIZES; do
  DIR="$OUT/n$N"
  if [ "$(find "$DIR" -name '*.ron' 2>/dev/null | wc -l)" != "$N" ]; then
    rm -rf "$DIR"
    "$GEN" --count "$N" --out "$DIR" --seed "$SEED" >/dev/null
  fi
  BYTES=$(cat "$DIR"/*.ron | wc -c)
  MB=$(awk -v b="$BYTES" 'BEGIN {printf "%.1f", b/1e6}')
  # The generated records must have no errors. They do have warnings, as real records do:
  # windows that end after the resolution (W155, W156) and detection events before the
  # detection moment (W154), rules added after the generator was written.
  "$BIN" check "$DIR" >/dev/null
  echo "### $N incidents ($MB MB)"
  echo
  echo "| What | Wall time (s) | MB/s | Peak memory (MB) | CPU % |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  row() {
    local name=$1; shift
    read -r wall kb cpu < <(measure "$@")
    awk -v n="$name" -v w="$wall" -v kb="$kb" -v mb="$MB" -v cpu="$cpu" \
      'BEGIN {r = (w > 0) ? sprintf("%.0f", mb / w) : "∞"; printf "| %s | %.2f | %s | %.1f | %s |\n", n, w, r, kb/1024, cpu}'
  }
  row "cat (read only)" sh -c "cat '$DIR'/*.ron"
  row "ron parse, 1 thread (examples/ron_parse)" "$PARSE" "$DIR"
  row "incident check" "$BIN" check "$DIR"
  row "incident list" "$BIN" --dir "$DIR" list
  row "incident list --kind real,drill,test --grep timeouts" "$BIN" --dir "$DIR" list --kind real,drill,test --grep timeouts
  row "incident actions --open" "$BIN" --dir "$DIR" actions --open --at "$AT"
  row "incident actions (every item, table)" "$BIN" --dir "$DIR" actions --at "$AT"
  row "incident stats --by month" "$BIN" --dir "$DIR" stats --by month --at "$AT"
  echo
done

# Single-record commands against `incident --version` (process start-up): per-run median of
# 20 runs each, in milliseconds.
one() {
  local f t0 t1 times=()
  for _ in $(seq 20); do
    t0=${EPOCHREALTIME/[.,]/}000; "$@" >/dev/null 2>&1 || true; t1=${EPOCHREALTIME/[.,]/}000
    times+=("$(( (t1 - t0) / 1000 ))")
  done
  printf '%s\n' "${times[@]}" | median | awk '{printf "%.1f", $1/1000}'
}
HKDIR=incidents
echo "### One record (the Hong Kong record), median of 20 runs"
echo
echo "| Command | ms | × --version |"
echo "| --- | ---: | ---: |"
BASE=$(one "$BIN" --version)
echo "| incident --version | $BASE | 1.0 |"
for cmd in "show hk-zone-c" "check incidents/2022-12-18-hk-zone-c.ron" \
           "timeline hk-zone-c" "impact hk-zone-c" "summary hk-zone-c"; do
  # Commands not built yet in this checkout are skipped (they print a usage error).
  set -- $cmd
  if "$BIN" --dir "$HKDIR" "$1" --help >/dev/null 2>&1; then
    MS=$(one "$BIN" --dir "$HKDIR" $cmd)
    echo "| incident $cmd | $MS | $(awk -v a="$MS" -v b="$BASE" 'BEGIN {printf "%.1f", a/b}') |"
  else
    echo "| incident $cmd | not built yet | |"
  fi
done
