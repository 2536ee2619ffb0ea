# The labeled corpus converted to Meta's template JSON (tests, eval, bench).
CORPUS_META := $(B)/corpus/templates-dev.meta.jsonl

$(CORPUS_META): tests/data/corpus/templates-dev.jsonl tools/corpus2meta.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/corpus2meta.py $< $@

corpus: $(CORPUS_META)
