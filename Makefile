# Masthead: `make run` starts the demo site, `make test` runs every check.
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export MASTHEAD_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test lint bench lock clean

$(BIN)/python:
	@py=$$(scripts/find-python) && echo "Creating $(VENV) with $$py" && $$py -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	@echo "Installing locked dependencies…"
	@$(BIN)/pip install --quiet --progress-bar off -r requirements.lock
	@$(BIN)/pip install --quiet --no-deps -e .
	@# Bytecode ahead of time: an editable install is not compiled by pip, and with
	@# PYTHONDONTWRITEBYTECODE every process would compile the project again at start.
	@$(BIN)/python -m compileall -q -j0 masthead >/dev/null
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	@echo "Installing test tools…"
	@$(BIN)/pip install --quiet --progress-bar off -r requirements-test.lock
	@touch $@

run: $(VENV)/.installed
	@$(BIN)/masthead migrate --no-input -v0
	@$(BIN)/masthead collectstatic --no-input -v0
	@$(BIN)/masthead demo
	@exec $(BIN)/masthead serve --port $(PORT)

# The Nu HTML Checker, from the npm registry (its install script, which would fetch a Java,
# is not run: the system's Java runs it).
node_modules/.installed: package.json package-lock.json
	@echo "Installing the HTML checker…"
	@npm ci --ignore-scripts --silent --no-audit --no-fund
	@touch $@

test: $(VENV)/.installed-test node_modules/.installed
	@scripts/test

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.installed-test
	@$(BIN)/python -m bench

lock:
	@rm -rf /tmp/masthead-lock && $$(scripts/find-python) -m venv /tmp/masthead-lock
	@/tmp/masthead-lock/bin/pip install --quiet . && /tmp/masthead-lock/bin/pip freeze \
		| grep -v '^masthead' | sed '1i # Runtime dependencies, pinned. Regenerate with `make lock`.' > requirements.lock

clean:
	rm -rf $(VENV) var test-artifacts
