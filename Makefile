# The README's two commands: `make run` (the main job) and `make test`. Both set up .venv themselves.
# `make bench` prints the benchmark tables (issue 6); it takes about an hour on 2 cores.
PYTHON ?= python3
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the project needs at run time (cairo for PNG) and in tests and benchmarks (Virtuoso: the
# shared triple store every catalogue query is proved on; Chromium: the browser the pages are tested in;
# poppler-utils: pdffonts, pdftotext and pdftoppm, which the annex PDF is checked with);
# installed when missing.
DEBS_RUN := libcairo2
DEBS_TEST := $(DEBS_RUN) virtuoso-opensource chromium poppler-utils
BENCH_SIZES ?= real,10000,100000,1000000

.PHONY: run test bench clean debs-run debs-test

run: $(VENV)/.installed debs-run
	@echo "==> the main job: jhaan-kg build"
	$(BIN)/jhaan-kg build

test: $(VENV)/.installed-test debs-test
	@echo "==> the tests: pytest"
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test debs-test
	$(BIN)/python -m benchmarks.harness --sizes $(BENCH_SIZES)

# pip's own lines, but only those that say what it fetches and what it installed
# (grep finds nothing when all is installed already: that is not a failure; pip's own status still counts)
PIP_PROGRESS := { grep --line-buffered -E '^(Collecting|Successfully installed|ERROR)' || true; } | sed -u 's/^/  /'

$(VENV)/.installed: pyproject.toml
	@echo "==> creating the virtual environment $(VENV) (Python: $$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	@echo "==> installing jhaan-kg and its Python dependencies into $(VENV)"
	@$(BIN)/python -m pip install --upgrade pip 2>&1 | $(PIP_PROGRESS)
	@$(BIN)/python -m pip install -e . 2>&1 | $(PIP_PROGRESS)
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	@echo "==> installing the test dependencies into $(VENV)"
	@$(BIN)/python -m pip install -e '.[test]' 2>&1 | $(PIP_PROGRESS)
	touch $@

debs-run:
	@scripts/install-debs $(DEBS_RUN)

debs-test:
	@scripts/install-debs $(DEBS_TEST)

clean:
	rm -rf build $(VENV)
