# The Python package (python/, docs/python.md): `make wheel` builds
# dist/watpl-<version>-py3-none-<platform>.whl with libwatpl.so.1 inside;
# check-python (Makefile) runs, besides the in-tree tests, the suite against
# the wheel installed in a fresh venv, against `pip install ./python` in
# another, and mypy --strict. Offline: setuptools, wheel and pip are Debian's
# (make deps), builds use --no-build-isolation and installs --no-index.

# A Python that can build wheels and make venvs ($(PYTHON) may be one without setuptools).
PYTHON_PKG ?= $(firstword $(foreach p,$(PYTHON) /usr/bin/python3,$(shell $(p) -c 'import setuptools, wheel, venv' >/dev/null 2>&1 && echo $(p))))
MYPY ?= mypy
PY_B := $(B)/python
PY_SRC := $(sort $(wildcard python/watpl/*.py)) python/watpl/py.typed python/pyproject.toml python/setup.py \
	python/README.md
PY_PLATFORM := $(shell $(or $(PYTHON_PKG),$(PYTHON)) -c 'import sysconfig; print(sysconfig.get_platform().replace("-", "_").replace(".", "_"))' 2>/dev/null)
WHEEL := dist/watpl-$(VERSION)-py3-none-$(PY_PLATFORM).whl
PY_TEST_ENV := env -u WATPL_LIBRARY -u PYTHONPATH WATPL_SOURCE_DIR=$(CURDIR) \
	WATPL_TEST_FAKE_LIBRARY=$(CURDIR)/$(PY_B)/fake/libwatpl.so.1

.PHONY: wheel check-python-wheel check-python-source check-python-types clean-python

define py_need_pkg
	@test -n "$(PYTHON_PKG)" || { echo "no python3 with setuptools, wheel and venv: run make deps"; exit 1; }
endef

wheel: $(WHEEL)

# The package is staged with the library (the real file, under its SONAME) so
# that neither the build nor the library copy touches python/.
$(WHEEL): $(SHLIB) $(PY_SRC)
	$(py_need_pkg)
	@grep -qx '__version__ = "$(VERSION)"' python/watpl/_version.py || \
		{ echo "python/watpl/_version.py does not say $(VERSION) (include/watpl.h)"; exit 1; }
	rm -rf $(PY_B)/stage && mkdir -p $(PY_B)/stage dist
	cp -R python/watpl python/pyproject.toml python/setup.py python/README.md $(PY_B)/stage/
	rm -rf $(PY_B)/stage/watpl/__pycache__
	cp -L $(B)/$(SONAME) $(PY_B)/stage/watpl/$(SONAME)
	strip --strip-debug $(PY_B)/stage/watpl/$(SONAME)
	rm -f dist/watpl-$(VERSION)-*.whl
	$(PYTHON_PKG) -m pip wheel --disable-pip-version-check --no-build-isolation --no-deps --no-index -q -w dist $(PY_B)/stage
	@test -f $@ || { echo "expected $@; got:"; ls dist; exit 1; }

# A library of ABI 2 for the test of the binding's version check.
$(PY_B)/fake/libwatpl.so.1: python/tests/fake_libwatpl.c
	@mkdir -p $(dir $@)
	$(CC) -shared -fPIC -Wl,-soname,libwatpl.so.1 -o $@ $<

# The wheel in a fresh venv; the tests run from a copy outside the source
# tree, without WATPL_LIBRARY, so they use the bundled library.
check-python-wheel: $(WHEEL) $(PY_B)/fake/libwatpl.so.1
	rm -rf $(PY_B)/venv-wheel $(PY_B)/run-wheel && mkdir -p $(PY_B)/run-wheel
	$(PYTHON_PKG) -m venv --system-site-packages --without-pip $(PY_B)/venv-wheel
	$(PY_B)/venv-wheel/bin/python -m pip install -q --disable-pip-version-check --no-index --no-deps $(WHEEL)
	cp -R python/tests $(PY_B)/run-wheel/tests && rm -rf $(PY_B)/run-wheel/tests/__pycache__
	cd $(PY_B)/run-wheel && $(PY_TEST_ENV) WATPL_TEST_INSTALLED=bundled \
		WATPL_TEST_MYPY_CACHE=$(CURDIR)/$(PY_B)/mypy-cache-wheel \
		$(CURDIR)/$(PY_B)/venv-wheel/bin/python -m unittest discover -s tests -t .

# `pip install ./python` (from a copy, so that setuptools' build files stay
# out of the tree): the package finds the library through WATPL_LIBRARY.
check-python-source: $(SHLIB) $(PY_SRC) $(PY_B)/fake/libwatpl.so.1
	$(py_need_pkg)
	rm -rf $(PY_B)/venv-source $(PY_B)/run-source $(PY_B)/source && mkdir -p $(PY_B)/run-source $(PY_B)/source
	cp -R python/watpl python/pyproject.toml python/setup.py python/README.md $(PY_B)/source/
	rm -rf $(PY_B)/source/watpl/__pycache__
	$(PYTHON_PKG) -m venv --system-site-packages --without-pip $(PY_B)/venv-source
	$(PY_B)/venv-source/bin/python -m pip install -q --disable-pip-version-check --no-index --no-deps --no-build-isolation $(PY_B)/source
	cp -R python/tests $(PY_B)/run-source/tests && rm -rf $(PY_B)/run-source/tests/__pycache__
	cd $(PY_B)/run-source && $(PY_TEST_ENV) WATPL_TEST_INSTALLED=WATPL_LIBRARY \
		WATPL_TEST_MYPY_CACHE=$(CURDIR)/$(PY_B)/mypy-cache-source \
		WATPL_LIBRARY=$(CURDIR)/$(B)/$(SONAME) \
		$(CURDIR)/$(PY_B)/venv-source/bin/python -m unittest discover -s tests -t .

check-python-types:
	$(MYPY) --strict --cache-dir $(PY_B)/mypy-cache python/watpl python/tests python/setup.py

clean: clean-python
clean-python:
	rm -rf dist/watpl-*.whl
