# watpl lint: inputs, outputs and exit statuses (docs/cli.md).
. "$(dirname "$0")/lib.inc"
EX=examples/templates

run "$WATPL" lint $EX/order_shipped.json $EX/login_code.json $EX/appointment_reminder.json
expect_status 0 "valid templates"
expect_out "3 templates, 0 errors" "summary line"

run "$WATPL" lint $EX/*.json
expect_status 0 "the README's first command"
expect_out "6 templates, 0 errors, 1 warning" "README summary"
expect_out "warning category.mismatch TEMPLATE" "mismatch warning"

run "$WATPL" lint $EX/*.json $EX/mistakes/*.json
expect_status 1 "examples with mistakes"
expect_out "error template.language.unknown TEMPLATE" "human diagnostic line"
expect_out "warning body.trailing_param BODY 96" "offset of the trailing variable"
expect_out "\^~~~~" "underline"
expect_out "deciding signals: content.mixed \"% off\" (BODY 73)" "category.mismatch names its deciding signals"
expect_out "^      +[0-9.]* promo.discount BODY 7[35]$" "the deciding signals under the warning"

run "$WATPL" lint --json $EX/*.json $EX/mistakes/*.json
expect_status 1 "--json"
[ "$(json_lines json)" -eq 7 ] || fail "one line per template"
expect_out '"source":"examples/templates/mistakes/with_mistakes.json:1"' "source first"
expect_out '"rule":"body.trailing_param","severity":"warning","component":"BODY","index":-1,"offset":96,"length":5,"meta_code":2388299' "JSON diagnostic"

# JSON Lines with a malformed record in the middle: error record, processing goes on, exit 2
{
    printf '%s\n' '{"name":"a_one","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Your order has shipped today."}]}'
    printf '%s\n' '{"name":"broken","language": }'
    printf '%s\n' '{"name":"a_three","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Your order was delivered today."}]}'
} >"$TMP/t.jsonl"
run "$WATPL" lint --json "$TMP/t.jsonl"
expect_status 2 "malformed record"
[ "$(json_lines jsonl)" -eq 3 ] || fail "three records expected"
grep -q '"source":"'"$TMP"'/t.jsonl:2","error":{"rule":"input.json.syntax","line":2,"column":' "$TMP/out" || fail "error record with file:line: $(cat "$TMP/out")"
grep -q '"name":"a_three"' "$TMP/out" || fail "the record after the error is processed"

# an unterminated JSON Lines record does not swallow the next one
printf '%s\n%s\n' '{"name":"cut","components":[' '{"name":"next_one","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Your order has shipped today."}]}' >"$TMP/cut.jsonl"
run "$WATPL" lint --json "$TMP/cut.jsonl"
expect_status 2 "unterminated record"
grep -q '"name":"next_one"' "$TMP/out" || fail "resynchronised at the next line"

# an array and a GET page
printf '[%s,%s]' "$(cat $EX/order_shipped.json)" "$(cat $EX/login_code.json)" >"$TMP/arr.json"
run "$WATPL" lint --json "$TMP/arr.json"
expect_status 0 "array"
[ "$(json_lines array)" -eq 2 ] || fail "two records in the array"
printf '{"data":[%s,%s],"paging":{"cursors":{"before":"a","after":"b"}}}' "$(cat $EX/order_shipped.json)" "$(cat $EX/summer_sale.json)" >"$TMP/page.json"
run "$WATPL" lint --json "$TMP/page.json"
expect_status 0 "GET page"
[ "$(json_lines page)" -eq 2 ] || fail "two records in the page"
expect_out '"name":"summer_sale"' "page item"

# standard input, and '-'
run sh -c "cat $EX/order_shipped.json | '$WATPL' lint --json"
expect_status 0 "stdin"
expect_out '"source":"<stdin>:1"' "stdin source"
run sh -c "cat $EX/order_shipped.json | '$WATPL' lint -"
expect_status 0 "dash"

# options
run "$WATPL" lint --category MARKETING --json $EX/order_shipped.json
expect_out '"category":"MARKETING"' "--category overrides"
run "$WATPL" lint --unit codepoints $EX/order_shipped.json
expect_status 0 "--unit codepoints"
run "$WATPL" lint --unit bytes $EX/order_shipped.json
expect_status 2 "bad --unit"
run "$WATPL" lint --bogus
expect_status 2 "unknown option"
run "$WATPL" lint "$TMP/does-not-exist.json"
expect_status 2 "unreadable file"
run "$WATPL" frobnicate
expect_status 2 "unknown command"
run "$WATPL"
expect_status 2 "no command"
run "$WATPL" version
expect_status 0 "version"
expect_out "^watpl 1\." "version line"
run "$WATPL" --help
expect_status 0 "help"

# invalid UTF-8 inside a record
printf '{"name":"caf\303"}\n' >"$TMP/bad.jsonl"
run "$WATPL" lint --json "$TMP/bad.jsonl"
expect_status 2 "invalid UTF-8"
expect_out '"rule":"input.utf8"' "utf8 error record"
echo "lint: ok"
