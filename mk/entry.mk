# Every public function taking a context starts with WATPL__ENTER
# (lib/README.md, "The entry of a public function"); part of `make check`.
.PHONY: check-entry

check-entry:
	@sh tools/check-entry.sh include/watpl.h lib

check: check-entry
