//! The language server's hot paths, in process, on a 20,000-line JavaScript file with a close
//! call every eight lines (2,500 sites):
//!
//! - `hover`: a hover request's work on a snapshot (site lookup, findings, Markdown).
//! - `change_to_diagnostics`: one one-character `didChange` until its diagnostics are ready:
//!   the text edit, `Tree::edit`, the incremental reparse, `analyze_tree`, and the conversion of
//!   every finding to an LSP diagnostic.
//! - `incremental_reparse`: tree-sitter's own `Tree::edit` + reparse of the same edit, the floor
//!   the line above is compared with.
//! - `analyze_tree`: the analysis alone, on the parsed tree.
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
#[allow(dead_code)]
#[path = "../src/lsp/diagnostics.rs"]
mod diagnostics;
#[allow(dead_code)]
#[path = "../src/lsp/document.rs"]
mod document;
#[allow(dead_code)]
#[path = "../src/lsp/encoding.rs"]
mod encoding;
#[allow(dead_code)]
#[path = "../src/lsp/hover.rs"]
mod hover;
#[allow(dead_code)]
#[path = "../src/lsp/settings.rs"]
mod settings;

use document::{Document, Snapshot};
use encoding::Encoding;
use settings::Settings;

const LINES: usize = 20_000;
const CODES: [u32; 7] = [1000, 1006, 1008, 4001, 1011, 2500, 1010];

/// A `ws` server file of [`LINES`] lines with a close call in every eight-line handler.
fn source() -> String {
    let mut text = String::from(
        "import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (socket) => {\n",
    );
    let (mut i, mut lines) = (0, 3);
    while lines + 8 < LINES {
        let code = CODES[i % CODES.len()];
        text.push_str(&format!(
            "  function handler{i}(msg) {{\n    const data = JSON.parse(msg);\n    if (!data.ok) {{\n      socket.close({code}, \"bad message {i}\");\n      return;\n    }}\n    console.log(data.value + {i});\n  }}\n"
        ));
        i += 1;
        lines += 8;
    }
    while lines < LINES - 1 {
        text.push_str("  // end\n");
        lines += 1;
    }
    text.push_str("});\n");
    text
}

fn uri() -> Uri {
    "file:///bench/server.js".parse().unwrap()
}

/// The line and column of the code of the close call in the middle of the file.
fn middle_code(text: &str) -> (usize, Position) {
    let line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("socket.close("))
        .nth(1_250)
        .unwrap()
        .0;
    let column = text.lines().nth(line).unwrap().find('(').unwrap() + 1;
    let offset = text.lines().take(line).map(|l| l.len() + 1).sum::<usize>() + column;
    (offset, Position::new(line as u32, column as u32))
}

fn snapshot(doc: &Document) -> Snapshot {
    doc.snapshot(&uri(), Encoding::Utf16, &Arc::new(Settings::default()))
}

fn main() {
    if std::env::var_os("SCRATCH").is_some() {
        scratch();
        return;
    }
    report_memory();
    divan::main();
}

/// Resident memory of 100 open 20,000-line documents (text, line index, tree, analysis).
fn report_memory() {
    fn rss_kib() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
    let text = source();
    let before = rss_kib();
    let docs: Vec<Document> = (0..100)
        .map(|i| Document::open(Some(Language::JavaScript), text.clone(), i))
        .collect();
    let after = rss_kib();
    if let (Some(before), Some(after)) = (before, after) {
        println!(
            "100 open documents of {} lines ({} KiB of text each): {} MiB resident ({} KiB each)",
            LINES,
            text.len() / 1024,
            (after.saturating_sub(before)) / 1024,
            (after.saturating_sub(before)) / 100
        );
    }
    drop(docs);
}

#[divan::bench]
fn hover(bencher: Bencher) {
    let doc = Document::open(Some(Language::JavaScript), source(), 1);
    let snap = snapshot(&doc);
    let (_, pos) = middle_code(&snap.text);
    assert!(hover::hover(&snap, pos, true).is_some());
    bencher.bench_local(|| hover::hover(black_box(&snap), black_box(pos), true));
}

/// The one-character edit the two benchmarks below make: the last digit of the middle code,
/// toggled between two values on each run so the document stays the same size.
fn toggle(text: &str, offset: usize) -> (usize, &'static str) {
    let at = offset + 3;
    let new = if &text[at..at + 1] == "7" { "8" } else { "7" };
    (at, new)
}

#[divan::bench]
fn change_to_diagnostics(bencher: Bencher) {
    let mut doc = Document::open(Some(Language::JavaScript), source(), 1);
    let (offset, pos) = middle_code(&doc.text);
    let settings = Arc::new(Settings::default());
    let uri = uri();
    bencher.bench_local(|| {
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
        doc.refresh();
        let snap = doc.snapshot(&uri, Encoding::Utf16, &settings);
        black_box(diagnostics::diagnostics(&snap).len())
    });
}

#[divan::bench]
fn incremental_reparse(bencher: Bencher) {
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
    bencher.bench_local(|| {
        let mut old = tree.clone();
        old.edit(&edit);
        analysis::parse(Language::JavaScript, black_box(&after), Some(&old))
    });
}

#[divan::bench]
fn analyze_tree(bencher: Bencher) {
    let text = source();
    let tree = analysis::parse(Language::JavaScript, &text, None).unwrap();
    bencher.bench_local(|| analysis::analyze_tree(Language::JavaScript, black_box(&tree), &text));
}

#[test]
fn scratch_patterns() {}

pub fn scratch() {
    use tree_sitter::{Query, QueryCursor, StreamingIterator};
    let text = source();
    let tree = analysis::parse(Language::JavaScript, &text, None).unwrap();
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/queries/javascript.scm"
    ))
    .unwrap();
    let grammar = Language::JavaScript.grammar();
    let full = Query::new(&grammar, &src).unwrap();
    let n = full.pattern_count();
    let time = |q: &Query| {
        let start = std::time::Instant::now();
        let mut count = 0;
        for _ in 0..3 {
            let mut cursor = QueryCursor::new();
            let mut m = cursor.matches(q, tree.root_node(), text.as_bytes());
            while m.next().is_some() {
                count += 1;
            }
        }
        (start.elapsed() / 3, count / 3)
    };
    println!("all {n} patterns: {:?}", time(&full));
    for i in 0..n {
        let mut q = Query::new(&grammar, &src).unwrap();
        for j in 0..n {
            if j != i {
                q.disable_pattern(j);
            }
        }
        let (t, c) = time(&q);
        let start = full.start_byte_for_pattern(i);
        let line = src[..start].matches('\n').count() + 1;
        println!("pattern {i} (line {line}): {t:?} {c} matches");
    }
}
