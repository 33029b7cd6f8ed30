# `make run` and `make test` are all a fresh machine needs (Python 3.11 and make).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run dev test setup install browser screenshots stop lint backup bench-import bench-search bench-totals bench-pages bench-analysis bench-ranking bench-load bench-entities bench-clean bench-fuzz clean

run: setup  ## serve the archive and run a task worker beside it (Procfile); Ctrl-C stops both
	@echo "newsarchive on http://$(HOST):$(PORT)/ (admin: /admin/, uploads: /import/)"
	PYTHONUNBUFFERED=1 WEB_ADDRESS=$(HOST):$(PORT) $(BIN)/honcho start -f Procfile

dev: setup  ## the auto-reloading development server, DEBUG on
	DEBUG=true $(MANAGE) runserver $(HOST):$(PORT)

test: setup browser  ## the whole suite against the embedded PostgreSQL
	$(BIN)/python -m pytest

setup: install .env
	$(MANAGE) migrate --noinput -v1
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) load_entities
	$(MANAGE) import_articles data/seeds
	$(MANAGE) discover_entities
	$(MANAGE) ensure_admin

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# A secret key of this machine's own, readable by its owner only.
.env:
	@umask 077 && echo "SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "wrote .env with a new SECRET_KEY"

browser:  ## Debian's chromium for the end-to-end tests
	@bash .ci/ensure-chromium

# The README's screenshots: the main pages at desktop and phone widths, from the browser tests
# (Chinese text needs a CJK font: apt-get install fonts-noto-cjk).
screenshots: setup browser
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/python -m pytest tests/e2e/test_browser_layout.py -k fit -q
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/python -m pytest tests/e2e/test_browser_workbench.py -k saves -q

# A consistent dump of the database and a copy of the media folder (uploads, originals).
backup: install .env
	$(MANAGE) backup var/backups/$$(date -u +%Y%m%d-%H%M%S)

stop:  ## stop the embedded PostgreSQL
	$(BIN)/python -m newsarchive.embedded_db stop

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench-import: install .env
	$(BIN)/python bench/import.py

bench-search: install .env
	$(BIN)/python bench/search.py

bench-totals: install .env  ## estimated totals beside exact counts (needs bench-search's database)
	$(BIN)/python bench/totals.py

bench-entities: install .env  ## discovery's precision and recall on the labelled corpus files
	$(BIN)/python bench/entities.py

bench-clean: install .env  ## boilerplate and metadata against data/labels/clean.yaml
	$(BIN)/python bench/clean.py

bench-fuzz: install .env  ## 12,000 generated requests over every address and parameter: no 5xx
	$(BIN)/python bench/fuzz.py

bench-pages: install .env  ## needs the database bench-search builds
	$(BIN)/python bench/pages.py

bench-analysis: install .env  ## timeline, directory pages and the export at 100k (needs bench-search's database)
	$(BIN)/python bench/analysis.py

bench-ranking: install .env  ## known-item queries on the corpus: our ranking beside BM25 (tantivy)
	$(BIN)/python bench/ranking.py

bench-load: install .env  ## gunicorn on loopback, 32 concurrent clients (needs the database bench-search builds)
	$(BIN)/python bench/load.py

clean: stop
	rm -rf $(VENV) var staticfiles
