#!/bin/sh
# PostgreSQL figures of docs/performance.md, each against a floor measured in
# the same run, on the same private server (postgres/test/server.inc):
#
#   apply:  ROWS events applied by UPDATE ... SET wstate = watpl_window_apply(wstate, e)
#           (ROWS/10 contacts, 10 rounds of one UPDATE each), against the same
#           UPDATEs setting a constant bytea of the same size (the floor);
#   query:  one SELECT answering ROWS window queries (watpl_window_query), against
#           one SELECT reading length(wstate) of the same ROWS states.
#
# One run of each (no loop): the machine is shared. Parallel query off.
# usage: pg_bench.sh ROOT BUILD_PG_DIR PG_CONFIG [ROWS]
# SPDX-License-Identifier: MIT
set -eu
ROOT=$1
PGB=$2
PG_CONFIG=$3
ROWS=${4:-1000000}
PG_WHO=bench-pg
. "$ROOT/postgres/test/server.inc"
pg_private_setup "$PG_CONFIG" "$ROOT" "$PGB"
pg_private_start -c max_parallel_workers_per_gather=0 -c shared_buffers=1GB -c synchronous_commit=off \
    -c max_wal_size=4GB -c checkpoint_timeout=30min -c autovacuum=off

CONTACTS=$((ROWS / 10))
cat >"$T/setup.sql" <<SQL
CREATE EXTENSION watpl;
-- ROWS events over CONTACTS contacts, 10 per contact (round r), as webhooks carry them.
CREATE TABLE events AS
SELECT c, r, jsonb_build_object(
    'id', 'wamid.' || c || '.' || r,
    't', 1767571200 + c % 86400 + 3600 * r,
    'type', (ARRAY['inbound', 'outbound', 'outbound', 'call', 'inbound'])[1 + (c + r) % 5],
    'kind', (ARRAY['MARKETING', 'UTILITY', 'AUTHENTICATION', 'SERVICE'])[1 + (c * 7 + r) % 4],
    'entry', CASE WHEN (c + r) % 9 = 0 THEN 'ctwa' END) AS e
FROM generate_series(1, $CONTACTS) c, generate_series(1, 10) r;
CREATE INDEX ON events (r, c);
CREATE TABLE contacts_floor (c int PRIMARY KEY, wstate bytea);
CREATE TABLE contacts_apply (c int PRIMARY KEY, wstate bytea);
INSERT INTO contacts_floor SELECT c, NULL FROM generate_series(1, $CONTACTS) c;
INSERT INTO contacts_apply SELECT c, NULL FROM generate_series(1, $CONTACTS) c;
VACUUM ANALYZE;
SQL
pg_psql -d postgres -f "$T/setup.sql"

# The floor's constant: a state of the size the real ones end with.
STATE_BYTES=$(pg_psql -d postgres -At -c "SELECT length(watpl_window_agg(e ORDER BY r)) FROM events WHERE c = 1")

# Milliseconds of one statement (psql's \timing).
ms() {
    pg_psql -d postgres -c '\timing on' -c "$1" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
}

floor_ms=0
apply_ms=0
r=1
while [ "$r" -le 10 ]; do
    f=$(ms "UPDATE contacts_floor k SET wstate = decode(repeat('ab', $STATE_BYTES), 'hex') FROM events e WHERE e.r = $r AND e.c = k.c")
    a=$(ms "UPDATE contacts_apply k SET wstate = watpl_window_apply(k.wstate, e.e) FROM events e WHERE e.r = $r AND e.c = k.c")
    floor_ms=$(awk "BEGIN { print $floor_ms + $f }")
    apply_ms=$(awk "BEGIN { print $apply_ms + $a }")
    r=$((r + 1))
done

cat >"$T/states.sql" <<SQL
-- ROWS states: the contacts' final states, each repeated 10 times.
CREATE TABLE states AS SELECT k.c * 10 + i AS id, k.wstate FROM contacts_apply k, generate_series(0, 9) i;
VACUUM ANALYZE states;
SELECT sum(length(wstate)) FROM states;
SQL
pg_psql -d postgres -f "$T/states.sql" >/dev/null
len_ms=$(ms "SELECT sum(length(wstate)) FROM states")
query_ms=$(ms "SELECT count(*) FILTER (WHERE (watpl_window_query(wstate, 1767571200 + 129600, 'SERVICE') ->> 'allowed')::boolean) FROM states")
allowed=$(pg_psql -d postgres -At -c "SELECT count(*) FILTER (WHERE (watpl_window_query(wstate, 1767571200 + 129600, 'SERVICE') ->> 'allowed')::boolean) FROM states")

python3 - "$ROWS" "$floor_ms" "$apply_ms" "$len_ms" "$query_ms" "$STATE_BYTES" "$allowed" <<'PY'
import sys
rows, floor_ms, apply_ms, len_ms, query_ms = int(sys.argv[1]), *map(float, sys.argv[2:6])
state, allowed = sys.argv[6], sys.argv[7]
print(f"rows {rows}, state {state} bytes, PostgreSQL on a private server, parallel query off")
print(f"apply: UPDATE constant bytea {floor_ms / 1000:.2f} s, watpl_window_apply {apply_ms / 1000:.2f} s, "
      f"ratio {apply_ms / floor_ms:.2f}, {1000 * apply_ms / rows:.2f} us/event")
print(f"query: SELECT length(wstate) {len_ms / 1000:.2f} s, watpl_window_query {query_ms / 1000:.2f} s, "
      f"ratio {query_ms / len_ms:.2f}, {1000 * query_ms / rows:.2f} us/query ({allowed} allowed)")
PY
