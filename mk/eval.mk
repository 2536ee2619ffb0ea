# Classifier evaluation on the labeled corpora (documentation examples, and
# examples written for the languages the first one lacks).
EXTRA_META := $(B)/corpus/templates-extra.meta.jsonl

$(EXTRA_META): tests/data/corpus/templates-extra.jsonl tools/corpus2meta.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/corpus2meta.py $< $@

eval: shared $(CORPUS_META) $(EXTRA_META)
	WATPL_LIBRARY=$(CURDIR)/$(SHLIB) PYTHONPATH=python $(PYTHON) tools/eval_classifier.py \
		dev=$(CORPUS_META) extra=$(EXTRA_META)
