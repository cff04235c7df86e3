# Two commands on a fresh machine with Python 3.11:
#   make demo   set up .venv, build the bundled seeds into out/, say where the map is
#   make test   set up .venv (and the headless browser the map tests use), run the tests
#   make bench  the benchmark suite (hours; make bench BENCH_ARGS=--quick for minutes), see docs/performance.md
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test bench browser clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/kg

demo: $(BIN)/kg
	$(BIN)/kg build seeds --out out
	@echo "Open out/map.html in a browser; the graph is out/graph.ttl, the report out/report.md."

browser:
	@sh scripts/install-browser.sh

test: $(BIN)/kg browser
	KG_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q

bench: $(BIN)/kg
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf out/*.ttl out/*.trig out/*.html out/*.md
