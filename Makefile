# libwatpl — plain GNU make. User CFLAGS/CPPFLAGS/LDFLAGS/PREFIX/DESTDIR are respected.
# SPDX-License-Identifier: MIT

VERSION_MAJOR := $(shell sed -n 's/^\#define WATPL_VERSION_MAJOR *\([0-9]*\).*/\1/p' include/watpl.h)
VERSION_MINOR := $(shell sed -n 's/^\#define WATPL_VERSION_MINOR *\([0-9]*\).*/\1/p' include/watpl.h)
VERSION_PATCH := $(shell sed -n 's/^\#define WATPL_VERSION_PATCH *\([0-9]*\).*/\1/p' include/watpl.h)
VERSION := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)

CC ?= cc
AR ?= ar
INSTALL ?= install
PKG_CONFIG ?= pkg-config
PYTHON ?= python3

PREFIX ?= /usr/local
prefix ?= $(PREFIX)
LIBDIR ?= $(prefix)/lib
INCLUDEDIR ?= $(prefix)/include
BINDIR ?= $(prefix)/bin
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

CFLAGS ?= -O2 -g
WERROR ?= -Werror
# Build tree; the sanitizer targets use their own (build/asan, ...).
B ?= build

DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags libutf8proc jansson 2>/dev/null)
DEP_LIBS := $(shell $(PKG_CONFIG) --libs libutf8proc jansson 2>/dev/null || echo -lutf8proc -ljansson)
CHECK_CFLAGS := $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)

WATPL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic -Wshadow -Wconversion \
	-Wstrict-prototypes -Wmissing-prototypes $(WERROR) -Iinclude -Ilib -I$(B)/gen $(DEP_CFLAGS)
ALL_CFLAGS = $(WATPL_CFLAGS) $(CPPFLAGS) $(CFLAGS)

