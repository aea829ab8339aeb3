# Union Cadre Registry — the two commands a newcomer needs:
#   make run    the whole product on the embedded default (SQLite file under data/, demo data, SPA served)
#   make test   installs what it needs and runs every test (backend on PostgreSQL and SQLite, SPA unit + e2e)
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
BACKEND := backend
FRONTEND := frontend
VENV := $(BACKEND)/.venv
VENV_BIN := $(CURDIR)/$(VENV)/bin/
PY := $(VENV_BIN)python
PIP_STAMP := $(VENV)/.installed
NPM_STAMP := $(FRONTEND)/node_modules/.installed
SPA_INDEX := $(FRONTEND)/dist/index.html
PG_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
# random org trees of the isolation property (criterion 4) per `make test` run; `make verify` runs 200
ISOLATION_TREES ?= 25
export ISOLATION_TREES
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help run install bench-chair test typecheck test-backend test-backend-pg test-backend-sqlite test-frontend test-e2e lint \
        check-api bench bench-data migrate seed clean backup restore worker verify

help:
	@echo "make run     start API + SPA on http://127.0.0.1:$${CADRE_PORT:-8000} (SQLite under data/ unless CADRE_DATABASE_URL)"
	@echo "make test    run every test (needs PostgreSQL at 127.0.0.1:5432 and /usr/bin/chromium; .ci/run provides both)"
	@echo "make backup / make restore FILE=…   database backup (pg_dump custom format) and restore"
	@echo "make worker  background jobs, webhooks and scheduled effects (procrastinate on PostgreSQL)"
	@echo "make bench   performance figures into docs/benchmarks.md (make bench-data: the national dataset alone)"

$(PIP_STAMP): $(BACKEND)/pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '$(BACKEND)[test]'
	touch $@

$(NPM_STAMP): $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Rebuild the SPA only when its sources changed (second `make run` starts in seconds).
SPA_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/index.html $(FRONTEND)/chair.html $(FRONTEND)/vite.config.ts $(FRONTEND)/public -type f 2>/dev/null)
$(SPA_INDEX): $(NPM_STAMP) $(SPA_SOURCES)
	cd $(FRONTEND) && npm run build --silent

install: $(PIP_STAMP) $(NPM_STAMP)

run: $(PIP_STAMP) $(SPA_INDEX)
	mkdir -p data
	cd $(BACKEND) && exec $(PY) -m app.cli serve

migrate: $(PIP_STAMP)
	cd $(BACKEND) && $(PY) -m app.cli migrate

seed: $(PIP_STAMP)
	cd $(BACKEND) && $(PY) -m app.cli seed --dataset demo

test: lint typecheck test-backend check-api test-frontend test-e2e
	@echo "make test: all suites passed"

lint: $(PIP_STAMP)
	cd $(BACKEND) && $(VENV_BIN)ruff check app tests migrations

# mypy on backend/app (config in backend/pyproject.toml [tool.mypy]); no `type: ignore` without a reason
typecheck: $(PIP_STAMP)
	cd $(BACKEND) && $(VENV_BIN)mypy


test-backend: test-backend-pg test-backend-sqlite

# pytest exits 5 when it collected nothing: that must fail, not pass.
test-backend-pg: $(PIP_STAMP)
	cd $(BACKEND) && CADRE_TEST_DB=postgres CADRE_TEST_PG_URL=$(PG_URL) $(PY) -m pytest -q -n 2 -p no:cacheprovider -m "not verify"

test-backend-sqlite: $(PIP_STAMP)
	cd $(BACKEND) && CADRE_TEST_DB=sqlite $(PY) -m pytest -q -n 2 -p no:cacheprovider -m "not verify"

check-api: $(PIP_STAMP) $(NPM_STAMP)
	cd $(FRONTEND) && npm run --silent check:api

test-frontend: $(NPM_STAMP)
	cd $(FRONTEND) && npm run --silent lint && npm test --silent && npm run --silent check:coverage

test-e2e: $(PIP_STAMP) $(SPA_INDEX)
	cd $(FRONTEND) && E2E_START_SERVER=1 npm run --silent e2e
	# the chair's phone PWA: service workers allowed, its own server (port 8774); its first-load budget (120 KB gzip)
	cd $(FRONTEND) && npm run --silent e2e:chair && node scripts/chair-bundle-size.mjs > /dev/null && node scripts/officer-bundle-size.mjs > /dev/null

# the chair's phone budgets: initial JS (fails over 120 KB gzip: 83.9 KB on 06/12, see docs/benchmarks.md) and the
# emulated mid-range phone (figures: frontend/test-results/chair-perf.json)
bench-chair: $(PIP_STAMP) $(SPA_INDEX)
	cd $(FRONTEND) && node scripts/chair-bundle-size.mjs; npm run --silent bench:chair

# Hardening proof (issue 14, docs/reliability.md), bounded to 20 minutes: fault drills on a throw-away PostgreSQL
# cluster with the API under uvicorn and the isolation property over 200 random trees (tests/verify), then
# schemathesis against the OpenAPI document with two roles' tokens (backend/schemathesis.toml).
# Its quick subset (error mapping, abuse controls, headers, audit head, import caps) runs inside `make test`.
verify: $(PIP_STAMP)
	cd $(BACKEND) && timeout 1200 bash -c 'CADRE_TEST_DB=postgres CADRE_TEST_PG_URL=$(PG_URL) $(PY) -m pytest -q -s \
	  -p no:cacheprovider -m verify tests/verify && $(PY) scripts/schemathesis_run.py --max-time 180'

# National dataset (34 provinces, ~55,000 grassroots unions, ~500,000 cadres) loaded with COPY into cadre_national.
bench-data: $(PIP_STAMP)
	cd $(BACKEND) && $(PY) ../bench/national.py $(PG_URL:/postgres=/cadre_national)

# Latency beside raw SQL (demo + national), then throughput with wrk/pgbench at 1 and 2 workers, a streamed export,
# a merge of two provinces and an import of 50,000 rows; figures into docs/benchmarks.md. BENCH_REUSE=1 keeps an
# existing cadre_national.
bench: $(PIP_STAMP)
	cd $(BACKEND) && $(PY) ../bench/run.py

# Backups: pg_dump custom format on PostgreSQL (CADRE_DATABASE_URL), an online copy of the SQLite file otherwise.
BACKUP_DIR ?= backups
backup: $(PIP_STAMP)
	mkdir -p $(BACKUP_DIR)
	cd $(BACKEND) && $(PY) -m app.cli backup --out $(abspath $(BACKUP_DIR))/cadre-$$(date -u +%Y%m%dT%H%M%SZ).dump

# make restore FILE=backups/cadre-20261201T000000Z.dump  (replaces the database's contents, all or nothing)
restore: $(PIP_STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/cadre-<time>.dump"; exit 2; }
	cd $(BACKEND) && $(PY) -m app.cli restore --file $(abspath $(FILE))

worker: $(PIP_STAMP)
	cd $(BACKEND) && exec $(PY) -m app.cli worker

clean:
	rm -rf data $(FRONTEND)/dist
