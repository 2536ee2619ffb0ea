#!/bin/sh
# `make check-pg`: the extension's pg_regress tests against a real PostgreSQL
# server started here in a temporary folder and always stopped (server.inc).
#
# usage: run.sh ROOT BUILD_PG_DIR PG_CONFIG WATPL_CLI
# SPDX-License-Identifier: MIT
set -eu
ROOT=$1
PGB=$2
PG_CONFIG=$3
WATPL=$4
PG_WHO=check-pg
. "$ROOT/postgres/test/server.inc"
pg_private_setup "$PG_CONFIG" "$ROOT" "$PGB"

# ---- the tests' inputs: the command's answers on the same data ----------------------------------
R=$T/regress
mkdir -p "$R/sql" "$R/expected" "$R/data/tpl" "$R/out"
cp "$ROOT"/postgres/sql/*.sql "$R/sql/"
cp "$ROOT"/postgres/expected/*.out "$R/expected/"
cp "$ROOT"/examples/templates/*.json "$ROOT"/examples/templates/mistakes/*.json "$R/data/tpl/"
cp "$ROOT"/postgres/test/render_*.json "$R/data/"
python3 "$ROOT/postgres/test/gen_events.py" "$R/data/events.jsonl"
(
    cd "$R/data"
    "$WATPL" window --json events.jsonl >window_2025.jsonl
    "$WATPL" window --json --schedule 2026-10 events.jsonl >window_2026.jsonl
    "$WATPL" lint --json tpl/*.json >lint.jsonl || [ $? -eq 1 ]
    "$WATPL" classify --json tpl/*.json >classify.jsonl
    "$WATPL" render --json --params render_params.json render_template.json >render.jsonl || [ $? -eq 1 ]
)

pg_private_start -c max_parallel_workers_per_gather=0
TESTS=$(cd "$ROOT/postgres/sql" && ls *.sql | sed 's/\.sql$//' | sort | tr '\n' ' ')
st=0
$AS env WATPL_PG_DATA="$R/data" "$PG_REGRESS" --bindir="$BINDIR" --inputdir="$R" --outputdir="$R/out" \
    --host="$T" --port="$PORT" --user=postgres --dbname=watpl_regress $TESTS || st=$?
if [ "$st" -ne 0 ]; then
    [ -f "$R/out/regression.diffs" ] && head -200 "$R/out/regression.diffs" >&2
    # WATPL_PG_KEEP=DIR keeps the results (to review new expected output).
    [ -n "${WATPL_PG_KEEP:-}" ] && rm -rf "$WATPL_PG_KEEP" && cp -r "$R/out" "$WATPL_PG_KEEP"
    pg_fail "pg_regress failed"
fi
# ---- concurrent and repeated webhooks -------------------------------------------------------------
# 4 workers apply the same events (the first 20 of each contact of the comparison's stream), each in
# its own order, one upsert and one transaction per event, all at once: every event arrives 4 times,
# interleaved. Each contact must end with the state of the one serial replay.
pg_psql -d watpl_regress -c "CREATE TABLE conc_ev AS SELECT n, e FROM (SELECT n, e, row_number() OVER
    (PARTITION BY e ->> 'contact' ORDER BY n) AS k FROM ev WHERE e ->> 'type' <> 'query') x WHERE k <= 20;
    CREATE TABLE conc (wa_id text PRIMARY KEY, wstate bytea);"
pids=""
for w in 1 2 3 4; do
    pg_psql -d watpl_regress -c "DO \$\$ DECLARE r record; BEGIN
        FOR r IN SELECT e FROM conc_ev ORDER BY md5(n::text || '$w') LOOP
            INSERT INTO conc VALUES (r.e ->> 'contact', watpl_window_apply(NULL, r.e))
            ON CONFLICT (wa_id) DO UPDATE SET wstate = watpl_window_apply(conc.wstate, r.e);
            COMMIT;
        END LOOP; END \$\$" >"$T/worker$w.log" 2>&1 &
    pids="$pids $!"
done
wait_st=0
for p in $pids; do wait "$p" || wait_st=1; done
[ "$wait_st" -eq 0 ] || { cat "$T"/worker*.log >&2; pg_fail "a concurrent worker failed"; }
conc=$(pg_psql -d watpl_regress -At -c "SELECT count(*) || ' ' || count(*) FILTER (WHERE c.wstate = a.s)
    FROM conc c JOIN (SELECT e ->> 'contact' AS wa_id, watpl_window_agg(e ORDER BY n) AS s FROM conc_ev GROUP BY 1) a
    USING (wa_id)")
events=$(pg_psql -d watpl_regress -At -c "SELECT count(*) FROM conc_ev")
set -- $conc
[ "$1" -gt 0 ] && [ "$1" = "$2" ] ||
    pg_fail "concurrent webhooks: only $2 of $1 states equal to the serial replay"
echo "check-pg: concurrent webhooks: 4 workers x $events events at once, $2 of $1 states equal to the serial replay"

if grep -q "terminated by signal" "$T/server.log"; then
    pg_fail "a backend crashed (server log)"
fi
echo "check-pg: all passed (PostgreSQL $("$PG_CONFIG" --version | sed 's/^PostgreSQL //'))"
