# The command never loses a record (docs/cli.md, "Input"): hostile files
# from tests/gen_hostile.py for lint, classify and window; every output line
# of every subcommand is valid UTF-8 JSON; write errors; terminal escapes.
. "$(dirname "$0")/lib.inc"
EX=examples/templates
H="$TMP/hostile"
python3 tests/gen_hostile.py write "$H" || fail "generator"

# one output record per input record, each naming its own line, exit 2
for f in templates.jsonl array.json values.json; do
    for cmd in lint classify; do
        run "$WATPL" $cmd --json "$H/$f"
        expect_status 2 "$cmd on hostile $f"
        python3 tests/gen_hostile.py check "$H/$f.expect" "$TMP/out" || fail "$cmd --json $f: records lost or misplaced"
    done
done
run "$WATPL" window --json "$H/events.jsonl"
expect_status 2 "window on hostile events"
python3 tests/gen_hostile.py check "$H/events.jsonl.expect" "$TMP/out" || fail "window --json: records lost or misplaced"
grep -q '"source":"[^"]*events.jsonl:[0-9]*","error":{"rule":"input.utf8"' "$TMP/out" || fail "window reports invalid UTF-8 as input.utf8"

# standard input is read the same way
run sh -c "'$WATPL' lint --json < '$H/templates.jsonl'"
python3 tests/gen_hostile.py check "$H/templates.jsonl.expect" "$TMP/out" || fail "lint from standard input"

# every output line of every subcommand is valid UTF-8 JSON: rule fixtures,
# corpora, hostile files (check_json decodes strictly)
check_json() {
    python3 -c 'import json,sys
data = open(sys.argv[1], "rb").read()
for i, line in enumerate(data.decode("utf-8").splitlines()):
    json.loads(line)' "$TMP/out" || fail "$1: output is not valid UTF-8 JSON Lines"
}
python3 -c 'import json,sys
for line in open("tests/data/rules/cases.jsonl"):
    case = json.loads(line)
    for k in ("trigger", "clean"):
        if isinstance(case.get(k), dict):
            print(json.dumps(case[k], ensure_ascii=False))' >"$TMP/fixtures.jsonl"
