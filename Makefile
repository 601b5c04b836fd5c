# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core (accessibility audit of the browser tests), from the npm registry, served from disk.
AXE := tests/browser/node_modules/axe-core/axe.min.js
PORT ?= 8501
# Data-layer and page tests run on every core (each worker has its own SQLite files and PostgreSQL
# schemas); the browser tests, which start servers and Chromium, run after them on two workers, one
# file per worker (the French test of every page alone takes ~10 min: serial, the run passed 30 min).
# A browser test that fails is run once more (reported « R » in the summary): on a 2-core machine
# a headless Chromium occasionally misses an animation; a real defect fails twice.
TEST_WORKERS ?= auto
BROWSER_WORKERS ?= 2

.PHONY: lock run test setup axe lint typecheck test-fast test-browser bench clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs exactly what requirements.lock says (versions and hashes), then the project itself
# without resolving anything: the same packages on every machine, whatever the registry serves today.
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check --disable-pip-version-check >/dev/null
	touch $(STAMP)

setup: $(STAMP)

# After changing a range in pyproject.toml: `make lock`, run the tests, commit both files.
lock: $(STAMP)
	$(BIN)/python tools/lock.py

$(AXE):
	cd tests/browser && npm install --no-save --no-audit --no-fund --loglevel=error axe-core@4

axe: $(AXE)

run: $(STAMP)
	$(BIN)/concertations db upgrade
	$(BIN)/concertations demo --if-empty
	$(BIN)/streamlit run dashboard/app.py --server.address=127.0.0.1 --server.port=$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check dashboard data_access pages tests migrations tools

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) $(AXE)
	$(BIN)/ruff check dashboard data_access pages tests migrations tools
	$(BIN)/mypy
	status=0; \
	$(BIN)/python -m pytest -m "not browser" -n $(TEST_WORKERS) --dist loadfile || status=1; \
	$(BIN)/python -m pytest -m browser -n $(BROWSER_WORKERS) --dist loadfile --reruns 1 --reruns-delay 2 || status=1; \
	exit $$status

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow" -x -q

test-browser: $(STAMP) $(AXE)
	$(BIN)/python -m pytest -m browser

bench: $(STAMP)
	$(BIN)/concertations bench

clean-venv:
	rm -rf $(VENV)
