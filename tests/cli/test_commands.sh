# watpl classify, render and window (docs/cli.md).
. "$(dirname "$0")/lib.inc"
EX=examples/templates

run "$WATPL" classify --json $EX/*.json
expect_status 0 "classify"
[ "$(json_lines classify)" -eq 6 ] || fail "one line per template"
grep '"name":"login_code"' "$TMP/out" | grep -q '"category":"AUTHENTICATION"' || fail "login code is AUTHENTICATION"
grep '"name":"summer_sale"' "$TMP/out" | grep -q '"category":"MARKETING"' || fail "sale is MARKETING"
grep '"name":"order_shipped"' "$TMP/out" | grep -q '"category":"UTILITY"' || fail "shipping is UTILITY"
grep -q '"scores":{"MARKETING":' "$TMP/out" || fail "scores"
run "$WATPL" classify $EX/mistakes/with_mistakes.json
expect_out "declared UTILITY" "human classify shows the declared category"

cat >"$TMP/params.json" <<'P'
[{"type":"header","parameters":[{"type":"text","text":"A-1042"}]},
 {"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"A-1042"},{"type":"text","text":"March 3"}]},
 {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A-1042"}]}]
P
run "$WATPL" render --json --params "$TMP/params.json" $EX/order_shipped.json
expect_status 0 "render"
expect_out '"body":"Hi Ana, your order A-1042 has shipped' "rendered body"
expect_out '"url":"https://shop.example.com/track/A-1042"' "rendered URL"
printf '%s' '[{"type":"body","parameters":[{"type":"text","text":"Ana\nB"}]}]' >"$TMP/bad.json"
run "$WATPL" render --json --params "$TMP/bad.json" $EX/order_shipped.json
expect_status 1 "render with bad values"
expect_out '"rule":"send.param.whitespace"' "whitespace rule"
expect_out '"rule":"send.param.count"' "count rule"
run "$WATPL" render $EX/order_shipped.json
expect_status 2 "render without --params"

cat >"$TMP/events.jsonl" <<'E'
{"contact": "+5511999990000", "t": 1767225600, "type": "inbound", "entry": "ctwa"}
{"contact": "+5511999990000", "t": 1767225900, "type": "outbound", "kind": "UTILITY"}
{"contact": "+5511999990000", "t": 1767300000, "type": "query", "kind": "MARKETING"}
{"contact": "+4915100000000", "t": 1767300000, "type": "query", "kind": "SERVICE"}
E
run "$WATPL" window --json "$TMP/events.jsonl"
expect_status 0 "window"
[ "$(json_lines window)" -eq 2 ] || fail "one line per query"
expect_out '"contact":"+5511999990000","t":1767300000,"kind":"MARKETING","csw_open":true,"csw_closes_at":1767312000,"fep_open":true,"fep_until":1767485100,"allowed":true,"billable":false,"pricing_model":"PMP","pricing_category":"referral_conversion","pricing_type":"free_entry_point","initiator":"user","reason":"fep.open"' "window answer as in the contract"
expect_out '"contact":"+4915100000000".*"csw_open":false,"csw_closes_at":null.*"allowed":false' "unknown contact"
printf '%s\n' '{"contact":"x","t":"soon","type":"query"}' >"$TMP/bad.jsonl"
run "$WATPL" window --json "$TMP/bad.jsonl"
expect_status 2 "bad event"
run "$WATPL" window --schedule 2030-01
expect_status 2 "bad schedule"
# --help of a subcommand: the usage on standard output, status 0; after -- it is a file name
for cmd in lint classify render window; do
    run "$WATPL" $cmd --help
    expect_status 0 "$cmd --help"
    expect_out "usage: watpl <command>" "$cmd --help"
done
run "$WATPL" lint -- --help
expect_status 2 "a file named --help"
# the command's version and the library's
run "$WATPL" version
expect_status 0 "version"
expect_out "^watpl [0-9]*\.[0-9]*\.[0-9]* (libwatpl [0-9]*\.[0-9]*\.[0-9]*)$" "version"
echo "commands: ok"
