# Two entry points that set everything up on a fresh machine:
#   make demo  - install nnport and migrate + verify the bundled example
#   make test  - install the dev dependencies and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?= -n 2
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

.PHONY: install-all install-dev browser demo test bench golden
install-all: $(BIN)/python
	$(BIN)/pip install -q -e ".[all]"

install-dev: $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"

demo: install-all
	$(BIN)/nnport migrate examples/alexnet_torch.py --to keras -o build/alexnet_keras.py
	$(BIN)/nnport verify examples/alexnet_torch.py build/alexnet_keras.py --trials 10

# headless Chromium (Debian's package) for the HTML report test, tests/test_repository_browser.py;
# where it cannot be installed that test fails and says so, the others still run
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	  { $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q \
	    --no-install-recommends chromium fonts-dejavu-core; } || echo "could not install chromium (see above)"

test: install-dev browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

golden: install-dev  # rewrite tests/golden/*/expected_* from the current output; review the git diff
	$(BIN)/python -m pytest -q -n 0 tests/test_golden.py -k "matches or notation" --update-golden

bench: install-dev
	$(BIN)/python -m benchmarks.run_all
