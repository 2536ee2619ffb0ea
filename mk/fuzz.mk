# Fuzzing (libFuzzer, clang) and the replay of the checked-in corpus and
# regression inputs without libFuzzer (part of `make check`).
FUZZ_TARGETS := template render window text window_json send pricing
FUZZ_SECONDS ?= 60
FUZZ_B := build/fuzz
FUZZ_CFLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined

.PHONY: fuzz fuzz-build fuzz-regress

fuzz-build:
	$(MAKE) --no-print-directory B=$(FUZZ_B) CC=clang CFLAGS="$(FUZZ_CFLAGS)" static
	@set -e; for t in $(FUZZ_TARGETS); do \
		clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -std=c11 -Iinclude -Ilib -o $(FUZZ_B)/fuzz_$$t \
			fuzz/fuzz_$$t.c $(FUZZ_B)/libwatpl.a $(DEP_LIBS) -lm; done

# Runs every target (or only those named in FUZZ_TARGETS) for FUZZ_SECONDS on
# a working copy of its seed corpus; fails if a target finds a crash, which is
# left in build/fuzz/crashes-<target>/ (copy it to fuzz/regress/<target>/
# with the fix). The final coverage line and statistics are printed.
fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_B)/corpus-$$t $(FUZZ_B)/crashes-$$t; \
		cp -n fuzz/corpus/$$t/* $(FUZZ_B)/corpus-$$t/ 2>/dev/null || true; \
		echo "== fuzz_$$t for $(FUZZ_SECONDS)s"; \
		rc=0; $(FUZZ_B)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -dict=fuzz/watpl.dict \
			-max_len=65536 -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=$(FUZZ_B)/crashes-$$t/ -print_final_stats=1 \
			$(FUZZ_B)/corpus-$$t >$(FUZZ_B)/fuzz_$$t.log 2>&1 || rc=$$?; \
		grep -E "DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb" \
			$(FUZZ_B)/fuzz_$$t.log || true; \
		if [ $$rc -ne 0 ]; then grep -A30 -E "ERROR|SUMMARY|deadly" $(FUZZ_B)/fuzz_$$t.log | head -60; \
			echo "fuzz_$$t: failure, see $(FUZZ_B)/fuzz_$$t.log"; exit 1; fi; \
	done

FUZZ_REPLAY := $(patsubst %,$(B)/fuzz/replay_%,$(FUZZ_TARGETS))

$(B)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c $(STLIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ fuzz/fuzz_$*.c fuzz/replay.c $(STLIB) $(LDFLAGS) $(DEP_LIBS) -lm

# Replays the checked-in corpus and every regression input of each target.
fuzz-regress: $(FUZZ_REPLAY)
	@set -e; for t in $(FUZZ_TARGETS); do \
		$(B)/fuzz/replay_$$t fuzz/corpus/$$t fuzz/regress/$$t; done
