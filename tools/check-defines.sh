#!/bin/sh
# No limit is defined twice in lib/, and no macro is copied from file to file.
# A limit of Meta lives in lib/limits_internal.h (a row of its table,
# X(NAME, value, ...), counts as a definition), an input bound or a shared
# helper in one internal header, and every file includes it rather than
# retyping it (a second `#define BODY_MAX 1024` is how render time and
# validation come to disagree). Fails when
#   - a limit (a name with MAX, MIN, CAP or LIMIT in it) is defined in two
#     files, with the same value or not: BODY_MAX and WATPL__BODY_MAX count
#     as the same name;
#   - any other macro is defined in two files with the same text (a copied
#     helper). Two file-local helpers that share only a name are allowed.
# Prints each offending name with its files.
# usage: tools/check-defines.sh [DIR]   (default lib)
set -eu
dir=${1:-lib}
tab=$(printf '\t')
# name <TAB> the definition, comments dropped and blanks squeezed <TAB> file
list=$(for f in "$dir"/*.c "$dir"/*.h; do
    [ -f "$f" ] || continue
    # a row of an X-macro table of limits, X(NAME, value, ...), defines NAME too
    awk -v f="$f" '/^[ \t]*X\([A-Z][A-Z0-9_]*, *[0-9]+,/ {
        name = $0
        sub(/^[ \t]*X\(/, "", name)
        sub(/,.*$/, "", name)
        print name "\t(table row)\t" f
    }
    /^[ \t]*#[ \t]*define[ \t]+[A-Za-z_]/ {
        line = $0
        sub(/^[ \t]*#[ \t]*define[ \t]+/, "", line)
        name = line
        sub(/[^A-Za-z0-9_].*$/, "", name)
        rest = substr(line, length(name) + 1)
        gsub(/\/\*.*\*\//, "", rest)
        sub(/\/\/.*$/, "", rest)
        gsub(/[ \t]+/, " ", rest)
        sub(/^ /, "", rest)
        sub(/ $/, "", rest)
        sub(/^WATPL__/, "", name)
        print name "\t" rest "\t" f
    }' "$f" | sort -u
done)
dups=$(printf '%s\n' "$list" | awk -F "$tab" 'NF == 3 {
        limit = ($1 ~ /(^|_)(MAX|MIN|CAP|LIMIT)(_|$)/)
        key = limit ? $1 : $1 SUBSEP $2
        if (index(files[key], " " $3 " ") == 0) { files[key] = files[key] " " $3 " "; n[key]++ }
        name[key] = $1
    }
    END { for (k in n) if (n[k] > 1) { f = files[k]; gsub(/  +/, " ", f); sub(/ $/, "", f); print name[k] ":" f } }' | sort)
if [ -n "$dups" ]; then
    echo "check-defines: limits or copied macros defined in more than one file of $dir/ (define each once, in an internal header):"
    printf '%s\n' "$dups" | sed 's/^/  /'
    exit 1
fi
echo "check-defines: every limit of $dir/ is defined once, and no macro is copied ($(printf '%s\n' "$list" | grep -c .) definitions)"
