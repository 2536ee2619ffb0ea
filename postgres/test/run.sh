#!/bin/sh
# `make check-pg`: the extension's pg_regress tests against a real PostgreSQL
# server that this script starts and always stops (docs/postgres.md, "Tests").
#
# Nothing outside a temporary folder is touched. The server's binaries are
# copied into a private mirror of the PostgreSQL install tree in that folder
# (PostgreSQL finds its share/ and lib/ relative to its own executable), the
# rest of the tree is linked, and the extension is installed into the mirror;
# initdb writes the cluster there, and the server listens on a Unix socket
# there only (listen_addresses=''). PostgreSQL refuses to run as root: as
# root, the folder is given to the unprivileged `postgres` user (made by
# Debian's postgresql package) and every server program runs as that user.
#
# usage: run.sh ROOT BUILD_PG_DIR PG_CONFIG WATPL_CLI
# SPDX-License-Identifier: MIT
set -eu
ROOT=$1
PGB=$2
PG_CONFIG=$3
WATPL=$4

fail() { echo "check-pg: $*" >&2; exit 1; }

command -v "$PG_CONFIG" >/dev/null 2>&1 ||
    fail "no $PG_CONFIG: install postgresql and postgresql-server-dev-all (make deps)"
BINDIR=$("$PG_CONFIG" --bindir)
SHAREDIR=$("$PG_CONFIG" --sharedir)
PKGLIBDIR=$("$PG_CONFIG" --pkglibdir)
PGXSDIR=$(dirname "$("$PG_CONFIG" --pgxs)")
PG_REGRESS=$PGXSDIR/../test/regress/pg_regress
for prog in "$BINDIR/initdb" "$BINDIR/postgres" "$BINDIR/pg_ctl" "$BINDIR/psql" "$PG_REGRESS"; do
    [ -x "$prog" ] || fail "missing $prog: install postgresql and postgresql-server-dev-all (make deps)"
done
[ -f "$PGB/watpl.so" ] || fail "no $PGB/watpl.so: run make pg first"

T=$(mktemp -d "${TMPDIR:-/tmp}/watpl-pg.XXXXXX")
AS=""
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || fail "running as root needs the postgres user (Debian's postgresql package)"
    AS="runuser -u postgres --"
fi
stop_server() {
    if [ -f "$T/data/postmaster.pid" ]; then
        $AS "$T$BINDIR/pg_ctl" -D "$T/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$T"
}
trap stop_server EXIT
trap 'exit 1' INT TERM HUP

# ---- the private install tree -------------------------------------------------------------
mkdir -p "$T$BINDIR" "$T$SHAREDIR/extension" "$T$PKGLIBDIR"
for prog in initdb postgres pg_ctl; do cp "$BINDIR/$prog" "$T$BINDIR/"; done
for f in "$SHAREDIR"/*; do [ "$(basename "$f")" = extension ] || ln -s "$f" "$T$SHAREDIR/"; done
for f in "$SHAREDIR"/extension/*; do ln -s "$f" "$T$SHAREDIR/extension/"; done
for f in "$PKGLIBDIR"/*; do ln -s "$f" "$T$PKGLIBDIR/"; done
cp "$ROOT/postgres/watpl.control" "$ROOT"/postgres/watpl--*.sql "$T$SHAREDIR/extension/"
cp "$PGB/watpl.so" "$T$PKGLIBDIR/"

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
[ -n "$AS" ] && chown -R -h postgres "$T"

# ---- the server: Unix socket in $T only --------------------------------------------------------
$AS "$T$BINDIR/initdb" -D "$T/data" -U postgres -A trust --no-sync -E UTF8 --locale=C >"$T/initdb.log" 2>&1 ||
    { cat "$T/initdb.log" >&2; fail "initdb failed"; }
PORT=54314
$AS "$T$BINDIR/pg_ctl" -D "$T/data" -l "$T/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $T -p $PORT -c fsync=off -c max_parallel_workers_per_gather=0" start >/dev/null ||
    { cat "$T/server.log" >&2; fail "the server did not start"; }

TESTS=$(cd "$ROOT/postgres/sql" && ls *.sql | sed 's/\.sql$//' | sort | tr '\n' ' ')
st=0
$AS env WATPL_PG_DATA="$R/data" "$PG_REGRESS" --bindir="$BINDIR" --inputdir="$R" --outputdir="$R/out" \
    --host="$T" --port="$PORT" --user=postgres --dbname=watpl_regress $TESTS || st=$?
if [ "$st" -ne 0 ]; then
    [ -f "$R/out/regression.diffs" ] && head -200 "$R/out/regression.diffs" >&2
    # WATPL_PG_KEEP=DIR keeps the results (to review new expected output).
    [ -n "${WATPL_PG_KEEP:-}" ] && rm -rf "$WATPL_PG_KEEP" && cp -r "$R/out" "$WATPL_PG_KEEP"
    fail "pg_regress failed"
fi
if grep -q "server process .* was terminated\|terminated by signal" "$T/server.log"; then
    fail "a backend crashed (server log)"
fi
echo "check-pg: all passed (PostgreSQL $("$PG_CONFIG" --version | sed 's/^PostgreSQL //'))"
