# watpl broadcast: recipients in several markets, some inside a service
# window (from a state database), free and billed messages, unknown prices;
# the summary equals the sum of the lines (docs/cli.md, docs/pricing.md).
. "$(dirname "$0")/lib.inc"
EX=examples/templates
AT=1773576000 # 2026-03-15T12:00:00Z: the USD card of 2026-01-01 is in force

# The state database of docs/state-db.md (schema version 1), with window
# states written in the saved-state layout of docs/window.md: one inbound
# message each.
cat >"$TMP/mkdb.py" <<'P'
import sqlite3, struct, sys, zlib
def state_with_inbound(t):
    b = bytearray(292)
    b[0:4] = b"WTPW"
    struct.pack_into("<HHB", b, 4, 1, 280, 1)  # version 1, payload length, one user event
    struct.pack_into("<q", b, 12, t)
    struct.pack_into("<I", b, 288, zlib.crc32(bytes(b[:288])))
    return bytes(b)
db = sqlite3.connect(sys.argv[1])
db.executescript("""PRAGMA application_id = 1465143379; PRAGMA user_version = 1;
CREATE TABLE contact (id TEXT PRIMARY KEY, state BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE service_month (year INTEGER NOT NULL, month INTEGER NOT NULL, sent INTEGER NOT NULL,
  PRIMARY KEY (year, month)) WITHOUT ROWID;
CREATE TABLE seen_event (id TEXT PRIMARY KEY, contact TEXT NOT NULL, t INTEGER NOT NULL) WITHOUT ROWID;""")
at = int(sys.argv[2])
for contact, inbound in (("5511999990000", at - 7200), ("+5215512345678", at - 600), ("447700900123", at - 2 * 86400)):
    db.execute("INSERT INTO contact VALUES (?, ?)", (contact, state_with_inbound(inbound)))
db.commit()
P
python3 "$TMP/mkdb.py" "$TMP/state.db" "$AT" || fail "cannot make the state database"

send() { # to, then the three order_shipped values
    printf '{"messaging_product":"whatsapp","to":"%s","type":"template","template":{"name":"order_shipped","language":{"code":"en_US"},"components":[{"type":"header","parameters":[{"type":"text","text":"%s"}]},{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"%s"},{"type":"text","text":"%s"}]},{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"%s"}]}]}}\n' \
        "$1" "$2" "$2" "$3" "$2"
}
{
    send 5511999990000 A-1 "March 20"     # Brazil, window open: free
    send "+91 98123 45678" A-2 "March 21" # India, no state: billed
    send 447700900123 A-3 "March 22"      # United Kingdom, window closed two days ago: billed
    send 18095550143 A-4 "March 23"       # Dominican Republic: Rest of Latin America
    send 5215512345678 A-5 "March 24"     # Mexico, stored as +5215512345678, window open: free
    send 12025550143 A-6 "March 25"       # North America
    send 4915112345678 A-7 "March 26"     # Germany
    send customer-7 A-8 "March 27"        # not a phone number
    printf '%s\n' '{"messaging_product":"whatsapp","to":"5511988887777","type":"template","template":{"name":"order_shipped","components":[{"type":"body","parameters":[{"type":"text","text":"Bo"}]}]}}'
} >"$TMP/sends.jsonl"

run "$WATPL" broadcast --json --template $EX/order_shipped.json --state "$TMP/state.db" --at $AT "$TMP/sends.jsonl"
expect_status 0 "broadcast"
[ "$(json_lines broadcast)" -eq 10 ] || fail "one line per recipient and a summary"
cat >"$TMP/check.py" <<'P'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
recs, summary = lines[:-1], lines[-1]["summary"]
by = {r["to"]: r for r in recs}
def check(cond, what):
    if not cond:
        sys.exit("FAIL: %s: %s" % (what, json.dumps(lines)))
check(by["5511999990000"]["billable"] is False and by["5511999990000"]["pricing_type"] == "free_customer_service"
      and by["5511999990000"]["price"] == 0 and by["5511999990000"]["market"] == "Brazil", "utility inside the window is free")
