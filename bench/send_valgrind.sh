#!/bin/sh
# Allocations per warm send, cross-checked with valgrind: the heap
# allocations of the prepared loop of bench_send for N and 2N sends (the
# setup and the first sends are the same in both runs, so the difference
# is what N more warm sends allocate).
# usage: send_valgrind.sh BENCH_SEND [N]
set -e
bin=$1 n=${2:-10000}
command -v valgrind >/dev/null 2>&1 || { echo "send_valgrind: valgrind not installed"; exit 0; }
allocs() {
    valgrind --tool=memcheck --error-exitcode=3 "$bin" --prepared-only "$1" 2>&1 >/dev/null |
        sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' | tr -d ,
}
a=$(allocs "$n")
b=$(allocs $((2 * n)))
[ -n "$a" ] && [ -n "$b" ] || { echo "send_valgrind: no heap summary"; exit 1; }
echo "send_valgrind: $n sends: $a allocations, $((2 * n)) sends: $b allocations; $((b - a)) for $n more warm sends"
[ "$a" -eq "$b" ]
