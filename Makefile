# Two entry points (see README): `make sample` and `make test`.
# Each creates the virtual environment .venv on first use and installs the project into it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= outputs

.PHONY: sample test test-all bench clean help

help:
	@echo "make sample  - set up .venv and build the sample graph from data/corpus into $(OUT)/"
	@echo "make test    - set up .venv (with test extras) and run the test suite"
	@echo "make bench   - run the throughput benchmark (see bench/README.md)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

sample: $(VENV)/.installed
	$(BIN)/kg build data/corpus --out $(OUT) --save-text

test: $(VENV)/.installed-dev
	@bash scripts/ensure-browser.sh
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(OUT)/*.jsonl $(OUT)/*.ttl $(OUT)/*.html
