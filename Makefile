# Two commands on a fresh machine with Python 3.11:
#   make demo   set up .venv, build the bundled seeds into out/, say where the map is
#   make test   set up .venv (and the headless browser the map tests use), run the tests
#   make bench  the benchmark suite (hours; make bench BENCH_ARGS=--quick for minutes), see docs/performance.md
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test bench browser clean models

# the demo installs what kg runs on; the tests add their own tools (pytest, selenium, dask...)
$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(BIN)/kg

$(VENV)/.test-tools: $(BIN)/kg
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.test-tools

demo: $(BIN)/kg
	$(BIN)/kg build seeds --out out
	@echo "Open out/map.html in a browser; the graph is out/graph.ttl, the report out/report.md."

browser:
	@sh scripts/install-browser.sh

test: $(VENV)/.test-tools browser
	KG_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q

bench: $(VENV)/.test-tools
	$(BIN)/python -m bench $(BENCH_ARGS)

# The learned decisions (kg/data/models/*.json) from the shared gold, byte for byte (docs/train.md).
SHARED ?= ../shared
models: $(BIN)/kg
	$(BIN)/kg train $(SHARED)/eval/gold/dev $(SHARED)/eval/gold/seeds --input $(SHARED)/eval/corpus/dev --input $(SHARED)/seeds

clean:
	rm -rf out/*.ttl out/*.trig out/*.html out/*.md
