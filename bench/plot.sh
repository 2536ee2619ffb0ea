#!/bin/sh
# Throughput (templates/s and MB/s) of bulk lint+classify against template size:
# runs bench_bulk on corpora whose bodies are scaled 1x..16x and plots the best
# round of each (the least disturbed by other load) with gnuplot into
# docs/throughput.png.
set -e
dir=$1
data="$dir/throughput.dat"
: > "$data.raw"
# three passes over the sizes, so that a slow spell of the machine does not
# fall on one size only; the best of the passes is kept per size
for pass in 1 2 3; do
    for s in 1 2 4 8 16; do
        f="$dir/scale-$s.jsonl"
        [ -f "$f" ] || python3 tools/gen_bench_corpus.py "$f" 5 --scale $s > /dev/null
        avg=$(awk '{n++; b+=length($0)+1} END {printf "%.0f", b/n}' "$f")
        best=$("$dir/bench_bulk" "$f" 3 | grep 'best rounds:')
        fmbs=$(echo "$best" | sed 's/.*floor \([0-9.]*\) MB\/s.*/\1/')
        mbs=$(echo "$best" | sed 's/.*libwatpl \([0-9.]*\) MB\/s.*/\1/')
        tps=$(echo "$best" | sed 's/.*MB\/s, \([0-9]*\) templates\/s.*/\1/')
        echo "$avg $tps $mbs $fmbs" >> "$data.raw"
    done
done
awk '{ if (!($1 in t) || $3 > m[$1]) { t[$1] = $2; m[$1] = $3 } if ($4 > f[$1]) f[$1] = $4 }
     END { for (k in t) print k, t[k], m[k], f[k] }' "$data.raw" | sort -n > "$data"
gnuplot <<GP
set terminal png size 800,480
set output "docs/throughput.png"
set title "libwatpl bulk lint + classify: throughput against template size"
set xlabel "average template size (bytes)"
set ylabel "MB per second"
set y2label "templates per second"
set logscale x
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
set grid
set key bottom left
plot "$data" using 1:3 with linespoints title "libwatpl MB/s (parse + lint)" axis x1y1, \
     "$data" using 1:4 with linespoints title "floor MB/s (jansson + utf8proc)" axis x1y1, \
     "$data" using 1:2 with linespoints title "libwatpl templates/s" axis x1y2
GP
echo "plot: docs/throughput.png from $data"
