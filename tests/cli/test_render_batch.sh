# watpl render on many send payloads: one payload, a JSON array of them, JSON
# Lines; components arrays or whole message objects (docs/cli.md).
. "$(dirname "$0")/lib.inc"
EX=examples/templates
msg() { # msg TO NAME: a whole message object for order_shipped
    printf '{"messaging_product":"whatsapp","to":"%s","type":"template","template":{"name":"order_shipped","language":{"code":"en_US"},"components":[{"type":"header","parameters":[{"type":"text","text":"A-1"}]},{"type":"body","parameters":[{"type":"text","text":"%s"},{"type":"text","text":"A-1"},{"type":"text","text":"May 3"}]},{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A-1"}]}]}}' "$1" "$2"
}

# JSON Lines of message objects, one broken: one record per line, in order
{ msg +4915100000001 Ana; echo; echo '{"to":"+1","template":{"components":7}}'; msg +4915100000003 Bo; echo; } >"$TMP/sends.jsonl"
run "$WATPL" render --json --params "$TMP/sends.jsonl" $EX/order_shipped.json
expect_status 2 "a bad payload among good ones"
[ "$(json_lines jsonl)" -eq 3 ] || fail "one output record per payload"
sed -n 1p "$TMP/out" | grep -q '"source":"[^"]*sends.jsonl:1","to":"+4915100000001","header":"Order A-1 is on its way","body":"Hi Ana,' ||
    fail "first record: source, to, texts: $(sed -n 1p "$TMP/out")"
sed -n 2p "$TMP/out" | grep -q '"source":"[^"]*sends.jsonl:2","error":{"rule":"input.json.type"' || fail "error record: $(sed -n 2p "$TMP/out")"
sed -n 3p "$TMP/out" | grep -q '"to":"+4915100000003".*"body":"Hi Bo,.*"valid":true' || fail "the run goes on after a bad payload"

# a JSON array of message objects, pretty-printed
{ echo '['; msg +1 Ana; echo ','; msg +2 Bo; echo; echo ']'; } >"$TMP/sends.json"
run "$WATPL" render --json --params "$TMP/sends.json" $EX/order_shipped.json
expect_status 0 "an array of payloads"
[ "$(json_lines array)" -eq 2 ] || fail "two payloads, two records"
expect_out '"to":"+2"' "the second recipient"

# one components array, pretty-printed: one payload, not three
cat >"$TMP/one.json" <<'P'
[
  {"type": "header", "parameters": [{"type": "text", "text": "A-1042"}]},
  {"type": "body", "parameters": [{"type": "text", "text": "Ana"}, {"type": "text", "text": "A-1042"},
                                  {"type": "text", "text": "March 3"}]},
  {"type": "button", "sub_type": "url", "index": "0", "parameters": [{"type": "text", "text": "A-1042"}]}
]
P
run "$WATPL" render --json --params "$TMP/one.json" $EX/order_shipped.json
expect_status 0 "one components array"
[ "$(json_lines components)" -eq 1 ] || fail "one components array is one payload"
expect_out '"valid":true' "all three components read together"

# an array of components arrays, and JSON Lines of components arrays
printf '[[{"type":"body","parameters":[{"type":"text","text":"A"}]}],\n [{"type":"body","parameters":[{"type":"text","text":"B"}]}]]\n' >"$TMP/arrays.json"
run "$WATPL" render --json --params "$TMP/arrays.json" $EX/order_shipped.json
expect_status 1 "payloads with missing values"
[ "$(json_lines arrays)" -eq 2 ] || fail "an array of components arrays"
expect_out '"body":"Hi B, your order' "the second components array"

printf '[{"type":"body","parameters":[{"type":"text","text":"A"}]}]\n[{"type":"body","parameters":[{"type":"text","text":"B"}]}]\n' >"$TMP/arrays.jsonl"
run "$WATPL" render --json --params "$TMP/arrays.jsonl" $EX/order_shipped.json
[ "$(json_lines arrays.jsonl)" -eq 2 ] || fail "JSON Lines of components arrays: one payload per line"
sed -n 2p "$TMP/out" | grep -q '"body":"Hi B, your order {{2}}' || fail "the second line alone: $(sed -n 2p "$TMP/out")"

# text output: one block per payload, file:line and recipient first
run "$WATPL" render --params "$TMP/sends.json" $EX/order_shipped.json
expect_status 0 "text output"
expect_out 'sends.json:[0-9]* to +2' "block header"
[ "$(grep -c '^0 errors' "$TMP/out")" -eq 2 ] || fail "one block per payload"

# standard input
run sh -c "msg() { :; }; cat '$TMP/sends.jsonl' | '$WATPL' render --json --params - $EX/order_shipped.json"
[ "$(json_lines stdin)" -eq 3 ] || fail "payloads from standard input"

# a failed write stops the run (docs/cli.md, "Output"): the payloads after it
# are not read (2 000 payloads from standard input; what is left of it is counted)
if [ -w /dev/full ]; then
    i=0
    while [ $i -lt 2000 ]; do msg "+49$i" Ana; echo; i=$((i + 1)); done >"$TMP/many.jsonl"
    left=$({ "$WATPL" render --json --params - $EX/order_shipped.json >/dev/full 2>"$TMP/err"; wc -c; } <"$TMP/many.jsonl")
    grep -q "cannot write the output: No space left on device" "$TMP/err" || fail "render > /dev/full: $(cat "$TMP/err")"
    [ "$left" -gt 0 ] || fail "render read on after a failed write"
fi
exit 0
