# Benchmarks: each measures the library against a floor in the same run and
# prints medians and the ratio (docs/performance.md).
BENCH_MB ?= 20
BENCH_BIN := $(patsubst bench/%.c,$(B)/bench/%,$(sort $(wildcard bench/bench_*.c)))

.PHONY: bench bench-build bench-plot

$(B)/bench/%: bench/%.c bench/bench_util.h $(STLIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< $(STLIB) $(LDFLAGS) $(DEP_LIBS) -lm

$(B)/bench/corpus.jsonl: tools/gen_bench_corpus.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/gen_bench_corpus.py $@ $(BENCH_MB)

bench-build: $(BENCH_BIN) $(CLI)

bench: bench-build $(B)/bench/corpus.jsonl
	$(B)/bench/bench_bulk $(B)/bench/corpus.jsonl 5
	$(B)/bench/bench_latency 20000
	$(B)/bench/bench_window 1000000
	sh bench/window_callgrind.sh $(B)/bench/bench_window
	sh bench/cli_throughput.sh $(CLI) $(B)/bench $(BENCH_CLI_MB)

bench-plot: bench-build
	sh bench/plot.sh $(B)/bench
