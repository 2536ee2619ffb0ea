# Classifier lexicons: data files compiled into the library.
LEXICON_TXT := $(sort $(wildcard lib/lexicon/*.txt))
GEN_SRC += $(B)/gen/lexicon.c

$(B)/gen/lexicon.c: tools/gen_lexicon.py $(LEXICON_TXT)
	@mkdir -p $(dir $@)
	$(PYTHON) tools/gen_lexicon.py $@ $(LEXICON_TXT)
