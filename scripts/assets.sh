#!/usr/bin/env bash
# Installs the front-end packages (KERN UX, axe-core) with npm and copies the
# built KERN assets into internal/web/site/static/kern, where the binary embeds
# them. Re-runs npm ci only when package-lock.json changed.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.amtsweg-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
bash scripts/build-assets.sh
