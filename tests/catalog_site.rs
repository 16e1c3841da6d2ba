//! `wslsp catalog --out DIR`: the static site of the catalog and the rules. The files are
//! checked as text here (every page in every locale, its head, its links, escaping, the base
//! URL), and in a real browser by `tests/catalog_site/run.sh`: Debian's Chromium loads every
//! page, with no console error and no network, follows the links, types in the filter box and
//! reads each locale's text.
//!
//! The script exits 77 when this platform cannot run it (no apt-get, no root, Node.js too old);
//! the test then prints `SKIPPED: …` where `cargo test` shows it, and fails when `CI` is set.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::json;
use wslsp::catalog::{Entry, catalog};
use wslsp::locale::{Locale, labels};
use wslsp::rules;

/// The exit status the browser script uses for "this platform cannot run me".
const SKIPPED: i32 = 77;

fn wslsp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wslsp"))
        .args(args)
        .output()
        .expect("the wslsp binary runs")
}

/// A fresh site in a temporary directory, written with `extra` arguments.
fn site(extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let mut args = vec!["catalog", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let output = wslsp(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join("site").join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every HTML file under `dir`, as paths relative to it with `/`.
fn pages(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let relative = path.strip_prefix(dir).unwrap();
                found.push(relative.to_str().unwrap().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

/// The values of `attribute="…"` in `html`.
fn attributes<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let start = i + needle.len();
            html[start..].find('"').map(|end| &html[start..start + end])
        })
        .collect()
}

/// The key of the entry a code resolves to (`"1008"`, `"4000-4999"`).
fn key(code: u16) -> String {
    catalog().lookup(code).key()
}

/// The pages one locale must have, computed from the catalog and the rules independently of
/// the site writer: index, entries, the pairs `confused_with` names, rules.
fn expected_locale_pages() -> BTreeSet<String> {
    let mut expected: BTreeSet<String> = ["index.html".to_owned()].into();
    for entry in catalog().entries() {
        expected.insert(format!("{}.html", entry.key()));
        for c in &entry.confused_with {
            let other: &Entry = catalog().lookup(c.code);
            let (a, b) = if entry.first < other.first {
                (entry, other)
            } else {
                (other, entry)
            };
            expected.insert(format!("{}-vs-{}.html", a.key(), b.key()));
        }
    }
    for rule in rules::all() {
        expected.insert(format!("rules/{}.html", rule.id));
    }
    expected
}

#[test]
fn the_site_has_every_code_range_pair_and_rule_in_every_locale() {
    let dir = site(&[]);
    let root = dir.path().join("site");
    let found: BTreeSet<String> = pages(&root).into_iter().collect();
    let per_locale = expected_locale_pages();
    let mut expected: BTreeSet<String> = ["index.html".to_owned()].into();
    for locale in Locale::ALL {
        expected.extend(per_locale.iter().map(|p| format!("{}/{p}", locale.tag())));
    }
    assert_eq!(found, expected);
    assert!(per_locale.contains("1008-vs-1010.html"));
    assert!(per_locale.contains("0-999-vs-4000-4999.html"));
    assert!(root.join("style.css").is_file() && root.join("filter.js").is_file());
    // The walk in the test agrees with what the command says it wrote.
    let out = wslsp(&["catalog", "--out", root.to_str().unwrap()]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("wrote {} pages", expected.len())),
        "{stderr}"
    );
}

#[test]
fn every_page_has_its_lang_canonical_alternates_title_and_description() {
    let dir = site(&[]);
    let root = dir.path().join("site");
    for page in pages(&root) {
        let html = read(dir.path(), &page);
        let (locale, inside) = page.split_once('/').unwrap_or(("en", &page));
        assert!(
            html.starts_with(&format!("<!doctype html>\n<html lang=\"{locale}\">")),
            "{page}"
        );
        let title = html
            .split_once("<title>")
            .and_then(|(_, rest)| rest.split_once("</title>"))
            .map(|(title, _)| title)
            .unwrap_or_default();
        assert!(!title.trim().is_empty(), "{page}: no title");
        assert!(
            html.contains("<meta name=\"description\" content=\"")
                && !html.contains("content=\"\""),
            "{page}: no description"
        );
        assert!(html.contains("<link rel=\"canonical\" href=\""), "{page}");
        let alternates = html.matches("<link rel=\"alternate\" hreflang=").count();
        assert_eq!(
            alternates,
            Locale::ALL.len() + usize::from(page.contains('/')),
            "{page}"
        );
        for other in Locale::ALL {
            let href = if page.contains('/') {
                let up = "../".repeat(inside.matches('/').count() + 1);
                format!(
                    "hreflang=\"{}\" href=\"{up}{}/{inside}\"",
                    other.tag(),
                    other.tag()
                )
            } else {
                format!(
                    "hreflang=\"{}\" href=\"{}/index.html\"",
                    other.tag(),
                    other.tag()
                )
            };
            assert!(html.contains(&href), "{page}: {href}");
        }
        // Every relative link names a file of the site.
        let base = root.join(&page);
        let base = base.parent().unwrap();
        for target in attributes(&html, "href")
            .into_iter()
            .chain(attributes(&html, "src"))
        {
            if target.starts_with("https://") || target.starts_with("http://") {
                continue;
            }
            let file = target.split('#').next().unwrap();
            assert!(base.join(file).is_file(), "{page}: broken link {target}");
        }
    }
}

#[test]
fn pages_link_codes_pairs_and_rules_to_each_other() {
    let dir = site(&[]);
    let code = read(dir.path(), "fr/1010.html");
    for link in [
        "href=\"1008.html\"",
        "href=\"1008-vs-1010.html\"",
        "href=\"rules/client-only-code.html\"",
        "href=\"rules/browser-close-code.html\"",
    ] {
        assert!(code.contains(link), "fr/1010.html lacks {link}");
    }
    let pair = read(dir.path(), "fr/1008-vs-1010.html");
    for link in [
        "href=\"1008.html\"",
        "href=\"1010.html\"",
        "href=\"rules/client-only-code.html\"",
    ] {
        assert!(pair.contains(link), "fr/1008-vs-1010.html lacks {link}");
    }
    let rule = read(dir.path(), "fr/rules/client-only-code.html");
    assert!(rule.contains("href=\"../1010.html\""), "{rule}");
    assert!(rule.contains("href=\"../index.html\""));
    // A range's page links to the rules about the codes in it, and pairs name it by its key.
    let range = read(dir.path(), "ja/3000-3999.html");
    assert!(range.contains("href=\"rules/unregistered-code.html\""));
    assert!(range.contains(&format!("href=\"3000-3999-vs-{}.html\"", key(4000))));
    let index = read(dir.path(), "pt-BR/index.html");
    for page in expected_locale_pages()
        .iter()
        .filter(|p| *p != "index.html")
    {
        assert!(
            index.contains(&format!("href=\"{page}\"")),
            "the index lacks {page}"
        );
    }
}

#[test]
fn each_locale_writes_its_own_words_and_html_is_escaped() {
    let dir = site(&[]);
    for locale in Locale::ALL {
        let l = labels(locale);
        let html = read(dir.path(), &format!("{}/1008-vs-1010.html", locale.tag()));
        let text = catalog().lookup(1008).text(locale);
        for part in [&l.key_differences, &l.when_to_use, &l.sent_by] {
            assert!(html.contains(part.as_str()), "{locale}: {part}");
        }
        // Catalog prose has apostrophes and the like: escaped as HTML requires.
        let escaped = text.meaning.replace('&', "&amp;").replace('\'', "&#39;");
        assert!(html.contains(&escaped), "{locale}: meaning of 1008");
        let rule = read(
            dir.path(),
            &format!("{}/rules/reserved-code.html", locale.tag()),
        );
        assert!(
            rule.contains("<pre><code>ws.close(1006, &quot;lost upstream&quot;)</code></pre>"),
            "{locale}"
        );
        assert!(
            rule.contains("<code>wslsp-ignore: reserved-code</code>"),
            "{locale}"
        );
    }
}

#[test]
fn a_base_url_makes_canonical_and_alternate_links_absolute() {
    let dir = site(&["--base-url", "https://example.org/ws-codes/"]);
    let page = read(dir.path(), "vi/rules/reason-too-long.html");
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https://example.org/ws-codes/vi/rules/reason-too-long.html\">"
    ));
    assert!(page.contains(
        "hreflang=\"ja\" href=\"https://example.org/ws-codes/ja/rules/reason-too-long.html\""
    ));
    // Navigation stays relative, so the site still works from the file system.
    assert!(page.contains("<a href=\"../../ja/rules/reason-too-long.html\" hreflang=\"ja\""));
    let root = read(dir.path(), "index.html");
    assert!(root.contains("<link rel=\"canonical\" href=\"https://example.org/ws-codes/\">"));

    for bad in [
        "example.org",
        "ftp://example.org",
        "https://example.org/?q=1",
    ] {
        let out = wslsp(&[
            "catalog",
            "--out",
            "/nonexistent-wslsp-site",
            "--base-url",
            bad,
        ]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--base-url"));
    }
}

