//! What the fuzz targets (`fuzz/fuzz_targets/`) and the stable harness (`tests/fuzz_props.rs`)
//! share: the structure-aware mutator that grows source text from per-language templates
//! (`templates.toml` beside this file), and the properties every input must keep. Each
//! property panics, with the input in the message, when it does not hold.
//!
//! Both crates include this file by `#[path]`, so a libFuzzer run and `cargo test` check the
//! same properties on inputs built the same way.

#![allow(dead_code)] // each includer uses a part

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use arbitrary::{Result, Unstructured};
use serde::Deserialize;
use tree_sitter::{InputEdit, Point, Tree};
use wslsp::analysis::{self, Analysis, ByteEdit, Incremental, Options};
use wslsp::budget::Budget;
use wslsp::config::Config;
use wslsp::fixes;
use wslsp::languages::Language;

/// The largest text the mutator grows (bytes): past it a mutation is not made. libFuzzer's
/// `-max_len` bounds its inputs anyway; the stable harness sets a smaller one ([`set_limits`]).
static MAX_TEXT: AtomicUsize = AtomicUsize::new(256 * 1024);
/// The deepest nesting one mutation adds.
static MAX_DEPTH: AtomicUsize = AtomicUsize::new(5000);

/// Bounds what [`mutate`] grows: texts of at most `max_text` bytes, at most `max_depth` levels
/// of nesting added by one mutation.
pub fn set_limits(max_text: usize, max_depth: usize) {
    MAX_TEXT.store(max_text, Ordering::Relaxed);
    MAX_DEPTH.store(max_depth.max(1), Ordering::Relaxed);
}

#[derive(Debug, Deserialize)]
struct Common {
    codes: Vec<String>,
    reasons: Vec<String>,
    openers: Vec<String>,
}

/// One language's pieces, as `templates.toml` writes them.
#[derive(Debug, Deserialize)]
struct Templates {
    prelude: String,
    close: Vec<String>,
    codes: Vec<String>,
    quotes: Vec<(String, String)>,
    wrappers: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
struct File {
    common: Common,
    #[serde(flatten)]
    languages: HashMap<String, Templates>,
}

static TEMPLATES: LazyLock<File> = LazyLock::new(|| {
    let file: File = toml::from_str(include_str!("templates.toml")).expect("templates.toml");
    for language in Language::ALL {
        assert!(
            file.languages.contains_key(language.name()),
            "templates.toml has no [{}]",
            language.name()
        );
    }
    file
});

fn templates(language: Language) -> &'static Templates {
    &TEMPLATES.languages[language.name()]
}

/// The language a leading byte picks (byte modulo the number of languages).
pub fn language_of(byte: u8) -> Language {
    Language::ALL[byte as usize % Language::ALL.len()]
}

/// The language fixed for a fuzzing run by `WSLSP_FUZZ_LANGUAGE` (a language's name).
fn fixed_language() -> Option<Language> {
    static FIXED: LazyLock<Option<Language>> = LazyLock::new(|| {
        let name = std::env::var("WSLSP_FUZZ_LANGUAGE").ok()?;
        Some(Language::from_name(&name).unwrap_or_else(|| panic!("no language {name:?}")))
    });
    *FIXED
}

/// A fuzz input's language (its first byte, unless `WSLSP_FUZZ_LANGUAGE` fixes it) and the
/// rest of it; `None` for an empty input. The first call reads the bounds of a libFuzzer run,
/// `WSLSP_FUZZ_MAX_TEXT` and `WSLSP_FUZZ_MAX_DEPTH` (see [`set_limits`]), when they are set.
pub fn split_input(data: &[u8]) -> Option<(Language, &[u8])> {
    static LIMITS: std::sync::Once = std::sync::Once::new();
    LIMITS.call_once(|| {
        let setting = |name: &str, default: &AtomicUsize| {
            std::env::var(name)
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| default.load(Ordering::Relaxed))
        };
        set_limits(
            setting("WSLSP_FUZZ_MAX_TEXT", &MAX_TEXT),
            setting("WSLSP_FUZZ_MAX_DEPTH", &MAX_DEPTH),
        );
    });
    let (&first, rest) = data.split_first()?;
    Some((fixed_language().unwrap_or(language_of(first)), rest))
}

