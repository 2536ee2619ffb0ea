# The state database opened read-only (cli/state_db.h, STATE_DB_READ_ONLY),
# as `watpl broadcast --state` uses it (docs/state-db.md, docs/cli.md): it
# reads the states and counters that `watpl window --state` wrote, from one
# snapshot, never changes the database, and refuses a missing, foreign,
# newer or damaged file with a clear message and exit status 2.
. "$(dirname "$0")/lib.inc"
EX=examples/templates
AT=1773576000 # 2026-03-15T12:00:00Z

sql() { python3 - "$@" <<'P'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
for q in sys.argv[2:]:
    for row in c.execute(q):
        print("|".join(str(v) for v in row))
P
}
send() { # to: an order_shipped send payload
    printf '{"messaging_product":"whatsapp","to":"%s","type":"template","template":{"name":"order_shipped","language":{"code":"en_US"},"components":[{"type":"header","parameters":[{"type":"text","text":"A-1"}]},{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"A-1"},{"type":"text","text":"March 20"}]},{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A-1"}]}]}}\n' "$1"
}
# free: is the recipient's answer free (inside its service window)?
free_of() { grep "\"to\":\"$1\"" "$TMP/out" | grep -o '"billable":[a-z]*' | head -1; }

# ---- states written by window, read by broadcast ---------------------------------------------
# Brazil wrote 1 h before AT (window open); the United Kingdom 3 days before
# (closed); India never.
mkdir "$TMP/d"
db="$TMP/d/day.db"
printf '%s\n' "{\"contact\":\"+5511999990000\",\"t\":$((AT - 3600)),\"type\":\"inbound\"}" \
    "{\"contact\":\"+447700900123\",\"t\":$((AT - 3 * 86400)),\"type\":\"inbound\"}" > "$TMP/ev.jsonl"
run "$WATPL" window --state "$db" "$TMP/ev.jsonl"
expect_status 0 "window writes the states"
{ send 5511999990000; send 447700900123; send "+91 98123 45678"; } > "$TMP/sends.jsonl"
sum_before=$(cksum < "$db")
ls "$TMP/d" > "$TMP/files.before"
run "$WATPL" broadcast --json --template $EX/order_shipped.json --state "$db" --at $AT "$TMP/sends.jsonl"
expect_status 0 "broadcast reads the states"
[ "$(free_of 5511999990000)" = '"billable":false' ] || fail "the open window is read: $(cat "$TMP/out")"
[ "$(free_of 447700900123)" = '"billable":true' ] || fail "the closed window is read"
[ "$(free_of '+91 98123 45678')" = '"billable":true' ] || fail "a contact without a state"
[ "$(cksum < "$db")" = "$sum_before" ] || fail "broadcast changed the database"
# SQLite may add the -wal and -shm files through which readers and writers
# of a WAL database coordinate; nothing else, and no data goes to them.
for f in $(ls "$TMP/d"); do
    case $f in day.db) ;; day.db-wal) [ ! -s "$TMP/d/$f" ] || fail "broadcast wrote to the log" ;; day.db-shm) ;;
    *) fail "broadcast made $f" ;; esac
done
[ "$(sql "$db" "PRAGMA user_version" "SELECT count(*) FROM contact")" = "$(printf '1\n2')" ] || fail "the database as window left it"

# A file the user may only read (as root, broadcast runs as nobody, in a
# directory it may write, for the -shm file).
if [ "$(id -u)" = 0 ]; then
    chmod 755 "$TMP"
    chmod 777 "$TMP/d"
    chmod 444 "$db"
    run setpriv --reuid=nobody --regid=nogroup --clear-groups \
        "$WATPL" broadcast --json --template $EX/order_shipped.json --state "$db" --at $AT "$TMP/sends.jsonl"
    expect_status 0 "a read-only file"
    [ "$(free_of 5511999990000)" = '"billable":false' ] || fail "read-only file: $(cat "$TMP/out")"
    [ "$(cksum < "$db")" = "$sum_before" ] || fail "the read-only file changed"
    chmod 644 "$db"
fi

