#!/usr/bin/env bash
# The catalog site in a real browser (tests/catalog_site.rs runs it): installs Debian's
# Chromium when missing and the locked playwright-core (a DevTools protocol client, no browser
# download) under $WSLSP_WORK, then runs browser.mjs over the site in $WSLSP_SITE with the
# expectations in $WSLSP_EXPECT. Exit 77: skipped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../../editors/lib.sh"
: "${WSLSP_SITE:?set WSLSP_SITE to the site directory}"
: "${WSLSP_EXPECT:?set WSLSP_EXPECT to the expectations file}"
: "${WSLSP_WORK:?set WSLSP_WORK to a directory for npm}"

need_commands node=nodejs npm=npm chromium=chromium
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || skip "Node.js $(node --version) is older than 20, which playwright-core needs"

# npm ci only when the lock file changed since the last install.
mkdir -p "$WSLSP_WORK"
if ! cmp -s "$here/package-lock.json" "$WSLSP_WORK/package-lock.json" \
  || [ ! -d "$WSLSP_WORK/node_modules/playwright-core" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$WSLSP_WORK/"
  echo "--- npm ci (playwright-core)" >&2
  (cd "$WSLSP_WORK" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 timeout 300 npm ci --prefer-offline --no-audit --no-fund >&2)
fi
echo "--- $(chromium --version 2>/dev/null)" >&2
timeout -k 5 240 node "$here/browser.mjs"