/// A libFuzzer custom mutator over inputs of [`split_input`]'s shape: half the time the
/// byte-level `fallback` (libFuzzer's own mutations), else one [`mutate`] of the text driven
/// by pseudo-random bytes from `seed`. Returns the new size, at most `max_size`.
pub fn mutate_input(
    data: &mut [u8],
    size: usize,
    max_size: usize,
    seed: u32,
    fallback: impl Fn(&mut [u8], usize, usize) -> usize,
) -> usize {
    let Some((language, text)) = split_input(&data[..size]) else {
        return fallback(data, size, max_size);
    };
    if seed.is_multiple_of(2) {
        return fallback(data, size, max_size);
    }
    // SplitMix64 from the seed: the choices of one structure-aware mutation.
    let mut state = u64::from(seed);
    let choices: Vec<u8> = (0..64)
        .flat_map(|_| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z ^ (z >> 31)).to_le_bytes()
        })
        .collect();
    let mut text = String::from_utf8_lossy(text).into_owned();
    if mutate(language, &mut text, &mut Unstructured::new(&choices)).is_err() {
        return fallback(data, size, max_size);
    }
    let end = floor_char(&text, max_size.saturating_sub(1));
    data[1..1 + end].copy_from_slice(&text.as_bytes()[..end]);
    1 + end
}

/// The largest char boundary of `text` at or before `at`.
pub fn floor_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A close call of `language` with a chosen code and reason.
fn close_call(language: Language, u: &mut Unstructured) -> Result<String> {
    let t = templates(language);
    let common = &TEMPLATES.common;
    let call = u.choose(&t.close)?;
    let code_count = common.codes.len() + t.codes.len();
    let index = u.choose_index(code_count)?;
    let code = common
        .codes
        .get(index)
        .unwrap_or_else(|| &t.codes[index - common.codes.len()]);
    // A language code template may itself hold `{code}`: fill it with a common code.
    let code = code.replace("{code}", u.choose(&common.codes)?);
    let (open, close) = u.choose(&t.quotes)?;
    let reason = format!("{open}{}{close}", u.choose(&common.reasons)?);
    Ok(call.replace("{code}", &code).replace("{reason}", &reason))
}

/// `inner` inside `depth` wrappers of `language`, each level's wrapper picked from a small
/// chosen set so that both uniform and mixed nesting occur. Built without recursion.
fn nest(language: Language, inner: &str, depth: usize, u: &mut Unstructured) -> Result<String> {
    let wrappers = &templates(language).wrappers;
    let set: Vec<usize> = (0..u.int_in_range(1..=3)?)
        .map(|_| u.choose_index(wrappers.len()))
        .collect::<Result<_>>()?;
    let mut opens = String::new();
    let mut closes = Vec::with_capacity(depth);
    for level in 0..depth {
        let (open, close) = &wrappers[set[level % set.len()]];
        opens.push_str(open);
        closes.push(close.as_str());
    }
    closes.reverse();
    Ok(opens + inner + &closes.concat())
}

/// A nesting depth: mostly shallow, sometimes thousands deep (up to [`set_limits`]' bound).
fn depth(u: &mut Unstructured) -> Result<usize> {
    let depth = match u.int_in_range(0..=9)? {
        0..=6 => u.int_in_range(1..=8)?,
        7 | 8 => u.int_in_range(9..=200)?,
        _ => u.int_in_range(201..=5000)?,
    };
    Ok(depth.min(MAX_DEPTH.load(Ordering::Relaxed)))
}

/// The byte range of a call expression's text `callee(...)` in `text`: from the identifier
/// before a `(` to its matching `)` (brackets counted, strings ignored), or to the end of the
/// text when it is never closed. `None` when the text has no `(`.
pub fn call_at(text: &str, from: usize) -> Option<Range<usize>> {
    let open = text
        .get(from..)
        .and_then(|rest| rest.find('('))
        .map(|i| from + i)
        .or_else(|| text.find('('))?;
    let start = text[..open]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || matches!(c, '_' | '.' | '$'))
        .last()
        .map_or(open, |(i, _)| i);
    let mut level = 0usize;
    for (i, b) in text.bytes().enumerate().skip(open) {
        match b {
            b'(' => level += 1,
            b')' => {
                level -= 1;
                if level == 0 {
                    return Some(start..i + 1);
                }
            }
            _ => {}
        }
    }
    Some(start..text.len())
}

