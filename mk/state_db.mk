# SQLite for the command's state database (cli/state_db.c, docs/state-db.md);
# the library never links it.
SQLITE_CFLAGS := $(shell $(PKG_CONFIG) --cflags sqlite3 2>/dev/null)
SQLITE_LIBS := $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null || echo -lsqlite3)

$(B)/obj/cli/state_db.o $(B)/obj/cli/cmd_window.o: ALL_CFLAGS += $(SQLITE_CFLAGS)
