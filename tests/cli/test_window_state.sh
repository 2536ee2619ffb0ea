# watpl window --state: the SQLite state database (docs/state-db.md,
# docs/cli.md): runs that continue each other, repeated webhooks (event ids),
# the schema and its version, and store errors (damaged, locked, read-only,
# full, killed) that stop the run instead of answering from an empty state.
. "$(dirname "$0")/lib.inc"

db="$TMP/day.db"
sql() { python3 - "$@" <<'P'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
for q in sys.argv[2:]:
    for row in c.execute(q):
        print("|".join(str(v) for v in row))
P
}

# ---- a day in two runs gives the answers of one run ---------------------------------------
# Three contacts, webhooks repeated (same id), service messages counted for
# the 2026-10 allowance across the runs, an entry point whose first reply
# arrives in the second run, queries in both halves.
python3 - "$TMP/day.jsonl" <<'P'
import sys
t0 = 1790812800  # 2026-10-01
lines = []
def ev(**kw):
    import json
    lines.append(json.dumps(kw))
for i in range(998):
    ev(contact="bulk%d" % (i % 50), t=t0 + i, type="outbound", kind="SERVICE", id="wamid.s%d" % i)
ev(contact="a", t=t0 + 1000, type="inbound", entry="ctwa", id="wamid.in1")
ev(contact="b", t=t0 + 1001, type="welcome")
ev(contact="a", t=t0 + 1002, type="query", kind="SERVICE")
ev(contact="b", t=t0 + 1003, type="query", kind="UTILITY")
half = len(lines)
ev(contact="a", t=t0 + 1000, type="inbound", entry="ctwa", id="wamid.in1")   # redelivered
ev(contact="a", t=t0 + 1100, type="outbound", kind="SERVICE", id="wamid.s1")  # an id already applied
ev(contact="a", t=t0 + 1200, type="outbound", kind="SERVICE", id="wamid.r1")  # the first reply: FEP
ev(contact="a", t=t0 + 1200, type="outbound", kind="SERVICE", id="wamid.r1")  # redelivered
ev(contact="a", t=t0 + 1300, type="query", kind="SERVICE")
ev(contact="a", t=t0 + 1301, type="query", kind="MARKETING")
ev(contact="c", t=t0 + 1302, type="outbound", kind="SERVICE", id="wamid.s999")
ev(contact="b", t=t0 + 1400, type="query", kind="SERVICE")
ev(contact="zz", t=t0 + 1500, type="query", kind="SERVICE")
with open(sys.argv[1], "w") as f:
    f.write("\n".join(lines) + "\n")
with open(sys.argv[1] + ".half", "w") as f:
    f.write(str(half))
P
half=$(cat "$TMP/day.jsonl.half")
head -n "$half" "$TMP/day.jsonl" > "$TMP/first.jsonl"
tail -n +"$((half + 1))" "$TMP/day.jsonl" > "$TMP/second.jsonl"

run "$WATPL" window --json --schedule 2026-10 "$TMP/day.jsonl"
expect_status 0 "one run"
cp "$TMP/out" "$TMP/one.out"
[ "$(json_lines one)" -eq 6 ] || fail "one answer per query"
run "$WATPL" window --json --schedule 2026-10 --state "$db" "$TMP/first.jsonl"
expect_status 0 "first run"
cp "$TMP/out" "$TMP/two.out"
run "$WATPL" window --json --schedule=2026-10 --state="$db" "$TMP/second.jsonl"
expect_status 0 "second run"
cat "$TMP/out" >> "$TMP/two.out"
cmp -s "$TMP/one.out" "$TMP/two.out" || fail "two runs differ from one: $(diff "$TMP/one.out" "$TMP/two.out")"
# What the answers say: 998 service messages in the first half, the reply
# (r1) and one more (s999) in the second: the 1000 of the allowance reached;
# the redeliveries counted nothing, and the free entry point started at the
# reply r1, not at s1 (an id already applied, to another contact).
sed -n 1p "$TMP/one.out" | grep -q '"contact":"a".*"reason":"s2026.service_allowance"' \
    || fail "998 service messages: within the allowance: $(sed -n 1p "$TMP/one.out")"
sed -n 3p "$TMP/one.out" | grep -q '"contact":"a".*"fep_open":true,"fep_until":1791073200.*"reason":"fep.open"' \
    || fail "the reply started the free entry point: $(sed -n 3p "$TMP/one.out")"
