#!/bin/sh
# No link-time cycle between the modules of the library. Each object file of
# lib/ is a module; module A depends on module B when A leaves undefined a
# symbol that B defines (nm). The dependencies, less the known back edges
# listed in tools/layers-allowed.txt, must form no cycle (lib/README.md draws
# the layers). Fails on a cycle (printing the modules in it and the symbols of
# each dependency between them), and on a listed edge that no longer exists
# (so the list shrinks as the back edges are removed). A line
# "forbid FROM TO [except MODULE,...] reason" of the same file forbids every
# dependency from a module matching the extended regular expression FROM to
# another one matching TO, cycle or not (the rule files do not depend on
# each other); the modules after "except" are exempt on either side.
# usage: tools/check-layers.sh ALLOWED OBJECT...
#   e.g. tools/check-layers.sh tools/layers-allowed.txt build/static/lib/*.o
set -eu
[ $# -ge 2 ] || { echo "usage: check-layers.sh ALLOWED OBJECT..." >&2; exit 2; }
allowed=$1
shift
NM=${NM:-nm}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

n=0
for o in "$@"; do
    m=$(basename "$o" .o)
    "$NM" -g --defined-only "$o" | awk -v m="$m" 'NF >= 3 { print "D", m, $3 }' >> "$tmp"
    "$NM" -u "$o" | awk -v m="$m" '{ print "U", m, $NF }' >> "$tmp"
    n=$((n + 1))
done

# Lines of ALLOWED: "FROM TO reason..." or "forbid FROM TO [except M,...] reason..."
# ('#' starts a comment).
sed -e 's/#.*//' "$allowed" | awk '
$1 == "forbid" && NF >= 3 { print "F", $2, $3, ($4 == "except" ? $5 : "-"); next }
NF >= 2 { print "A", $1, $2 }' >> "$tmp"

awk -v nmods="$n" '
$1 == "D" { def[$3] = $2; mods[$2] = 1; next }
$1 == "U" { und[++nu] = $2 " " $3; mods[$2] = 1; next }
$1 == "A" { allow[$2 " " $3] = 1; next }
$1 == "F" { nf++; ffrom[nf] = $2; fto[nf] = $3; fexcept[nf] = "," $4 ","; next }
END {
    for (i = 1; i <= nu; i++) {
        split(und[i], a, " ")
        if (!(a[2] in def) || def[a[2]] == a[1]) continue
        e = a[1] " " def[a[2]]
        if (!(e in syms)) { edges[++ne] = e; syms[e] = a[2] } else if (index(" " syms[e] " ", " " a[2] " ") == 0) syms[e] = syms[e] " " a[2]
    }
    bad = 0
    for (i = 1; i <= ne; i++) {
        split(edges[i], a, " ")
        for (f = 1; f <= nf; f++) {
            if (a[1] !~ ("^(" ffrom[f] ")$") || a[2] !~ ("^(" fto[f] ")$")) continue
            if (index(fexcept[f], "," a[1] ",") || index(fexcept[f], "," a[2] ",")) continue
            printf "check-layers: %s -> %s is forbidden (%s -> %s in the list): %s\n", a[1], a[2], ffrom[f], fto[f], syms[edges[i]]
            bad = 1
        }
    }
    for (e in allow) if (!(e in syms)) {
        split(e, a, " ")
        printf "check-layers: %s -> %s is listed as allowed but no longer exists: remove it from the list\n", a[1], a[2]
        bad = 1
    }
    # reachability over the edges that are not allowed (Floyd-Warshall)
    k = 0
    for (m in mods) name[++k] = m
    for (i = 1; i <= ne; i++) if (!(edges[i] in allow)) { split(edges[i], a, " "); r[a[1], a[2]] = 1 }
    for (x = 1; x <= k; x++) for (i = 1; i <= k; i++) if ((name[i], name[x]) in r)
        for (j = 1; j <= k; j++) if ((name[x], name[j]) in r) r[name[i], name[j]] = 1
    for (i = 1; i <= k; i++) {
        if (done[name[i]] || !((name[i], name[i]) in r)) continue
        group = ""
        for (j = 1; j <= k; j++)
            if ((name[i], name[j]) in r && (name[j], name[i]) in r) { done[name[j]] = 1; in_group[name[j]] = i; group = group " " name[j] }
        printf "check-layers: cycle between modules:%s\n", group
        for (x = 1; x <= ne; x++) {
            split(edges[x], a, " ")
            if (edges[x] in allow || in_group[a[1]] != i || in_group[a[2]] != i) continue
            printf "  %s -> %s: %s\n", a[1], a[2], syms[edges[x]]
        }
        bad = cyc = 1
    }
    na = 0
    for (e in allow) if (e in syms) na++
    if (bad) {
        if (!cyc) print "check-layers: a rule file may call rules_common.c and the layers below, not another rule file or validate.c (lib/README.md)"
        if (cyc) print "check-layers: break the cycle, or (for a known back edge that a later change removes) list it in tools/layers-allowed.txt with the reason"
        exit 1
    }
    printf "check-layers: %d modules, %d dependencies, no cycle (%d known back edges allowed), none of the %d forbidden kinds\n", k, ne, na, nf
}' "$tmp"
