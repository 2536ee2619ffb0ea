# SQLite for the command's state database (cli/state_db.c, docs/state-db.md);
# the library never links it.
SQLITE_CFLAGS := $(shell $(PKG_CONFIG) --cflags sqlite3 2>/dev/null)
SQLITE_LIBS := $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null || echo -lsqlite3)

$(B)/obj/cli/state_db.o $(B)/obj/cli/cmd_window.o: ALL_CFLAGS += $(SQLITE_CFLAGS)

# `watpl window` on SQLite against the contact store it replaced, built from
# git history in a temporary worktree (docs/performance.md); not part of
# `make bench`: two 1 GB replays of each take half an hour.
BENCH_STORE_MB ?= 1000
BENCH_STORE_ROUNDS ?= 2
.PHONY: bench-window-store
bench-window-store: cli
	sh bench/window_store.sh $(CURDIR)/$(CLI) $(B)/bench/window-store $(BENCH_STORE_MB) $(BENCH_STORE_ROUNDS)

# The temporary layout's collisions (tests/test_state_db.c includes cli/state_db.c).
$(B)/tests/test_state_db: ALL_CFLAGS += $(SQLITE_CFLAGS) -Icli
$(B)/tests/test_state_db: DEP_LIBS += $(SQLITE_LIBS)
