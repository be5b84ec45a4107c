# Quick start:  make demo  (score a bundled recording)   make test  (the whole test suite)
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO   ?= audio_fixtures/answers/strong_piper.flac

.PHONY: setup setup-test demo test bench clean help

help:
	@echo "make demo    set up and score a bundled recording (no microphone needed)"
	@echo "make test    set up and run the whole test suite (starts its own sound server)"
	@echo "make bench   measure judgement validity, throughput, latency and memory (figures go to bench/results/)"
	@echo "make setup   set up for everyday use (system packages + $(VENV))"

$(VENV)/.setup-runtime: pyproject.toml scripts/setup.sh
	scripts/setup.sh runtime
	touch $@

$(VENV)/.setup-test: pyproject.toml scripts/setup.sh
	scripts/setup.sh test
	touch $@ $(VENV)/.setup-runtime

setup: $(VENV)/.setup-runtime
setup-test: $(VENV)/.setup-test

demo: setup
	$(BIN)/mock-interview score $(DEMO)

test: setup-test
	$(BIN)/python -m pytest

bench: setup-test
	$(BIN)/python bench/validity.py
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/engines.py
	$(BIN)/python bench/latency.py
	$(BIN)/python bench/serve.py
	$(BIN)/python bench/cluster.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
