# shellcheck shell=bash
# Shared helpers for scripts/fetch-real-libs.sh and scripts/fetch-bench-corpus.sh.
#
# Every fetch_* function has the signature `fetch_X DEST ...` and is
# idempotent: if DEST already exists and is non-empty it does nothing.
# Otherwise it downloads into a private temp dir, unpacks, and only then
# moves the result to DEST, so an interrupted run never leaves a half-filled
# DEST behind (the next run just retries it).
#
# Sources used (all are package registries):
#   npm     -> `npm pack NAME@VERSION`
#   PyPI    -> the sdist link from the PEP 503 simple index (hash-checked);
#              falls back to `pip download --no-binary :all:`
#   crates  -> the static crate download (checksum from the sparse index)
#   Debian  -> `apt-get download PKG` (+ dpkg-deb -x) for binary packages,
#              `apt-get source --download-only PKG` for source packages.

CORPUS_DIR="${CORPUS_DIR:-/work/corpus}"
_CORPUS_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CRATES_DL="${CRATES_DL:-https://static.crates.io/crates}"
CRATES_INDEX="${CRATES_INDEX:-https://index.crates.io}"
PYPI_SIMPLE="${PYPI_SIMPLE:-https://pypi.org/simple}"

_CORPUS_TMP_ROOT=""

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# A scratch dir under $CORPUS_DIR/.tmp (same filesystem as DEST, so the final
# `mv` is a rename). Removed on exit.
corpus_tmp_init() {
    mkdir -p "$CORPUS_DIR"
    _CORPUS_TMP_ROOT="$(mktemp -d "$CORPUS_DIR/.tmp.XXXXXX")"
    # shellcheck disable=SC2064
    trap "rm -rf '$_CORPUS_TMP_ROOT'" EXIT
}

_tmpdir() {
    # Must not lazily init here: _tmpdir runs inside $(...), and a trap set in
    # that subshell would delete the root as soon as the subshell exits.
    [[ -n "$_CORPUS_TMP_ROOT" ]] || die "call corpus_tmp_init first"
    mktemp -d "$_CORPUS_TMP_ROOT/w.XXXXXX"
}

# already_there DEST: true when DEST exists and is a non-empty directory.
already_there() {
    [[ -d "$1" ]] && [[ -n "$(ls -A "$1" 2>/dev/null)" ]]
}

