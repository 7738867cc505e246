# The README's first two commands: `make audit` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
WORKERS ?= 2

.PHONY: setup audit test bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

audit: $(STAMP)
	$(VENV)/bin/formalism-audit scan corpora/samples --out out --workers $(WORKERS) --prior corpora/samples_prior

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/throughput.py

clean:
	rm -rf out .pytest_cache
