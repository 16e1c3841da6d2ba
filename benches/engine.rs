//! Hot paths of the engine, each beside a reference run on the same bytes in the same process:
//!
//! - `prefilter` vs `memmem_reference`: the byte prefilter that decides whether a file is
//!   parsed, against a plain substring search (what `rg` does per file).
//! - `analyze` vs `parse_reference`: the whole analysis of a file with close calls, against
//!   tree-sitter's parse alone.
//!
//! Run: `cargo bench --bench engine`. Report the ratios, not the absolute times.

use divan::{Bencher, black_box};
use wslsp::analysis;
use wslsp::languages::Language;

fn main() {
    divan::main();
}

/// The example tree's files of `language`, concatenated and repeated to about 1 MB, so the
/// measurement is dominated by per-byte work.
fn corpus(language: Language) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut text = String::new();
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if Language::from_path(&path) == Some(language) {
                text.push_str(&std::fs::read_to_string(&path).unwrap());
                text.push('\n');
            }
        }
    }
    assert!(!text.is_empty(), "examples/ has {} files", language.name());
    let copies = (1_000_000 / text.len()).max(1);
    text.repeat(copies)
}

/// Source with no close call at all, as most files are: the prefilter's common case.
fn plain_corpus() -> String {
    "function add(a, b) { return a + b; }\nconst list = [1, 2, 3].map((x) => add(x, 1));\n"
        .repeat(12_000)
}

const LANGS: [Language; 4] = [
    Language::JavaScript,
    Language::Python,
    Language::Go,
    Language::Rust,
];

#[divan::bench(args = LANGS, sample_count = 10)]
fn analyze(bencher: Bencher, language: Language) {
    let text = corpus(language);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| analysis::analyze(language, black_box(&text)));
}

#[divan::bench(args = LANGS, sample_count = 10)]
fn parse_reference(bencher: Bencher, language: Language) {
    let text = corpus(language);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| analysis::parse(language, black_box(&text), None));
}

#[divan::bench(sample_count = 50)]
fn prefilter(bencher: Bencher) {
    let text = plain_corpus();
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| Language::JavaScript.may_contain_close_site(black_box(text.as_bytes())));
}

#[divan::bench(sample_count = 50)]
fn memmem_reference(bencher: Bencher) {
    let text = plain_corpus();
    let finder = memchr::memmem::Finder::new(b"close(");
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| finder.find_iter(black_box(text.as_bytes())).count());
}
