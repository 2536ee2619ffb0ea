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

bench: bench-build $(B)/bench/corpus.jsonl $(B)/bench/real.jsonl
	$(B)/bench/bench_bulk $(B)/bench/corpus.jsonl 5
	$(B)/bench/bench_latency 20000
	$(B)/bench/bench_window 1000000
	sh bench/window_callgrind.sh $(B)/bench/bench_window
	sh bench/cli_throughput.sh $(CLI) $(B)/bench $(BENCH_CLI_MB)
	$(MAKE) --no-print-directory bench-send

# Realistic corpus: the dev corpora as they are (short bodies, several scripts).
BENCH_REAL_MB ?= 10
$(B)/bench/real.jsonl: tools/gen_real_corpus.py tools/corpus2meta.py tests/data/corpus/templates-dev.jsonl \
		tests/data/corpus/templates-extra.jsonl
	@mkdir -p $(dir $@)
	$(PYTHON) tools/gen_real_corpus.py $@ $(BENCH_REAL_MB)

# Many sends of one template, the bulk path on the realistic corpus, and
# the command on 200 000 send payloads (docs/performance.md, 5 to 7).
.PHONY: bench-send
bench-send: bench-build $(B)/bench/real.jsonl
	$(B)/bench/bench_send 1000000 7
	sh bench/send_valgrind.sh $(B)/bench/bench_send 10000
	sh bench/send_callgrind.sh $(B)/bench/bench_send 10000
	$(B)/bench/bench_bulk $(B)/bench/real.jsonl 5
	$(B)/bench/bench_lint_cli $(CLI) $(B)/bench/real.jsonl 5
	$(B)/bench/bench_render_cli $(CLI) examples/templates/order_shipped.json $(B)/bench/sends-200k.jsonl 200000 5

bench-plot: bench-build
	sh bench/plot.sh $(B)/bench
