#!/usr/bin/env bash
# Runs the portal with demo data on embedded SQLite (./data) at
# http://127.0.0.1:8080. Extra arguments go to `amtsweg serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/assets.sh
mkdir -p bin
go build -o bin/amtsweg ./cmd/amtsweg
exec ./bin/amtsweg serve --demo "$@"
