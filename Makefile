# make book | pdf | test | coverage | lint | serve | lab | bench | lock | clean. Each target creates .venv on first use.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
LAB_VENV := .venv-lab
SCENARIO ?=
PORT ?= 8000
LAB_PORT ?= 8888

UV_VERSION := 0.13.9

.PHONY: book pdf test coverage lint serve lab bench clean browser-deps lock

# Every installed package comes from requirements.lock, each checked against its hashes;
# requirements.txt names only the direct dependencies (edit it, then `make lock`).
$(VENV)/.installed: requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (Python 3.11 is required)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# JupyterLab's own environment (requirements-lab.lock): its server only; the chapters run in a
# kernel from .venv (see requirements-lab.txt for why the two are kept apart).
$(LAB_VENV)/.installed: requirements-lab.lock
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (Python 3.11 is required)"; exit 2; }
	$(PYTHON) -m venv $(LAB_VENV)
	$(LAB_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-lab.lock
	touch $@

# Re-resolve requirements.txt into requirements.lock, and requirements-lab.txt into
# requirements-lab.lock (every package pinned with its hashes). Each lock is compiled into a copy
# (uv keeps the versions pinned there) and replaced only when it changed: a rewritten lock, even
# an identical one, makes every target rebuild its environment.
LOCKS := requirements requirements-lab
lock:
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (Python 3.11 is required)"; exit 2; }
	[ -x $(VENV)/bin/python ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@for name in $(LOCKS); do \
	  cp $$name.lock $(VENV)/$$name.lock.new 2>/dev/null || : > $(VENV)/$$name.lock.new; \
	  $(VENV)/bin/uv pip compile $$name.txt --generate-hashes --python-version 3.11 \
	    --python-platform x86_64-manylinux_2_28 --custom-compile-command "make lock" -q -o $(VENV)/$$name.lock.new || exit 1; \
	  if cmp -s $(VENV)/$$name.lock.new $$name.lock; then echo "$$name.lock: unchanged"; \
	  else cat $(VENV)/$$name.lock.new > $$name.lock && echo "$$name.lock: updated"; fi; \
	  rm $(VENV)/$$name.lock.new; \
	done

# BOOK_LANG=ja (or en, or en,ja) builds only those editions, the first at the book's root
# (not LANG: that is the system's locale). Both by default: English, and Japanese in ja/.
book: $(VENV)/.installed
	$(PY) -m japan_us build $(if $(SCENARIO),--scenario $(SCENARIO)) $(if $(BOOK_LANG),-p lang $(BOOK_LANG))

# The PDF edition (_build/pdf/, or _build/scenarios/<name>/pdf/), printed offline by Chromium,
# one per edition (japan-us-relations.pdf, japan-us-relations-ja.pdf).
pdf: $(VENV)/.installed browser-deps
	$(PY) -m japan_us pdf $(if $(SCENARIO),--scenario $(SCENARIO)) $(if $(BOOK_LANG),-p lang $(BOOK_LANG))

# Browser tests and the PDF need Debian's chromium, and its Japanese glyphs Debian's
# fonts-noto-cjk (without them the Japanese edition prints as empty boxes); install what is
# missing (root or sudo), unless JAPAN_US_CHROMIUM names another browser.
BROWSER_PACKAGES := $(if $(JAPAN_US_CHROMIUM),,$(shell command -v chromium >/dev/null || echo chromium)) \
	$(shell fc-list :lang=ja 2>/dev/null | grep -q . || echo fonts-noto-cjk)
browser-deps:
	@[ -z "$(strip $(BROWSER_PACKAGES))" ] || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; }

test: lint browser-deps $(LAB_VENV)/.installed
	$(PY) -m pytest

# The whole suite under coverage.py, measured in every process it starts (forked chapters, the
# Sphinx worker, the command line and kernels the tests run; settings in pyproject.toml), then
# each module's share of statements run. Not part of `make test`: the suite runs slower under it.
coverage: lint browser-deps $(LAB_VENV)/.installed
	rm -f .coverage .coverage.*
	export COVERAGE_FILE=$(CURDIR)/.coverage; $(PY) -m coverage run -m pytest; status=$$?; \
	  $(PY) -m coverage combine -q && $(PY) -m coverage report; exit $$status

# ruff (configured in pyproject.toml): lint and formatting of the project's own files (the package,
# tests, bench, data script and notebooks), not of whatever else lies in the working tree.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

serve: $(VENV)/.installed
	@echo "Serving _build/html on http://127.0.0.1:$(PORT)"
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

# JupyterLab on the notebooks, on 127.0.0.1 only, with a kernel that imports this checkout's
# package; it prints its address with the token and opens no browser (japan_us/lab.py).
lab: $(VENV)/.installed $(LAB_VENV)/.installed
	$(PY) -m japan_us.lab --port $(LAB_PORT)

bench: $(VENV)/.installed
	$(PY) bench/run.py

clean:
	rm -rf _build
