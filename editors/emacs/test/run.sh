#!/usr/bin/env bash
# Emacs end to end (tests/editors.rs runs it): Debian's emacs-nox and elpa-eglot, installed
# when missing, drive `$WSLSP_BIN lsp` through editors/emacs/wslsp.el in batch mode
# (test/e2e.el). Exit 77: skipped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../../lib.sh"
: "${WSLSP_BIN:?set WSLSP_BIN to the wslsp binary}"

need_debian_packages emacs=emacs-nox
[ -d /usr/share/emacs/site-lisp/elpa/eglot-* ] 2>/dev/null || [ -n "$(ls -d /usr/share/emacs/site-lisp/elpa/eglot-* 2>/dev/null)" ] \
  || need_debian_packages eglot-is-a-library-not-a-command=elpa-eglot

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/.git"
cp "$here/../../fixtures/server.js" "$work/server.js"

WSLSP_FIXTURE="$work/server.js" HOME="$work" timeout -k 5 60 \
  emacs --batch -q -l "$here/e2e.el" </dev/null
