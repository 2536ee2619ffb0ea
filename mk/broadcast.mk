# `watpl broadcast --state` reads the SQLite state database of `watpl window`
# (docs/state-db.md): only the command links SQLite, never the library.
$(CLI): DEP_LIBS += -lsqlite3
# tests/cli/test_broadcast.sh saves window states through the shared library.
check-cli: shared
