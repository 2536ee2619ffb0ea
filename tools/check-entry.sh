#!/bin/sh
# Every public function that takes a (non-const) context starts with the one
# entry, WATPL__ENTER (lib/common_internal.h, lib/README.md "The entry of a
# public function"): its first statement clears the outputs, checks the
# arguments and records a refusal on the context the same way as every
# other (or hands over at once to an internal function that does). Reads the declarations of include/watpl.h (WATPL_API ... watpl_ctx *)
# and the definitions in lib/*.c; fails naming each function whose body does
# not start with WATPL__ENTER. watpl_ctx_free, which only frees, is exempt.
# usage: tools/check-entry.sh HEADER LIBDIR
set -eu
header=${1:-include/watpl.h}
dir=${2:-lib}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# The names: one declaration per record, joined up to its ';'.
awk '
/^WATPL_API/ { decl = ""; inside = 1 }
inside { decl = decl " " $0; if (index($0, ";")) { inside = 0; print decl } }
' "$header" | grep -E '[(,] *watpl_ctx \*[a-z]' | grep -v 'const watpl_ctx \*' |
    sed -E 's/.*[ *](watpl_[a-z0-9_]+)\(.*/\1/' | grep -vx 'watpl_ctx_free' | sort -u > "$tmp"

n=$(wc -l < "$tmp")
[ "$n" -gt 0 ] || { echo "check-entry: no function taking a context found in $header" >&2; exit 1; }
# The first statement after the opening brace of the definition of $1.
first_statement() {
    awk -v name="$1" '
        !found && $0 ~ "^[a-z].*[ *]" name "\\(" { found = 1 }
        found && !body && /^\{/ { body = 1; next }
        body && NF { sub(/^[ \t]+/, ""); print; exit }
    ' "$dir"/*.c
}

bad=0
while read -r name; do
    first=$(first_statement "$name")
    # a public function that only hands over to an internal one: that one's entry
    inner=$(printf '%s\n' "$first" | sed -n -E 's/^return (watpl__[a-z0-9_]+)\(.*/\1/p')
    [ -z "$inner" ] || first=$(first_statement "$inner")
    case $first in
    WATPL__ENTER\(*) ;;
    "") echo "check-entry: $name: no definition in $dir"; bad=1 ;;
    *) echo "check-entry: $name does not start with WATPL__ENTER: $first"; bad=1 ;;
    esac
done < "$tmp"
[ "$bad" -eq 0 ] || exit 1
echo "check-entry: $n functions taking a context, each starting with WATPL__ENTER"
