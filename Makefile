# THC Participation: `make run` serves the demo on http://127.0.0.1:5000, `make test` runs the suite,
# `make prod` runs the production topology (nginx, 2 web workers, job worker, PostgreSQL, Redis)
# on http://127.0.0.1:8080 (PROD_ARGS="--workers 4 --port 9000" to change it).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
THC := $(VENV)/bin/thc
STAMPS := .make

.PHONY: run prod test install install-dev assets translations system-deps lint i18n-extract \
	accessibility-audit

run: install assets translations
	$(THC) db upgrade
	$(THC) demo
	scripts/run_all.sh $(THC)

prod: install assets translations system-deps
	$(THC) deploy-local $(PROD_ARGS)

test: install-dev assets translations system-deps
	$(PY) scripts/run_tests.py

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMPS)/install: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/install-dev: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	@mkdir -p $(STAMPS) && touch $@ $(STAMPS)/install

install: $(STAMPS)/install
install-dev: $(STAMPS)/install-dev

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(STAMPS)/assets: node_modules/.package-lock.json scripts/copy_assets.py
	$(PY) scripts/copy_assets.py
	@mkdir -p $(STAMPS) && touch $@

assets: $(STAMPS)/assets

translations: $(STAMPS)/install
	@$(VENV)/bin/pybabel compile -d thc_participation/translations

system-deps:
	@scripts/system-deps.sh

lint: install-dev
	$(VENV)/bin/ruff check .

# Maintainers: refresh the catalogue after changing UI strings.
i18n-extract: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k plural_forms:1,2 -o thc_participation/translations/messages.pot .
	$(VENV)/bin/pybabel update --no-fuzzy-matching -i thc_participation/translations/messages.pot -d thc_participation/translations

# Run axe-core over every page type and write the result into docs/accessibility-audit.json
# (shown by /accessibilite); commit the file afterwards.
accessibility-audit: install-dev node_modules/.package-lock.json assets translations
	THC_WRITE_ACCESSIBILITY_AUDIT=1 $(PY) -m pytest -q -p no:cacheprovider -m browser \
		tests/legal/test_accessibility_axe.py