check(by["5215512345678"]["billable"] is False and by["5215512345678"]["market"] == "Mexico", "state found under +digits")
check(by["447700900123"]["billable"] is True and by["447700900123"]["price_micros"] == 22000, "closed window: UK utility 0.022")
check(by["+91 98123 45678"]["price_micros"] == 1400 and by["+91 98123 45678"]["country"] == "IN", "India 0.0014")
check(by["18095550143"]["market"] == "Rest of Latin America" and by["18095550143"]["price_micros"] == 11300, "+1 809")
check(by["12025550143"]["market"] == "North America" and by["12025550143"]["price_micros"] == 3400, "North America")
check(by["customer-7"]["error"]["rule"] == "recipient.not_a_phone" and by["customer-7"]["sendable"] is False, "not a phone")
check(by["5511988887777"]["sendable"] is False and by["5511988887777"]["rendered"]["errors"] > 0, "render errors: not sendable")
check(by["5511999990000"]["rendered"]["body"].startswith("Hi Ana, your order A-1 has shipped"), "rendered payload")
# the summary is the sum of its lines
sendable = [r for r in recs if r["sendable"]]
billed = [r for r in sendable if r["billable"]]
check(summary["recipients"] == len(recs), "recipients")
check(summary["sendable"] == len(sendable) == 7, "sendable")
check(summary["free"] == len(sendable) - len(billed) == 2, "free")
check(summary["billable"] == len(billed) == 5, "billable")
check(summary["unknown"] == sum(r["price"] is None for r in billed) == 0, "unknown")
check(summary["cost_micros"] == sum(r["price_micros"] for r in billed) == 93100, "cost")
check(summary["cost"] == 0.0931 and summary["currency"] == "USD" and summary["cost_is_complete"] is True, "cost text")
markets = {}
for r in billed:
    markets[(r["market"], r["pricing_category"])] = markets.get((r["market"], r["pricing_category"]), 0) + r["price_micros"]
check({(m["market"], m["pricing_category"]): m["cost_micros"] for m in summary["by_market"]} == markets, "by market")
check(sum(m["billable"] for m in summary["by_market"]) == len(billed), "billable by market")
check(summary["free_by_market"] == {"Brazil": 1, "Mexico": 1}, "free by market")
P
python3 "$TMP/check.py" "$TMP/out" || exit 1

# No EUR card covers 2026-03-15: the billed prices are unknown, the free ones still 0.
run "$WATPL" broadcast --json --template $EX/order_shipped.json --state "$TMP/state.db" --at 2026-03-15T12:00:00Z \
    --currency EUR "$TMP/sends.jsonl"
expect_status 0 "broadcast in EUR"
tail -1 "$TMP/out" | grep -q '"billable":5,"unknown":5,.*"cost_micros":0,"cost_is_complete":false' \
    || fail "unknown prices are counted, not guessed: $(tail -1 "$TMP/out")"
grep '"to":"447700900123"' "$TMP/out" | grep -q '"price":null,"price_micros":null,"currency":null,"price_reason":"unknown.card"' \
    || fail "unknown price"
grep '"to":"5511999990000"' "$TMP/out" | grep -q '"price":0.00,"price_micros":0,"currency":"EUR","price_reason":"free"' \
    || fail "free in any currency"

# A card given at run time replaces the compiled one of the same date.
cat >"$TMP/usd.csv" <<'C'
model,PMP
currency,USD
effective_from,2026-01-01
effective_until,2026-07-01
market,marketing,utility,authentication
United Kingdom,0.0529,0.0300,0.0300
C
run "$WATPL" broadcast --json --template $EX/order_shipped.json --at $AT --card "$TMP/usd.csv" "$TMP/sends.jsonl"
expect_status 0 "broadcast with a card"
grep '"to":"447700900123"' "$TMP/out" | grep -q '"price":0.03,"price_micros":30000' || fail "the loaded card's rate"
grep '"to":"12025550143"' "$TMP/out" | grep -q '"price_reason":"unknown.market"' || fail "the loaded card lacks North America"
printf 'model,PMP\ncurrency,USD\neffective_from,2026-01-01\nmarket,marketing,utility,authentication\nBrazil,0.1,-1,0.1\n' >"$TMP/bad.csv"
run "$WATPL" broadcast --template $EX/order_shipped.json --card "$TMP/bad.csv" "$TMP/sends.jsonl"
expect_status 2 "bad card"
grep -q "bad.csv:5:12: card.rate" "$TMP/err" || fail "bad card names line and column: $(cat "$TMP/err")"

# Authentication: the international rate when the business qualifies (India has one, Brazil not).
for to in +919812345678 +5511999990000; do
    printf '{"messaging_product":"whatsapp","to":"%s","type":"template","template":{"name":"login_code","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"text","text":"482913"}]},{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"482913"}]}]}}\n' "$to"
