# `watpl broadcast --state` reads the SQLite state database of `watpl window`
# (docs/state-db.md): only the command links SQLite, never the library.
$(CLI): DEP_LIBS += -lsqlite3

# The floor of bench/broadcast_throughput.sh reads payloads with the
# command's record reader, so it is linked with it.
$(B)/bench/bench_render_sends: bench/bench_render_sends.c bench/bench_util.h $(B)/obj/cli/input.o \
		$(B)/obj/cli/output.o $(STLIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Icli -Wno-missing-prototypes -o $@ $< $(B)/obj/cli/input.o $(B)/obj/cli/output.o \
		$(STLIB) $(LDFLAGS) $(DEP_LIBS) -lm

# `watpl broadcast` against its floor (docs/performance.md, "watpl broadcast").
BENCH_BROADCAST_N ?= 200000
.PHONY: bench-broadcast
bench-broadcast: cli $(B)/bench/bench_render_sends
	sh bench/broadcast_throughput.sh $(B) $(B)/bench/broadcast $(BENCH_BROADCAST_N)

bench: bench-broadcast
