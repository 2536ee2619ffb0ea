# watpl window reads each event line the same whatever its JSON shape: the
# answers and error records (texts, rules, positions) for valid events of
# every type, every error of the event logic, escapes, non-ASCII, reals,
# true/false, duplicate and unknown keys, leading zeros, 19-digit integers,
# whitespace everywhere, trailing garbage and cut lines equal the fixtures
# of tests/data/window/*.out, which 1.2.0's command (jansson for every
# line) printed before events of the common shape were read without it.
. "$(dirname "$0")/lib.inc"

data=$(cd "$(dirname "$0")/../data/window" && pwd)
cd "$data" || fail "no $data"
for f in shapes.jsonl shapes-array.json; do
    for mode in json text 2026; do
        case $mode in
        json) set -- --json ;;
        text) set -- ;;
        2026) set -- --json --schedule 2026-10 ;;
        esac
        run "$WATPL" window "$@" "$f"
        expect_status 2 "$f ($mode): an error record among the answers"
        [ ! -s "$TMP/err" ] || fail "$f ($mode): nothing on standard error: $(head -c 300 "$TMP/err")"
        cmp -s "$TMP/out" "$f.$mode.out" ||
            fail "$f ($mode): output differs from $f.$mode.out: $(diff "$f.$mode.out" "$TMP/out" | head -8)"
    done
done
# The same lines on standard input, one after the other file: same answers.
run "$WATPL" window --json - < shapes.jsonl
sed 's/"source":"<stdin>:/"source":"shapes.jsonl:/' "$TMP/out" | cmp -s - shapes.jsonl.json.out ||
    fail "stdin: output differs from shapes.jsonl.json.out"
echo "window event shapes: ok"