done >"$TMP/auth.jsonl"
run "$WATPL" broadcast --json --template $EX/login_code.json --at $AT "$TMP/auth.jsonl"
expect_status 0 "authentication broadcast"
grep '"to":"+919812345678"' "$TMP/out" | grep -q '"price":0.0014,' || fail "domestic authentication rate"
run "$WATPL" broadcast --json --template $EX/login_code.json --at $AT --auth-international "$TMP/auth.jsonl"
grep '"to":"+919812345678"' "$TMP/out" | grep -q '"price":0.028,.*"authentication_international":true' \
    || fail "authentication-international rate: $(head -1 "$TMP/out")"
grep '"to":"+5511999990000"' "$TMP/out" | grep -q '"price":0.0068,' || fail "Brazil has no international rate"
tail -1 "$TMP/out" | grep -q '"cost_micros":34800,' || fail "authentication total"

# People get a table and the totals.
run "$WATPL" broadcast --template $EX/order_shipped.json --state "$TMP/state.db" --at $AT "$TMP/sends.jsonl"
expect_status 0 "broadcast table"
expect_out "9 recipients: 7 sendable (2 free, 5 billable), 2 not sendable" "summary line"
expect_out "cost: 0.0931 USD at list rates" "cost line"
expect_out "Rest of Latin America            utility                 1  0.0113 USD" "by market"

# A stored state that does not load is reported for its recipient, never taken as empty.
python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("UPDATE contact SET state = x'"'"'00'"'"' WHERE id = ?", ("447700900123",)); db.commit()' "$TMP/state.db"
run "$WATPL" broadcast --json --template $EX/order_shipped.json --state "$TMP/state.db" --at $AT "$TMP/sends.jsonl"
expect_status 2 "damaged state"
grep '"to":"447700900123"' "$TMP/out" | grep -q '"error":{"rule":"state.corrupt"' || fail "state.corrupt record"
tail -1 "$TMP/out" | grep -q '"recipients":9,"sendable":6,' || fail "the damaged recipient is not sendable: $(tail -1 "$TMP/out")"

# Usage and store errors.
run "$WATPL" broadcast "$TMP/sends.jsonl"
expect_status 2 "no --template"
run "$WATPL" broadcast --template $EX/order_shipped.json --at tomorrow "$TMP/sends.jsonl"
expect_status 2 "bad --at"
printf 'not a database' >"$TMP/junk.db"
run "$WATPL" broadcast --template $EX/order_shipped.json --state "$TMP/junk.db" "$TMP/sends.jsonl"
expect_status 2 "not a state database"
# watpl window: an answer about a phone number carries its market and price.
printf '%s\n' '{"contact":"+5511999990000","t":1773576000,"type":"inbound"}' \
    '{"contact":"+5511999990000","t":1773576100,"type":"query","kind":"UTILITY"}' \
    '{"contact":"+5511999990000","t":1773676100,"type":"query","kind":"MARKETING"}' \
    '{"contact":"crm-42","t":1773676100,"type":"query","kind":"MARKETING"}' >"$TMP/ev.jsonl"
run "$WATPL" window --json "$TMP/ev.jsonl"
expect_status 0 "window with prices"
sed -n 1p "$TMP/out" | grep -q '"billable":false,.*"market":"Brazil","price":0.00,"currency":"USD","price_reason":"free"' \
    || fail "free answer: $(sed -n 1p "$TMP/out")"
sed -n 2p "$TMP/out" | grep -q '"market":"Brazil","price":0.0625,"currency":"USD","price_reason":"list_rate"' \
    || fail "billed answer: $(sed -n 2p "$TMP/out")"
sed -n 3p "$TMP/out" | grep -q '"market":null,"price":null,"currency":null,"price_reason":null' \
    || fail "not a phone number: $(sed -n 3p "$TMP/out")"
run "$WATPL" window --json --currency EUR "$TMP/ev.jsonl"
sed -n 2p "$TMP/out" | grep -q '"market":"Brazil","price":null,"currency":null,"price_reason":"unknown.card"' \
    || fail "no EUR card in March 2026: $(sed -n 2p "$TMP/out")"
run "$WATPL" window "$TMP/ev.jsonl"
expect_out "window closed, Brazil 0.0625 USD" "text answer with the price"
run "$WATPL" window --currency usd "$TMP/ev.jsonl"
expect_status 2 "lower-case currency"
echo "broadcast: ok"
