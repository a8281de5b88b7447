# The two commands a newcomer needs (see README): `make run` and `make test`.
# Both are idempotent: the virtual environment is rebuilt only when a requirements file changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
SOURCES ?= ../shared/sources

.PHONY: run test lint unit browser data bench bench-data bench-reading clean screenshots fuzz formats

$(BIN)/.installed-runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed-runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## make run: install the runtime and serve the dashboard on the committed data at 127.0.0.1:$(PORT)
## (serve.py: app.py, its first page run once when the server starts, so the first visitor does not wait for it)
run: $(BIN)/.installed-runtime
	$(BIN)/streamlit run serve.py --server.headless true --server.address 127.0.0.1 \
		--server.port $(PORT) --browser.gatherUsageStats false

## make test: install the test tools, then lint + unit + AppTest + browser + spreadsheet tests, on both cores
test: $(BIN)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2

## make fuzz: the slow sweeps: 1,000 random link states per page, 200 random kills of a real ingestion
fuzz: $(BIN)/.installed-dev
	PLAN_FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),1000) PLAN_FUZZ_RANDOM=1 PLAN_KILL_RUNS=$(or $(KILL_RUNS),200) \
		$(BIN)/python -m pytest -n 2 tests/test_url_fuzz.py tests/test_atomic_rebuild.py

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check .

## make data: rebuild data/*.parquet from the source documents
data: $(BIN)/.installed-runtime
	$(BIN)/python -m analytics.ingest --sources $(SOURCES)

## make formats: the five sources and the synthetic documents rendered to .docx, GBK .html and .pdf
## (LibreOffice Writer for the PDF), added and rebuilt, compared with the text; prints the table and
## writes docs/formats.md (from artifacts/formats/comparison.md). The table is written even when a format fails.
formats: $(BIN)/.installed-dev
	$(BIN)/python -m pytest -q tests/test_format_roundtrip.py; status=$$?; \
		test -f artifacts/formats/comparison.md && cp artifacts/formats/comparison.md docs/formats.md \
		&& cat docs/formats.md; exit $$status

## make bench: page renders (first and second), full downloads (CSV, XLSX, Parquet; two at once), main queries
## and Chromium first render at 1x, 1,000x, 10,000x and 30,000x (synthetic data, see tests/synthetic.py); prints
## the tables and writes docs/benchmark.md. `make bench SCALES="1x 1000x"` for fewer scales.
SCALES ?= 1x 1000x 10000x 30000x
bench: $(BIN)/.installed-dev
	$(BIN)/python -m tests.benchmark --scales $(SCALES)

## make bench-data: the 1,000x synthetic generation (300 cities, 528k rows) in artifacts/bench/1000x
bench-data: $(BIN)/.installed-runtime
	$(BIN)/python -m tests.synthetic --copies 100 --variants 10 --out artifacts/bench/1000x

## make bench-reading: the prose reader's leave-one-out benchmark: each document with prose rules read as if
## new (its rules and the names only it spells left out), matched with its curated values; prints the table and
## writes docs/reading.md, the misses and wrong readings per document in artifacts/reading/<document>.md
bench-reading: $(BIN)/.installed-runtime
	$(BIN)/python -m tests.reading_benchmark --sources $(SOURCES)

## make screenshots: refresh docs/screenshots/*.png from the running app in headless Chromium
screenshots: $(BIN)/.installed-dev
	$(BIN)/python -m tests.screenshots

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
