#!/usr/bin/env bash
# Installs the system packages the tests need on a Debian machine, if any is
# missing: Chromium (browser tests with axe-core), xmllint (xdomea/FIM schema
# checks), poppler (pdftotext/pdfinfo for the PDF tests), the PostgreSQL
# client (pg_isready/psql for CI) and the DejaVu fonts; and versitygw, a
# real S3 server for the object-storage tests (internal/blob/blobtest),
# built with go install once per machine (about two minutes). scripts/test.sh and
# .ci/run both call it, so the two cannot drift. Installs with apt-get as
# root, through sudo otherwise; says what to install where neither works.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v xmllint >/dev/null || need+=(libxml2-utils)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v pg_isready >/dev/null || need+=(postgresql-client)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
gobin="$(go env GOBIN)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
if ! command -v versitygw >/dev/null && [ ! -x "$gobin/versitygw" ]; then
  echo "scripts/setup.sh: building versitygw into $gobin (once per machine, about two minutes)" >&2
  go install github.com/versity/versitygw/cmd/versitygw@v1.8.0
fi
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "scripts/setup.sh: please install: ${need[*]} (Debian package names)" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "scripts/setup.sh: as root, run: apt-get install ${need[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi
echo "scripts/setup.sh: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
