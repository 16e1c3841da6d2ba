//! No input crashes or stalls `wslsp check`: for every language, files nested 10,000 and
//! 100,000 levels deep (calls, brackets, blocks, binary operators, string concatenations), a
//! 1 MiB line, 100,000 close calls, nothing but `close(` tokens, unterminated strings and
//! comments, NUL bytes after valid code, a UTF-8 BOM, UTF-16, CRLF and lone CR line ends.
//!
//! Each file is either checked or skipped with a reason, and the ordinary file checked in the
//! same run keeps its finding. The limits here are generous on purpose: a noisy machine must
//! not flip this test; `benches/pathological.rs` prints the timings.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

mod cli_support;
mod pathological_inputs;
use cli_support::{write, wslsp};
use pathological_inputs::{LANGUAGES, Template, inputs};

/// Runs `wslsp check --format json` in `dir` and parses its report.
fn check(dir: &Path, extra: &[&str]) -> (Value, i32, String) {
    let mut args = vec!["check", "--format", "json", "--max-file-size", "2000000"];
    args.extend_from_slice(extra);
    args.push(".");
    let out = wslsp(&args, dir);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is one JSON object ({e}); stderr: {stderr}"));
    let status = out.status.code().unwrap_or_else(|| {
        panic!(
            "wslsp was killed by a signal: {:?}; stderr: {stderr}",
            out.status
        )
    });
    (value, status, stderr)
}

/// The template's ordinary file, shallow: it must hold a site, so that the deep versions go
/// through detection, not only the prefilter.
#[test]
fn every_template_holds_a_close_site_when_shallow() {
    for t in LANGUAGES {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &format!("ok.{}", t.ext), t.ordinary());
        let (value, _, stderr) = check(dir.path(), &[]);
        let codes: Vec<i64> = value["sites"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["code"].as_i64())
            .collect();
        assert_eq!(codes, [1006], "{}: {value}\n{stderr}", t.ext);
    }
}

fn run_language(t: &Template) {
    let dir = tempfile::tempdir().unwrap();
    let ordinary = format!("ok.{}", t.ext);
    write(dir.path(), &ordinary, t.ordinary());
    let files = inputs(t);
    for (name, bytes) in &files {
        write(dir.path(), name, bytes);
    }
    let started = Instant::now();
    // A short budget keeps the test quick in a debug build; the default is 2 s.
    let (value, status, stderr) = check(dir.path(), &["--file-time-budget", "1000"]);
    let took = started.elapsed();
    assert!(
        status == 0 || status == 1,
        "{}: exit {status}: {stderr}",
        t.ext
    );
    let errors = value["errors"].as_array().unwrap();
    for e in errors {
        let message = e["message"].as_str().unwrap();
        assert!(!message.contains("internal error"), "{}: {e}", t.ext);
    }
    let findings = value["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["path"] == ordinary.as_str() && f["code"] == 1006),
        "{}: the ordinary file keeps its finding: {value}",
        t.ext
    );
    let skipped: Vec<&str> = errors.iter().filter_map(|e| e["path"].as_str()).collect();
    eprintln!(
        "{}: {} files in {:.1} s; skipped with a reason: {skipped:?}",
        t.ext,
        files.len() + 1,
        took.as_secs_f64()
    );
    // Each file is bounded by its budget (and the UTF-16 one is skipped at once): even a
    // loaded machine finishes far inside this.
    assert!(
        took < Duration::from_secs(20 + 3 * files.len() as u64),
        "{}: {took:?}",
        t.ext
    );
}

macro_rules! per_language {
    ($($name:ident => $ext:literal,)*) => {$(
        #[test]
        fn $name() {
            let t = LANGUAGES.iter().find(|t| t.ext == $ext).unwrap();
            run_language(t);
        }
    )*};
}

per_language! {
    javascript => "js",
    typescript => "ts",
    tsx => "tsx",
    python => "py",
    go => "go",
    rust => "rs",
    java => "java",
    kotlin => "kt",
    csharp => "cs",
    cpp => "cpp",
    swift => "swift",
    dart => "dart",
    php => "php",
    ruby => "rb",
}

#[test]
fn utf16_is_skipped_with_a_reason_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let text = LANGUAGES[0].ordinary();
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    write(dir.path(), "utf16.js", bytes);
    let (value, _, _) = check(dir.path(), &[]);
    let message = value["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("UTF-16"), "{message}");
}

/// Rust macro bodies are parsed again as code (`src/detection/macros.rs`): 100,000 macro calls
/// nested in each other, and 20,000 side by side, each holding a close call, are read to a
/// bounded depth or skipped over budget, never a crash; the shallow ones keep their sites.
#[test]
fn rust_macro_bodies_nested_and_many() {
    let t = LANGUAGES.iter().find(|t| t.ext == "rs").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let nested = "m!(".repeat(100_000) + t.close + &")".repeat(100_000);
    write(dir.path(), "nested.rs", t.with(&nested));
    let shallow = format!("tokio::select! {{ _ = f() => {{ {}; }} }}", t.close);
    write(dir.path(), "shallow.rs", t.with(&shallow));
    let many = format!("m!({});\n", t.close).repeat(20_000);
    write(
        dir.path(),
        "many.rs",
        format!("{}{many}{}", t.prelude, t.epilogue),
    );
    let started = Instant::now();
    let (value, status, stderr) = check(dir.path(), &["--file-time-budget", "1000"]);
    assert!(status == 0 || status == 1, "exit {status}: {stderr}");
    for e in value["errors"].as_array().unwrap() {
        assert!(
            !e["message"].as_str().unwrap().contains("internal error"),
            "{e}"
        );
    }
    let findings = value["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["path"] == "shallow.rs" && f["code"] == 1006),
        "a close call inside select! is found: {value}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
}
