# One command to set up and run, one to test. `make help` says what each target does.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help install run test test-fast test-deps lint format translations pack-deps pdf-tools audit-deps bench bench-tablet profile
# Debian packages WeasyPrint needs to make PDF packs (Pango) and fonts for every script we print.
PACK_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core
# pdftotext and pdftoppm, with which the tests read the packs back.
PDF_TOOL_DEBS := poppler-utils

help:  ## Show the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(BIN)/coproduce: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/app.css: node_modules/.installed $(wildcard static/scss/*.scss) scripts/fonts.mjs
	npm run --silent build

# Compressed copies (.gz, .br) of the CSS and scripts, which the app sends to browsers that accept
# them (WhiteNoise, coproduce/web.py). A copy older than its file is never sent.
static/vendor/.compressed: static/vendor/app.css $(wildcard static/js/*.mjs) $(BIN)/coproduce
	$(BIN)/python -m whitenoise.compress --quiet static/vendor
	$(BIN)/python -m whitenoise.compress --quiet static/js
	touch $@

translations/.compiled: $(wildcard translations/*/LC_MESSAGES/messages.po) $(BIN)/coproduce
	$(BIN)/coproduce translate compile
	touch $@

pack-deps:  ## Install Pango and Noto fonts from Debian for PDF packs (only when missing)
	@dpkg -s $(PACK_DEBS) >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(PACK_DEBS) >/dev/null; }

pdf-tools:
	@dpkg -s $(PDF_TOOL_DEBS) >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(PDF_TOOL_DEBS) >/dev/null; }

install: $(BIN)/coproduce static/vendor/app.css static/vendor/.compressed translations/.compiled pack-deps  ## Install the app and build its assets (CSS and compressed copies of it and the scripts)

run: install  ## Install, make a demo database if there is none, and serve http://127.0.0.1:5000 (PORT overrides)
	$(BIN)/coproduce run

$(VENV)/.test-deps: $(BIN)/coproduce pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

/usr/bin/chromium:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null

test-deps: install $(VENV)/.test-deps /usr/bin/chromium pdf-tools  ## Install what the tests need (Python packages, Debian's Chromium, poppler-utils)

lint: $(VENV)/.test-deps  ## ruff (lint and formatting) and bandit (no medium or high findings)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive coproduce --severity-level medium

# Two test processes (pytest-xdist): the suite keeps both cores busy, each process with its own
# demo database, live server and Chromium.
test: test-deps lint  ## Install what the tests need and run every test
	$(BIN)/pytest -n 2

test-fast: test-deps lint  ## Every test but the browser tests, for quick loops (make test runs them all)
	$(BIN)/pytest -n 2 -m "not browser"

audit-deps: $(VENV)/.test-deps  ## pip-audit: known vulnerabilities in the pinned packages (needs internet)
	$(BIN)/pip install --quiet --disable-pip-version-check pip-audit==2.10.1
	$(BIN)/pip-audit --requirement constraints.txt

format: $(VENV)/.test-deps  ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install $(VENV)/.test-deps /usr/bin/chromium  ## National-scale benchmark against a bare Flask app (about 5 minutes); writes bench/RESULTS.md
	$(BIN)/python -m bench.run $(BENCH_ARGS)
	$(BIN)/python -m bench.tablet

bench-tablet: install $(VENV)/.test-deps /usr/bin/chromium  ## What the tablet fetches to work offline, for 1, 5 and 20 conversations (Chromium); writes its table into bench/RESULTS.md
	$(BIN)/python -m bench.tablet

PAGE ?= capture
profile: install  ## Where one page's time goes (cProfile, in-process): PAGE=capture|save|expert-home|dashboard|regional|export or a path; PROFILE_ARGS="--requests 200 --sort cumulative"
	$(BIN)/python -m bench.profile $(PAGE) $(PROFILE_ARGS)
