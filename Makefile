# Scrutiny: `make run` to serve the demo site, `make test` to run the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
# Production server (make serve): address and gunicorn workers.
BIND ?= 127.0.0.1:8000
WORKERS ?= 2

.PHONY: run test lint setup install env migrate demo browser vnu assets clean bench deploy serve production-check \
  scale-smoke

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

# A development .env (DEBUG on, a random secret key) unless one exists already.
.env:
	@printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(48))')" > .env
	@echo "Wrote .env for development (DEBUG=1)."

env: .env

migrate: install env
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py build_packs --all
	$(PY) manage.py demo_login

setup: demo

run: setup
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Chromium (Debian: sudo apt-get install chromium) for the browser tests."; exit 1; fi; \
	fi

# Linters: ruff (lint and format check) and the one-way dependency contracts (import-linter).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# The Nu HTML Checker (npm vnu-jar, pinned) for the HTML-validity test; it runs on Java 11+.
VNU_JAR ?= var/vnu/node_modules/vnu-jar/build/dist/vnu.jar
vnu:
	@if [ ! -f "$(VNU_JAR)" ]; then mkdir -p var/vnu && cd var/vnu && \
	  npm install --no-save --no-audit --no-fund --ignore-scripts vnu-jar@26.9.27 >/dev/null; fi

test: install browser vnu
	VNU_JAR=$(VNU_JAR) $(PY) -m pytest $(PYTEST_ARGS)

# Production (README "Production"): the settings come from the environment (DEBUG=0, SECRET_KEY,
# DATABASE_URL, ALLOWED_HOSTS...); no development .env is written. `make deploy` on each release,
# then `make serve` under a process manager, behind a TLS-terminating proxy.
deploy: install
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0

serve: install
	$(VENV)/bin/gunicorn scrutiny.wsgi:application --bind $(BIND) --workers $(WORKERS) \
	  --timeout 120 --access-logfile - --error-logfile -

# What CI runs: the production path on a fresh PostgreSQL database, then an anonymous crawl.
production-check: install
	.ci/production_check

# More than one machine (README "Production"), on this one: PostgreSQL, a local S3 server (moto),
# two gunicorn instances with nothing local shared, one task worker; an agenda issued on one
# instance, its pack fetched from the other; the worker stopped mid-build (.ci/scale_smoke.py).
# SCALE_SMOKE_ARGS: --cache-url redis://…, --kill (SIGKILL, not SIGTERM), --keep (the logs).
scale-smoke: install
	$(PY) .ci/scale_smoke.py $(SCALE_SMOKE_ARGS)

# Benchmarks (README "Performance"): the production shape under wrk (BENCH_ARGS=--large adds a
# generated large council), then pack builds including 25/100/300-page growth.
bench: install env
	$(PY) bench/http_bench.py $(BENCH_ARGS)
	$(PY) bench/server_time.py $(SERVER_TIME_ARGS)
	$(PY) bench/pack.py --growth

# Rebuild the GOV.UK Frontend CSS (needs Node.js and npm); the output is committed.
assets:
	cd assets && npm install --no-save govuk-frontend@5 sass && \
	  npx sass --load-path=node_modules --style=compressed --no-source-map --quiet-deps govuk.scss ../static/govuk/govuk-frontend.min.css && \
	  cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js ../static/govuk/ && \
	  rm -rf node_modules

clean:
	rm -rf $(VENV) .pytest_cache staticfiles test-artifacts
