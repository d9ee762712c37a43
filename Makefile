# The README's commands. Each creates the virtual environment on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,web,scale]'
	touch $(STAMP)

demo: $(STAMP)  ## analyze the bundled example story; writes report.html
	$(BIN)/fabula analyze examples/gift_of_the_magi.md --html report.html

test: $(STAMP)  ## run the whole test suite, then the release test (wheel into a fresh venv)
	$(BIN)/python -m pytest -q
	$(BIN)/python -m pytest -q -m release

eval: $(STAMP)  ## score against the gold annotations: dev stories + dream-job, the extra, fresh, fresh2-5, viral, viral2-5, holdout and viral holdout sets
	$(BIN)/fabula eval ../shared/corpus/dev tests/fixtures --speakers tests/fixtures/speakers
	$(BIN)/fabula eval tests/fixtures/extra --speakers tests/fixtures/speakers
	$(BIN)/fabula eval tests/fixtures/fresh --speakers tests/fixtures/speakers
	$(BIN)/fabula eval tests/fixtures/fresh2
	$(BIN)/fabula eval tests/fixtures/fresh3
	$(BIN)/fabula eval tests/fixtures/fresh4
	$(BIN)/fabula eval tests/fixtures/fresh5
	$(BIN)/fabula eval tests/fixtures/viral --speakers tests/fixtures/speakers
	$(BIN)/fabula eval tests/fixtures/viral2
	$(BIN)/fabula eval tests/fixtures/viral3
	$(BIN)/fabula eval tests/fixtures/viral4
	$(BIN)/fabula eval tests/fixtures/viral5
	$(BIN)/fabula eval tests/fixtures/holdout --speakers tests/fixtures/speakers
	$(BIN)/fabula eval tests/fixtures/viral_holdout

bench: $(STAMP)  ## throughput, cold start and peak memory beside the spaCy floor -> bench/results.json
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
