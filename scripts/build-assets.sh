#!/usr/bin/env bash
# Copies the built KERN UX design system (CSS and fonts from the npm package
# @kern-ux/native, EUPL-1.2) into internal/web/site/static/kern/, where the Go
# binary embeds it. Run `npm ci` first. The copied files are not in git.
set -euo pipefail
cd "$(dirname "$0")/.."

src=node_modules/@kern-ux/native/dist
dst=internal/web/site/static/kern
if [ ! -f "$src/kern.min.css" ]; then
	echo "build-assets: $src/kern.min.css not found; run 'npm ci' first" >&2
	exit 1
fi

# Start clean so files dropped by a KERN update do not linger; keep README.md.
find "$dst" -mindepth 1 ! -name README.md -exec rm -rf {} +
mkdir -p "$dst/fonts/fira-sans"
cp "$src/kern.min.css" "$dst/"
cp "$src/fonts/fira-sans.css" "$dst/fonts/"
# Only the weights fira-sans.css references (300–700, upright and italic).
for f in Light LightItalic Regular Italic Medium MediumItalic SemiBold SemiBoldItalic Bold BoldItalic; do
	cp "$src/fonts/fira-sans/FiraSans-$f.woff2" "$dst/fonts/fira-sans/"
done
cp node_modules/@kern-ux/native/LICENSE.md "$dst/LICENSE.md"
version=$(node -p 'require("./node_modules/@kern-ux/native/package.json").version')
echo "$version" >"$dst/VERSION"
echo "build-assets: KERN $version copied to $dst"
