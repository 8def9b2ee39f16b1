# Two entry points for a fresh machine with Python >= 3.11:
#   make run    create .venv, install the app's requirements, start the app
#   make test   create .venv, install app + test requirements, find a browser, lint, run every test
# and the fast tier a developer runs before every commit:
#   make check  lint, then the unit and AppTest tests in parallel, without Spark and without the browser
# A second run reinstalls nothing unless a requirements file changed (the stamp files track that).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test check lint bench validate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.app-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $(VENV)/.app-installed $@

run: $(VENV)/.app-installed
	$(BIN)/streamlit run app.py --server.port $(PORT)

# The browser tests use a system Chromium (CHROMIUM, then chromium / chromium-browser on PATH).
# Without one, fall back to Playwright's own download (works on a normal machine, not in CI).
# Each tier ends with its 15 slowest tests, so a run's log says where the time went. The browser tier runs on two
# workers too: each has its own server and Chromium, and a test waits for the app's state, never the clock.
test: $(VENV)/.dev-installed
	@if [ -z "$$CHROMIUM" ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then \
		echo "No system Chromium found: installing Playwright's Chromium instead"; \
		$(BIN)/python -m playwright install chromium; \
	fi
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not e2e" --durations=15
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m e2e --durations=15

check: $(VENV)/.dev-installed
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not spark and not e2e and not slow"

lint: $(VENV)/.dev-installed
	$(BIN)/python -m ruff check .

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/startup.py

validate: $(VENV)/.app-installed
	$(BIN)/python -m core.validate data/

clean:
	rm -rf $(VENV) artifacts .pytest_cache
