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
if grep -q "terminated by signal" "$T/server.log"; then
    pg_fail "a backend crashed (server log)"
fi
echo "check-pg: all passed (PostgreSQL $("$PG_CONFIG" --version | sed 's/^PostgreSQL //'))"
