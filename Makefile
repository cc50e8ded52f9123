# Batchsite: `make run` brings everything up on embedded defaults, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast lint format check-deploy screenshots bench clean

install: $(STAMP)

# llama-cpp-python (the tests' LLM server) builds from source: CPU only, portable, no extras.
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: install
	$(BIN)/python manage.py runstack

# `make test` prints the coverage of the app's code (statements the test process runs) and fails
# under COVERAGE_FLOOR per cent; COVERAGE=0 runs it without measuring.
COVERAGE ?= 1
COVERAGE_FLOOR ?= 88
COVERAGE_ARGS = $(if $(filter 1,$(COVERAGE)),--cov --cov-report=term --cov-fail-under=$(COVERAGE_FLOOR))

test: install
	mkdir -p var/coverage
	$(BIN)/python -m pytest $(COVERAGE_ARGS) $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest -m "not integration and not e2e" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-deploy: install
	set -a && . docs/production.env.example && set +a && $(BIN)/python manage.py check --deploy --fail-level WARNING

screenshots: install
	UPDATE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/e2e -q

bench: install
	$(BIN)/python -m pytest tests/benchmarks -s -p no:cacheprovider -o addopts=""

clean:
	rm -rf var/test .pytest_cache