sed -n 5p "$TMP/one.out" | grep -q '"contact":"b".*"billable":true.*"reason":"s2026.service_over_allowance"' \
    || fail "1000 service messages: over the allowance: $(sed -n 5p "$TMP/one.out")"
sed -n 6p "$TMP/one.out" | grep -q '"contact":"zz","t":1790814300,"kind":"SERVICE","csw_open":false,"csw_closes_at":null' \
    || fail "an unknown contact has the empty state: $(sed -n 6p "$TMP/one.out")"
[ "$(sql "$db" "SELECT year, month, sent FROM service_month")" = "2026|10|1000" ] \
    || fail "the counter counts each message id once: $(sql "$db" "SELECT * FROM service_month")"
[ "$(sql "$db" "SELECT count(*) FROM seen_event")" -eq 1001 ] || fail "seen ids"
[ "$(sql "$db" "SELECT count(*) FROM contact")" -eq 53 ] || fail "contacts stored (queries store nothing)"
# Any batch size gives the same answers and the same database: a batch of
# one record, of seven (service counts written at each commit, mid-day),
# and the default.
for b in 1 7; do
    rm -f "$TMP/b$b.db"*
    run "$WATPL" window --json --schedule 2026-10 --batch "$b" --state "$TMP/b$b.db" "$TMP/first.jsonl"
    expect_status 0 "first run, --batch $b"
    cp "$TMP/out" "$TMP/b$b.out"
    run "$WATPL" window --json --schedule 2026-10 --batch="$b" --state "$TMP/b$b.db" "$TMP/second.jsonl"
    expect_status 0 "second run, --batch $b"
    cat "$TMP/out" >> "$TMP/b$b.out"
    cmp -s "$TMP/one.out" "$TMP/b$b.out" || fail "--batch $b changes the answers: $(diff "$TMP/one.out" "$TMP/b$b.out")"
    for q in "SELECT id, hex(state) FROM contact ORDER BY id" "SELECT * FROM service_month" \
             "SELECT id, contact, t FROM seen_event ORDER BY id"; do
        [ "$(sql "$TMP/b$b.db" "$q")" = "$(sql "$db" "$q")" ] || fail "--batch $b changes the database: $q"
    done
done
for bad in 0 -1 x 10000001 99999999999999999999 ""; do
    run "$WATPL" window --batch "$bad" "$TMP/first.jsonl"
    expect_status 2 "--batch '$bad'"
    grep -q "watpl window: --batch is a number of records from 1 to 10000000" "$TMP/err" \
        || fail "--batch '$bad' message: $(cat "$TMP/err")"
done
echo "window --state: batch sizes: ok"
# A third run of the whole day changes nothing: every event carrying an id is skipped.
cp "$db" "$TMP/before.db"
run "$WATPL" window --json --schedule 2026-10 --state "$db" "$TMP/first.jsonl"
expect_status 0 "replayed day"
[ "$(sql "$db" "SELECT year, month, sent FROM service_month")" = "2026|10|1000" ] || fail "replay counted again"
[ "$(sql "$db" "SELECT id, hex(state) FROM contact ORDER BY id")" = "$(sql "$TMP/before.db" "SELECT id, hex(state) FROM contact ORDER BY id")" ] \
    || fail "a replay with ids changes no state"

# Without ids, the same delivery twice counts twice (it is two messages).
printf '%s\n' '{"contact":"x","t":1790812800,"type":"inbound"}' \
    '{"contact":"x","t":1790812801,"type":"outbound","kind":"SERVICE"}' \
    '{"contact":"x","t":1790812801,"type":"outbound","kind":"SERVICE"}' > "$TMP/noid.jsonl"
run "$WATPL" window --state "$TMP/noid.db" "$TMP/noid.jsonl"
expect_status 0 "no ids"
[ "$(sql "$TMP/noid.db" "SELECT sent FROM service_month")" = 2 ] || fail "events without id are each counted"
# Bad ids are error records.
printf '%s\n' '{"contact":"x","t":1790812800,"type":"inbound","id":7}' \
    '{"contact":"x","t":1790812800,"type":"inbound","id":""}' \
    '{"contact":"","t":1790812800,"type":"inbound"}' > "$TMP/badid.jsonl"
