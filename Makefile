# The README's two commands: `make run` (the main job) and `make test`. Both set up .venv themselves.
# `make bench` prints the benchmark tables (issue 6); it takes about an hour on 2 cores.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the project needs at run time (cairo for PNG) and in tests and benchmarks (Virtuoso: the
# shared triple store every catalogue query is proved on); installed when missing.
DEBS_RUN := libcairo2
DEBS_TEST := $(DEBS_RUN) virtuoso-opensource
BENCH_SIZES ?= real,10000,100000,1000000

.PHONY: run test bench clean debs-run debs-test

run: $(VENV)/.installed debs-run
	$(BIN)/jhaan-kg build --out build

test: $(VENV)/.installed-test debs-test
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test debs-test
	$(BIN)/python -m benchmarks.harness --sizes $(BENCH_SIZES)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

debs-run:
	@scripts/install-debs $(DEBS_RUN)

debs-test:
	@scripts/install-debs $(DEBS_TEST)

clean:
	rm -rf build $(VENV)
