# TPBIS Monitor: `make run` and `make test` set up whatever is missing, then run.
PYTHON ?= python3
PORT ?= 8501
VENV := .venv
PY := $(VENV)/bin/python
GEO := geo/build/manifest.json
# two C heaps for all of a server's threads (tpbis/serve_workers.py, FEWER_MALLOC_HEAPS)
export MALLOC_ARENA_MAX ?= 2
TEST_TOOLS := .cache/test-tools.fetched

.PHONY: run serve test test-fast lint setup db browser bench bench-load clean

run: setup
	@$(MAKE) --no-print-directory browser || echo "(Tanpa Chromium, unduhan presentasi PDF/PowerPoint tidak tersedia.)"
	$(PY) -m streamlit run serve.py --server.port $(PORT)

# Several workers behind nginx on PORT, sharing PostgreSQL (TPBIS_DATABASE_URL, else a local
# server in var/serve/postgres); see tpbis/serve_workers.py and README, "Deployment for many users".
WORKERS ?= $(shell nproc)
serve: setup browser
	$(PY) -m tpbis.serve_workers --workers $(WORKERS) --port $(PORT)

# The browser tests (once), the other tests on DuckDB and the database tests on a private
# PostgreSQL server, side by side (scripts/test-suites.sh).
test: setup browser
	scripts/test-suites.sh

# The edit-run loop: no browser, no PostgreSQL.
test-fast: setup
	$(PY) -m pytest -m "not e2e" -q

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

setup: $(VENV)/.installed $(GEO) $(TEST_TOOLS) db

# Runtime packages from requirements.txt, then pyproject's dev group (tests, lint, types), then
# this project itself, editable, for the `tpbis` command (pip 25.1+ reads dependency groups).
$(VENV)/.installed: requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 atau lebih baru diperlukan (ditemukan: $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check pip==26.3
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --group dev
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(GEO): $(VENV)/.installed geo/build.py geo/gadm.py geo/crosswalk.csv tpbis/sources.py
	@command -v npm >/dev/null || { echo "npm tidak ditemukan: pasang Node.js dan npm (mis. apt-get install -y nodejs npm)."; exit 1; }
	$(PY) -m geo.build --force

# axe-core for the browser tests' accessibility check, pinned and checked like the map data.
$(TEST_TOOLS): $(VENV)/.installed tpbis/sources.py
	$(PY) -m tpbis.sources
	touch $@

db: $(VENV)/.installed
	$(PY) -m tpbis.cli bootstrap

# Debian's Chromium for the browser tests (Playwright's own download does not work offline).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
		else echo "Chromium tidak ditemukan: jalankan 'sudo apt-get install -y chromium chromium-driver'."; exit 1; fi; \
	fi

bench: setup browser
	$(PY) bench/map_bench.py
	$(PY) bench/search_bench.py
	$(PY) bench/import_bench.py
	$(PY) bench/elements_bench.py

# Many users at once: the bare-Streamlit floor, `make run` and `make serve` side by side
# (SCALE=national builds an 83,441-library database once: ~12 min for PostgreSQL's).
SCALE ?= programme
bench-load: setup browser
	$(PY) bench/load_bench.py --scale $(SCALE)

clean:
	rm -rf $(VENV) .cache geo/build var data/demo
