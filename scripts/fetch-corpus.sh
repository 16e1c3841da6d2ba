#!/usr/bin/env bash
# Fetch the labelled corpus: the projects pinned in corpus/projects.tsv (applications,
# frameworks and libraries that use WebSocket libraries, with their tests where the published
# package carries them) into ${CORPUS_DIR:-/work/corpus}/labelled/<name>/.
#
# Idempotent: a project whose directory exists (non-empty) is skipped; delete it to refetch.
# Debian source packages need deb-src entries: added once (as root) mirroring the configured
# Debian entries. Nothing fetched is committed; corpus/labels.tsv keys its paths relative to
# the labelled/ directory, and scripts/corpus-report.py compares wslsp with it.
#
# Usage: scripts/fetch-corpus.sh [NAME ...]     (default: every project in the list)
# Needs: curl, tar, xz, python3, npm, apt-get.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/corpus-lib.sh
source "$here/corpus-lib.sh"

LIST="$here/../corpus/projects.tsv"
OUT="$CORPUS_DIR/labelled"
mkdir -p "$OUT"
corpus_tmp_init
start=$SECONDS

wanted() { # NAME: true when no names were given or NAME is one of them
    [[ ${#only[@]} -eq 0 ]] && return 0
    local n; for n in "${only[@]}"; do [[ "$n" == "$1" ]] && return 0; done
    return 1
}

# fetch_one NAME REGISTRY PACKAGE VERSION KEEP: one project into $OUT/NAME. For a binary
# package KEEP lists SRC:DST mappings (fetch_deb); otherwise tar wildcards (CORPUS_KEEP).
fetch_one() {
    local name="$1" registry="$2" package="$3" version="$4" keep="$5" maps=()
    export CORPUS_KEEP=""
    if [[ "$registry" == deb ]]; then
        [[ -n "$keep" ]] && read -ra maps <<<"$keep"
    else
        CORPUS_KEEP="$keep"
    fi
    case "$registry" in
        npm)    fetch_npm    "$OUT/$name" "$package" "$version" ;;
        pypi)   fetch_pypi   "$OUT/$name" "$package" "$version" ;;
        crate)  fetch_crate  "$OUT/$name" "$package" "$version" ;;
        debsrc) fetch_debsrc "$OUT/$name" "$package" "$version" ;;
        deb)    fetch_deb    "$OUT/$name" "$package" "$version" "${maps[@]}" ;;
        *) die "$name: unknown registry $registry" ;;
    esac
}

only=("$@")
failed=()
while IFS=$'\t' read -r name _langs _kind registry package version keep; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    wanted "$name" || continue
    [[ "$keep" == "-" ]] && keep=""
    # A subshell per project, so one that cannot be had is reported while the others still
    # come; run in the background and waited for, because `set -e` is off in a condition.
    fetch_one "$name" "$registry" "$package" "$version" "$keep" &
    wait $! || failed+=("$name")
done <"$LIST"
unset CORPUS_KEEP
[[ ${#failed[@]} -eq 0 ]] || log "could not fetch: ${failed[*]} (rerun to retry)"

log "fetch finished in $((SECONDS - start))s"
printf '%s projects, %s files, %s on disk under %s\n' \
    "$(find "$OUT" -mindepth 1 -maxdepth 1 -type d | wc -l)" \
    "$(find "$OUT" -type f | wc -l)" "$(du -sh "$OUT" | cut -f1)" "$OUT"
[[ ${#failed[@]} -eq 0 ]]