# One snapshot: a writer's uncommitted transaction is not seen, and the
# reader does not wait for it.
python3 - "$db" "$TMP/locked" <<'P' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("DELETE FROM contact")
open(sys.argv[2], "w").close()
time.sleep(60)
P
writer=$!
i=0; while [ ! -f "$TMP/locked" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
run "$WATPL" broadcast --json --template $EX/order_shipped.json --state "$db" --at $AT "$TMP/sends.jsonl"
kill "$writer"; wait "$writer" 2>/dev/null
expect_status 0 "a writer in the middle of a transaction"
[ "$(free_of 5511999990000)" = '"billable":false' ] || fail "the last commit is read: $(cat "$TMP/out")"
echo "state read-only: reads window's states, writes nothing: ok"

# ---- errors: nothing is answered ---------------------------------------------------------------
expect_refused() { # what, message
    expect_status 2 "$1"
    grep -q -- "$2" "$TMP/err" || fail "$1: message: $(cat "$TMP/err")"
    [ ! -s "$TMP/out" ] || fail "$1: answered: $(head -c 300 "$TMP/out")"
}
broadcast_on() { run "$WATPL" broadcast --json --template $EX/order_shipped.json --state "$1" --at $AT "$TMP/sends.jsonl"; }

broadcast_on "$TMP/missing.db"
expect_refused "a missing database" "state database $TMP/missing.db: cannot be opened"
[ ! -e "$TMP/missing.db" ] || fail "a missing database is not created"
: > "$TMP/empty.db"
broadcast_on "$TMP/empty.db"
expect_refused "an empty file" "is not a watpl state database (application_id 0, user_version 0, empty)"
[ ! -s "$TMP/empty.db" ] || fail "an empty file stays empty"
echo "some text, not SQLite" > "$TMP/text.db"
broadcast_on "$TMP/text.db"
expect_refused "a file that is not SQLite" "file is not a database"
sql "$TMP/other.db" "CREATE TABLE t (x)" > /dev/null
broadcast_on "$TMP/other.db"
expect_refused "another application's database" "is not a watpl state database"
cp "$db" "$TMP/newer.db"
sql "$TMP/newer.db" "PRAGMA user_version = 2" > /dev/null
broadcast_on "$TMP/newer.db"
expect_refused "a newer schema" "has schema version 2, newer than this watpl reads (1)"
# The header overwritten: refused at open.
cp "$db" "$TMP/damaged.db"
python3 - "$TMP/damaged.db" <<'P'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(0)
    f.write(b"\xa5" * 100)
P
broadcast_on "$TMP/damaged.db"
expect_refused "a damaged header" "state database"
# Pages of the contact table overwritten: the root of its index on id is
# refused at open; the page of one id makes that recipient an error record,
# and, the store having failed, every later one too: never the answer of an
# empty state.
python3 - "$TMP/pages.db" <<'P'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.executescript("""PRAGMA application_id = 1465143379; PRAGMA user_version = 1; PRAGMA page_size = 4096;
CREATE TABLE contact (id TEXT PRIMARY KEY, state BLOB NOT NULL);
CREATE TABLE service_month (year INTEGER NOT NULL, month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  sent INTEGER NOT NULL, PRIMARY KEY (year, month)) WITHOUT ROWID;
CREATE TABLE seen_event (id TEXT PRIMARY KEY, contact TEXT NOT NULL, t INTEGER NOT NULL) WITHOUT ROWID;""")
c.execute("BEGIN")
for i in range(3000):
    c.execute("INSERT INTO contact VALUES (?, zeroblob(292))", ("+55119%08d" % i,))
c.execute("COMMIT")
root = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_contact_1'").fetchone()[0]
c.close()
data = open(sys.argv[1], "rb").read()
leaf = data.index(b"+5511900001500") // 4096 + 1  # the leaf of that id
assert leaf != data.index(b"+5511900000007") // 4096 + 1
def damaged(name, page):
    with open(name, "wb") as f:
        f.write(data[:(page - 1) * 4096] + b"\x5a" * 4096 + data[page * 4096:])
damaged(sys.argv[1] + ".root", root)
damaged(sys.argv[1] + ".leaf", leaf)
P
broadcast_on "$TMP/pages.db.root"
expect_refused "a damaged table" "database disk image is malformed"
{ send 5511900001500; send 5511900000007; } > "$TMP/two.jsonl"
run "$WATPL" broadcast --json --template $EX/order_shipped.json --state "$TMP/pages.db.leaf" --at $AT "$TMP/two.jsonl"
expect_status 2 "a damaged page"
sed -n 1p "$TMP/out" | grep -q '"to":"5511900001500".*"error":{"rule":"state.corrupt","message":"state database .*malformed' \
    || fail "a damaged page: an error record: $(cat "$TMP/out")"
sed -n 1p "$TMP/out" | grep -q '"sendable":false,"billable":false,"pricing_category":null' \
    || fail "a damaged page: not planned from an empty state: $(sed -n 1p "$TMP/out")"
sed -n 2p "$TMP/out" | grep -q '"to":"5511900000007".*"error":{"rule":"state.corrupt"' \
    || fail "a store error: every later recipient is an error record too: $(sed -n 2p "$TMP/out")"
echo "state read-only: missing, empty, foreign, newer, damaged: ok"
