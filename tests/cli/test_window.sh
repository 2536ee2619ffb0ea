# watpl window: answers in input order, per-month service counter, schedules,
# error records (docs/cli.md, docs/window.md).
. "$(dirname "$0")/lib.inc"

# Two contacts interleaved, an out-of-order event, the 2026-10 schedule.
cat >"$TMP/ev.jsonl" <<'E'
{"contact": "a", "t": 1790812800, "type": "inbound"}
{"contact": "b", "t": 1790812900, "type": "welcome"}
{"contact": "a", "t": 1790812700, "type": "call"}
{"contact": "a", "t": 1790812801, "type": "outbound", "kind": "SERVICE"}
{"contact": "b", "t": 1790812950, "type": "query", "kind": "SERVICE"}
{"contact": "a", "t": 1790812802, "type": "query", "kind": "SERVICE", "service_sent_this_month": 1000}
{"contact": "a", "t": 1790899200, "type": "query", "kind": "SERVICE"}
{"contact": "c", "t": 1709510400, "type": "query", "kind": "MARKETING"}
E
run "$WATPL" window --json --schedule 2026-10 "$TMP/ev.jsonl"
expect_status 0 "window replay"
[ "$(json_lines window)" -eq 4 ] || fail "one line per query"
sed -n 1p "$TMP/out" | grep -q '"contact":"b".*"billable":false.*"reason":"s2026.service_allowance"' \
    || fail "first answer is contact b, within the allowance: $(sed -n 1p "$TMP/out")"
sed -n 2p "$TMP/out" | grep -q '"contact":"a".*"billable":true.*"reason":"s2026.service_over_allowance"' \
    || fail "counter from the query: $(sed -n 2p "$TMP/out")"
sed -n 3p "$TMP/out" | grep -q '"csw_open":false,"csw_closes_at":1790899200.*"allowed":false' \
    || fail "window closed at exactly 24h: $(sed -n 3p "$TMP/out")"
sed -n 4p "$TMP/out" | grep -q '"pricing_model":"CBP".*"pricing_type":null.*"initiator":"business","reason":"cbp.new_conversation"' \
    || fail "CBP answer: $(sed -n 4p "$TMP/out")"

sed -n 1p "$TMP/out" | grep -q '"schedule":"2026-10"}$' || fail "the schedule that decided: $(sed -n 1p "$TMP/out")"
sed -n 4p "$TMP/out" | grep -q '"schedule":null}$' || fail "no schedule under CBP: $(sed -n 4p "$TMP/out")"

# The stream's own count of service messages in the month decides the allowance.
python3 - "$TMP/many.jsonl" <<'P'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"contact":"u","t":1790812800,"type":"inbound"}\n')
    for i in range(1000):
        f.write('{"contact":"c%d","t":%d,"type":"outbound","kind":"SERVICE"}\n' % (i, 1790812800 + i))
    f.write('{"contact":"u","t":1790820000,"type":"query","kind":"SERVICE"}\n')
    f.write('{"contact":"u","t":1790820000,"type":"query","kind":"UTILITY"}\n')
P
run "$WATPL" window --json --schedule 2026-10 "$TMP/many.jsonl"
expect_status 0 "many"
sed -n 1p "$TMP/out" | grep -q '"reason":"s2026.service_over_allowance"' || fail "1000 service messages counted"
run "$WATPL" window --json "$TMP/many.jsonl"
sed -n 2p "$TMP/out" | grep -q '"billable":false.*"reason":"pmp.utility_in_csw"' || fail "default schedule 2025-07"

# Bad records: error record, the rest still answered, exit 2.
cat >"$TMP/bad.jsonl" <<'E'
{"contact": "a", "t": 1767225600, "type": "inbound"
{"contact": "a", "t": 1767225600, "type": "inbound", "entry": "tv"}
{"contact": "a", "t": 9223372036854775807, "type": "call"}
{"contact": "a", "t": 1767225601, "type": "query"}
{"contact": "a", "t": 1767225601, "type": "query", "kind": "UTILITY"}
E
run "$WATPL" window --json "$TMP/bad.jsonl"
expect_status 2 "bad records"
[ "$(json_lines bad)" -eq 5 ] || fail "an error record per bad line and one answer"
expect_out '"source":"'"$TMP"'/bad.jsonl:1","error":{"rule":"input.json.syntax","line":' "syntax error record"
expect_out '"error":{"rule":"input.json.value","line":3' "time out of range"
expect_out '"contact":"a","t":1767225601,"kind":"UTILITY","csw_open":false' "good line after bad ones"

# People's output, and usage errors.
run "$WATPL" window "$TMP/ev.jsonl"
expect_status 0 "text"
expect_out '^b t=1790812950 SERVICE: allowed, free, PMP service/free_customer_service (csw.open), window open' "text line"
run "$WATPL" window --bogus
expect_status 2 "unknown option"
run "$WATPL" window --schedule
expect_status 2 "missing schedule"
run "$WATPL" window "$TMP/none.jsonl"
expect_status 2 "unreadable file"
echo "window command: ok"

# More contacts than the store's cache holds, so states are written to its
# file and read back, and the table grows several times: every contact keeps
# its own window, unknown ones have none.
python3 - "$TMP/contacts.jsonl" <<'P'
import sys
n = 60000
with open(sys.argv[1], "w") as f:
    for i in range(n):
        f.write('{"contact":"+5511%08d","t":%d,"type":"inbound"}\n' % (i, 1790812800 + i))
    for i in reversed(range(n)):
        f.write('{"contact":"+5511%08d","t":%d,"type":"query","kind":"SERVICE"}\n' % (i, 1790812800 + n + 3600))
    for i in range(n, n + 1000):
        f.write('{"contact":"+5511%08d","t":%d,"type":"query","kind":"SERVICE"}\n' % (i, 1790812800 + n + 3600))
P
run "$WATPL" window --json "$TMP/contacts.jsonl"
expect_status 0 "60000 contacts"
[ "$(grep -c '"csw_open":true,"csw_closes_at":[0-9]*,.*"allowed":true' "$TMP/out")" -eq 60000 ] \
    || fail "every stored contact has its open window"
[ "$(grep -c '"csw_open":false.*"allowed":false' "$TMP/out")" -eq 1000 ] || fail "unknown contacts have none"
first=$(head -1 "$TMP/out")
echo "$first" | grep -q '"contact":"+551100059999".*"csw_closes_at":1790959199' \
    || fail "each window closes 24 h after its own message: $first"

# A contact id longer than 256 bytes is an error record, not a crash.
long=$(python3 -c 'print("x" * 257)')
printf '{"contact":"%s","t":1790812800,"type":"inbound"}\n' "$long" > "$TMP/long.jsonl"
run "$WATPL" window --json "$TMP/long.jsonl"
expect_status 2 "long contact id"
expect_out '"rule":"input.too_large"' "long contact id"
echo "window store: ok"
