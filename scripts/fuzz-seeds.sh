#!/usr/bin/env bash
# Writes the seed corpora of the fuzz targets (fuzz/corpus/, not committed) from
# tests/fixtures: for `analyze` and `fix_twice` each fixture as one language byte and its text,
# in corpus/<target>/ and per language in corpus/<target>-<language>/ (runs that fix the
# language with WSLSP_FUZZ_LANGUAGE). The byte is the language's place in src/languages.toml,
# which is the order of Language::ALL (tests/fuzz_props.rs checks that).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$root/fuzz/corpus
# "<index> <language> <extension>" for every extension of every language.
table=$(awk '
  /^\[[a-z]+\]$/ { name = substr($0, 2, length($0) - 2); index_ = n++ }
  /^extensions = / { gsub(/[][",]/, " "); for (i = 3; i <= NF; i++) print index_, name, $i }
' "$root/src/languages.toml")
count=0
while IFS= read -r -d '' file; do
  ext=${file##*.}
  read -r index language _ < <(awk -v e="$ext" '$3 == e' <<<"$table") || continue
  for target in analyze fix_twice; do
    for dir in "$corpus/$target" "$corpus/$target-$language"; do
      mkdir -p "$dir"
      { printf "\\x$(printf %02x "$index")"; cat "$file"; } >"$dir/$(basename "$file")"
    done
  done
  count=$((count + 1))
done < <(find "$root/tests/fixtures" -type f -print0)
echo "$count fixtures written as seeds under fuzz/corpus/"
