#!/usr/bin/env bash
# Emacs end to end (tests/editors.rs runs it): Debian's emacs-nox and elpa-eglot, installed
# when missing, drive `$WSLSP_BIN lsp` through editors/emacs/wslsp.el in batch mode
# (test/e2e.el). Exit 77: skipped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../../lib.sh"
absolute_wslsp_bin

need_commands emacs=emacs-nox
# Eglot is built in from Emacs 29; Debian packages it for 28 as elpa-eglot.
HOME=/nonexistent emacs --batch -q --eval "(require 'eglot)" >/dev/null 2>&1 || install_debian_packages elpa-eglot

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/.git"
cp "$here/../../fixtures/server.js" "$work/server.js"

WSLSP_FIXTURE="$work/server.js" HOME="$work" timeout -k 5 60 \
  emacs --batch -q -l "$here/e2e.el" </dev/null
