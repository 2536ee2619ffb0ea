#!/bin/sh
# Same output as another commit: builds BASE_COMMIT in a temporary git
# worktree and the working tree here, runs both `watpl` commands on the same
# inputs and compares what they print (stdout, stderr and exit status), byte
# for byte. For changes that must not change behaviour (lib/README.md).
#
# usage: tools/same-output.sh BASE_COMMIT
#
# Inputs: every rule fixture of tests/data/rules/cases.jsonl (the triggering
# and the clean template), the classifier fixtures of
# tests/data/classify/families.jsonl (each text as a template body), both
# labeled corpora of tests/data/corpus converted to Meta's JSON, the bench
# corpus (tools/gen_bench_corpus.py, BENCH_MB megabytes, 20 by default),
# the reader's error cases (every list of the template JSON with wrong types
# and too many items) and each file of the template fuzz corpus. Commands: `watpl lint --json`,
# `watpl lint --json --unit codepoints`, `watpl lint` and
# `watpl classify --json`; and `watpl window` (--json, text, --schedule
# 2026-10) on window event streams (see below). Needs git, make, a C compiler and python3.
# Exit status 0 when every output is identical, 1 otherwise (the differing
# outputs are named and the first lines of a diff shown).
set -eu

[ $# -eq 1 ] || { echo "usage: $0 BASE_COMMIT" >&2; exit 2; }
root=$(git rev-parse --show-toplevel)
base=$(git -C "$root" rev-parse --verify "$1^{commit}")
mb=${BENCH_MB:-20}
py=${PYTHON:-python3}
tmp=$(mktemp -d)
cleanup() {
    git -C "$root" worktree remove --force "$tmp/base" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

echo "same-output: building $base in a temporary worktree"
git -C "$root" worktree add --detach -q "$tmp/base" "$base"
make -C "$tmp/base" -j2 B="$tmp/base/build" "$tmp/base/build/watpl" > "$tmp/base-build.log" 2>&1 ||
    { tail -20 "$tmp/base-build.log"; exit 2; }
echo "same-output: building the working tree"
make -C "$root" -j2 B="$tmp/work" "$tmp/work/watpl" > "$tmp/work-build.log" 2>&1 ||
    { tail -20 "$tmp/work-build.log"; exit 2; }

echo "same-output: preparing the inputs"
in=$tmp/in
mkdir -p "$in"
"$py" - "$root/tests/data/rules/cases.jsonl" "$in/rule-cases.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in f:
        if line.strip():
            case = json.loads(line)
            for key in ("trigger", "clean"):
                if key in case:
                    out.write(json.dumps(case[key], ensure_ascii=False) + "\n")
PY
"$py" - "$root/tests/data/classify/families.jsonl" "$in/classify-families.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for n, line in enumerate(f):
        if line.strip():
            case = json.loads(line)
            tpl = {"name": "family_%d" % n, "language": case.get("lang", "en"), "category": "UTILITY",
                   "components": [{"type": "BODY", "text": case["text"]}]}
            out.write(json.dumps(tpl, ensure_ascii=False) + "\n")
PY
# Every list of the template JSON, replaced by values of each wrong type, by
# items of each wrong type and by too many items: the reader's error paths.
"$py" - "$in/json-errors.jsonl" <<'PY'
import copy, json, sys
base = {"name": "x", "language": "en_US", "category": "AUTHENTICATION", "components": [
    {"type": "BODY", "text": "Hi {{1}}", "example": {"body_text": [["a"]],
                                                    "body_text_named_params": [{"param_name": "a", "example": "b"}]}},
    {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["h"]}},
    {"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "ONE_TAP", "example": ["u"],
                                     "supported_apps": [{"package_name": "a.b", "signature_hash": "x" * 11}]}]},
    {"type": "CAROUSEL", "cards": [{"components": [{"type": "BODY", "text": "c"}]}]}]}
values = [None, 3, "s", {}, [], [3], ["s"], [{}], [None], [[]], [{"a": 1}] * 17, ["s"] * 129, [{}] * 129,
          [{"type": "BODY"}] * 17]
paths = [("components",), ("components", 0, "example", "body_text"),
         ("components", 0, "example", "body_text_named_params"), ("components", 1, "example", "header_handle"),
         ("components", 2, "buttons"), ("components", 2, "buttons", 0, "supported_apps"),
         ("components", 2, "buttons", 0, "example"), ("components", 3, "cards"),
         ("components", 3, "cards", 0, "components"), ("components", 0), ("components", 2, "buttons", 0),
         ("components", 3, "cards", 0), ("components", 2, "buttons", 0, "supported_apps", 0),
         ("components", 0, "example", "body_text_named_params", 0)]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for path in paths:
        for value in values:
            t = copy.deepcopy(base)
            o = t
            for k in path[:-1]:
                o = o[k]
            o[path[-1]] = value
            out.write(json.dumps(t) + "\n")