/// One structure-aware mutation of `text` in `language`'s syntax, driven by `u`: a close call
/// inserted (often nested in call arguments, brackets, blocks, lambdas), a call expression
/// of the text repeated or nested in itself, unclosed brackets, long or odd strings, the
/// prelude that makes a receiver a WebSocket, a deleted or repeated line. Leaves `text`
/// alone when the result would pass the text bound of [`set_limits`].
pub fn mutate(language: Language, text: &mut String, u: &mut Unstructured) -> Result<()> {
    let at = {
        let raw = u.int_in_range(0..=text.len())?;
        let at = floor_char(text, raw);
        // Line starts more often: statements begin there.
        if u.ratio(1, 2)? {
            text[..at].rfind('\n').map_or(0, |i| i + 1)
        } else {
            at
        }
    };
    let common = &TEMPLATES.common;
    let (range, insert) = match u.int_in_range(0..=8)? {
        0 => (at..at, close_call(language, u)? + "\n"),
        1 | 2 => {
            let call = close_call(language, u)?;
            let depth = depth(u)?;
            (at..at, nest(language, &call, depth, u)? + "\n")
        }
        3 | 4 => {
            let Some(call) = call_at(text, at) else {
                return Ok(());
            };
            let expr = text[call.clone()].to_owned();
            let times = depth(u)?;
            if u.ratio(1, 2)? {
                // Repeated: `c(); c(); c();`.
                let separator = if u.ratio(1, 2)? { "\n" } else { "; " };
                let repeated = vec![expr.as_str(); times + 1].join(separator);
                (call, repeated)
            } else {
                // Nested in itself: `c(c(c(x)))`, the innermost keeping its own arguments.
                let head = &expr[..expr.find('(').map_or(expr.len(), |i| i + 1)];
                (call, head.repeat(times) + &expr + &")".repeat(times))
            }
        }
        5 => {
            let opener = u.choose(&common.openers)?;
            (at..at, opener.repeat(depth(u)?))
        }
        6 => (at..at, templates(language).prelude.clone()),
        7 => {
            let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
            if u.ratio(1, 2)? {
                (at..line_end, String::new())
            } else {
                (at..at, text[at..line_end].repeat(u.int_in_range(1..=64)?))
            }
        }
        _ => {
            let odd = [
                "\r", "\r\n", "\u{feff}", "é", "\u{2028}", "\t", "\\", "\0", "🙂",
            ];
            (at..at, u.choose(&odd)?.repeat(u.int_in_range(1..=4)?))
        }
    };
    if text.len() - range.len() + insert.len() <= MAX_TEXT.load(Ordering::Relaxed) {
        text.replace_range(range, &insert);
    }
    Ok(())
}

/// A text for `language`: a fixture's text or the language's prelude, then up to 8 mutations.
pub fn grow(language: Language, seeds: &[String], u: &mut Unstructured) -> Result<String> {
    let mut text = if seeds.is_empty() || u.ratio(1, 4)? {
        templates(language).prelude.clone()
    } else {
        u.choose(seeds)?.clone()
    };
    for _ in 0..u.int_in_range(1..=8)? {
        mutate(language, &mut text, u)?;
    }
    Ok(text)
}

/// The fixtures under `tests/fixtures/` of `language`, read once.
pub fn fixtures(language: Language) -> &'static [String] {
    static ALL: LazyLock<HashMap<Language, Vec<String>>> = LazyLock::new(|| {
        // The main crate's directory, or `fuzz/` in it.
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = [
            manifest.join("tests/fixtures"),
            manifest.join("../tests/fixtures"),
        ]
        .into_iter()
        .find(|p| p.is_dir())
        .expect("tests/fixtures");
        let mut out: HashMap<Language, Vec<String>> = HashMap::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let (Some(language), Ok(text)) =
                    (Language::from_path(&path), std::fs::read_to_string(&path))
                {
                    out.entry(language).or_default().push(text);
                }
            }
        }
        for texts in out.values_mut() {
            texts.sort();
        }
        out
    });
    ALL.get(&language).map_or(&[], Vec::as_slice)
}

