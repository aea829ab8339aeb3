#!/usr/bin/env bash
# Regenerate the typed API client from the backend's OpenAPI document.
#   1. backend/ prints its OpenAPI 3.1 document (no server needed)  -> frontend/openapi.json
#   2. openapi-typescript turns it into TypeScript types             -> frontend/src/api/schema.d.ts
# Both files are committed; `npm run check:api` fails when they are stale.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
python="${CADRE_PYTHON:-$here/../backend/.venv/bin/python}"
if [ ! -x "$python" ]; then
  echo "gen-api: $python not found (create backend/.venv first, or set CADRE_PYTHON)" >&2
  exit 1
fi
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
(cd ../backend && "$python" -m app.cli openapi) > "$tmp"
cat "$tmp" > openapi.json
npx --no-install openapi-typescript openapi.json -o src/api/schema.d.ts
