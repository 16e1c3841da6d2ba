//! The language server's incremental analysis ([`analysis::Incremental`]) against the reference
//! [`analysis::analyze_tree`]: after every one of many pseudo-random edits of every fixture,
//! both must give the same analysis of the same text.

use std::path::{Path, PathBuf};

mod fuzz_support;

use fuzz_support::{edit, first_difference, floor_char};
use tree_sitter::Tree;
use wslsp::analysis::{self, ByteEdit, Incremental};
use wslsp::languages::Language;

/// A fixed-seed linear congruential generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if Language::from_path(&path).is_some() {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &mut out,
    );
    assert!(out.len() > 20, "fixtures found: {}", out.len());
    out
}

/// Byte offsets of interesting places: imports and close calls, where edits matter most.
fn hot_spots(text: &str) -> Vec<usize> {
    let needles = [
        "import", "require", "use ", "from", ".close(", "Close", "close", "const", "(",
    ];
    needles
        .iter()
        .flat_map(|n| text.match_indices(n).map(|(i, _)| i))
        .collect()
}

/// One random edit of `text`: a byte range to replace and its replacement.
fn random_edit(rng: &mut Lcg, text: &str) -> (usize, usize, String) {
    const CHARS: &[&str] = &[
        "a", "1", "0", " ", "(", ")", "{", "}", ",", ".", ";", "\"", "'", "\n", "ws", "#", "//",
        "é",
    ];
    let spots = hot_spots(text);
    let at = if !spots.is_empty() && rng.below(2) == 0 {
        let spot = spots[rng.below(spots.len())];
        floor_char(text, spot + rng.below(12))
    } else {
        floor_char(text, rng.below(text.len() + 1))
    };
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    match rng.below(6) {
        // insert one character
        0 | 1 => (at, at, CHARS[rng.below(CHARS.len())].to_owned()),
        // delete one character
        2 | 3 => {
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            (at, end, String::new())
        }
        // delete a whole line
        4 => (line_start, line_end, String::new()),
        // duplicate a whole line (insert a line)
        _ => (
            line_start,
            line_start,
            text[line_start..line_end].to_owned(),
        ),
    }
}

fn check_file(path: &Path, edits: usize, seed: u64) {
    let language = Language::from_path(path).unwrap();
    let mut text = std::fs::read_to_string(path).unwrap();
    let mut tree: Tree = analysis::parse(language, &text, None).unwrap();
    let mut incremental = Incremental::default();
    assert_eq!(
        incremental.analyze(language, &tree, &text, None),
        analysis::analyze_tree(language, &tree, &text),
        "{} as opened",
        path.display()
    );
    let mut rng = Lcg(seed);
    for step in 0..edits {
        // Sometimes several edits before one reparse, as a client's batched didChange.
        let batch = if rng.below(5) == 0 {
            2 + rng.below(3)
        } else {
            1
        };
        let mut merged: Option<ByteEdit> = None;
        let mut old = tree.clone();
        for _ in 0..batch {
            let (start, end, new) = random_edit(&mut rng, &text);
            let edit = edit(&mut text, &mut old, start, end, &new);
            merged = Some(merged.map_or(edit, |m| m.then(edit)));
        }
        tree = analysis::parse(language, &text, Some(&old)).unwrap();
        let got = incremental.analyze(language, &tree, &text, merged);
        let want = analysis::analyze_tree(language, &tree, &text);
        if got != want {
            panic!(
                "{} after edit {step} (seed {seed}): {}\ntext:\n{text}",
                path.display(),
                first_difference(&got, &want)
            );
        }
    }
}

#[test]
fn incremental_analysis_equals_analyze_tree_after_random_edits() {
    for (i, path) in fixtures().iter().enumerate() {
        check_file(path, 120, 0x5eed + i as u64);
    }
}

/// Files longer than a chunk, so that most of the tree is kept between edits.
#[test]
fn incremental_analysis_equals_analyze_tree_on_long_files() {
    let dir = tempfile::tempdir().unwrap();
    for (i, path) in fixtures().iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap();
        let long = dir.path().join(path.file_name().unwrap());
        std::fs::write(&long, text.repeat(8)).unwrap();
        check_file(&long, 60, 0xface + i as u64);
    }
}
