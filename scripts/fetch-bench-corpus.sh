#!/usr/bin/env bash
# Assemble a large tree of real, published source code for benchmarking wslsp
# against ripgrep: >100k files in the languages wslsp reads
# (.js .mjs .cjs .jsx .ts .mts .cts .tsx .py .go .rs), in
#   ${CORPUS_DIR:-/work/corpus}/bench/{debian,npm,pypi,crates}/<package>/
#
# Sources: Debian source packages (upstream tarballs of big Go/Rust/JS/Python
# projects: kubernetes, the Go toolchain, rustc, TypeScript, Node.js, CPython,
# ...), large npm packages, PyPI sdists and crates. Versions are pinned.
#
# The tree is normalised (scripts/corpus-sanitize.py) so that a walker which
# honours .gitignore and skips hidden/vendored directories sees exactly the
# files `rg --no-ignore --hidden` sees: no ignore files, no .git, no symlinks,
# `.x` renamed to `dot_x`, node_modules/vendor/third_party renamed to
# npm_modules_src/vendored_src/third_party_src.
#
# Idempotent: packages already present are skipped (delete a package dir to
# refetch it). About 4.8 GB on disk (420k files, 246k of them source files);
# about 5 minutes from scratch on a fast link, under a minute when complete.
#
# Usage: scripts/fetch-bench-corpus.sh [--serial]   (--serial: one group at a time)
# Needs: curl, tar, xz, python3, npm, apt-get (adds deb-src entries mirroring
# the configured Debian archive if there are none; needs root for that).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/corpus-lib.sh
source "$here/corpus-lib.sh"

BENCH="$CORPUS_DIR/bench"
export CORPUS_SANITIZE=1
PARALLEL=1
[[ "${1:-}" == "--serial" ]] && PARALLEL=0

mkdir -p "$BENCH"
corpus_tmp_init
start=$SECONDS

# ---- Debian packages (kept in one group, so apt is never run concurrently) ----
group_debian() {
    local D="$BENCH/debian"
    # Go
    fetch_debsrc "$D/kubernetes"   kubernetes                   1.20.5+really1.20.2-1.1+deb12u1
    fetch_debsrc "$D/golang-1.19"  golang-1.19                  1.19.8-2
    # (binary -dev packages: Go sources under /usr/share/gocode)
    fetch_deb    "$D/aws-sdk-go"    golang-github-aws-aws-sdk-go-dev 1.44.133-1 usr/share/gocode/src:.
    fetch_deb    "$D/google-api-go" golang-google-api-dev            0.61.0-1   usr/share/gocode/src:.
    fetch_debsrc "$D/docker.io"    docker.io                    20.10.24+dfsg1-1+deb12u1
    # Rust (compiler, std, the test suite and vendored crates)
    fetch_debsrc "$D/rustc"        rustc                        1.63.0+dfsg1-2
    # JS / TS
    fetch_debsrc "$D/typescript"   node-typescript              4.8.4+ds1-2
    fetch_debsrc "$D/nodejs"       nodejs                       18.20.4+dfsg-1~deb12u3
    fetch_debsrc "$D/babel7"       node-babel7                  7.20.15+ds1+~cs214.269.168-3+deb12u1
    fetch_debsrc "$D/pdf.js"       pdf.js                       2.14.305+dfsg-2
    fetch_debsrc "$D/webpack"      node-webpack                 5.75.0+dfsg+~cs17.16.14-1+deb12u1
    # Python
    fetch_debsrc "$D/cpython-3.11" python3.11                   3.11.2-6+deb12u9
}

