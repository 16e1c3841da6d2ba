#!/usr/bin/env bash
# Neovim end to end (tests/editors.rs runs it): Debian's packaged Neovim, installed when
# missing, drives `$WSLSP_BIN lsp` through editors/nvim (test/e2e.lua). Exit 77: skipped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../../lib.sh"
absolute_wslsp_bin

need_commands nvim=neovim
nvim --version | head -n 1 >&2

# A scratch copy with its own root marker: the test edits the buffer and must never write
# to the repo's fixture.
work="$(mktemp -d)"
trap '[ -n "${WSLSP_NVIM_DEBUG:-}" ] && cat "$work"/.cache/nvim/lsp.log >&2; rm -rf "$work"' EXIT
mkdir "$work/.git"
cp "$here/../../fixtures/server.js" "$work/server.js"

WSLSP_FIXTURE="$work/server.js" HOME="$work" timeout -k 5 60 \
  nvim --headless --clean -c "luafile $here/e2e.lua" </dev/null
