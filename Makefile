# The two commands the README promises: `make build` and `make test`.
# Everything is installed into .venv from PyPI (pandoc comes from pypandoc-binary, Typst from the
# typst wheel); no system packages are needed beyond Python 3.11 and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: build test lint check bench clean install

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

build: $(STAMP)
	$(BIN)/kzreport build

check: $(STAMP)
	$(BIN)/kzreport check

test: $(STAMP) lint
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check kzreport tests bench scripts
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bench.py

clean:
	rm -rf build .pytest_cache .hypothesis
