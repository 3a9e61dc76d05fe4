#!/usr/bin/env bash
# Benchmark of `incident site` on a generated corpus; see docs/performance.md.
#
#   benches/site.sh                       # 10,000 incidents, 3 runs per figure, medians
#   N=1000 RUNS=5 OUT=/tmp/site-bench benches/site.sh
#
# Prints a Markdown table: a full build into an empty folder, a rebuild with nothing changed,
# a rebuild after changing one record (its title), the size of index.html, and the time
# headless Chromium takes to open index.html (its script sorts and filters every row) against
# the time it takes to open an empty page. Needs Debian's chromium for the last two rows.
set -euo pipefail

cd "$(dirname "$0")/.."
N=${N:-10000}
RUNS=${RUNS:-3}
OUT=${OUT:-/tmp/incident-site-bench}
SEED=${SEED:-7}
# A fixed "now", so every build sees the same clock (as CI does with SOURCE_DATE_EPOCH).
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1748736000}  # 2025-06-01 00:00 UTC

cargo build --release --quiet --bin incident --example gen_corpus
BIN=$PWD/target/release/incident
GEN=$PWD/target/release/examples/gen_corpus

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
# secs CMD...: wall seconds of one run.
secs() {
  local t0 t1
  t0=${EPOCHREALTIME/[.,]/}000; "$@" >/dev/null 2>&1; t1=${EPOCHREALTIME/[.,]/}000
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", (b - a) / 1e9}'
}

DIR="$OUT/n$N/incidents"
if [ "$(find "$DIR" -name '*.ron' 2>/dev/null | wc -l)" != "$N" ]; then
  rm -rf "$OUT/n$N"
  "$GEN" --count "$N" --out "$DIR" --seed "$SEED" >/dev/null
fi
MB=$(cat "$DIR"/*.ron | wc -c | awk '{printf "%.1f", $1/1e6}')
SITE="$OUT/n$N/site"

full=()
for _ in $(seq "$RUNS"); do
  rm -rf "$SITE"
  full+=("$(secs "$BIN" --dir "$DIR" site -o "$SITE")")
done
same=()
for _ in $(seq "$RUNS"); do
  same+=("$(secs "$BIN" --dir "$DIR" site -o "$SITE")")
done
# One record changed: a different title each run, so each rebuild has one page to render.
ONE=$(find "$DIR" -name '*.ron' -print -quit)
cp "$ONE" "$OUT/original.ron"
one=()
for i in $(seq "$RUNS"); do
  sed -i "0,/title: \"/s//title: \"Changed $i: /" "$ONE"
  one+=("$(secs "$BIN" --dir "$DIR" site -o "$SITE")")
done
cp "$OUT/original.ron" "$ONE"
"$BIN" --dir "$DIR" site -o "$SITE" >/dev/null
SAID=$("$BIN" --dir "$DIR" site -o "$SITE" 2>&1)
INDEX_MB=$(wc -c <"$SITE/index.html" | awk '{printf "%.2f", $1/1e6}')

echo "Machine: $(nproc) cores; $(uname -sr); load average: $(cut -d' ' -f1-3 /proc/loadavg); runs per figure: $RUNS (medians)"
echo
echo "### incident site, $N incidents ($MB MB of records)"
echo
echo "| What | Median (s) | Runs (s) |"
echo "| --- | ---: | --- |"
echo "| full build into an empty folder | $(printf '%s\n' "${full[@]}" | median) | ${full[*]} |"
echo "| rebuild, nothing changed | $(printf '%s\n' "${same[@]}" | median) | ${same[*]} |"
echo "| rebuild after changing one record | $(printf '%s\n' "${one[@]}" | median) | ${one[*]} |"
echo
echo "index.html: $INDEX_MB MB. Last rebuild said: $SAID"

if command -v chromium >/dev/null 2>&1; then
  PROFILE=$(mktemp -d)
  echo '<!DOCTYPE html><title>blank</title>' >"$OUT/blank.html"
  open_page() {
    chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
      --user-data-dir="$PROFILE" --dump-dom "file://$1" >"$OUT/dom.html" 2>/dev/null
  }
  blank=(); index=()
  open_page "$OUT/blank.html"  # warm the profile and the page cache
  for _ in $(seq "$RUNS"); do
    blank+=("$(secs open_page "$OUT/blank.html")")
    index+=("$(secs open_page "$SITE/index.html")")
  done
  grep -o "[0-9,]* of [0-9,]* incidents shown" "$OUT/dom.html" | head -n1 || true
  echo
  echo "| headless Chromium, open and dump the DOM | Median (s) | Runs (s) |"
  echo "| --- | ---: | --- |"
  echo "| an empty page (start-up alone) | $(printf '%s\n' "${blank[@]}" | median) | ${blank[*]} |"
  echo "| index.html, its script run | $(printf '%s\n' "${index[@]}" | median) | ${index[*]} |"
  rm -rf "$PROFILE"
fi
