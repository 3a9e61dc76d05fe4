#!/usr/bin/env bash
# Benchmark of `incident import text` on a large chat log; see docs/performance.md.
#
#   benches/import.sh                  # 100,000 messages, 3 runs each, medians
#   MESSAGES=20000 RUNS=5 benches/import.sh
#
# Generates the log here (awk; deterministic): `HH:MM:SS nick: text` lines one to three
# seconds apart from 2024-03-01 08:00, so the log crosses midnight, with a continuation
# line after every tenth message and six nicks. Then times, with GNU time:
#   1. import into a new record (--new): read, map, validate, write ~N events;
#   2. the same import again into that record (--into): nothing added, file unchanged;
#   3. a dry run of (2);
#   4. import into an existing small record (--into): the in-place append path of the writer.
set -euo pipefail

cd "$(dirname "$0")/.."
MESSAGES=${MESSAGES:-100000}
RUNS=${RUNS:-3}
OUT=${OUT:-/tmp/incident-import-bench}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet --bin incident
BIN=$PWD/target/release/incident
export SOURCE_DATE_EPOCH=1710000000 TZ=UTC

rm -rf "$OUT" && mkdir -p "$OUT"
LOG=$OUT/chat.log
awk -v n="$MESSAGES" 'BEGIN {
  split("mira tomas layla sam ana bo", nick, " ");
  t = 8 * 3600;
  for (i = 1; i <= n; i++) {
    t += 1 + (i % 3);
    s = t % 86400;
    printf "%02d:%02d:%02d %s: message %d: replication lag %d s on db-%d, checking \"the primary\"\n", s / 3600, (s % 3600) / 60, s % 60, nick[1 + i % 6], i, i % 97, i % 7;
    if (i % 10 == 0) printf "    continued: %d rows behind\n", i * 3;
  }
}' > "$LOG"
SIZE_MB=$(awk -v b="$(stat -c %s "$LOG")" 'BEGIN { printf "%.1f", b / 1e6 }')

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# timed SETUP CMD...: runs SETUP (not timed) then CMD under GNU time, RUNS times; prints
# "wall_seconds cpu_seconds peak_mb cpu_percent" medians (cpu_seconds: user + system, which
# a loaded machine does not inflate as it does the wall time).
timed() {
  local setup=$1; shift
  local walls=() secs=() mems=() cpus=() f
  f=$(mktemp)
  for _ in $(seq "$RUNS"); do
    eval "$setup"
    "$TIME" -f "%e %M %P %U %S" -o "$f" "$@" >/dev/null 2>"$OUT/stderr" || { cat "$OUT/stderr" >&2; exit 1; }
    walls+=("$(tail -n1 "$f" | cut -d' ' -f1)")
    mems+=("$(tail -n1 "$f" | cut -d' ' -f2)")
    cpus+=("$(tail -n1 "$f" | cut -d' ' -f3 | tr -d '%')")
    secs+=("$(tail -n1 "$f" | awk '{printf "%.2f", $4 + $5}')")
  done
  rm -f "$f"
  echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${secs[@]}" | median) $(printf '%s\n' "${mems[@]}" | median | awk '{printf "%.0f", $1 / 1024}') $(printf '%s\n' "${cpus[@]}" | median)"
}

DIR=$OUT/incidents
fresh='rm -rf "$DIR" && mkdir -p "$DIR"'
small='rm -rf "$DIR" && mkdir -p "$DIR" && "$BIN" --dir "$DIR" new --title "Small" --severity sev3 --started "2024-03-01 07:00" --tz UTC >/dev/null 2>&1'
row() { read -r wall secs mem cpu; echo "| $1 | $wall | $secs | $mem | $cpu |"; }

echo "Machine: $(nproc) cores; $(uname -sr); load average $(cut -d' ' -f1-3 /proc/loadavg); runs per figure: $RUNS (medians)"
echo "Input: $MESSAGES messages, $(wc -l < "$LOG") lines, $SIZE_MB MB"
echo
echo "| What | Wall time (s) | CPU time (s) | Peak memory (MB) | CPU % |"
echo "| --- | ---: | ---: | ---: | ---: |"
timed "$fresh" "$BIN" --dir "$DIR" import text "$LOG" --date 2024-03-01 --new --title "Bench" | row "import text --new ($MESSAGES messages)"
ID=$(ls "$DIR" | grep -v '^\.' | sed 's/\.ron$//')
echo "record: $(stat -c %s "$DIR/$ID.ron") bytes, $(grep -c 'origin:' "$DIR/$ID.ron") events" >&2
timed ":" "$BIN" --dir "$DIR" import text "$LOG" --date 2024-03-01 --into "$ID" | row "the same import again (--into; nothing added)"
timed ":" "$BIN" --dir "$DIR" import text "$LOG" --date 2024-03-01 --into "$ID" --dry-run | row "the same again with --dry-run"
timed "$small" "$BIN" --dir "$DIR" import text "$LOG" --date 2024-03-01 --into small | row "import text --into an existing record"