for f in "$TMP/fixtures.jsonl" tests/data/corpus/*.jsonl $EX/*.json $EX/mistakes/*.json "$H/templates.jsonl" \
    "$H/array.json" "$H/values.json" "$H/events.jsonl"; do
    for cmd in lint classify window; do
        run "$WATPL" $cmd --json "$f"
        check_json "$cmd --json $f"
    done
done
printf '%s' '[{"type":"body","parameters":[{"type":"text","text":"caf\303\251 \340\244\271"}]}]' >"$TMP/p.json"
for t in $EX/*.json "$H/templates.jsonl"; do
    run "$WATPL" render --json --params "$TMP/p.json" "$t"
    check_json "render --json $t"
done

# a message quoting user text is cut on a character boundary (Hindi, 3 bytes a letter)
hindi=$(python3 -c 'print("\u0939" * 60)')
printf '{"name":"x","language":"%s","category":"UTILITY","components":[{"type":"BODY","text":"Hi"}]}\n' "$hindi" >"$TMP/hi.jsonl"
run "$WATPL" lint --json "$TMP/hi.jsonl"
check_json "lint --json on a long Hindi language code"
expect_out "…" "an ellipsis marks the cut"

# terminal escapes in untrusted strings are shown, not sent to the terminal
printf '{"name":"evil\\u001b[2J","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Hi\\u001b]0;x\\u0007 there"}]}\n' >"$TMP/esc.jsonl"
printf '{"contact":"c\\u001b[31m","type":"query","t":1,"kind":"UTILITY"}\n' >"$TMP/esc_ev.jsonl"
for cmd in "lint $TMP/esc.jsonl" "classify $TMP/esc.jsonl" "window $TMP/esc_ev.jsonl" "lint $H/templates.jsonl"; do
    run "$WATPL" $cmd
    if tr -d '\n' <"$TMP/out" | grep -q "$(printf '\033')"; then fail "$cmd: raw escape in text output"; fi
done
run "$WATPL" lint "$TMP/esc.jsonl"
expect_out 'evil\\x1b\[2J' "escape shown as \\x1b"

# every write is checked: a full disk is an error, exit 2, with the reason
if [ -w /dev/full ]; then
    for cmd in "lint $EX/order_shipped.json" "lint --json $EX/order_shipped.json" "classify $EX/order_shipped.json" \
        "classify --json $EX/order_shipped.json" "render --params $TMP/p.json $EX/order_shipped.json" \
        "render --json --params $TMP/p.json $EX/order_shipped.json" "window --json $H/events.jsonl" \
        "window $H/events.jsonl" "version" "help"; do
        "$WATPL" $cmd >/dev/full 2>"$TMP/err"
        status=$?
        [ "$status" -eq 2 ] || fail "$cmd > /dev/full: exit $status"
        grep -q "cannot write the output: No space left on device" "$TMP/err" || fail "$cmd > /dev/full: $(cat "$TMP/err")"
    done
    # the run stops at the first failed write instead of reading on
    "$WATPL" lint --json "$H/templates.jsonl" >/dev/full 2>"$TMP/err"
    [ "$(wc -l <"$TMP/err")" -eq 1 ] || fail "one message for a failed output: $(cat "$TMP/err")"
else
    echo "test_hostile: /dev/full is not writable here, write errors not tested"
fi
# a closed standard output
"$WATPL" lint $EX/order_shipped.json >&- 2>"$TMP/err"
status=$?
[ "$status" -eq 2 ] || fail "closed stdout: exit $status"
grep -q "cannot write the output: Bad file descriptor" "$TMP/err" || fail "closed stdout: $(cat "$TMP/err")"

# unreadable inputs name the reason
run "$WATPL" lint "$TMP"
expect_status 2 "a directory"
grep -q "cannot read $TMP: Is a directory" "$TMP/err" || fail "directory reason: $(cat "$TMP/err")"
run "$WATPL" lint --json "$TMP/missing.json" $EX/order_shipped.json
expect_status 2 "a missing file"
grep -q "cannot read $TMP/missing.json: No such file or directory" "$TMP/err" || fail "missing reason: $(cat "$TMP/err")"
expect_out '"name":"order_shipped"' "the other files are still read"

# render: a button index that is not a number, and a value for a button the template lacks, are errors
printf '%s' '[{"type":"button","sub_type":"url","index":"abc","parameters":[{"type":"text","text":"A-1042"}]}]' >"$TMP/idx.json"
run "$WATPL" render --json --params "$TMP/idx.json" $EX/order_shipped.json
expect_status 2 "render with index abc"
expect_out '"rule":"input.json.type"' "index abc is a type error"
printf '%s' '[{"type":"header","parameters":[{"type":"text","text":"A-1042"}]},
 {"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"A-1042"},{"type":"text","text":"March 3"}]},
 {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A-1042"}]},
 {"type":"button","sub_type":"url","index":"5","parameters":[{"type":"text","text":"lost"}]}]' >"$TMP/extra.json"
run "$WATPL" render --json --params "$TMP/extra.json" $EX/order_shipped.json
expect_status 1 "render with a value for a missing button"
expect_out '"rule":"send.param.unknown","severity":"error","component":"BUTTONS","index":5' "value for button 5 reported"

run "$WATPL" render --params "$TMP" $EX/order_shipped.json
expect_status 2 "render with a directory for parameters"
grep -q "cannot read $TMP: Is a directory" "$TMP/err" || fail "render names the reason: $(cat "$TMP/err")"
printf '%s' '[{"type":"body","parameters":[{"type":"text","text":"\u001b[2JAna"},{"type":"text","text":"A"},{"type":"text","text":"B"}]}]' >"$TMP/esc_p.json"
run "$WATPL" render --params "$TMP/esc_p.json" $EX/order_shipped.json
if grep -q "$(printf '\033')" "$TMP/out"; then fail "render: raw escape in text output"; fi
expect_out 'Hi \\x1b\[2JAna' "render shows the escape"

# --category takes a category
run "$WATPL" lint --category XYZ $EX/order_shipped.json
expect_status 2 "lint --category XYZ"
grep -q "category" "$TMP/err" || fail "--category usage message: $(cat "$TMP/err")"
echo "hostile: ok"
