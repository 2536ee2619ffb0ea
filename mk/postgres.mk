# The PostgreSQL extension (postgres/, docs/postgres.md): `make pg` builds it
# with PGXS in $(B)/pg, linking the library's static PIC objects; `make
# check-pg` runs its pg_regress tests against a private server it starts and
# stops (postgres/test/run.sh); `make pg-install` installs it into the
# PostgreSQL that pg_config names (DESTDIR respected).
PG_CONFIG ?= pg_config
PG_BUILD := $(B)/pg
# MAKEFLAGS cleared: the library's CFLAGS/LDFLAGS must not replace PGXS's own.
PG_MAKE = MAKEFLAGS= $(MAKE) -C $(PG_BUILD) -f $(CURDIR)/postgres/Makefile VPATH=$(CURDIR)/postgres \
	WATPL_ROOT=$(CURDIR) WATPL_B=$(CURDIR)/$(B) PG_CONFIG=$(PG_CONFIG) with_llvm=no

.PHONY: pg pg-install check-pg bench-pg

pg: $(STLIB)
	@command -v $(PG_CONFIG) >/dev/null 2>&1 || { echo "make pg: no $(PG_CONFIG): install postgresql-server-dev-all (make deps), or set PG_CONFIG" >&2; exit 1; }
	@mkdir -p $(PG_BUILD)
	$(PG_MAKE)

pg-install: pg
	$(PG_MAKE) install DESTDIR=$(DESTDIR)

check-pg: pg $(CLI)
	sh postgres/test/run.sh $(CURDIR) $(CURDIR)/$(PG_BUILD) $(PG_CONFIG) $(CURDIR)/$(CLI)

# The figures of docs/performance.md, "PostgreSQL" (BENCH_PG_ROWS rows).
BENCH_PG_ROWS ?= 1000000
bench-pg: pg $(CLI)
	sh bench/pg_bench.sh $(CURDIR) $(CURDIR)/$(PG_BUILD) $(PG_CONFIG) $(BENCH_PG_ROWS)
