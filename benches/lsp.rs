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
//! Before the benchmarks, it prints what one such document holds, part by part, in bytes
//! allocated (glibc's `mallinfo2`), and what the tree-cost estimate says.
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

/// The bytes allocated and not yet freed, C allocations included (tree-sitter's trees are
/// `malloc`ed), from glibc's `mallinfo2`; the benchmark is one thread, so the main arena holds
/// them all. `None` elsewhere.
fn allocated() -> Option<usize> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `mallinfo2` only reads the allocator's statistics.
        let info = unsafe { libc::mallinfo2() };
        Some(info.uordblks + info.hblkhd)
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    None
}

/// What one open 20,000-line document holds, part by part, in bytes allocated: what
/// [`Document::tree_cost`] estimates, and what a document keeps once it dropped its tree.
fn report_memory() {
    if allocated().is_none() {
        return;
    }
    let live = || allocated().unwrap_or(0);
    let kib = |bytes: usize| bytes / 1024;
    let text = source();
    let before = live();
    let tree = analysis::parse(Language::JavaScript, &text, None).unwrap();
    let tree_bytes = live().saturating_sub(before);
    let nodes = tree.root_node().descendant_count();
    drop(tree);
    let base = live();
    let mut doc = Document::open(Some(Language::JavaScript), text.clone(), 1);
    let open = live().saturating_sub(base);
    let estimate = doc.tree_cost();
    let before = live();
    let snap = snapshot(&doc);
    let diagnostics = diagnostics::diagnostics(&snap).len();
    let snapshot_bytes = live().saturating_sub(before);
    drop(snap);
    // The analysis, part by part (each measured as a copy of it).
    let size_of = |f: &dyn Fn() -> Box<dyn std::any::Any>| {
        let before = live();
        let copy = f();
        let bytes = live().saturating_sub(before);
        drop(copy);
        bytes
    };
    let analysis = &doc.analysis;
    let sites = size_of(&|| Box::new(analysis.sites.clone()));
    let findings = size_of(&|| Box::new(analysis.findings.clone()));
    let facts = size_of(&|| Box::new(analysis.facts.clone()));
    let (site_count, finding_count) = (analysis.sites.len(), analysis.findings.len());
    // The facts go to the project index; the document keeps what requests read.
    doc.drop_tree();
    doc.settle();
    let kept = live().saturating_sub(base);
    println!(
        "its analysis: {site_count} sites {} KiB, {finding_count} findings {} KiB, facts {} KiB \
         (handed to the project index, not kept)",
        kib(sites),
        kib(findings),
        kib(facts),
    );
    println!(
        "one document of {LINES} lines ({} KiB of text): {} KiB with its tree and analysis \
         cache (estimated {} KiB); {} KiB without them; its snapshot's {diagnostics} \
         diagnostics {} KiB; a bare tree {} KiB, {nodes} nodes, {} bytes a node",
        kib(text.len()),
        kib(open),
        kib(estimate),
        kib(kept),
        kib(snapshot_bytes),
        kib(tree_bytes),
        tree_bytes / nodes.max(1),
    );
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
