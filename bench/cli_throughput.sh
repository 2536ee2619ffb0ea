#!/bin/sh
# `watpl lint --json` and `watpl window` over large files: throughput and peak
# memory (maximum resident set size, from GNU time).
# usage: cli_throughput.sh WATPL_BINARY WORKDIR [SIZE_MB]
set -e
watpl=$1 dir=$2 mb=${3:-1000}
mkdir -p "$dir"
lint_in="$dir/lint-$mb.jsonl"
win_in="$dir/window-$mb.jsonl"
[ -f "$lint_in" ] || python3 tools/gen_bench_corpus.py "$lint_in" "$mb" > /dev/null
if [ ! -f "$win_in" ]; then
python3 tools/gen_window_events.py "$win_in" "$mb"
fi
# Peak RSS of the command itself: GNU time forks a small process and execs
# the command (getrusage from a Python parent would count the Python
# interpreter's memory, which a forked child keeps as its high-water mark).
measure() {
    name=$1; shift
    eval "last=\${$#}"
    size=$(wc -c < "$last")
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%M %e %x" -o "$dir/time.out" "$@" > /dev/null || true
        read -r kb secs rc < "$dir/time.out"
    else
        echo "cli_throughput: GNU time (Debian package time) is needed for the peak RSS" >&2
        "$@" > /dev/null; rc=$?; kb=0
        secs=$(echo "$(date +%s.%N) - $start" | bc)
    fi
    awk -v n="$name" -v s="$size" -v t="$secs" -v kb="$kb" -v rc="$rc" 'BEGIN {
        printf "%s: %.0f MB in %.1f s = %.1f MB/s, peak RSS %.1f MB (exit %d; target < 32 MB)\n",
               n, s / 1e6, t, s / 1e6 / t, kb / 1024, rc }'
}
measure "watpl lint --json" "$watpl" lint --json "$lint_in"
measure "watpl window" "$watpl" window "$win_in"
