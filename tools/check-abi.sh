#!/bin/sh
# ABI check: the exported dynamic symbols of the shared library must equal the
# checked-in list, which must equal the linker version script and the
# WATPL_API declarations of the public header. Every export starts with
# watpl_, and no dependency symbol (utf8proc, jansson) leaks out.
# usage: check-abi.sh LIB HEADER MAP SYMBOLS
set -e
lib=$1 header=$2 map=$3 symbols=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sed 's/@.*//' | grep -v '^LIBWATPL' | sort -u > "$tmp/exported"
sort -u "$symbols" > "$tmp/listed"
sed -n 's/^[[:space:]]*\(watpl_[a-z0-9_]*\);.*/\1/p' "$map" | sort -u > "$tmp/map"
# Function names declared with WATPL_API (possibly across lines).
tr '\n' ' ' < "$header" | grep -o 'WATPL_API[^;]*;' | grep -o 'watpl_[a-z0-9_]*[[:space:]]*(' | \
    sed 's/[[:space:]]*(//' | sort -u > "$tmp/header"
status=0
if ! diff -u "$tmp/listed" "$tmp/exported" > "$tmp/d1"; then
    echo "check-abi: exported symbols differ from $symbols:"; cat "$tmp/d1"; status=1
fi
if ! diff -u "$tmp/listed" "$tmp/map" > "$tmp/d2"; then
    echo "check-abi: $map differs from $symbols:"; cat "$tmp/d2"; status=1
fi
if ! diff -u "$tmp/listed" "$tmp/header" > "$tmp/d3"; then
    echo "check-abi: WATPL_API declarations of $header differ from $symbols:"; cat "$tmp/d3"; status=1
fi
if grep -v '^watpl_' "$tmp/exported"; then
    echo "check-abi: exported names above do not start with watpl_"; status=1
fi
if grep -E '^(utf8proc_|json_|jansson_)' "$tmp/exported"; then
    echo "check-abi: dependency symbols leak"; status=1
fi
if [ -n "$ABIDIFF_BASELINE" ] && [ -f "$ABIDIFF_BASELINE" ] && ! command -v abidiff >/dev/null 2>&1; then
    echo "check-abi: abidiff not installed (Debian package abigail-tools); baseline comparison skipped"
elif [ -n "$ABIDIFF_BASELINE" ] && [ -f "$ABIDIFF_BASELINE" ]; then
    # abidiff's exit status is a bit set: 1 tool error, 2 usage error, 4 ABI
    # change (additions are compatible), 8 incompatible change.
    rc=0
    abidiff --headers-dir2 include "$ABIDIFF_BASELINE" "$lib" > "$tmp/abidiff" || rc=$?
    if [ $((rc & 11)) -ne 0 ]; then
        cat "$tmp/abidiff"
        echo "check-abi: abidiff against $ABIDIFF_BASELINE failed (status $rc): incompatible change or tool error"
        status=1
    elif [ $rc -ne 0 ]; then
        echo "check-abi: compatible additions since $ABIDIFF_BASELINE:"
        grep -E "^  \[A\]" "$tmp/abidiff" || true
    fi
fi
if [ $status -eq 0 ]; then
    echo "check-abi: $(wc -l < "$tmp/exported") symbols, all listed, all watpl_, no leaks"
fi
exit $status
