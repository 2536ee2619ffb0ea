# Classifier lexicons: data files compiled into the library. Their C form,
# lib/lexicon_data.c, is committed (built like any lib/*.c, no Python needed);
# `make lexicon` regenerates it after an edit of lib/lexicon/*.txt, and
# check-lexicon (part of `make check`) fails when it is stale.
LEXICON_TXT := $(sort $(wildcard lib/lexicon/*.txt))

.PHONY: lexicon check-lexicon

lexicon:
	$(PYTHON) tools/gen_lexicon.py lib/lexicon_data.c $(LEXICON_TXT)

check-lexicon:
	@if ! command -v $(PYTHON) > /dev/null 2>&1; then \
		echo "check-lexicon: skipped, $(PYTHON) not found (lib/lexicon_data.c not compared with lib/lexicon/*.txt)"; \
	else \
		mkdir -p $(B)/gen && $(PYTHON) tools/gen_lexicon.py $(B)/gen/lexicon-check.c $(LEXICON_TXT) && \
		if cmp -s $(B)/gen/lexicon-check.c lib/lexicon_data.c; then \
			echo "check-lexicon: lib/lexicon_data.c is what tools/gen_lexicon.py makes of lib/lexicon/*.txt"; \
		else \
			diff -u lib/lexicon_data.c $(B)/gen/lexicon-check.c | head -20 | cut -c1-160; \
			echo "check-lexicon: lib/lexicon_data.c is stale: run 'make lexicon' and commit it"; exit 1; \
		fi; \
	fi

check: check-lexicon