# unpack ARCHIVE DIR: unpack into DIR; if the archive has exactly one
# top-level directory its contents become DIR's contents.
unpack() {
    local archive="$1" dir="$2" stage
    stage="$(_tmpdir)"
    case "$archive" in
        *.zip|*.whl) python3 -m zipfile -e "$archive" "$stage" ;;
        *.deb) dpkg-deb -x "$archive" "$stage" ;;
        *)
            # CORPUS_KEEP: space-separated tar wildcards (`*` matches `/`); when set only
            # the matching members are unpacked (a large source package's relevant part).
            local keep=() only=()
            if [[ -n "${CORPUS_KEEP:-}" ]]; then
                read -ra keep <<<"$CORPUS_KEEP"
                only=(--wildcards "${keep[@]}")
            fi
            tar -xf "$archive" -C "$stage" --no-same-owner "${only[@]}" ;;
    esac
    mkdir -p "$dir"
    local entries=("$stage"/* "$stage"/.[!.]*)
    local real=()
    for e in "${entries[@]}"; do [[ -e "$e" || -L "$e" ]] && real+=("$e"); done
    if [[ ${#real[@]} -eq 1 && -d "${real[0]}" ]]; then
        _move_contents "${real[0]}" "$dir"
    else
        _move_contents "$stage" "$dir"
    fi
    rm -rf "$stage"
}

_move_contents() {
    local from="$1" to="$2"
    # find|xargs rather than a glob: some packages have >100k top-level entries.
    find "$from" -mindepth 1 -maxdepth 1 -print0 | xargs -0 -r mv -t "$to"/ --
}

# publish STAGE DEST: atomically put a finished staging dir in place.
# With CORPUS_SANITIZE=1 the stage is first normalised by corpus-sanitize.py
# (ignore files removed, hidden and vendored dirs renamed).
publish() {
    local stage="$1" dest="$2"
    if [[ "${CORPUS_SANITIZE:-0}" == 1 ]]; then
        python3 "$_CORPUS_LIB_DIR/corpus-sanitize.py" "$stage" | sed "s|$stage|$dest|" >&2
    fi
    chmod 755 "$stage"   # mktemp -d made it 0700
    mkdir -p "$(dirname "$dest")"
    rm -rf "$dest"
    mv "$stage" "$dest"
}

curl_get() { # URL OUT
    curl -sSfL --retry 3 --retry-delay 2 --connect-timeout 20 -o "$2" "$1"
}

# ---------------------------------------------------------------- npm ----
# fetch_npm DEST NAME VERSION
fetch_npm() {
    local dest="$1" name="$2" ver="$3" work tgz stage
    already_there "$dest" && { log "skip npm $name (present)"; return 0; }
    log "npm $name@$ver"
    work="$(_tmpdir)"
    tgz="$(cd "$work" && npm pack --silent "$name@$ver" 2>/dev/null | tail -n1)"
    [[ -n "$tgz" && -f "$work/$tgz" ]] || die "npm pack $name@$ver failed"
    stage="$(_tmpdir)"
    unpack "$work/$tgz" "$stage"
    publish "$stage" "$dest"
    rm -rf "$work"
}

# --------------------------------------------------------------- PyPI ----
# fetch_pypi DEST NAME VERSION: the sdist of NAME==VERSION.
fetch_pypi() {
    local dest="$1" name="$2" ver="$3" work file stage
    already_there "$dest" && { log "skip pypi $name (present)"; return 0; }
    log "pypi $name==$ver"
    work="$(_tmpdir)"
    if ! file="$(_pypi_sdist_via_index "$name" "$ver" "$work")"; then
        log "  simple index lookup failed for $name, falling back to pip download"
        pip download --quiet --no-deps --no-binary :all: "$name==$ver" -d "$work" >&2 \
            || die "pip download $name==$ver failed"
        file="$(ls "$work"/* | head -n1)"
    fi
    stage="$(_tmpdir)"
    unpack "$file" "$stage"
    publish "$stage" "$dest"
    rm -rf "$work"
}

# pip download of an sdist runs the package's build backend to prepare
# metadata (slow; for meson-based packages such as scipy/pandas it can mean a
# full compile), so we read the sdist link from the simple index ourselves.
_pypi_sdist_via_index() {
    local name="$1" ver="$2" work="$3" norm page line url sha fname
    norm="$(printf '%s' "$name" | tr 'A-Z' 'a-z' | sed -E 's/[-_.]+/-/g')"
    page="$work/index.html"
    curl_get "$PYPI_SIMPLE/$norm/" "$page" || return 1
    line="$(python3 - "$page" "$norm" "$ver" <<'PY'
import html, re, sys
page, norm, ver = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(page, encoding="utf-8", errors="replace").read()
want = re.sub(r"[-_.]+", "-", norm).lower()
for m in re.finditer(r'<a\s[^>]*href="([^"]+)"[^>]*>([^<]+)</a>', text):
    url, fname = html.unescape(m.group(1)), html.unescape(m.group(2)).strip()
    for ext in (".tar.gz", ".zip", ".tar.bz2"):
        if fname.endswith(ext):
            stem = fname[: -len(ext)]
            if "-" not in stem:
                continue
            n, v = stem.rsplit("-", 1)
            if re.sub(r"[-_.]+", "-", n).lower() == want and v == ver:
                base, _, frag = url.partition("#")
                sha = frag.split("=", 1)[1] if frag.startswith("sha256=") else ""
                print(base, sha, fname)
                sys.exit(0)
sys.exit(1)
PY
)" || return 1
    read -r url sha fname <<<"$line"
    curl_get "$url" "$work/$fname" || return 1
    if [[ -n "$sha" ]]; then
        echo "$sha  $work/$fname" | sha256sum -c --quiet - >&2 || return 1
    fi
    printf '%s\n' "$work/$fname"
}

# ------------------------------------------------------------- crates ----
_crate_index_path() {
    local n; n="$(printf '%s' "$1" | tr 'A-Z' 'a-z')"
    case ${#n} in
        1) echo "1/$n" ;;
        2) echo "2/$n" ;;
        3) echo "3/${n:0:1}/$n" ;;
        *) echo "${n:0:2}/${n:2:2}/$n" ;;
    esac
}

# fetch_crate DEST NAME VERSION
fetch_crate() {
    local dest="$1" name="$2" ver="$3" work cksum stage
    already_there "$dest" && { log "skip crate $name (present)"; return 0; }
    log "crate $name $ver"
    work="$(_tmpdir)"
    curl_get "$CRATES_DL/$name/$name-${ver//+/%2B}.crate" "$work/$name-$ver.crate" \
        || die "download of crate $name $ver failed"
    # Verify against the checksum published in the sparse index (best effort:
    # skipped if the index is unreachable).
    if curl_get "$CRATES_INDEX/$(_crate_index_path "$name")" "$work/index" 2>/dev/null; then
        cksum="$(python3 -c '
import json, sys
for l in open(sys.argv[1]):
    if l.strip():
        d = json.loads(l)
        if d["vers"] == sys.argv[2]:
            print(d["cksum"]); break' "$work/index" "$ver")"
        if [[ -n "$cksum" ]]; then
            echo "$cksum  $work/$name-$ver.crate" | sha256sum -c --quiet - >&2 \
                || die "checksum mismatch for crate $name $ver"
        fi
    fi
    stage="$(_tmpdir)"
    unpack "$work/$name-$ver.crate" "$stage"
    publish "$stage" "$dest"
    rm -rf "$work"
}

# ------------------------------------------------------------- Debian ----
# fetch_deb DEST PKG [VERSION] [SRC:DST ...]: a binary package. Without
# mappings the whole package tree is kept; with them only the listed parts,
# each SRC (path inside the package) moved to DEST/DST ("." = DEST itself).
fetch_deb() {
    local dest="$1" pkg="$2" ver="${3:-}" work deb stage keep m from to
    shift 2; [[ $# -gt 0 ]] && shift
    already_there "$dest" && { log "skip deb $pkg (present)"; return 0; }
    log "deb $pkg${ver:+=$ver}"
    work="$(_tmpdir)"
    # apt-get download as root warns when _apt cannot read the target dir.
    chmod 755 "$work"
    if [[ -n "$ver" ]] && (cd "$work" && apt-get download -q "$pkg=$ver" >/dev/null 2>&1); then
        :
    else
        [[ -n "$ver" ]] && log "  $pkg=$ver unavailable, taking the candidate version"
        (cd "$work" && apt-get download -q "$pkg" >/dev/null 2>&1) \
            || { apt-get update -qq >/dev/null 2>&1 || true;
                 (cd "$work" && apt-get download -q "$pkg" >/dev/null); } \
            || die "apt-get download $pkg failed"
    fi
    deb="$(ls "$work"/*.deb | head -n1)"
    stage="$(_tmpdir)"
    dpkg-deb -x "$deb" "$stage"
    if [[ $# -gt 0 ]]; then
        keep="$(_tmpdir)"
        for m in "$@"; do
            from="${m%%:*}"; to="${m#*:}"
            [[ -d "$stage/$from" ]] || die "$pkg has no $from"
            mkdir -p "$keep/$to"
            _move_contents "$stage/$from" "$keep/$to"
        done
        rm -rf "$stage"
        stage="$keep"
    fi
    publish "$stage" "$dest"
    rm -rf "$work"
}

# ensure_deb_src: make `apt-get source` work by adding deb-src entries that
# mirror the configured Debian deb entries (needs root; done once).
ensure_deb_src() {
    # --print-uris only prints; it fails when no deb-src entry is configured.
    if apt-get source --print-uris -qq hello >/dev/null 2>&1; then
        return 0
    fi
    local src=/etc/apt/sources.list.d/debian.sources
    local out=/etc/apt/sources.list.d/wslsp-deb-src.sources
    [[ $EUID -eq 0 ]] || die "deb-src entries missing and not root; add them by hand"
    if [[ -f "$src" ]]; then
        log "adding deb-src entries to $out (copied from $src)"
        sed 's/^Types: deb$/Types: deb-src/' "$src" >"$out"
    elif [[ -f /etc/apt/sources.list ]]; then
        log "adding deb-src entries to ${out%.sources}.list"
        grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' >"${out%.sources}.list"
    else
        die "cannot find the Debian sources to mirror as deb-src"
    fi
    apt-get update -qq >/dev/null
}

# fetch_debsrc DEST SRCPKG [VERSION]: the upstream (orig) tarball(s) of a
# Debian source package, unpacked without Debian patches. Component tarballs
# (orig-NAME.tar.*) go to DEST/NAME and are optional (skipped, with a note, if
# the mirror does not have them); the main tarball is required.
# We take the URIs and sha256 sums from `apt-get source --print-uris` and fetch
# just the tarballs we need, rather than `apt-get source --download-only`,
# which gives up if any file of the source package (e.g. a component or the
# .debian.tar.xz) is missing from the mirror.
fetch_debsrc() {
    local dest="$1" pkg="$2" ver="${3:-}" work stage uris url fname size sum comp main=0
    already_there "$dest" && { log "skip debsrc $pkg (present)"; return 0; }
    log "debsrc $pkg${ver:+=$ver}"
    ensure_deb_src
    work="$(_tmpdir)"
    if [[ -z "$ver" ]] || ! uris="$(apt-get source --print-uris -qq "$pkg=$ver" 2>/dev/null)" || [[ -z "$uris" ]]; then
        [[ -n "$ver" ]] && log "  $pkg=$ver unknown to apt, taking the candidate version"
        uris="$(apt-get source --print-uris -qq "$pkg" 2>/dev/null)" || die "apt-get source $pkg: no such source package"
    fi
    stage="$(_tmpdir)"
    while read -r url fname size sum; do
        url="${url//\'/}"
        case "$fname" in
            *.orig.tar.*.asc|*.orig-*.tar.*.asc) continue ;;
            *.orig.tar.*) comp="" ;;
            *.orig-*.tar.*) comp="${fname##*.orig-}"; comp="${comp%%.tar.*}" ;;
            *) continue ;;
        esac
        # Security uploads keep the orig tarball of the original upload, which
        # a mirror may only carry in the main archive's pool.
        if ! curl_get "$url" "$work/$fname" 2>/dev/null \
            && ! { [[ "$url" == */debian-security/pool/updates/* ]] \
                   && curl_get "${url/\/debian-security\/pool\/updates\//\/debian\/pool\/}" "$work/$fname" 2>/dev/null; }; then
            [[ -z "$comp" ]] && die "cannot download $fname for $pkg ($url)"
            log "  note: component $comp of $pkg not on the mirror, skipped"
            continue
        fi
        if [[ "$sum" == SHA256:* ]]; then
            echo "${sum#SHA256:}  $work/$fname" | sha256sum -c --quiet - >&2 \
                || die "checksum mismatch for $fname"
        fi
        if [[ -z "$comp" ]]; then
            unpack "$work/$fname" "$stage"; main=1
        else
            unpack "$work/$fname" "$stage/$comp"
        fi
        rm -f "$work/$fname"
    done <<<"$uris"
    [[ $main == 1 ]] || die "no upstream tarball found for $pkg (native package?)"
    publish "$stage" "$dest"
    rm -rf "$work"
}

# ------------------------------------------------------------ summary ----
SOURCE_EXTS=(js mjs cjs jsx ts mts cts tsx py go rs)

# count_sources DIR: prints "<ext> <count>" lines for the wslsp extensions.
count_sources() {
    local dir="$1" e
    local expr=(-false)
    for e in "${SOURCE_EXTS[@]}"; do expr+=(-o -name "*.$e"); done
    find "$dir" -type f \( "${expr[@]}" \) -print 2>/dev/null \
        | sed -E 's/.*\.([A-Za-z]+)$/\1/' | sort | uniq -c \
        | awk '{printf "%s %s\n", $2, $1}'
}
