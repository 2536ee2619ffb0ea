#!/bin/sh
# `watpl broadcast` against its floor, `watpl render --json` on the same
# payloads: without a state database, and with one holding a window state
# for every other recipient. Prints CPU seconds (user + system: the machine may be
# shared, so wall time is noisy), the ratios, and the peak RSS.
# usage: broadcast_throughput.sh BUILD_DIR WORKDIR [PAYLOADS]
set -e
b=$1 dir=$2 n=${3:-200000}
tpl=examples/templates/order_shipped.json
mkdir -p "$dir"
python3 - "$dir" "$n" <<'PY'
import json, os, random, sqlite3, struct, sys, zlib
d, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
prefixes = ["5511", "9198", "4477", "1809", "52155", "1202", "4915", "2348", "6281", "3461", "9715", "2547"]
at = 1773576000
def state_with_inbound(t):  # the saved-state layout of docs/window.md
    b = bytearray(292)
    b[0:4] = b"WTPW"
    struct.pack_into("<HHB", b, 4, 1, 280, 1)
    struct.pack_into("<q", b, 12, t)
    struct.pack_into("<I", b, 288, zlib.crc32(bytes(b[:288])))
    return bytes(b)
db_path = os.path.join(d, "state.db")
if os.path.exists(db_path):
    os.remove(db_path)
db = sqlite3.connect(db_path)
db.executescript("""PRAGMA application_id = 1465143379; PRAGMA user_version = 1; PRAGMA journal_mode = wal;
CREATE TABLE contact (id TEXT PRIMARY KEY, state BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE service_month (year INTEGER NOT NULL, month INTEGER NOT NULL, sent INTEGER NOT NULL,
  PRIMARY KEY (year, month)) WITHOUT ROWID;
CREATE TABLE seen_event (id TEXT PRIMARY KEY, contact TEXT NOT NULL, t INTEGER NOT NULL) WITHOUT ROWID;""")
with open(os.path.join(d, "sends.jsonl"), "w") as f:
    for i in range(n):
        p = rng.choice(prefixes)
        to = p + "%0*d" % ((11 if p[0] == "1" else 12) - len(p), i)
        order = "A-%d" % i
        f.write(json.dumps({"messaging_product": "whatsapp", "to": to, "type": "template",
            "template": {"name": "order_shipped", "language": {"code": "en_US"}, "components": [
                {"type": "header", "parameters": [{"type": "text", "text": order}]},
                {"type": "body", "parameters": [{"type": "text", "text": "Ana"}, {"type": "text", "text": order},
                                                {"type": "text", "text": "March 3"}]},
                {"type": "button", "sub_type": "url", "index": "0", "parameters": [{"type": "text", "text": order}]}]}},
            separators=(",", ":")) + "\n")
        if i % 2 == 0:
            db.execute("INSERT INTO contact VALUES (?, ?)", (to, state_with_inbound(at - rng.randrange(2 * 86400))))
db.commit()
PY
cpu() { # name, command...: CPU seconds and peak RSS of the command
    name=$1; shift
    /usr/bin/time -f "%U %S %M" -o "$dir/time" "$@" > /dev/null
    set -- $(cat "$dir/time")
    echo "$name $(awk -v u="$1" -v s="$2" 'BEGIN { print u + s }') $3"
}
floor=$(cpu floor "$b/watpl" render --json --params "$dir/sends.jsonl" $tpl)
plain=$(cpu broadcast "$b/watpl" broadcast --json --template $tpl --at 1773576000 "$dir/sends.jsonl")
state=$(cpu broadcast_state "$b/watpl" broadcast --json --template $tpl --at 1773576000 --state "$dir/state.db" \
    "$dir/sends.jsonl")
echo "$floor" "$plain" "$state" | awk -v n="$n" -v mb="$(($(wc -c < "$dir/sends.jsonl") / 1000000))" '{
    printf "%d payloads (%d MB), CPU seconds (user+sys) and peak RSS:\n", n, mb
    printf "  watpl render --json   %6.2f s  %5.1f us/payload  %6d KB\n", $2, $2 * 1e6 / n, $3
    printf "  broadcast             %6.2f s  %5.1f us/payload  %6d KB  %.2fx the floor\n", $5, $5 * 1e6 / n, $6, $5 / $2
    printf "  broadcast --state     %6.2f s  %5.1f us/payload  %6d KB  %.2fx the floor\n", $8, $8 * 1e6 / n, $9, $8 / $2
}'
# Instructions (callgrind) on the first 20 000 payloads: the same comparison,
# free of the noise of a shared machine.
if command -v valgrind > /dev/null; then
    head -20000 "$dir/sends.jsonl" > "$dir/sends-20k.jsonl"
    ir() {
        valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.out" "$@" > /dev/null 2> "$dir/callgrind.err"
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$dir/callgrind.err"
    }
    r=$(ir "$b/watpl" render --json --params "$dir/sends-20k.jsonl" $tpl)
    p=$(ir "$b/watpl" broadcast --json --template $tpl --at 1773576000 "$dir/sends-20k.jsonl")
    s=$(ir "$b/watpl" broadcast --json --template $tpl --at 1773576000 --state "$dir/state.db" "$dir/sends-20k.jsonl")
    awk -v r="$r" -v p="$p" -v s="$s" 'BEGIN {
        printf "20000 payloads, instructions (callgrind):\n"
        printf "  watpl render --json   %6.0f per payload\n", r / 20000
        printf "  broadcast             %6.0f per payload  %.3fx the floor\n", p / 20000, p / r
        printf "  broadcast --state     %6.0f per payload  %.3fx the floor\n", s / 20000, s / r
    }'
fi
