# Generated documentation: docs/rules.md and the table of Meta's limits in
# docs/limits.md come from the library's own tables (lib/rules_internal.h,
# lib/limits_internal.h) through tools/gen_docs.c, a C program (no Python),
# with their hand-written parts in tools/*_doc_head.md and *_doc_tail.md.
# `make docs` rewrites the pages after a change of a table; check-docs (part
# of `make check`) fails while a committed page differs from what it prints.
GEN_DOCS := $(B)/tools/gen_docs
RULES_DOC_IN := tools/rules_doc_head.md tests/data/rules/cases.jsonl
LIMITS_DOC_IN := tools/limits_doc_head.md tools/limits_doc_tail.md

.PHONY: docs check-docs

$(GEN_DOCS): tools/gen_docs.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(LDFLAGS) $(DEP_LIBS)

docs: $(GEN_DOCS)
	$(GEN_DOCS) rules $(RULES_DOC_IN) > $(B)/rules.md.tmp && mv $(B)/rules.md.tmp docs/rules.md
	$(GEN_DOCS) limits $(LIMITS_DOC_IN) > $(B)/limits.md.tmp && mv $(B)/limits.md.tmp docs/limits.md

check-docs: $(GEN_DOCS)
	@mkdir -p $(B)/gen
	@$(GEN_DOCS) rules $(RULES_DOC_IN) > $(B)/gen/rules.md
	@$(GEN_DOCS) limits $(LIMITS_DOC_IN) > $(B)/gen/limits.md
	@for page in rules limits; do \
		if ! cmp -s $(B)/gen/$$page.md docs/$$page.md; then \
			diff -u docs/$$page.md $(B)/gen/$$page.md | head -20 | cut -c1-160; \
			echo "check-docs: docs/$$page.md differs from the library's tables: run 'make docs' and commit it"; \
			exit 1; \
		fi; \
	done
	@echo "check-docs: docs/rules.md and docs/limits.md are what tools/gen_docs.c makes of the library's tables"

check: check-docs
