# The two commands of the README: `make run` and `make test`. Both set up
# everything they need (virtualenv, Python packages, front-end assets).
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
DTKG    := $(VENV)/bin/dtkg
STAMP   := $(VENV)/.dtkg-installed
PYTEST_ARGS ?=

.PHONY: run test setup build serve bench clean lint

run: setup build serve

setup: $(STAMP)

$(STAMP): pyproject.toml $(wildcard package-lock.json) api/assets.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@if [ -f package-lock.json ]; then \
		npm ci --no-audit --no-fund --loglevel=error && $(PY) -m api.assets; \
	fi
	touch $(STAMP)

build: setup
	$(DTKG) build

serve: setup
	$(DTKG) serve

test: setup
	$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure here" >&2; exit 1; fi; \
	exit $$rc

lint: setup
	$(VENV)/bin/ruff check graph api tests bench
	$(VENV)/bin/mypy

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) var node_modules api/static/vendor
