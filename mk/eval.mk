# Classifier evaluation on the labeled corpora (real templates from Meta's
# docs, providers and apps; templates the project wrote for more languages):
# in-sample and held-out by source (tools/eval_classifier.py), and the fitting
# of the weights the library compiles in (tools/fit_classifier.py).
EXTRA_META := $(B)/corpus/templates-extra.meta.jsonl
DEV2_META := $(B)/corpus/templates-dev-2.meta.jsonl
LANGS_META := $(B)/corpus/templates-written-langs.meta.jsonl
FIT_INPUTS := $(CORPUS_META) $(DEV2_META) $(EXTRA_META) $(LANGS_META)
# The classifier's features before weighting (what the weights multiply).
CLS_FEATURES := $(B)/tools/cls_features

$(EXTRA_META) $(DEV2_META) $(LANGS_META): $(B)/corpus/%.meta.jsonl: tests/data/corpus/%.jsonl tools/corpus2meta.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/corpus2meta.py $< $@

$(CLS_FEATURES): tools/cls_features.c lib/classify_internal.h $(STLIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< $(STLIB) $(LDFLAGS) $(DEP_LIBS) -lm

eval: shared $(CLS_FEATURES) $(FIT_INPUTS)
	WATPL_LIBRARY=$(CURDIR)/$(SHLIB) PYTHONPATH=python $(PYTHON) tools/eval_classifier.py \
		--features $(CLS_FEATURES) $(FIT_INPUTS)

# Fit the weights again and write lib/classify_weights.c (committed, so that
# a build needs no Python); then `make` and `make eval`.
.PHONY: fit-classifier
fit-classifier: $(CLS_FEATURES) $(FIT_INPUTS)
	$(PYTHON) tools/fit_classifier.py --features $(CLS_FEATURES) --write lib/classify_weights.c $(FIT_INPUTS)

# The committed table must be what `make fit-classifier` writes from the
# committed corpora, lexicons and features (check-classifier-table, part of
# `make check`): after a change to any of them, run `make fit-classifier` and
# commit lib/classify_weights.c.
.PHONY: check-classifier-table
check: check-classifier-table
check-classifier-table: $(CLS_FEATURES) $(FIT_INPUTS)
	@mkdir -p $(B)/gen
	$(PYTHON) tools/fit_classifier.py --features $(CLS_FEATURES) --write $(B)/gen/classify-weights-check.c $(FIT_INPUTS)
	@if cmp -s $(B)/gen/classify-weights-check.c lib/classify_weights.c; then \
		echo "check-classifier-table: lib/classify_weights.c is what make fit-classifier writes"; \
	else \
		diff -u lib/classify_weights.c $(B)/gen/classify-weights-check.c | head -20 | cut -c1-160; \
		echo "check-classifier-table: lib/classify_weights.c is stale: run 'make fit-classifier' and commit it"; \
		exit 1; \
	fi
