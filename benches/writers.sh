#!/usr/bin/env bash
# Benchmark of every writer on the shipped record against process start-up
# (`incident --version`); see docs/performance.md ("Writers on the shipped record").
#
#   benches/writers.sh             # 20 runs of each, medians
#   RUNS=50 benches/writers.sh
#
# Each writer runs on a fresh copy of incidents/ (the copy is made before the run and not
# timed), so every run does the same work: lock, read, parse, validate, patch the text, check
# the result, write atomically, re-read. The clock is pinned after the incident
# (SOURCE_DATE_EPOCH) so no time is "in the future". Each run of a writer is paired with a
# run of `incident --version` just after it, and each writer's ratio is of those pairs.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-20}
OUT=${OUT:-/tmp/incident-writers-bench}
ID=2022-12-18-hk-zone-c

cargo build --release --quiet --bin incident
BIN=$PWD/target/release/incident
export SOURCE_DATE_EPOCH=1672531200 # 2023-01-01T00:00:00Z
export GIT_CONFIG_GLOBAL=/dev/null
export USER=bench

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# ms CMD...: wall milliseconds of one run; the run must succeed.
ms() {
  local t0 t1
  t0=${EPOCHREALTIME/[.,]/}000
  "$@" >/dev/null 2>"$OUT/stderr" || { echo "failed: $*" >&2; cat "$OUT/stderr" >&2; exit 1; }
  t1=${EPOCHREALTIME/[.,]/}000
  echo "$(((t1 - t0) / 1000))" | awk '{printf "%.2f\n", $1/1000}'
}

# One writer per line: its arguments after `incident`, quoted as in a shell.
writers=(
  "log $ID --at '2022-12-18 16:00' 'Benchmark event'"
  "log $ID --at '2022-12-18 16:00' --kind mitigation --important 'Benchmark mitigation'"
  "impact add $ID --service Benchmark --from '2022-12-18 10:00' --to '2022-12-18 11:00' --level degraded"
  "impact end $ID Bench-open --at '2022-12-18 22:50'"
  "action add $ID --type mitigate --owner SRE --due 2023-02-01 'Benchmark action'"
  "action set $ID A1 --owner Benchmark"
  "action done $ID A1"
  "status $ID closed --force"
  "moment set $ID communicated --at '2022-12-18 12:00'"
  "set $ID title 'Benchmark title'"
  "set $ID tags --add benchmark"
  "source add $ID bench --title 'Benchmark source' --further-reading"
  "source set $ID statement --note 'Benchmark note'"
  "event set $ID supplier-called --note 'Benchmark note'"
  "event rm $ID supplier-called"
  "cause add $ID --kind contributing 'Benchmark cause' --id bench-cause --led-to chiller-recovery --source statement"
  "cause status $ID determined"
  "lesson add $ID --kind lucky 'Benchmark lesson'"
  "claim add $ID detected --at '2022-12-18 08:50' --source kuaikeji"
  "count add $ID 'benchmark count' 4 --source statement"
  "loss add $ID 'Benchmark loss' --recovered unknown"
  "stated add $ID total-duration --duration 15.5h --source scmp-3204593"
  "reference add $ID --kind ticket --id BENCH-1"
  "region add $ID cn-hongkong --zone C"
  "role set $ID commander Benchmark --at '2022-12-18 09:00'"
  "target set $ID 'Object Storage Service' --note Benchmark"
  "update add $ID 'Benchmark update' --at '2022-12-18 10:33' --state investigating --channel 'status page'"
)

rm -rf "$OUT" && mkdir -p "$OUT"
# The base every run starts from: the shipped record and one open window for `impact end`.
cp -r incidents "$OUT/base"
"$BIN" --quiet --dir "$OUT/base" impact add "$ID" --service Bench-open --from '2022-12-18 10:00' --level degraded
echo "Machine: $(nproc) cores; $(uname -sr); load average $(cut -d' ' -f1-3 /proc/loadavg); runs: $RUNS (medians)"
echo
# Each writer run is paired with a run of `--version` just after it, so that both see the
# same moment of this shared machine (the writer comes first, right after the copy, which if
# anything slows it); the ratio is of the two medians of the pairs.
versions=()
echo "| writer | ms (median of $RUNS) | \`--version\` after it, ms | × \`--version\` |"
echo "| --- | ---: | ---: | ---: |"
for w in "${writers[@]}"; do
  eval "args=($w)"
  times=() beside=()
  for _ in $(seq "$RUNS"); do
    rm -rf "$OUT/incidents" && cp -r "$OUT/base" "$OUT/incidents"
    times+=("$(ms "$BIN" --dir "$OUT/incidents" "${args[@]}")")
    beside+=("$(ms "$BIN" --version)")
  done
  versions+=("${beside[@]}")
  m=$(printf '%s\n' "${times[@]}" | median)
  v=$(printf '%s\n' "${beside[@]}" | median)
  shown=${w//$ID/ID}
  echo "| \`incident $shown\` | $m | $v | $(awk -v a="$m" -v b="$v" 'BEGIN {printf "%.2f", a/b}') |"
done
echo
echo "\`incident --version\` over all pairs: median $(printf '%s\n' "${versions[@]}" | median) ms"
