//! The language server's hot paths, in process, on a 20,000-line JavaScript file with a close
//! call every eight lines (2,500 sites):
//!
//! - `hover`: a hover request's work on a snapshot (site lookup, findings, Markdown).
//! - `change_to_diagnostics`: one one-character `didChange` until its diagnostics are ready:
//!   the text edit, `Tree::edit`, the incremental reparse, the incremental re-analysis
//!   (`analysis::Incremental`: only the parts of the tree the edit touched are queried again),
//!   and the conversion of every finding to an LSP diagnostic.
//! - `incremental_reparse`: tree-sitter's own `Tree::edit` + reparse of the same edit, the floor
//!   the line above is compared with.
//! - `analyze_tree`: the from-scratch analysis alone (what `wslsp check` runs, and what the
//!   server ran after every edit before `analysis::Incremental`), on the parsed tree.
//!
//! Before the benchmarks, it prints the resident memory of 100 such documents held open.
//!
//! Run: `cargo bench --bench lsp`.
//!
//! The server's modules are compiled in here from `src/lsp/` (they belong to the binary, which
//! a bench cannot link), so this measures the server's own code.

use std::sync::Arc;

use divan::{Bencher, black_box};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};
use tree_sitter::{InputEdit, Point};
use wslsp::analysis;
use wslsp::languages::Language;

// At the crate root, so that their `super::` paths find one another as in the binary.
#[allow(dead_code, unused_imports)]
#[path = "../src/lsp/diagnostics.rs"]
mod diagnostics;
#[allow(dead_code, unused_imports)]
#[path = "../src/lsp/document.rs"]
mod document;
#[allow(dead_code, unused_imports)]
#[path = "../src/lsp/encoding.rs"]
mod encoding;
#[allow(dead_code, unused_imports)]
#[path = "../src/lsp/hover.rs"]
mod hover;
#[allow(dead_code, unused_imports)]
#[path = "../src/lsp/settings.rs"]
mod settings;
#[allow(dead_code, unused_imports)]
#[path = "../src/lsp/trees.rs"]
mod trees;

use document::{Document, Snapshot};
use encoding::Encoding;
use settings::Settings;

#[path = "support/mod.rs"]
mod support;

use support::{LINES, source};

fn uri() -> Uri {
    "file:///bench/server.js".parse().unwrap()
}

/// The byte offset and LSP position of the code of the close call in the middle of the file.
fn middle_code(text: &str) -> (usize, Position) {
    let (line, column, offset) = support::code_of_site(text, 1_250);
    (offset, Position::new(line as u32, column as u32))
}

fn snapshot(doc: &Document) -> Snapshot {
    doc.snapshot(&uri(), Encoding::Utf16, &Arc::new(Settings::default()))
}

fn main() {
    report_memory();
    report_percentiles();
    divan::main();
}

/// Resident memory of 100 open 20,000-line documents (text, line index, tree, analysis), and
/// of 100 bare tree-sitter trees of the same text for comparison. Both stay alive until the end,
/// so that neither measurement reuses memory the other freed.
fn report_memory() {
    fn rss_kib() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            .unwrap_or(0)
    }
    let text = source();
    let start = rss_kib();
    let trees: Vec<_> = (0..100)
        .map(|_| analysis::parse(Language::JavaScript, &text, None).unwrap())
        .collect();
    let with_trees = rss_kib();
    let docs: Vec<Document> = (0..100)
        .map(|i| Document::open(Some(Language::JavaScript), text.clone(), i))
        .collect();
    let with_docs = rss_kib();
    println!(
        "100 open documents of {LINES} lines ({} KiB of text each): {} MiB resident \
         ({} KiB each); 100 bare tree-sitter trees: {} MiB",
        text.len() / 1024,
        (with_docs - with_trees) / 1024,
        (with_docs - with_trees) / 100,
        (with_trees - start) / 1024,
    );
    drop((docs, trees));
}