LIB_SRC := $(sort $(wildcard lib/*.c))
# Generated sources (lexicons); fragments in mk/ append to GEN_SRC.
GEN_SRC :=
CLI_SRC := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_HELPERS := $(sort $(wildcard tests/helpers*.c))
EXAMPLE_SRC := $(sort $(wildcard examples/*.c))

SONAME := libwatpl.so.$(VERSION_MAJOR)
SHLIB := $(B)/libwatpl.so.$(VERSION)
STLIB := $(B)/libwatpl.a
PCFILE := $(B)/libwatpl.pc
CLI := $(B)/watpl

.PHONY: all static shared cli check check-unit check-cli check-python check-abi check-install \
	check-headers install uninstall clean examples asan ubsan valgrind tsan deps eval fuzz \
	fuzz-regress bench

all: static shared $(PCFILE) cli

# Area fragments (lexicon generation, eval, fuzz, bench ...).
include $(sort $(wildcard mk/*.mk))

LIB_OBJ_STATIC := $(patsubst %.c,$(B)/static/%.o,$(LIB_SRC) $(GEN_SRC))
LIB_OBJ_SHARED := $(patsubst %.c,$(B)/shared/%.o,$(LIB_SRC) $(GEN_SRC))
CLI_OBJ := $(patsubst %.c,$(B)/obj/%.o,$(CLI_SRC))
TEST_BIN := $(patsubst tests/%.c,$(B)/tests/%,$(TEST_SRC))
TEST_HELPER_OBJ := $(patsubst %.c,$(B)/obj/%.o,$(TEST_HELPERS))
EXAMPLE_BIN := $(patsubst examples/%.c,$(B)/examples/%,$(EXAMPLE_SRC))

static: $(STLIB)
shared: $(SHLIB)
cli: $(CLI)

$(B)/static/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -MMD -MP -c $< -o $@

$(B)/shared/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -DWATPL_BUILDING_DLL -MMD -MP -c $< -o $@

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -MMD -MP -c $< -o $@

$(STLIB): $(LIB_OBJ_STATIC)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(SHLIB): $(LIB_OBJ_SHARED) lib/libwatpl.map
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=lib/libwatpl.map \
		-Wl,--no-undefined -Wl,-z,noexecstack -o $@ $(LIB_OBJ_SHARED) $(DEP_LIBS) -lm
	ln -sf libwatpl.so.$(VERSION) $(B)/$(SONAME)
	ln -sf libwatpl.so.$(VERSION) $(B)/libwatpl.so

$(PCFILE): pkgconfig/libwatpl.pc.in include/watpl.h
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(prefix)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
		-e 's|@VERSION@|$(VERSION)|g' $< > $@

$(CLI): $(CLI_OBJ) $(STLIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(STLIB) $(DEP_LIBS) -lm

$(B)/tests/%: tests/%.c $(TEST_HELPER_OBJ) $(STLIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -Itests -MMD -MP -o $@ $< $(TEST_HELPER_OBJ) $(STLIB) \
		$(LDFLAGS) $(DEP_LIBS) $(CHECK_LIBS) -lm -lpthread

$(B)/examples/%: examples/%.c $(STLIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(STLIB) $(LDFLAGS) $(DEP_LIBS) -lm

examples: $(EXAMPLE_BIN)

# ---- tests ---------------------------------------------------------------

# Every Check suite (Check prints its own summary line), the command, the
# examples, the ABI, the installed copy, the public header under several
# standards, and the Python binding.
check: check-unit check-cli fuzz-regress check-headers check-abi check-install check-python check-pg
	@echo "make check: all passed"

check-unit: $(TEST_BIN) $(CLI) $(CORPUS_META)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; WATPL_TEST_DATA=tests/data WATPL_TEST_CORPUS=$(CORPUS_META) $(TEST_RUNNER) $$t; done

check-cli: $(CLI) examples
	@set -e; for t in $(sort $(wildcard tests/cli/*.sh)); do echo "== $$t"; \
		WATPL=$(CURDIR)/$(CLI) B=$(B) sh $$t; done
	@set -e; for e in $(EXAMPLE_BIN); do echo "== $$e"; $$e > /dev/null; done

check-python: shared check-python-wheel check-python-source check-python-types
	WATPL_LIBRARY=$(CURDIR)/$(SHLIB) PYTHONPATH=python $(PYTHON) -m unittest discover -s python/tests -t python -v

# The public header compiles as C89, C99, C11 and C++.
check-headers:
	@mkdir -p $(B)/hdr
	printf '#include "watpl.h"\nint main(void){return (int)watpl_version_number() == 0;}\n' > $(B)/hdr/h.c
	$(CC) -std=c89 -pedantic -Wall -Wextra -Werror -Wno-long-long -Iinclude -c $(B)/hdr/h.c -o $(B)/hdr/h89.o
	$(CC) -std=c99 -pedantic -Wall -Wextra -Werror -Iinclude -c $(B)/hdr/h.c -o $(B)/hdr/h99.o
	$(CC) -std=c11 -pedantic -Wall -Wextra -Werror -Iinclude -c $(B)/hdr/h.c -o $(B)/hdr/h11.o
	cp $(B)/hdr/h.c $(B)/hdr/h.cpp
	c++ -std=c++11 -pedantic -Wall -Wextra -Werror -Iinclude -c $(B)/hdr/h.cpp -o $(B)/hdr/hxx.o

check-abi: $(SHLIB)
	ABIDIFF_BASELINE=abi/libwatpl-1.0.0.abi sh tools/check-abi.sh $(SHLIB) include/watpl.h lib/libwatpl.map abi/libwatpl.symbols

# Regenerate the ABI baseline (only when a release changes the ABI on purpose).
abi-baseline: $(SHLIB)
	abidw --headers-dir include --no-corpus-path $(SHLIB) > abi/libwatpl-$(VERSION).abi

check-install: all
	sh tools/check-install.sh "$(MAKE)" "$(CC)"

# ---- install -------------------------------------------------------------

install: all
	$(INSTALL) -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(BINDIR)
	$(INSTALL) -m 644 include/watpl.h $(DESTDIR)$(INCLUDEDIR)/watpl.h
	$(INSTALL) -m 644 $(STLIB) $(DESTDIR)$(LIBDIR)/libwatpl.a
	$(INSTALL) -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/libwatpl.so.$(VERSION)
	ln -sf libwatpl.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf libwatpl.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libwatpl.so
	$(INSTALL) -m 644 $(PCFILE) $(DESTDIR)$(PKGCONFIGDIR)/libwatpl.pc
	$(INSTALL) -m 755 $(CLI) $(DESTDIR)$(BINDIR)/watpl

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/watpl.h $(DESTDIR)$(LIBDIR)/libwatpl.a \
		$(DESTDIR)$(LIBDIR)/libwatpl.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME) \
		$(DESTDIR)$(LIBDIR)/libwatpl.so $(DESTDIR)$(PKGCONFIGDIR)/libwatpl.pc \
		$(DESTDIR)$(BINDIR)/watpl

# ---- sanitizers ------------------------------------------------------------

SAN_FLAGS := -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all

asan:
	$(MAKE) B=build/asan CFLAGS="$(SAN_FLAGS) -fsanitize=address,undefined" \
		LDFLAGS="-fsanitize=address,undefined" check-unit check-cli fuzz-regress

ubsan:
	$(MAKE) B=build/ubsan CFLAGS="$(SAN_FLAGS) -fsanitize=undefined" \
		LDFLAGS="-fsanitize=undefined" check-unit check-cli fuzz-regress

tsan:
	$(MAKE) B=build/tsan CC=clang CFLAGS="-g -O1 -fsanitize=thread" LDFLAGS="-fsanitize=thread" \
		check-unit

valgrind:
	$(MAKE) B=build/valgrind CFLAGS="-g -O1" check-unit \
		TEST_RUNNER="env CK_FORK=no WATPL_TEST_TIME_FACTOR=30 valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1"

deps:
	sh tools/deps.sh

clean:
	rm -rf build

-include $(shell find $(B) -name '*.d' 2>/dev/null)
