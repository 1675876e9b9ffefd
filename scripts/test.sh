#!/usr/bin/env bash
# Runs all tests: unit, store (SQLite always; PostgreSQL when
# AMTSWEG_TEST_POSTGRES_URL is set), browser tests in Chromium with axe-core.
# Extra arguments go to `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  echo "scripts/test.sh: the browser tests need Debian's Chromium: apt-get install chromium" >&2
  exit 1
fi
if ! command -v xmllint >/dev/null; then
  echo "scripts/test.sh: the xdomea/FIM schema checks need xmllint: apt-get install libxml2-utils" >&2
  exit 1
fi
bash scripts/assets.sh
if [ -z "${AMTSWEG_TEST_POSTGRES_URL:-}" ]; then
  echo "scripts/test.sh: AMTSWEG_TEST_POSTGRES_URL is not set: PostgreSQL tests are skipped (CI sets it)" >&2
fi
go vet ./...
go test -count=1 -timeout 75m "$@" ./...
