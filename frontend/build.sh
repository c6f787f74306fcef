#!/usr/bin/env bash
# Build the EYFS Portal front-end assets into ../static/ (the output is committed).
#
# Compiles scss/application.scss with GOV.UK Frontend (Arial, no GDS Transport)
# and copies the GOV.UK Frontend script and images. The GOV.UK fonts are never
# copied: EYFS Portal is not a GOV.UK service and may not use them.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
static="$(cd "$here/.." && pwd)/static"
govuk="$here/node_modules/govuk-frontend/dist/govuk"

cd "$here"
npm ci --no-audit --no-fund

mkdir -p "$static/css" "$static/govuk/assets"

npx --no-install sass \
  --load-path=node_modules \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  scss/application.scss "$static/css/application.css"

# Drop the source map comment: the map is not shipped, so browsers would ask for
# a file that is not there (and Django's manifest storage rejects such a name).
sed 's|//# sourceMappingURL=.*$||' "$govuk/govuk-frontend.min.js" > "$static/govuk/govuk-frontend.min.js"

rm -rf "$static/govuk/assets/images"
cp -R "$govuk/assets/images" "$static/govuk/assets/images"
cp "$govuk/assets/manifest.json" "$static/govuk/assets/manifest.json"

if grep -qi "gds transport" "$static/css/application.css"; then
  echo "build.sh: GDS Transport found in application.css" >&2
  exit 1
fi
if [ -e "$static/govuk/assets/fonts" ]; then
  echo "build.sh: static/govuk/assets/fonts must not exist" >&2
  exit 1
fi
echo "Built $static/css/application.css and static/govuk/"