/// Checks that `analysis` of `text` is well formed: sites and findings in source order, every
/// range inside the text on char boundaries, every fix's edits in order and not overlapping.
fn check_shape(text: &str, analysis: &Analysis) {
    let within = |r: &Range<usize>, what: &str| {
        assert!(
            r.start <= r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end),
            "{what} {r:?} is not a range of the {}-byte text",
            text.len()
        );
    };
    for pair in analysis.sites.windows(2) {
        assert!(
            pair[0].code_range.start <= pair[1].code_range.start,
            "sites out of order"
        );
    }
    for site in &analysis.sites {
        within(&site.code_range, "code range");
        within(&site.call_range, "call range");
        if let Some(reason) = &site.reason {
            within(&reason.range, "reason range");
            within(&reason.content_range, "reason content range");
        }
    }
    for pair in analysis.findings.windows(2) {
        assert!(
            (pair[0].range.start, pair[0].range.end) <= (pair[1].range.start, pair[1].range.end),
            "findings out of order"
        );
    }
    for finding in &analysis.findings {
        within(&finding.range, "finding range");
        for fix in &finding.fixes {
            for edit in &fix.edits {
                within(&edit.range, "fix edit");
            }
            for pair in fix.edits.windows(2) {
                assert!(
                    pair[0].range.end <= pair[1].range.start,
                    "a fix's edits overlap"
                );
            }
        }
    }
}

/// Analysing any bytes as `language` never panics, and what it finds is well formed: through
/// [`analysis::analyze_bytes`] (the CLI's entry), and, for UTF-8 text, through a parse and
/// [`analysis::analyze_tree_with`] whether or not the byte prefilter would let it through,
/// in plain and browser mode.
pub fn analysis_holds(language: Language, bytes: &[u8]) {
    let limit = analysis::DEFAULT_MAX_FILE_BYTES;
    // Every step runs under the default per-file budget, as `wslsp check` does: an input
    // that outlasts it is skipped with a reason, which is a pass (no stall, no crash).
    let budget = || Budget::new(wslsp::budget::DEFAULT_FILE_BUDGET);
    let over = |r: &analysis::Skip| matches!(r, analysis::Skip::OverBudget { .. });
    let by_bytes =
        analysis::analyze_bytes(language, bytes, limit, &Options::default(), &budget(), None);
    if by_bytes.as_ref().is_err_and(over) {
        return;
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        assert!(
            by_bytes.is_err() || !by_bytes.unwrap().parsed,
            "non-UTF-8 text parsed"
        );
        return;
    };
    let tree = match analysis::parse_within(language, text, None, &budget()) {
        Ok(tree) => tree,
        Err(skip) if over(&skip) => return,
        Err(skip) => panic!("tree-sitter gives a tree: {skip}"),
    };
    let plain = match analysis::analyze_tree_within(
        language,
        &tree,
        text,
        &Options::default(),
        &budget(),
        None,
    ) {
        Ok(plain) => plain,
        Err(skip) if over(&skip) => return,
        Err(skip) => panic!("{skip}"),
    };
    check_shape(text, &plain);
    if let Ok(file) = by_bytes
        && file.parsed
    {
        assert_eq!(
            file.analysis, plain,
            "analyze_bytes and analyze_tree differ"
        );
    }
    let browser = Options {
        role_for_unknown: None,
        browser: true,
        ..Options::default()
    };
    check_shape(
        text,
        &analysis::analyze_tree_with(language, &tree, text, &browser),
    );
}

/// `text` after one pass of fixes (`--fix`, with `--unsafe-fixes` when `include_unsafe`) of
/// the findings of the rules `wslsp check` runs by default, or of every rule when
/// `every_rule`: checks that the bytes outside the edits are kept, in order.
pub fn fix_once(language: Language, text: &str, include_unsafe: bool, every_rule: bool) -> String {
    let found = analysis::analyze(language, text);
    let reported = found
        .findings
        .iter()
        .filter(|f| every_rule || wslsp::rules::default_severity_in_check(f.rule).is_some());
    let combined = fixes::combine(reported, include_unsafe);
    let fixed = fixes::apply(text, &combined.edits);
    // Every byte between two edits is in the output, at its place shifted by the edits so far.
    let mut shift: isize = 0;
    let mut at = 0;
    for edit in &combined.edits {
        let kept = &text[at..edit.range.start];
        let out = (at as isize + shift) as usize;
        assert_eq!(
            &fixed[out..out + kept.len()],
            kept,
            "bytes before {edit:?} changed"
        );
        shift += edit.new_text.len() as isize - edit.range.len() as isize;
        at = edit.range.end;
    }
    let out = (at as isize + shift) as usize;
    assert_eq!(
        &fixed[out..],
        &text[at..],
        "bytes after the last edit changed"
    );
    fixed
}

