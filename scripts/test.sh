#!/usr/bin/env bash
# Runs all tests: unit, store (SQLite always; PostgreSQL when
# AMTSWEG_TEST_POSTGRES_URL is set), browser tests in Chromium with axe-core.
# Installs the system packages the tests need first (scripts/setup.sh).
# Checks first: go vet, staticcheck (a pinned version, built by `go run`
# from the module proxy, so a fresh clone needs nothing installed) and
# `go mod tidy -diff`. Extra arguments go to `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/assets.sh
if [ -z "${AMTSWEG_TEST_POSTGRES_URL:-}" ]; then
  echo "scripts/test.sh: AMTSWEG_TEST_POSTGRES_URL is not set: PostgreSQL tests are skipped (CI sets it)" >&2
fi
go vet ./...
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
if ! go mod tidy -diff >/dev/null; then
  echo "scripts/test.sh: go.mod/go.sum are not tidy (go mod tidy -diff):" >&2
  go mod tidy -diff >&2 || true
  exit 1
fi
go test -count=1 -timeout 75m "$@" ./...
