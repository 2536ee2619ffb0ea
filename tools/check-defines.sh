#!/bin/sh
# No macro is defined in two files of lib/: a limit of Meta lives in
# lib/limits_internal.h, an input bound or a shared helper in one internal
# header, and every file includes it rather than retyping it (a second
# `#define BODY_MAX 1024` is how render time and validation come to
# disagree). Prints each name defined in more than one file, with the files.
# usage: tools/check-defines.sh [DIR]   (default lib)
set -eu
dir=${1:-lib}
list=$(for f in "$dir"/*.c "$dir"/*.h; do
    [ -f "$f" ] || continue
    sed -n 's/^[[:space:]]*#[[:space:]]*define[[:space:]]\{1,\}\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' "$f" |
        sort -u | sed "s|\$| $f|"
done)
dups=$(printf '%s\n' "$list" | awk 'NF == 2 { files[$1] = files[$1] " " $2; n[$1]++ }
    END { for (m in n) if (n[m] > 1) print m ":" files[m] }' | sort)
if [ -n "$dups" ]; then
    echo "check-defines: macros defined in more than one file of $dir/ (define each once, in an internal header):"
    printf '%s\n' "$dups" | sed 's/^/  /'
    exit 1
fi
echo "check-defines: every macro of $dir/ is defined in one file ($(printf '%s\n' "$list" | grep -c .) definitions)"
