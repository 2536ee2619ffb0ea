#!/bin/sh
# `watpl window` with its contacts in SQLite against the contact store it
# replaced (docs/performance.md, "watpl window with its state in SQLite"):
# the same event file replayed by both commands, alternately, ROUNDS times
# each, with the wall time, the CPU time and the peak RSS of each run (GNU
# time). The old command is built from the last commit that had the
# contact store, in a temporary git worktree outside the repository.
# Then the new command once with --state for each batch size of
# STATE_BATCHES (default "10000 1000000"; empty: none).
# usage: window_store.sh NEW_WATPL WORKDIR [SIZE_MB [ROUNDS [OLD_COMMIT]]]
set -e
new=$1 dir=$2 mb=${3:-1000} rounds=${4:-2}
# the parent of the commit that removed cli/contact_store.c
old_commit=${5:-$(git rev-list -n 1 HEAD -- cli/contact_store.c)^}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
events="$dir/window-$mb.jsonl"
if [ ! -x /usr/bin/time ]; then
    echo "window_store: GNU time (Debian package time) is needed" >&2
    exit 1
fi
# The stream of bench/cli_throughput.sh (tools/gen_window_events.py): contacts drawn uniformly among a
# million, 40 % inbound, 40 % outbound, 20 % queries, about 13.6 million
# events for 1000 MB.
if [ ! -f "$events" ]; then
python3 tools/gen_window_events.py "$events" "$mb"
fi
old_tree="$dir/old-tree"
if [ ! -x "$old_tree/build/watpl" ]; then
    rm -rf "$old_tree"
    git worktree prune
    git worktree add --detach "$old_tree" "$old_commit" > /dev/null
    make -C "$old_tree" -j2 cli > "$dir/old-build.log" 2>&1
fi
old="$old_tree/build/watpl"
run() { # name binary [option...]: one replay, one result line
    name=$1 bin=$2
    shift 2
    /usr/bin/time -v -o "$dir/time.$name" "$bin" window "$@" "$events" > "$dir/out.$name"
    awk -v n="$name" -F': ' '/Elapsed/ {w=$2} /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {r=$2}
        END {printf "%-6s wall %s, CPU %.1f s (user %.1f + system %.1f), peak RSS %.1f MB\n", n, w, u + s, u, s, r / 1024}' \
        "$dir/time.$name"
}
i=1
while [ $i -le "$rounds" ]; do
    run "old-$i" "$old"
    run "new-$i" "$new"
    i=$((i + 1))
done
# then the new command with --state, once for each batch size of
# STATE_BATCHES (records per transaction; a new database each time)
for b in ${STATE_BATCHES-10000 1000000}; do
    rm -f "$dir/state.db" "$dir/state.db-wal" "$dir/state.db-shm"
    run "state-$b" "$new" --state "$dir/state.db" --batch "$b"
    cmp -s "$dir/out.state-$b" "$dir/out.new-1" || echo "the answers with --state --batch $b differ from those without"
done
rm -f "$dir/state.db" "$dir/state.db-wal" "$dir/state.db-shm"
# the answers agree, the new ones having the price fields added
sed 's/, [A-Za-z][A-Za-z .]* [0-9.]* [A-Z][A-Z][A-Z]$//; s/, price unknown.*$//' "$dir/out.new-1" | cmp -s - "$dir/out.old-1" \
    && echo "same answers (without the price fields)" || echo "the answers differ: compare $dir/out.old-1 and $dir/out.new-1"
echo "the old command's tree: git worktree remove --force $old_tree"
