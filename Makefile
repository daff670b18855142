# Two commands on a fresh machine: `make site` (set up + build the site) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
AXE    := $(VENV)/axe/node_modules/axe-core/axe.min.js

.PHONY: site generate serve test bench bench-quick clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@# bytecode once, as pip writes it for installed packages (an editable install's sources are not compiled)
	$(BIN)/python -m compileall -q generator
	touch $(STAMP)

site: $(STAMP)           ## generate content/ from sources/ and build the static site into site/
	$(BIN)/litsite build

generate: $(STAMP)       ## only (re)generate the Markdown in content/
	$(BIN)/litsite generate

serve: $(STAMP)          ## preview at http://127.0.0.1:8000 with live reload
	$(BIN)/litsite serve

# axe-core (npm) checks the built pages' accessibility in the browser tests; without npm that test skips.
$(AXE):
	-command -v npm >/dev/null 2>&1 && npm install --silent --no-save --no-audit --no-fund --prefix $(VENV)/axe axe-core@4.14

test: $(STAMP) $(AXE)    ## the whole test suite (unit + end-to-end build)
	$(BIN)/python -m pytest

# Zensical, for comparison only, in its own venv (its pins differ from MkDocs'); skipped if it cannot install
ZENSICAL := -test -x .venv-zensical/bin/zensical || ($(PYTHON) -m venv .venv-zensical && .venv-zensical/bin/python -m pip install --quiet zensical)

bench: $(STAMP)          ## issue #17's figures: sites of 1,000 and 10,000 records, generation at 30,000, a searched site of 100,000 (about an hour)
	$(ZENSICAL)
	$(BIN)/python benchmarks/bench.py --sizes 1000 10000 --generate-only 30000 --searched 100000

bench-quick: $(STAMP)    ## the 1,000- and 10,000-record sites alone (several minutes)
	$(ZENSICAL)
	$(BIN)/python benchmarks/bench.py --sizes 1000 10000

clean:                   ## remove the built site (generated pages are removed by litsite itself)
	rm -rf site
