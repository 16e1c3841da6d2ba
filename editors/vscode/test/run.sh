#!/usr/bin/env bash
# VS Code extension (tests/editors.rs runs it): installs the locked npm dependencies, builds,
# runs the unit tests, drives `$WSLSP_BIN lsp` with Microsoft's client libraries
# (test/integration), and packages the .vsix with @vscode/vsce. Exit 77: skipped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../../lib.sh"
absolute_wslsp_bin
cd "$here/.."

need_commands node=nodejs npm=npm unzip=unzip
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || skip "Node.js $(node --version) is older than 20, which @vscode/vsce and vscode-languageclient need (install Node.js 20+ from nodejs.org or NodeSource)"

step() { echo "--- $*" >&2; }
step "npm ci"
timeout 420 npm ci --prefer-offline --no-audit --no-fund >&2
step "npm run build"
timeout 120 npm run build >&2
step "npm test (unit)"
timeout 60 npm test >&2
step "npm run test:integration (wslsp lsp over vscode-languageserver-protocol)"
WSLSP_BIN="$WSLSP_BIN" timeout -k 5 90 npm run test:integration >&2
step "npm run package (@vscode/vsce)"
rm -f wslsp.vsix
timeout 120 npm run package >&2
unzip -l wslsp.vsix | grep -q 'extension/dist/extension.js' || { echo "wslsp.vsix lacks dist/extension.js" >&2; exit 1; }
echo "vscode: build, unit tests, integration test and wslsp.vsix OK" >&2