/// Median and 99th percentile of `runs` timed calls of `f`, printed.
fn percentiles(name: &str, runs: usize, mut f: impl FnMut()) {
    let mut times: Vec<std::time::Duration> = (0..runs)
        .map(|_| {
            let start = std::time::Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((runs as f64 * q) as usize).min(runs - 1)];
    println!(
        "{name:<24} median {:>10.3?}   p99 {:>10.3?}   ({runs} runs)",
        at(0.5),
        at(0.99)
    );
}

/// The same work as the divan benchmarks below, with the 99th percentile divan does not give.
fn report_percentiles() {
    let mut doc = Document::open(Some(Language::JavaScript), source(), 1);
    let snap = snapshot(&doc);
    let (offset, pos) = middle_code(&snap.text);
    percentiles("hover", 2_000, || {
        black_box(hover::hover(black_box(&snap), black_box(pos), true));
    });
    drop(snap);
    let mut reparse = incremental_reparse_fixture();
    percentiles("incremental_reparse", 200, || {
        black_box(reparse());
    });
    let settings = Arc::new(Settings::default());
    percentiles("change_to_diagnostics", 500, || {
        black_box(change_to_diagnostics_once(&mut doc, offset, pos, &settings));
    });
    let text = source();
    let tree = analysis::parse(Language::JavaScript, &text, None).unwrap();
    percentiles("analyze_tree (full)", 30, || {
        black_box(analysis::analyze_tree(Language::JavaScript, &tree, &text));
    });
}

#[divan::bench]
fn hover(bencher: Bencher) {
    let doc = Document::open(Some(Language::JavaScript), source(), 1);
    let snap = snapshot(&doc);
    let (_, pos) = middle_code(&snap.text);
    assert!(hover::hover(&snap, pos, true).is_some());
    bencher.bench_local(|| hover::hover(black_box(&snap), black_box(pos), true));
}

/// The one-character edit the two benchmarks below make ([`support::toggled_digit`]).
fn toggle(text: &str, offset: usize) -> (usize, &'static str) {
    (offset + 3, support::toggled_digit(text, offset))
}

/// One one-character `didChange`, applied, reparsed, analysed and turned into diagnostics.
fn change_to_diagnostics_once(
    doc: &mut Document,
    offset: usize,
    pos: Position,
    settings: &Arc<Settings>,
) -> usize {
    let (_, new) = toggle(&doc.text, offset);
    let at = Position::new(pos.line, pos.character + 3);
    doc.apply_change(
        &TextDocumentContentChangeEvent {
            range: Some(Range::new(at, Position::new(at.line, at.character + 1))),
            range_length: None,
            text: new.to_owned(),
        },
        Encoding::Utf16,
    );
    doc.refresh(None, None);
    let snap = doc.snapshot(&uri(), Encoding::Utf16, settings);
    diagnostics::diagnostics(&snap).len()
}

#[divan::bench]
fn change_to_diagnostics(bencher: Bencher) {
    let mut doc = Document::open(Some(Language::JavaScript), source(), 1);
    let (offset, pos) = middle_code(&doc.text);
    let settings = Arc::new(Settings::default());
    bencher.bench_local(|| change_to_diagnostics_once(&mut doc, offset, pos, &settings));
}

/// `Tree::edit` + incremental reparse of the edit the benchmark above makes.
fn incremental_reparse_fixture() -> impl FnMut() -> Option<tree_sitter::Tree> {
    let before = source();
    let (offset, pos) = middle_code(&before);
    let (at, new) = toggle(&before, offset);
    let mut after = before.clone();
    after.replace_range(at..at + 1, new);
    let tree = analysis::parse(Language::JavaScript, &before, None).unwrap();
    let point = Point::new(pos.line as usize, pos.character as usize + 3);
    let edit = InputEdit {
        start_byte: at,
        old_end_byte: at + 1,
        new_end_byte: at + 1,
        start_position: point,
        old_end_position: Point::new(point.row, point.column + 1),
        new_end_position: Point::new(point.row, point.column + 1),
    };
    move || {
        let mut old = tree.clone();
        old.edit(&edit);
        analysis::parse(Language::JavaScript, black_box(&after), Some(&old))
    }
}

#[divan::bench]
fn incremental_reparse(bencher: Bencher) {
    let mut reparse = incremental_reparse_fixture();
    bencher.bench_local(&mut reparse);
}

#[divan::bench]
fn analyze_tree(bencher: Bencher) {
    let text = source();
    let tree = analysis::parse(Language::JavaScript, &text, None).unwrap();
    bencher.bench_local(|| analysis::analyze_tree(Language::JavaScript, black_box(&tree), &text));
}