/// `text` after `wslsp check --fix` (with `--unsafe-fixes` when `include_unsafe`): passes of
/// [`fix_once`] until one changes nothing, at most 10 as the CLI does.
pub fn fix_run(language: Language, text: &str, include_unsafe: bool) -> String {
    let mut text = text.to_owned();
    for _ in 0..10 {
        let next = fix_once(language, &text, include_unsafe, false);
        if next == text {
            break;
        }
        text = next;
    }
    text
}

/// `wslsp check --fix` is idempotent: a second run changes nothing, with safe fixes only and
/// with unsafe ones too; and every pass keeps the bytes outside its edits.
pub fn fix_twice_holds(language: Language, text: &str) {
    for include_unsafe in [false, true] {
        let once = fix_run(language, text, include_unsafe);
        let twice = fix_run(language, &once, include_unsafe);
        assert!(
            once == twice,
            "a second --fix run (unsafe: {include_unsafe}) changed the text\n\
             original:\n{text}\nonce:\n{once}\ntwice:\n{twice}"
        );
    }
}

/// The tree-sitter point of byte `offset` of `text` (row, byte column).
pub fn point(text: &str, offset: usize) -> Point {
    let before = &text[..offset];
    let row = before.bytes().filter(|&b| b == b'\n').count();
    let column = offset - before.rfind('\n').map_or(0, |i| i + 1);
    Point::new(row, column)
}

/// Replaces `start..end` of `text` with `new` and edits `tree` to match; the edit, for
/// [`Incremental::analyze`]. `start` and `end` must be char boundaries, in order.
pub fn edit(text: &mut String, tree: &mut Tree, start: usize, end: usize, new: &str) -> ByteEdit {
    let mut after = text[..start].to_owned();
    after.push_str(new);
    let input = InputEdit {
        start_byte: start,
        old_end_byte: end,
        new_end_byte: start + new.len(),
        start_position: point(text, start),
        old_end_position: point(text, end),
        new_end_position: point(&after, after.len()),
    };
    text.replace_range(start..end, new);
    tree.edit(&input);
    ByteEdit {
        start,
        old_end: end,
        new_end: start + new.len(),
    }
}

/// The first site or finding where the incremental analysis `got` differs from `want`.
pub fn first_difference(got: &Analysis, want: &Analysis) -> String {
    fn first<T: std::fmt::Debug + PartialEq>(what: &str, got: &[T], want: &[T]) -> Option<String> {
        let at = (0..got.len().max(want.len())).find(|&i| got.get(i) != want.get(i))?;
        Some(format!(
            "{what} {at} of {} (want {}):\n  got  {:?}\n  want {:?}",
            got.len(),
            want.len(),
            got.get(at),
            want.get(at)
        ))
    }
    first("site", &got.sites, &want.sites)
        .or_else(|| first("finding", &got.findings, &want.findings))
        .unwrap_or_default()
}

/// After each batch of edits (each mutation of the text, or a deleted range, as a client's
/// `didChange`), the incremental analysis of the incrementally reparsed tree equals a fresh
/// [`analysis::analyze_tree`] of it.
pub fn incremental_holds(language: Language, start: &str, u: &mut Unstructured) -> Result<()> {
    let mut text = start.to_owned();
    let mut tree = analysis::parse(language, &text, None).expect("a tree");
    let mut incremental = Incremental::default();
    let first = incremental.analyze(language, &tree, &text, None);
    assert_eq!(
        first,
        analysis::analyze_tree(language, &tree, &text),
        "as opened"
    );
    for step in 0..u.int_in_range(1..=6)? {
        let mut old = tree.clone();
        let mut merged: Option<ByteEdit> = None;
        for _ in 0..u.int_in_range(1..=3)? {
            // One mutation, expressed as the single replacement that turns the text into it.
            let mut next = text.clone();
            if u.ratio(1, 4)? {
                let a = floor_char(&next, u.int_in_range(0..=next.len())?);
                let b = floor_char(&next, u.int_in_range(a..=(a + 64).min(next.len()))?);
                next.replace_range(a..b, "");
            } else {
                mutate(language, &mut next, u)?;
            }
            let (start, end, new) = difference(&text, &next);
            let new = new.to_owned();
            let e = edit(&mut text, &mut old, start, end, &new);
            merged = Some(merged.map_or(e, |m| m.then(e)));
        }
        tree = analysis::parse(language, &text, Some(&old)).expect("a tree");
        let got = incremental.analyze(language, &tree, &text, merged);
        let want = analysis::analyze_tree(language, &tree, &text);
        assert!(
            got == want,
            "{} after batch {step}: {}\ntext:\n{text}",
            language.name(),
            first_difference(&got, &want)
        );
    }
    Ok(())
}

