# Two commands do all set-up on a fresh machine (Python 3.11+):
#   make demo   — venv, install, migrate SQLite, load fixtures + demo county, serve on 127.0.0.1:$(PORT) with one
#                 background-job worker beside it (stopped with the server)
#   make test   — the same bootstrap, then lint, checks and the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test bootstrap lint checks serve messages bench bench-ledger bench-rating bench-pages bench-export prod-smoke

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

bootstrap: $(STAMP)

demo: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_fixtures
	$(PY) manage.py seed_demo --scale county
	@echo "打开 http://127.0.0.1:$(PORT)/ 用上面的演示账号登录（Ctrl+C 停止）"
	@# One background-job worker (large exports) beside the web server; it stops when the server stops.
	@# QR codes and rating links point at this server's port unless PUBLIC_BASE_URL names another address.
	export PUBLIC_BASE_URL="$${PUBLIC_BASE_URL:-http://127.0.0.1:$(PORT)}"; \
	$(PY) manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Gates that must stay clean: migrations in step with models; production settings pass `check --deploy`.
checks: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=ci-$$(date +%s)-a-long-random-secret-key-for-the-deploy-check-only \
	  ALLOWED_HOSTS=example.gov.cn $(PY) manage.py check --deploy --fail-level WARNING

test: $(STAMP) lint checks
	$(VENV)/bin/pytest -n auto

# The README's production commands on a clean copy of the checkout, then gunicorn serving pages (tools/prod_smoke.py).
# DATABASE_URL selects the (empty, throwaway) database; SQLite in the copy without it. Run by .ci/run.
prod-smoke: $(STAMP)
	$(PY) tools/prod_smoke.py

messages: $(STAMP)
	cd . && $(PY) manage.py makemessages -l en --ignore '.venv/*' --ignore 'staticfiles/*' && $(PY) manage.py compilemessages -l en --ignore '.venv/*'

# Benchmarks, on demand (never in the suite); results in docs/performance.md.
bench: $(STAMP)
	$(PY) bench/pdf_bench.py

# Period scores at province scale on PostgreSQL (builds 200,000 staff and 5,000,000 events once: a few minutes).
# LEDGER_BENCH_URL names the database to use (it must exist); without it, ledger_bench on the local server is made.
bench-ledger: $(STAMP)
	@if [ -z "$${LEDGER_BENCH_URL:-}" ]; then createdb -h 127.0.0.1 -U postgres ledger_bench 2>/dev/null || true; fi
	DATABASE_URL=$${LEDGER_BENCH_URL:-postgres://postgres@127.0.0.1:5432/ledger_bench} $(PY) bench/ledger_bench.py

# The citizen's rating path (QR landing, form, submit) against a hello-world view under the same gunicorn (2 sync
# workers, DEBUG off), rating limits raised for this run only. RATING_BENCH_URL names the PostgreSQL database.
bench-rating: $(STAMP)
	@if [ -z "$${RATING_BENCH_URL:-}" ]; then createdb -h 127.0.0.1 -U postgres rating_bench 2>/dev/null || true; fi
	$(PY) bench/rating_bench.py

# Every page at province scale, per role, under gunicorn as in production (builds the data once: minutes).
# PAGES_BENCH_URL names the PostgreSQL database.
bench-pages: $(STAMP)
	@if [ -z "$${PAGES_BENCH_URL:-}" ]; then createdb -h 127.0.0.1 -U postgres pages_bench 2>/dev/null || true; fi
	$(PY) bench/page_bench.py

# A 200,000-row ratings export as the background job makes it, against bare openpyxl writing the same cells (P4).
# EXPORT_BENCH_URL names the database to use (it must exist); without it, export_bench on the local server is made.
bench-export: $(STAMP)
	@if [ -z "$${EXPORT_BENCH_URL:-}" ]; then createdb -h 127.0.0.1 -U postgres export_bench 2>/dev/null || true; fi
	DATABASE_URL=$${EXPORT_BENCH_URL:-postgres://postgres@127.0.0.1:5432/export_bench} $(PY) bench/export_bench.py
