#!/usr/bin/env bash
# The round-trip property test of issue 11 at soak size: every procedure of
# the repository with AMTSWEG_ROUNDTRIP_N applications (default here 300;
# the normal test run, as in .ci/run, uses 30) on SQLite and — when
# AMTSWEG_TEST_POSTGRES_URL is set — PostgreSQL. Every disagreement goes to
# roundtrip-report.<engine>.txt; replay a failing run with the printed
# AMTSWEG_ROUNDTRIP_SEED (and AMTSWEG_ROUNDTRIP_PROCEDURE for one procedure).
set -euo pipefail
cd "$(dirname "$0")/.."
export AMTSWEG_ROUNDTRIP_N="${AMTSWEG_ROUNDTRIP_N:-300}"
export AMTSWEG_ROUNDTRIP_REPORT="${AMTSWEG_ROUNDTRIP_REPORT:-$PWD/roundtrip-report.txt}"
go test -count=1 -timeout 6h -run 'TestRoundTrip$' "$@" ./internal/roundtrip/
