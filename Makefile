# kg – two commands set everything up on a fresh machine (Python >= 3.11 and make):
#   make run    install into .venv, build the graph of seeds/ into out/
#   make test   install with test extras (+ headless Chromium for the browser tests), run the suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
KG     := $(VENV)/bin/kg
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test install install-test browser bench clean lexicons
.DEFAULT_GOAL := run

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -e '.[test]'
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

browser:
	bash scripts/install_browser.sh

run: install
	$(KG) build seeds/ --out out/
	@echo "open out/graph.html in a browser; try: $(KG) query people" >&2

test: install-test browser
	$(PY) -m pytest -q

bench: install-test
	$(PY) bench/ner_eval.py
	$(PY) bench/build_bench.py
	$(PY) bench/query_bench.py

lexicons: install
	$(PIP) install --no-deps german-nouns==1.2.5
	$(PY) scripts/build_lexicons.py

clean:
	rm -rf out/* build *.egg-info .pytest_cache
	@touch out/.gitkeep
