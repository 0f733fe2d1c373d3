# make book | test | serve | bench | clean. Each target creates .venv on first use.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
SCENARIO ?=
PORT ?= 8000

.PHONY: book test serve bench clean browser-deps

$(VENV)/.installed: requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (Python 3.11 is required)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

book: $(VENV)/.installed
	$(PY) -m japan_us build $(if $(SCENARIO),--scenario $(SCENARIO))

# Browser tests need Debian's chromium; install it when missing (root or sudo).
browser-deps:
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(VENV)/.installed browser-deps
	$(PY) -m pytest

serve: $(VENV)/.installed
	@echo "Serving _build/html on http://127.0.0.1:$(PORT)"
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

bench: $(VENV)/.installed
	$(PY) bench/run.py

clean:
	rm -rf _build
