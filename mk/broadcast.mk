# `watpl broadcast --state` reads the SQLite state database of `watpl window`
# (docs/state-db.md): only the command links SQLite, never the library.
$(CLI): DEP_LIBS += -lsqlite3

# `watpl broadcast` against its floor (docs/performance.md, "watpl broadcast").
BENCH_BROADCAST_N ?= 200000
.PHONY: bench-broadcast
bench-broadcast: cli
	sh bench/broadcast_throughput.sh $(B) $(B)/bench/broadcast $(BENCH_BROADCAST_N)

bench: bench-broadcast
