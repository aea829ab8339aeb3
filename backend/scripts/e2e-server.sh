#!/usr/bin/env bash
# Serves the built SPA + API with fresh demo data for the Playwright suite (port 8765 unless E2E_PORT).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${E2E_PORT:-8765}
db=${E2E_DB:-${TMPDIR:-/tmp}/cadre-e2e-$port.db}
rm -f "$db" "$db-wal" "$db-shm"
export CADRE_DATABASE_URL="sqlite+aiosqlite:///$db" CADRE_HOST=127.0.0.1 CADRE_PORT=$port \
       CADRE_PUBLIC_URL="http://127.0.0.1:$port" CADRE_SEED=demo CADRE_LOG_LEVEL=WARNING \
       CADRE_WEBHOOK_ALLOWED_HOSTS="${CADRE_WEBHOOK_ALLOWED_HOSTS:-127.0.0.1}"  # integration.spec registers a local hook
exec .venv/bin/python -m app.cli serve
