//! Runs every annotated fixture in `tests/fixtures/<language>/` and compares what wslsp
//! finds with the markers in the file.
//!
//! Marker convention: a trailing comment on the line of a close site's code expression,
//! `// site [role=R] [code=N] [api=ID]` (no rule fires) or `// expect: rule-a, rule-b [role=R]…`
//! (exactly these rules fire). A line without a marker must hold no close site at all, which
//! is how look-alikes (`file.close()`, `setTimeout(f, 1000)`) are tested.
//!
//! `tests/manifests/<name>/` are small projects with a manifest (`package.json`, `go.mod`, …):
//! each file is analysed with the libraries its manifests make it the own code of
//! ([`wslsp::manifest`]), as `wslsp check` and the server do. A project named after a library
//! must find that library's own calls; a look-alike project holding the same calls under
//! another name must not.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use wslsp::analysis::{Options, analyze_bytes};
use wslsp::budget::Budget;
use wslsp::languages::Language;
use wslsp::manifest::Manifests;
use wslsp::position::{ColumnUnit, LineIndex};

#[derive(Debug, Default, PartialEq, Eq)]
struct Expected {
    rules: Vec<String>,
    fields: BTreeMap<String, String>,
}

/// The markers of a fixture, by 1-based line.
fn markers(text: &str, comment: &str) -> BTreeMap<usize, Expected> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let Some(marker) = find_marker(line, comment) else {
            continue;
        };
        let mut expected = Expected::default();
        let rest = if let Some(rest) = marker.strip_prefix("expect:") {
            let (rules, fields) = match rest.find('=') {
                Some(eq) => {
                    let cut = rest[..eq].rfind(' ').unwrap_or(0);
                    (&rest[..cut], &rest[cut..])
                }
                None => (rest, ""),
            };
            expected.rules = rules
                .split(',')
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty())
                .collect();
            expected.rules.sort();
            fields
        } else {
            marker.strip_prefix("site").unwrap_or("")
        };
        for field in rest.split_whitespace() {
            if let Some((k, v)) = field.split_once('=') {
                expected.fields.insert(k.to_owned(), v.to_owned());
            }
        }
        out.insert(i + 1, expected);
    }
    out
}

/// The text after `// site` / `// expect:` in a trailing comment, if the line has one.
fn find_marker<'a>(line: &'a str, comment: &str) -> Option<&'a str> {
    let mut search = 0;
    while let Some(at) = line[search..].find(comment) {
        let after = line[search + at + comment.len()..].trim_start();
        if after.starts_with("expect:") || after == "site" || after.starts_with("site ") {
            return Some(after);
        }
        search += at + comment.len();
    }
    None
}

fn fixture_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut stack = vec![root.join("tests/fixtures"), root.join("tests/manifests")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if Language::from_path(&path).is_some() {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// What wslsp reports, in the same shape as the markers, for the file at `path` (its
/// manifests give the libraries whose own code it is).
fn actual(
    text: &str,
    language: Language,
    path: &Path,
    manifests: &Manifests,
) -> BTreeMap<usize, Expected> {
    let options = Options {
        own_libraries: manifests.own_libraries(path),
        ..Options::default()
    };
    // As `wslsp check` runs it: the byte prefilter first.
    let analysis = analyze_bytes(
        language,
        text.as_bytes(),
        usize::MAX,
        &options,
        &Budget::unlimited(),
        None,
    )
    .expect("a fixture is analysed")
    .analysis;
    let index = LineIndex::new(text);
    let mut out: BTreeMap<usize, Expected> = BTreeMap::new();
    for (i, site) in analysis.sites.iter().enumerate() {
        let line = index
            .position(text, site.code_range.start, ColumnUnit::Utf8)
            .line as usize
            + 1;
        let entry = out.entry(line).or_default();
        let mut rules: Vec<String> = analysis
            .findings
            .iter()
            .filter(|f| f.site == Some(i))
            .map(|f| f.rule.to_owned())
            .collect();
        entry.rules.append(&mut rules);
        entry.rules.sort();
        entry.fields.insert("role".into(), site.role.name().into());
        entry.fields.insert("code".into(), site.code.to_string());
        entry.fields.insert("api".into(), site.api.into());
    }
    out
}

#[test]
fn every_fixture_matches_its_markers() {
    let mut failures = Vec::new();
    let mut checked_sites = 0;
    let manifests = Manifests::new();
    for path in fixture_files() {
        let language = Language::from_path(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = markers(&text, language.comment_prefix());
        let actual = actual(&text, language, &path, &manifests);
        let name = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .display()
            .to_string();
        let lines: Vec<&str> = text.lines().collect();
        let all_lines: std::collections::BTreeSet<usize> =
            expected.keys().chain(actual.keys()).copied().collect();
        for line in all_lines {
            let src = lines.get(line - 1).map_or("", |l| l.trim());
            match (expected.get(&line), actual.get(&line)) {
                (Some(_), None) => failures.push(format!("{name}:{line}: missed site: {src}")),
                (None, Some(a)) => failures.push(format!(
                    "{name}:{line}: unexpected site {:?} {:?}: {src}",
                    a.rules, a.fields
                )),
                (Some(e), Some(a)) => {
                    checked_sites += 1;
                    if e.rules != a.rules {
                        failures.push(format!(
                            "{name}:{line}: rules {:?}, expected {:?}: {src}",
                            a.rules, e.rules
                        ));
                    }
                    for (k, v) in &e.fields {
                        if a.fields.get(k) != Some(v) {
                            failures.push(format!(
                                "{name}:{line}: {k}={}, expected {k}={v}: {src}",
                                a.fields.get(k).map_or("?", |s| s.as_str())
                            ));
                        }
                    }
                }
                (None, None) => {}
            }
        }
    }
    assert!(checked_sites > 0, "no fixture sites were checked");
    assert!(
        failures.is_empty(),
        "{} fixture mismatches ({checked_sites} sites matched):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