# ---- npm ----------------------------------------------------------------
group_npm() {
    local N="$BENCH/npm"
    fetch_npm "$N/mui-icons-material"  @mui/icons-material               9.5.0
    fetch_npm "$N/mui-material"        @mui/material                     9.5.0
    fetch_npm "$N/fa-free-solid"       @fortawesome/free-solid-svg-icons 7.3.1
    fetch_npm "$N/rxjs"                rxjs                              7.8.2
    fetch_npm "$N/lodash"              lodash                            4.18.1
    fetch_npm "$N/lodash-es"           lodash-es                         4.18.1
    fetch_npm "$N/date-fns"            date-fns                          4.4.0
    fetch_npm "$N/three"               three                             0.187.0
    fetch_npm "$N/monaco-editor"       monaco-editor                     0.57.0
    fetch_npm "$N/aws-sdk"             aws-sdk                           2.1693.0
    fetch_npm "$N/angular-core"        @angular/core                     22.2.6
    fetch_npm "$N/core-js"             core-js                           3.51.0
    fetch_npm "$N/babel-types"         @babel/types                      8.1.2
    fetch_npm "$N/babel-runtime"       @babel/runtime                    8.1.2
    fetch_npm "$N/lucide-react"        lucide-react                      1.75.0
    fetch_npm "$N/typescript"          typescript                        7.0.2
}

# ---- PyPI sdists and crates ---------------------------------------------
group_pypi_crates() {
    local P="$BENCH/pypi" C="$BENCH/crates"
    fetch_pypi "$P/django"     django     5.2.19
    fetch_pypi "$P/sympy"      sympy      1.14.0
    fetch_pypi "$P/scipy"      scipy      1.17.1
    fetch_pypi "$P/pandas"     pandas     3.1.1
    fetch_pypi "$P/numpy"      numpy      2.4.6
    fetch_pypi "$P/botocore"   botocore   1.44.5
    fetch_pypi "$P/matplotlib" matplotlib 3.11.2
    fetch_pypi "$P/ansible"    ansible    12.3.0
    fetch_pypi "$P/homeassistant" homeassistant 2024.3.3
    fetch_pypi "$P/salt"       salt       3008.5
    fetch_pypi "$P/azure-mgmt-network" azure-mgmt-network 33.1.0

    fetch_crate "$C/windows"     windows     0.48.0
    fetch_crate "$C/web-sys"     web-sys     0.3.107
    fetch_crate "$C/aws-sdk-ec2" aws-sdk-ec2 1.274.0
    fetch_crate "$C/aws-sdk-s3"  aws-sdk-s3  1.157.0
    fetch_crate "$C/tokio"       tokio       1.54.1
    fetch_crate "$C/syn"         syn         3.0.9
    fetch_crate "$C/libc"        libc        0.2.191
    fetch_crate "$C/nix"         nix         0.31.3
    fetch_crate "$C/rustix"      rustix      1.1.6
    fetch_crate "$C/hyper"       hyper       1.12.0
    fetch_crate "$C/bevy_ecs"    bevy_ecs    0.20.1
}

if [[ $PARALLEL == 1 ]]; then
    pids=()
    group_debian      & pids+=($!)
    group_npm         & pids+=($!)
    group_pypi_crates & pids+=($!)
    rc=0
    for p in "${pids[@]}"; do wait "$p" || rc=1; done
    [[ $rc == 0 ]] || die "a fetch group failed (see above); rerun to retry the missing packages"
else
    group_debian
    group_npm
    group_pypi_crates
fi

# Final pass over the whole tree: a no-op unless something was added by hand
# or by an older version of this script.
python3 "$here/corpus-sanitize.py" "$BENCH"

log "fetch finished in $((SECONDS - start))s"

# ---- summary ----------------------------------------------------------------
echo
echo "source files per extension under $BENCH:"
count_sources "$BENCH" | sort -k2 -nr | awk '{printf "  %-4s %8d\n", $1, $2; t+=$2} END {printf "  %-4s %8d\n", "all", t}'
echo
echo "per package (source files):"
for d in "$BENCH"/*/*/; do
    d="${d%/}"
    printf '  %-32s %7d\n' "${d#"$BENCH"/}" "$(count_sources "$d" | awk '{s+=$2} END {print s+0}')"
done
echo
echo "all files: $(find "$BENCH" -type f | wc -l)   size: $(du -sh "$BENCH" | cut -f1)"
