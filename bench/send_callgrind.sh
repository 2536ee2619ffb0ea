#!/bin/sh
# Instructions per send, counted by callgrind (they do not depend on the
# machine's load): the prepared loop of bench_send (watpl_params_clear + 6
# watpl_params_add + watpl_send_render), the caller-buffer loop
# (watpl_send_payload) and the floor, each run for N and 2N sends; the
# difference divided by N is what one send costs, the setup cancelling out.
# The adds and the render are split by callgrind's inclusive counts.
# usage: send_callgrind.sh BENCH_SEND [N]
set -e
bin=$1 n=${2:-10000}
command -v valgrind >/dev/null 2>&1 || { echo "send_callgrind: valgrind not installed"; exit 0; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
total() { # mode sends -> instructions of the whole run
    valgrind --tool=callgrind --callgrind-out-file="$out/$1.$2" "$bin" "--$1-only" "$2" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
fn() { # mode sends function -> its inclusive instructions
    callgrind_annotate --inclusive=yes "$out/$1.$2" 2>/dev/null | grep -E "[:]$3 " | head -1 |
        awk '{gsub(",","",$1); print $1}'
}
per_send() { # mode -> instructions per send
    a=$(total "$1" "$n")
    b=$(total "$1" $((2 * n)))
    [ -n "$a" ] && [ -n "$b" ] || { echo "send_callgrind: no callgrind total" >&2; exit 1; }
    echo $(((b - a) / n))
}
floor=$(per_send floor)
prepared=$(per_send prepared)
payload=$(per_send payload)
adds=$(( ($(fn prepared $((2 * n)) watpl_params_add) - $(fn prepared "$n" watpl_params_add)) / n ))
render=$(( ($(fn prepared $((2 * n)) watpl_send_render) - $(fn prepared "$n" watpl_send_render)) / n ))
echo "send_callgrind: instructions per send: floor $floor; prepared send $prepared (6 adds $adds, watpl_send_render $render), ratio $(awk "BEGIN{printf \"%.2f\", $prepared / $floor}"); caller buffer $payload, ratio $(awk "BEGIN{printf \"%.2f\", $payload / $floor}")"
