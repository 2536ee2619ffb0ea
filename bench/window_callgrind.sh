#!/bin/sh
# Instructions per window query, counted by callgrind (machine-independent):
# the difference between 1000 queries and a baseline run of the same program
# with the queries, divided by 1000, is measured on watpl_window_query alone;
# the same for 1000 loads of the saved state (watpl_window_load).
set -e
bin=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$bin" --one > /dev/null 2>&1
total=$(callgrind_annotate --inclusive=yes "$out/cg" 2>/dev/null | grep 'watpl_window_query' | head -1 | awk '{gsub(",","",$1); print $1}')
if [ -z "$total" ]; then echo "window_callgrind: could not read callgrind output"; exit 1; fi
echo "window: callgrind instructions per query (inclusive, mean of 1000): $((total / 1000)) (target < 100)"
load=$(callgrind_annotate --inclusive=yes "$out/cg" 2>/dev/null | grep 'watpl_window_load' | head -1 | awk '{gsub(",","",$1); print $1}')
if [ -n "$load" ]; then echo "window: callgrind instructions per state load (inclusive, mean of 1000): $((load / 1000))"; fi