/// Rule documentation links are the site's rule pages once `SITE_URL` is set, and the site's
/// path for a rule is the one the link names.
#[test]
fn rule_doc_urls_follow_the_site_setting() {
    let rule = rules::by_id("reserved-code").unwrap();
    match rules::SITE_URL {
        Some(site) => assert_eq!(
            rule.doc_url(),
            format!("{site}/en/rules/reserved-code.html")
        ),
        None => assert!(rule.doc_url().ends_with("/docs/rules/reserved-code.md")),
    }
    assert_eq!(rule.site_path(), "rules/reserved-code.html");
}

fn visible(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

/// What the browser must read on each locale's `1008-vs-1010.html` and find with the filter.
fn browser_expectations() -> serde_json::Value {
    let mut expected = serde_json::Map::new();
    for locale in Locale::ALL {
        let l = labels(locale);
        let title = l
            .versus
            .replace("{a}", &catalog().lookup(1008).label_in(locale))
            .replace("{b}", &catalog().lookup(1010).label_in(locale));
        let absent: Vec<&str> = Locale::ALL
            .iter()
            .filter(|&&other| other != locale)
            .map(|&other| labels(other).key_differences.as_str())
            .collect();
        expected.insert(
            locale.tag().to_owned(),
            json!({
                "title": title,
                "texts": [
                    l.key_differences,
                    l.when_to_use,
                    catalog().lookup(1008).text(locale).meaning,
                    catalog().lookup(1010).text(locale).resolve,
                ],
                "absent": absent,
                "filter_word": catalog().lookup(4001).text(locale).name,
            }),
        );
    }
    serde_json::Value::Object(expected)
}

#[test]
fn the_site_works_in_chromium() {
    let dir = site(&[]);
    let expect = dir.path().join("expect.json");
    std::fs::write(&expect, browser_expectations().to_string()).unwrap();
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("catalog-site-browser");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/catalog_site/run.sh");
    let started = Instant::now();
    let out = Command::new("timeout")
        .args(["-k", "5", "480", "bash"])
        .arg(&script)
        .env("WSLSP_SITE", dir.path().join("site"))
        .env("WSLSP_EXPECT", &expect)
        .env("WSLSP_WORK", &work)
        .output()
        .expect("bash runs");
    let took = started.elapsed();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    match out.status.code() {
        Some(0) => visible(&format!(
            "catalog site in Chromium: passed in {:.1} s",
            took.as_secs_f32()
        )),
        Some(SKIPPED) => {
            let reason = log
                .lines()
                .rfind(|l| l.starts_with("SKIPPED:"))
                .unwrap_or("SKIPPED: (no reason given)");
            let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
            assert!(
                !in_ci,
                "catalog site in Chromium: {reason}; CI must run it\n{log}"
            );
            visible(&format!("catalog site in Chromium: {reason}"));
        }
        _ => panic!(
            "catalog site in Chromium failed ({}) after {:.1} s\n{log}",
            out.status,
            took.as_secs_f32()
        ),
    }
    assert!(took < Duration::from_secs(480));
}