run "$WATPL" window --json --state "$TMP/noid.db" "$TMP/badid.jsonl"
expect_status 2 "bad ids"
[ "$(grep -c '"rule":"input.json' "$TMP/out")" -eq 3 ] || fail "an error record per bad id: $(cat "$TMP/out")"
echo "window --state: two runs, ids: ok"

# ---- schema and versions --------------------------------------------------------------------
[ "$(sql "$db" "PRAGMA application_id" "PRAGMA user_version" "PRAGMA journal_mode")" = "$(printf '1465143379\n1\nwal')" ] \
    || fail "application_id, user_version, WAL"
[ "$(sql "$db" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")" = "$(printf 'contact\nseen_event\nservice_month')" ] \
    || fail "tables"
sql "$db" "SELECT hex(substr(state, 1, 4)), length(state) FROM contact WHERE id = 'a'" | grep -q '^57545057|292$' \
    || fail "a state is the library's saved form"
printf '%s\n' '{"contact":"a","t":1790900000,"type":"query","kind":"SERVICE"}' > "$TMP/q.jsonl"
cp "$db" "$TMP/newer.db"
sql "$TMP/newer.db" "PRAGMA user_version = 2" > /dev/null
run "$WATPL" window --state "$TMP/newer.db" "$TMP/q.jsonl"
expect_status 2 "a newer schema"
grep -q "has schema version 2, newer than this watpl reads (1)" "$TMP/err" || fail "newer schema message: $(cat "$TMP/err")"
[ ! -s "$TMP/out" ] || fail "no answer from a database that is not read"
sql "$TMP/other.db" "CREATE TABLE t (x)" > /dev/null
run "$WATPL" window --state "$TMP/other.db" "$TMP/q.jsonl"
expect_status 2 "another application's database"
grep -q "is not a watpl state database" "$TMP/err" || fail "other database message: $(cat "$TMP/err")"
[ "$(sql "$TMP/other.db" "PRAGMA journal_mode")" = delete ] || fail "another database is left as it was"
echo "not a database at all, just text" > "$TMP/text.db"
run "$WATPL" window --state "$TMP/text.db" "$TMP/q.jsonl"
expect_status 2 "a file that is not SQLite"
grep -q "not a database" "$TMP/err" || fail "text file message: $(cat "$TMP/err")"
run "$WATPL" window --state "$TMP/no/such/dir.db" "$TMP/q.jsonl"
expect_status 2 "a directory that does not exist"
run "$WATPL" window --state
expect_status 2 "--state without a path"
echo "window --state: schema: ok"

# ---- damage -------------------------------------------------------------------------------------
# A stored state that does not load is an error record for its contact's
# records; the other contacts are answered.
cp "$db" "$TMP/badstate.db"
sql "$TMP/badstate.db" "UPDATE contact SET state = zeroblob(292) WHERE id = 'a'" > /dev/null
printf '%s\n' '{"contact":"a","t":1790900000,"type":"query","kind":"SERVICE"}' \
    '{"contact":"a","t":1790900001,"type":"inbound"}' \
    '{"contact":"b","t":1790900002,"type":"query","kind":"SERVICE"}' > "$TMP/ab.jsonl"
run "$WATPL" window --json --state "$TMP/badstate.db" "$TMP/ab.jsonl"
expect_status 2 "a damaged state"
[ "$(grep -c '"rule":"state.corrupt"' "$TMP/out")" -eq 2 ] || fail "state.corrupt for both records of a: $(cat "$TMP/out")"
expect_out '"contact":"b"' "the other contact is answered"
# A damaged database file (its first page overwritten) is refused.
cp "$db" "$TMP/damaged.db"
python3 - "$TMP/damaged.db" <<'P'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(100)
    f.write(b"\xa5" * 3000)
P
run "$WATPL" window --json --state "$TMP/damaged.db" "$TMP/q.jsonl"
expect_status 2 "a damaged database"
grep -q "state database" "$TMP/err" || fail "damaged database message: $(cat "$TMP/err")"
[ ! -s "$TMP/out" ] || fail "no answer from a damaged database: $(cat "$TMP/out")"
echo "window --state: damage: ok"

# ---- locked, read-only, full ---------------------------------------------------------------------
python3 - "$db" "$TMP/locked" <<'P' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
time.sleep(60)
P
locker=$!
i=0; while [ ! -f "$TMP/locked" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
run "$WATPL" window --state "$db" "$TMP/q.jsonl"
kill "$locker"; wait "$locker" 2>/dev/null
expect_status 2 "a locked database"
grep -q "locked" "$TMP/err" || fail "locked message: $(cat "$TMP/err")"
[ ! -s "$TMP/out" ] || fail "no answer from a locked database"

# Read-only: a file the user cannot write (as root, run the command as nobody).
cp "$db" "$TMP/ro.db"
chmod 755 "$TMP"
chmod 444 "$TMP/ro.db"
as_user=""
if [ "$(id -u)" = 0 ]; then as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"; fi
run $as_user "$WATPL" window --state "$TMP/ro.db" "$TMP/q.jsonl"
expect_status 2 "a read-only database"
grep -q "cannot be written" "$TMP/err" || fail "read-only message: $(cat "$TMP/err")"
[ ! -s "$TMP/out" ] || fail "no answer from a read-only database"

# A full disk (a file size limit): the run stops with a message at the
# first failed write and answers nothing after it.
python3 - "$TMP/many.jsonl" <<'P'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(60000):
        f.write('{"contact":"+5511%08d","t":%d,"type":"inbound"}\n' % (i, 1790812800 + i))
    for i in range(60000):
        f.write('{"contact":"+5511%08d","t":1790900000,"type":"query","kind":"SERVICE"}\n' % i)
P
limited() { python3 -c 'import os, resource, signal, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])' "$@"; }
for mode in state temporary; do
    rm -f "$TMP/full.db"*
    if [ $mode = state ]; then run limited "$WATPL" window --json --state "$TMP/full.db" "$TMP/many.jsonl"
    else run env TMPDIR="$TMP" SQLITE_TMPDIR="$TMP" python3 -c 'import os, resource, signal, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])' "$WATPL" window --json "$TMP/many.jsonl"; fi
    expect_status 2 "a full disk ($mode)"
    grep -q "watpl window: state database .*; stopped at .*many.jsonl:[0-9]" "$TMP/err" \
        || fail "full disk message ($mode): $(cat "$TMP/err")"
    if grep -q '"csw_open":false' "$TMP/out"; then fail "an answer from a lost state ($mode)"; fi
done
echo "window --state: locked, read-only, full: ok"

# ---- killed in the middle ---------------------------------------------------------------------------
# Every record is a new contact, so the contacts stored count the records
# committed: a whole number of batches (of 10 000, as asked).
python3 - "$TMP/big.jsonl" <<'P'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(200000):
        f.write('{"contact":"+5511%08d","t":%d,"type":"inbound","id":"wamid.%d"}\n' % (i, 1790812800 + i, i))
P
rm -f "$TMP/kill.db"*
"$WATPL" window --batch 10000 --state "$TMP/kill.db" "$TMP/big.jsonl" > /dev/null 2>&1 &
pid=$!
n=0; i=0
while [ "$n" -lt 10000 ] && [ $i -lt 600 ] && kill -0 "$pid" 2>/dev/null; do
    sleep 0.1; i=$((i + 1))
    n=$(sql "$TMP/kill.db" "SELECT count(*) FROM contact" 2>/dev/null || echo 0)
    n=${n:-0}
done
kill -KILL "$pid" 2>/dev/null || fail "the run ended before it could be killed"
wait "$pid" 2>/dev/null
[ "$(sql "$TMP/kill.db" "PRAGMA integrity_check")" = ok ] || fail "the killed run's database is intact"
n=$(sql "$TMP/kill.db" "SELECT count(*) FROM contact")
[ "$n" -ge 10000 ] || fail "the killed run committed its first batches ($n contacts)"
[ $((n % 10000)) -eq 0 ] || fail "a killed run loses only its unfinished batch: $n contacts stored"
[ "$(sql "$TMP/kill.db" "SELECT count(*) FROM seen_event")" -eq "$n" ] || fail "ids committed with their states"
# The next run opens it and continues: the whole file again, then queries.
printf '%s\n' '{"contact":"+551100000000","t":1790816400,"type":"query","kind":"SERVICE"}' \
    '{"contact":"+551100199999","t":1791016399,"type":"query","kind":"SERVICE"}' > "$TMP/kq.jsonl"
run "$WATPL" window --json --state "$TMP/kill.db" "$TMP/big.jsonl" "$TMP/kq.jsonl"
expect_status 0 "the run after the kill"
[ "$(json_lines killed)" -eq 2 ] || fail "two answers"
[ "$(grep -c '"csw_open":true' "$TMP/out")" -eq 2 ] || fail "both contacts' windows open: $(cat "$TMP/out")"
[ "$(sql "$TMP/kill.db" "SELECT count(*) FROM contact")" -eq 200000 ] || fail "every contact after the second run"
echo "window --state: killed run: ok"
