# Scrutiny: `make run` to serve the demo site, `make test` to run the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test setup install env migrate demo browser assets clean bench

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

test: install browser
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install env
	$(PY) bench/pack.py

# Rebuild the GOV.UK Frontend CSS (needs Node.js and npm); the output is committed.
assets:
	cd assets && npm install --no-save govuk-frontend@5 sass && \
	  npx sass --load-path=node_modules --style=compressed --no-source-map govuk.scss ../static/govuk/govuk-frontend.min.css && \
	  cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js ../static/govuk/

clean:
	rm -rf $(VENV) .pytest_cache staticfiles test-artifacts