/// The one replacement that turns `old` into `new`: `old[start..end]` becomes the returned
/// slice of `new` (common prefix and suffix left out, on char boundaries).
fn difference<'a>(old: &str, new: &'a str) -> (usize, usize, &'a str) {
    let prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let prefix = floor_char(old, floor_char(new, prefix));
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let mut end = old.len() - suffix;
    while !old.is_char_boundary(end) || !new.is_char_boundary(new.len() - (old.len() - end)) {
        end += 1;
    }
    (prefix, end, &new[prefix..new.len() - (old.len() - end)])
}

/// Parsing any bytes as a configuration (`wslsp.toml`, and `pyproject.toml`) never panics; an
/// error names a line and column inside the text; a valid configuration answers for any path.
pub fn config_holds(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let lines = text.split('\n').count();
    for name in ["/project/wslsp.toml", "/project/pyproject.toml"] {
        match Config::parse(Path::new(name), text) {
            Ok(config) => {
                for path in [
                    "/project/src/a.ts",
                    "/project/web/static/x/y.js",
                    "/elsewhere/b.py",
                    "rel/c.go",
                ] {
                    let path = Path::new(path);
                    let _ = (
                        config.role_for(path),
                        config.is_excluded(path),
                        config.options_for(path),
                    );
                }
                let _ = config.level("reserved-code");
            }
            Err(e) => {
                assert!(
                    e.line >= 1 && e.line <= lines,
                    "error line {} of {lines}: {e}",
                    e.line
                );
                assert!(e.column >= 1, "error column 0: {e}");
            }
        }
    }
}

/// A `wslsp.toml` built from its sections, keys and values, with odd ones mixed in: globs
/// with unclosed classes and alternations, unknown rules and severities, wrong types.
pub fn config_text(u: &mut Unstructured) -> Result<String> {
    const SECTIONS: &[&str] = &[
        "[rules]",
        "[roles]",
        "[files]",
        "[tool.wslsp]",
        "[tool.wslsp.rules]",
        "[tool]",
        "[[rules]]",
        "[roles.server]",
        "",
    ];
    const KEYS: &[&str] = &[
        "reserved-code",
        "browser-close-code",
        "magic-close-code",
        "no-such-rule",
        "server",
        "client",
        "browser",
        "include",
        "exclude",
        "\"quoted key\"",
        "a.b",
        "é",
    ];
    const VALUES: &[&str] = &[
        "\"error\"",
        "\"warning\"",
        "\"off\"",
        "\"hint\"",
        "\"info\"",
        "\"loud\"",
        "[\"src/**\"]",
        "[\"**/[\"]",
        "[\"{a,b\"]",
        "[\"**/vendor/**\", \"*.js\"]",
        "[\"\"]",
        "[\"/abs/**\"]",
        "[\"\\\\\"]",
        "1",
        "true",
        "{}",
        "[1, 2]",
        "\"\"\"\nx\"\"\"",
        "[",
        "\"unterminated",
    ];
    let mut text = String::new();
    for _ in 0..u.int_in_range(0..=12)? {
        match u.int_in_range(0..=3)? {
            0 => text.push_str(u.choose(SECTIONS)?),
            1 | 2 => {
                text.push_str(u.choose(KEYS)?);
                text.push_str(" = ");
                text.push_str(u.choose(VALUES)?);
            }
            _ => {
                let raw: &str = u.arbitrary()?;
                text.push_str(raw);
            }
        }
        text.push('\n');
    }
    Ok(text)
}

#[path = "../../src/lsp/transport.rs"]
mod transport;

