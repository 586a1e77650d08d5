# Quick start:  make run   (ETL on seeds/ into the embedded PostgreSQL)   make test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run test bench lint format check score score-dev lock clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-* && touch $@

run: install          ## run the ETL once on seeds/ (DATABASE_URL, or the embedded server)
	$(BIN)/news-etl run seeds

test: install         ## the test suite, against real PostgreSQL
	$(BIN)/python -m pytest

bench: install        ## benchmark on a generated corpus (ARTICLES=1000)
	$(BIN)/news-etl bench --articles $${ARTICLES:-1000}

lint: install         ## ruff (lint and format) and mypy, as CI runs them
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install       ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: lint           ## lint, then: the schema matches the models (DATABASE_URL or the embedded server)
	$(BIN)/alembic check

score: install        ## score the database against the gold annotations in ../shared
	$(BIN)/python ../shared/eval/score.py --gold ../shared/gold/seeds_gold.json --db "$$($(BIN)/news-etl db url)"

score-dev: install    ## the dev set (../shared/devset) loaded into two fresh databases and scored
	$(BIN)/python -m etl.bench.score_dev

lock:                 ## re-resolve requirements.lock from pyproject.toml (needs uv)
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	$(BIN)/news-etl db stop || true
	rm -rf $(VENV) .pytest_cache