PY
"$py" "$root/tools/corpus2meta.py" "$root/tests/data/corpus/templates-dev.jsonl" "$in/corpus-dev.jsonl" > /dev/null
"$py" "$root/tools/corpus2meta.py" "$root/tests/data/corpus/templates-extra.jsonl" "$in/corpus-extra.jsonl" > /dev/null
"$py" "$root/tools/gen_bench_corpus.py" "$in/bench-corpus.jsonl" "$mb" > /dev/null

# run BINARY OUTDIR: every command on every input
run() {
    bin=$1 out=$2
    mkdir -p "$out"
    for f in "$in"/*.jsonl; do
        name=$(basename "$f" .jsonl)
        for cmd in "lint --json" "lint --json --unit codepoints" "lint" "classify --json"; do
            tag=$(echo "$cmd" | tr ' ' '_' | tr -d '-')
            # shellcheck disable=SC2086
            rc=0; "$bin" $cmd "$f" > "$out/$name.$tag.out" 2> "$out/$name.$tag.err" || rc=$?
            echo "$rc" > "$out/$name.$tag.rc"
        done
    done
    for f in "$root"/fuzz/corpus/template/*; do
        name=fuzz-$(basename "$f")
        for cmd in "lint --json" "classify --json"; do
            tag=$(echo "$cmd" | tr ' ' '_' | tr -d '-')
            # shellcheck disable=SC2086
            rc=0; "$bin" $cmd "$f" > "$out/$name.$tag.out" 2> "$out/$name.$tag.err" || rc=$?
            echo "$rc" > "$out/$name.$tag.rc"
        done
    done
}

# `watpl window` on the window benchmark stream (tools/gen_window_events.py,
# WINDOW_MB megabytes, 20 by default), on a copy of its start in which lines
# are spaced, escaped, given unknown keys, leading zeros or repeated keys
# (the shapes jansson reads), and on the event-shape fixture of the CLI tests.
win=$tmp/win
mkdir -p "$win"
"$py" "$root/tools/gen_window_events.py" "$win/window-bench.jsonl" "${WINDOW_MB:-20}" > /dev/null
"$py" - "$win/window-bench.jsonl" "$win/window-shapes.jsonl" <<'PY'
import sys
with open(sys.argv[1], encoding="ascii") as f, open(sys.argv[2], "w", encoding="ascii") as out:
    for n, line in enumerate(f):
        if n == 300000:
            break
        line = line.rstrip("\n")
        if n % 3 == 1:
            line = line.replace('"+', '"\\u002b', 1)
        if n % 5 == 2:
            line = line.replace(",", " ,\t ").replace(":", " : ")
        if n % 7 == 3:
            line = line[:-1] + ',"note":"x"}'
        if n % 11 == 4:
            line = line.replace('"t":', '"t":0', 1)
        if n % 13 == 5:
            line = line[:-1] + ',"t":1}'
        if n % 17 == 6:
            line = line.replace('"type"', '"t\\u0079pe"', 1)
        out.write(line + "\n")
PY
cp "$root/tests/data/window/shapes.jsonl" "$win/window-fixture.jsonl"

# run_window BINARY OUTDIR: every window mode on every window input
run_window() {
    bin=$1 out=$2
    mkdir -p "$out"
    for f in "$win"/*.jsonl; do
        name=$(basename "$f" .jsonl)
        for cmd in "window --json" "window" "window --json --schedule 2026-10"; do
            tag=$(echo "$cmd" | tr ' ' '_' | tr -d '-')
            # shellcheck disable=SC2086
            rc=0; "$bin" $cmd "$name.jsonl" > "$out/$name.$tag.out" 2> "$out/$name.$tag.err" || rc=$?
            echo "$rc" > "$out/$name.$tag.rc"
        done
    done
}

echo "same-output: running both builds"
# Paths in the output (source names) must be the same for both runs.
cd "$win"
run_window "$tmp/base/build/watpl" "$tmp/out-base"
run_window "$tmp/work/watpl" "$tmp/out-work"
cd "$in"
run "$tmp/base/build/watpl" "$tmp/out-base"
run "$tmp/work/watpl" "$tmp/out-work"

outputs=$(ls "$tmp/out-base" | wc -l)
bytes=$(cat "$tmp/out-base"/* | wc -c)
if diff -r -q "$tmp/out-base" "$tmp/out-work" > "$tmp/diff.txt"; then
    echo "same-output: identical: $outputs outputs ($bytes bytes) of $base and the working tree"
    exit 0
fi
echo "same-output: DIFFERENT from $base:"
cat "$tmp/diff.txt"
diff -r "$tmp/out-base" "$tmp/out-work" | head -40
exit 1
