#!/usr/bin/env bash
# Benchmark (not a test): wall time of `wslsp check` against ripgrep over the
# same tree, reported as the ratio of medians wslsp/rg.
#
#   benches/cli/rg-ratio.sh [CORPUS]             # default ${CORPUS_DIR:-/work/corpus}/bench
#   benches/cli/rg-ratio.sh --rg-only [CORPUS]   # just the ripgrep half (no build)
#
# Steps:
#   1. make sure rg and hyperfine exist (apt-get install them when missing);
#   2. `cargo build --release` in the repo root (unless --rg-only);
#   3. ripgrep noise: rg alone, once with a cold page cache (if we may drop
#      caches: needs root) and twice warm, as separate hyperfine sessions;
#   4. one hyperfine session (warmup 1, >= RUNS runs, --export-json) with rg and
#      `wslsp check` cold (--no-cache), cached (a cache filled by one run before), and cached
#      with one file changed before each run; medians and ratios to rg; then the start-up of
#      `wslsp check` on one small file against rg on it;
#   5. if `wslsp check --stats` exists: how many files the prefilter passed.
#
# The rg command is the textual equivalent of wslsp's job: find the candidate
# close calls, per file, in the same file types. Both are allowed to exit
# non-zero (rg: 1 = no match; wslsp: findings), hyperfine runs with -i.
#
# Environment: RUNS (min runs, default 5), WARMUP (default 1),
#   OUT_DIR (JSON exports; default <repo>/target/rg-ratio),
#   WSLSP (binary; default <repo>/target/release/wslsp),
#   SKIP_COLD=1 to skip the cold-cache measurement.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

RG_ONLY=0
if [[ "${1:-}" == "--rg-only" ]]; then RG_ONLY=1; shift; fi
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0
fi
CORPUS="${1:-${CORPUS_DIR:-/work/corpus}/bench}"
RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
OUT_DIR="${OUT_DIR:-$repo/target/rg-ratio}"
WSLSP="${WSLSP:-$repo/target/release/wslsp}"

[[ -d "$CORPUS" ]] || { echo "corpus $CORPUS not found (scripts/fetch-bench-corpus.sh builds it)" >&2; exit 2; }
CORPUS="$(cd "$CORPUS" && pwd)"
mkdir -p "$OUT_DIR"
stamp="$(date +%Y%m%d-%H%M%S)"

say() { printf '\n== %s\n' "$*"; }