thread_local! {
    /// Set by the panic hook [`frames_hold`] installs when a panic happens on this thread.
    static PANICKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// One LSP frame of a generated input: a body, and how its header is written.
#[derive(Debug)]
pub struct Frame {
    /// `None`: the Content-Length is the body's length; else this text instead.
    pub length: Option<String>,
    /// Other header lines before the Content-Length, and blank lines between frames.
    pub extra: String,
    pub body: Vec<u8>,
}

/// A sequence of LSP frames: JSON-RPC messages well formed or not, bodies that are no JSON,
/// headers with a missing, wrong, negative or huge Content-Length.
pub fn frames(u: &mut Unstructured) -> Result<Vec<Frame>> {
    const BODIES: &[&str] = &[
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        r#"{"jsonrpc":"2.0","id":2,"result":null}"#,
        r#"{"jsonrpc":"2.0","id":"x","error":{"code":-1,"message":"m"}}"#,
        r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.js","languageId":"javascript","version":1,"text":"ws.close(1005)"}}}"#,
        r#"{"jsonrpc":"1.0","id":1,"method":"x"}"#,
        r#"{"id":1,"method":"x"}"#,
        "[1,2]",
        "null",
        "{",
        "",
        "\u{feff}{}",
        r#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#,
        r#"{"jsonrpc":"2.0","id":null,"method":"exit"}"#,
    ];
    const LENGTHS: &[&str] = &[
        "0",
        "-1",
        "zz",
        "",
        " 2 ",
        "18446744073709551615",
        "18446744073709551616",
        "1000000000000",
        "4294967296",
        "9",
    ];
    const EXTRA: &[&str] = &[
        "",
        "\r\n",
        "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n",
        "content-length: 2\r\n",
        "X\r\n",
        ":\r\n",
        "\n",
    ];
    let mut out = Vec::new();
    for _ in 0..u.int_in_range(0..=8)? {
        let body = if u.ratio(3, 4)? {
            u.choose(BODIES)?.as_bytes().to_vec()
        } else {
            u.arbitrary::<Vec<u8>>()?
        };
        let length = if u.ratio(4, 5)? {
            None
        } else {
            Some(u.choose(LENGTHS)?.to_string())
        };
        out.push(Frame {
            length,
            extra: u.choose(EXTRA)?.to_string(),
            body,
        });
    }
    Ok(out)
}

/// The bytes of `frames` on the wire.
pub fn wire(frames: &[Frame]) -> Vec<u8> {
    let mut out = Vec::new();
    for frame in frames {
        out.extend_from_slice(frame.extra.as_bytes());
        let length = frame
            .length
            .clone()
            .unwrap_or_else(|| frame.body.len().to_string());
        out.extend_from_slice(format!("Content-Length: {length}\r\n\r\n").as_bytes());
        out.extend_from_slice(&frame.body);
    }
    out
}

/// What the server reads through the transport guard from `input`: every frame it passes on
/// is `Content-Length`-framed and decodes as a JSON-RPC request or response, and a panic
/// in the guard (which would end the session) fails. Returns how many frames came through.
pub fn frames_hold(input: Vec<u8>) -> usize {
    use tokio::io::AsyncReadExt;
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICKED.with(|p| p.set(true));
            previous(info);
        }));
    });
    PANICKED.with(|p| p.set(false));
    // As the server's runtime: the guard waits on tokio's timer for a client that stalls.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime");
    let out = runtime.block_on(async {
        let mut out = Vec::new();
        transport::guard(std::io::Cursor::new(input))
            .read_to_end(&mut out)
            .await
            .expect("the guard's output reads to its end");
        out
    });
    assert!(!PANICKED.with(|p| p.get()), "the transport guard panicked");
    let mut rest = &out[..];
    let mut count = 0;
    while !rest.is_empty() {
        let header_end = rest
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a header ends with a blank line");
        let header = std::str::from_utf8(&rest[..header_end]).expect("a UTF-8 header");
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a header of only Content-Length: {header:?}"));
        let body = &rest[header_end + 4..header_end + 4 + length];
        let decodes = serde_json::from_slice::<tower_lsp_server::jsonrpc::Request>(body).is_ok()
            || serde_json::from_slice::<tower_lsp_server::jsonrpc::Response>(body).is_ok();
        assert!(
            decodes,
            "passed on undecodable {:?}",
            String::from_utf8_lossy(body)
        );
        rest = &rest[header_end + 4 + length..];
        count += 1;
    }
    count
}
