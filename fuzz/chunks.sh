#!/usr/bin/env bash
# Runs one fuzz target in chunks until a deadline, at the lowest priority (builds come first),
# and prints one line of figures per chunk (see docs/hardening.md, "Fuzzing").
#
#   fuzz/chunks.sh TARGET DEADLINE [CHUNK_SECONDS] [LOG_DIR]
#   fuzz/chunks.sh writes 10:55 1200 /tmp/fuzz-logs
#
# Build first: (cd fuzz && cargo fuzz build --sanitizer none -O); FUZZ_BIN_DIR names another
# folder of built targets (a copy, so a build meanwhile does not change the one running).
# Corpora go to fuzz/corpus/TARGET (git-ignored); crash inputs to fuzz/artifacts/TARGET.
#
# libFuzzer's -timeout is wall-clock time. At nice 19 on a machine busy with builds a
# process may get a few percent of a core, so an input that takes 60 ms of CPU was once
# reported as a 10 s timeout; 300 s leaves room for that and still stops a real hang.
set -u
target=$1
deadline=$(date -d "$2" +%s)
chunk=${3:-1200}
logs=${4:-/tmp/fuzz-logs}
here=$(cd "$(dirname "$0")" && pwd)
bin="${FUZZ_BIN_DIR:-$here/target/x86_64-unknown-linux-gnu/release}/$target"
mkdir -p "$logs" "$here/corpus/$target" "$here/artifacts/$target"

case $target in
records) extra=(-dict="$here/records.dict" -max_len=65536) seeds="$here/seeds" ;;
writes) extra=(-max_len=1024) seeds="$here/seeds-writes" ;;
merge) extra=(-max_len=1024) seeds="$here/seeds-merge" ;;
*) echo "unknown target $target" >&2; exit 2 ;;
esac

n=0
while :; do
    left=$((deadline - $(date +%s)))
    [ "$left" -lt 60 ] && break
    n=$((n + 1))
    secs=$((left < chunk ? left : chunk))
    log="$logs/$target-$n.log"
    start=$(date -u +%H:%M)
    nice -n 19 "$bin" "$here/corpus/$target" "$seeds" "${extra[@]}" \
        -max_total_time="$secs" -timeout=300 -report_slow_units=300 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$here/artifacts/$target/" >"$log" 2>&1
    code=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
    first=$(grep 'INITED' "$log" | grep -m1 -o 'cov: [0-9]* ft: [0-9]*')
    last=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
    corpus=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -1)
    crashes=$(grep -c -E '^==[0-9]+== ERROR|deadly signal|Test unit written' "$log")
    echo "$target chunk $n: start $start UTC, ${secs}s, exit $code, executions ${execs:-?}, exec/s ${rate:-?}, $first -> $last, $corpus, crash reports $crashes"
done
