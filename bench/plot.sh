#!/bin/sh
# Throughput (templates/s and MB/s) of bulk lint+classify against template size:
# runs bench_bulk on corpora whose bodies are scaled 1x..16x and plots the result
# with gnuplot into docs/throughput.png.
set -e
dir=$1
data="$dir/throughput.dat"
: > "$data"
for s in 1 2 4 8 16; do
    f="$dir/scale-$s.jsonl"
    [ -f "$f" ] || python3 tools/gen_bench_corpus.py "$f" 5 --scale $s > /dev/null
    avg=$(awk '{n++; b+=length($0)+1} END {printf "%.0f", b/n}' "$f")
    line=$("$dir/bench_bulk" "$f" 3 | grep 'libwatpl (parse')
    mbs=$(echo "$line" | sed 's/.*templates\/s, \([0-9.]*\) MB\/s.*/\1/')
    tps=$(echo "$line" | sed 's/.*s, \([0-9]*\) templates\/s.*/\1/')
    echo "$avg $tps $mbs" >> "$data"
done
gnuplot <<GP
set terminal png size 800,480
set output "docs/throughput.png"
set title "libwatpl bulk lint + classify: throughput against template size"
set xlabel "average template size (bytes)"
set ylabel "templates per second"
set y2label "MB per second"
set logscale x
set ytics nomirror
set y2tics
set grid
plot "$data" using 1:2 with linespoints title "templates/s" axis x1y1, \
     "$data" using 1:3 with linespoints title "MB/s" axis x1y2
GP
echo "plot: docs/throughput.png from $data"