# ---- 1. tools ---------------------------------------------------------------
need=()
command -v rg >/dev/null || need+=(ripgrep)
command -v hyperfine >/dev/null || need+=(hyperfine)
if [[ ${#need[@]} -gt 0 ]]; then
    say "installing ${need[*]}"
    sudo_=""; [[ $EUID -ne 0 ]] && sudo_="sudo"
    $sudo_ apt-get install -y "${need[@]}" >/dev/null || {
        $sudo_ apt-get update -qq && $sudo_ apt-get install -y "${need[@]}" >/dev/null; }
fi

# ---- 2. build ---------------------------------------------------------------
HAVE_WSLSP=0
if [[ $RG_ONLY == 0 ]]; then
    say "cargo build --release"
    (cd "$repo" && cargo build --release --quiet)
    if [[ -x "$WSLSP" ]] && "$WSLSP" check --help >/dev/null 2>&1; then
        HAVE_WSLSP=1
    else
        echo "warning: $WSLSP has no working 'check' subcommand yet; measuring rg only" >&2
    fi
fi

# ---- commands -----------------------------------------------------------------
RG_PATTERN='\.(close|Close|end|FormatCloseMessage|NewCloseFrameBody|CloseAsync|CloseOutputAsync|sendClose|disconnect|cancel)\s*\(|CloseFrame|close_code|CloseCode|CloseReason|CloseStatus|lws_close_reason'
# Every extension in src/languages.toml.
RG_GLOB='*.{js,mjs,cjs,jsx,ts,mts,cts,tsx,py,pyi,go,rs,java,kt,kts,cs,cpp,cc,cxx,hpp,hh,h,c,swift,dart,php,rb}'
rg_cmd="rg --no-ignore --hidden -c $(printf '%q' "$RG_PATTERN") -g $(printf '%q' "$RG_GLOB") $(printf '%q' "$CORPUS") > /dev/null"
wslsp_cmd="$(printf '%q' "$WSLSP") check --format json $(printf '%q' "$CORPUS") > /dev/null"

# median_of JSON [INDEX] -> seconds
median_of() {
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$1" "${2:-0}"
}
# describe JSON INDEX -> "median X s (mean Y ± Z s, min, max, N runs)"
describe() {
    python3 - "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]
print(f'median {r["median"]:.3f} s  (mean {r["mean"]:.3f} ± {r["stddev"] or 0:.3f} s, '
      f'min {r["min"]:.3f}, max {r["max"]:.3f}, {len(r["times"])} runs)')
PY
}

echo "corpus: $CORPUS"
echo "files:  $(rg --no-ignore --hidden --files -g "$RG_GLOB" "$CORPUS" | wc -l) source files" \
     "($(rg --no-ignore --hidden --files "$CORPUS" | wc -l) files in all)"
echo "cpus:   $(nproc)   rg: $(rg --version | head -n1)   $(hyperfine --version)"

# ---- 3. rg noise: cold vs warm -------------------------------------------------
can_drop=0
if [[ "${SKIP_COLD:-0}" != 1 && $EUID -eq 0 ]] && (sync && echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; then
    can_drop=1
fi
if [[ $can_drop == 1 ]]; then
    say "rg, cold page cache (caches dropped before each of 3 runs)"
    hyperfine -i --runs 3 --prepare 'sync; echo 3 > /proc/sys/vm/drop_caches' \
        --export-json "$OUT_DIR/rg-cold-$stamp.json" -n rg-cold "$rg_cmd" >/dev/null
    echo "rg cold:   $(describe "$OUT_DIR/rg-cold-$stamp.json" 0)"
else
    say "rg, cold page cache: skipped (need root and a writable /proc/sys/vm/drop_caches, or SKIP_COLD=1)"
fi
for i in 1 2; do
    say "rg, warm page cache, session $i"
    hyperfine -i --warmup "$WARMUP" --min-runs "$RUNS" \
        --export-json "$OUT_DIR/rg-warm$i-$stamp.json" -n "rg-warm$i" "$rg_cmd" >/dev/null
    echo "rg warm $i: $(describe "$OUT_DIR/rg-warm$i-$stamp.json" 0)"
done
python3 - "$OUT_DIR/rg-warm1-$stamp.json" "$OUT_DIR/rg-warm2-$stamp.json" <<'PY'
import json, sys
a, b = (json.load(open(p))["results"][0]["median"] for p in sys.argv[1:3])
print(f"rg warm session-to-session difference of medians: {abs(a - b) / min(a, b) * 100:.1f}%")
PY

# ---- 4. the comparison -----------------------------------------------------------
if [[ $HAVE_WSLSP == 0 ]]; then
    say "done (rg only)"; echo "JSON exports in $OUT_DIR"; exit 0
fi
say "hyperfine: rg vs wslsp check cold, cached, one file changed (warmup $WARMUP, >= $RUNS runs)"
# The cache lives outside the corpus; one run fills it before the cached commands.
cache_dir="$OUT_DIR/cache-$stamp"
cached_cmd="$(printf '%q' "$WSLSP") check --format json --cache-dir $(printf '%q' "$cache_dir") $(printf '%q' "$CORPUS") > /dev/null"
cold_cmd="$(printf '%q' "$WSLSP") check --format json --no-cache $(printf '%q' "$CORPUS") > /dev/null"
"$WSLSP" check --format json --cache-dir "$cache_dir" "$CORPUS" >/dev/null 2>&1 || true
# One file with a close call changes before each run of the third command (a line end is
# appended; the file is restored at the end).
changed="$(rg --no-ignore --hidden -l "$RG_PATTERN" -g '*.py' "$CORPUS" | head -n1)"
[[ -n "$changed" ]] || changed="$(rg --no-ignore --hidden -l "$RG_PATTERN" -g "$RG_GLOB" "$CORPUS" | head -n1)"
cp "$changed" "$OUT_DIR/changed.orig"
trap 'cp "$OUT_DIR/changed.orig" "$changed"' EXIT
json="$OUT_DIR/rg-ratio-$stamp.json"
hyperfine -i --warmup "$WARMUP" --min-runs "$RUNS" --export-json "$json" \
    -n rg "$rg_cmd" -n cold "$cold_cmd" -n cached "$cached_cmd" \
    --command-name one-changed --prepare "printf '\\n' >> $(printf '%q' "$changed")" "$cached_cmd"
say "result"
for i in 0 1 2 3; do
    python3 - "$json" "$i" <<'PY'
import json, sys
rs = json.load(open(sys.argv[1]))["results"]
r, i = rs[int(sys.argv[2])], int(sys.argv[2])
print(f'{r["command"]:12} median {r["median"]:.3f} s  (user {r["user"]:.3f} s, system {r["system"]:.3f} s, '
      f'{len(r["times"])} runs)  ratio to rg: {r["median"] / rs[0]["median"]:.2f}x')
PY
done
echo "changed file: $changed"

# ---- 4b. start-up: one small file ---------------------------------------------------
small="$(rg --no-ignore --hidden -l "$RG_PATTERN" -g '*.py' "$CORPUS" | while read -r f; do
    [[ $(wc -c < "$f") -lt 4000 ]] && { echo "$f"; break; }; done)"
if [[ -n "$small" ]]; then
    say "start-up: one file of $(wc -c < "$small") bytes ($small)"
    one="$OUT_DIR/one-file-$stamp.json"
    hyperfine -N -i --warmup "$WARMUP" --min-runs "$((RUNS * 4))" --export-json "$one" \
        -n rg "rg -c $(printf '%q' "$RG_PATTERN") $(printf '%q' "$small")" \
        -n wslsp "$(printf '%q' "$WSLSP") check --no-cache --format json $(printf '%q' "$small")" >/dev/null
    echo "rg    $(describe "$one" 0)"
    echo "wslsp $(describe "$one" 1)"
fi
echo "JSON: $json"

# ---- 5. prefilter stats ------------------------------------------------------------
if "$WSLSP" check --help 2>/dev/null | grep -q -- '--stats'; then
    say "wslsp check --stats"
    stats_out="$OUT_DIR/stats-$stamp.txt"
    "$WSLSP" check --stats --format json "$CORPUS" >/dev/null 2>"$stats_out" || true
    # stderr also carries per-file errors; the stats line mentions the prefilter.
    if ! grep -i 'prefilter' "$stats_out"; then
        echo "(no prefilter line found; last lines of stderr:)"; tail -n 5 "$stats_out"
    fi
    echo "for comparison: rg sees $(rg --no-ignore --hidden --files -g "$RG_GLOB" "$CORPUS" | wc -l) source files," \
         "$(rg --no-ignore --hidden -l "$RG_PATTERN" -g "$RG_GLOB" "$CORPUS" | wc -l) of which match the rg pattern"
    echo "(full stderr: $stats_out)"
else
    say "wslsp check has no --stats flag; prefilter pass-through not reported"
fi
