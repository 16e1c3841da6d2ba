//! The persistent cache (`.wslsp_cache/`) never changes what `wslsp check` reports: after each
//! kind of change, a run that reads the cache gives exactly what `--no-cache` gives.

mod cli_support;

use std::path::Path;

use cli_support::{write, wslsp};

/// The JSON report of `wslsp check` in `dir` with `extra` arguments, without the `version`.
fn report(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["check", "--format", "json", "--exit-zero"];
    args.extend_from_slice(extra);
    let out = wslsp(&args, dir);
    let mut value: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    value.as_object_mut().unwrap().remove("version");
    value
}

/// Runs twice through the cache (a cold run that fills it, then one that reads it) and once
/// without it; all three must agree. Gives the report.
fn same_with_and_without_cache(dir: &Path) -> serde_json::Value {
    let fresh = report(dir, &["--no-cache"]);
    let filled = report(dir, &[]);
    let read = report(dir, &[]);
    assert_eq!(filled, fresh, "the run that fills the cache differs");
    assert_eq!(read, fresh, "the run that reads the cache differs");
    fresh
}

fn codes(report: &serde_json::Value) -> Vec<(String, i64)> {
    let mut codes: Vec<(String, i64)> = report["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_owned(),
                s["code"].as_i64().unwrap(),
            )
        })
        .collect();
    codes.sort();
    codes
}

/// Changes the code of the project's second close call to 1006: the same length, so a cache
/// keyed by size or time alone would miss it.
fn change_server_code(dir: &Path) {
    write(
        dir,
        "app/server.py",
        "import websockets\nfrom app.codes import AUTH_FAILED\n\n\
         async def handler(ws):\n    await ws.close(AUTH_FAILED)\n    await ws.close(1006)\n",
    );
}

/// A small Python project: codes defined in one module, used in another.
fn project(dir: &Path) {
    write(dir, "pyproject.toml", "[project]\nname = \"app\"\n");
    write(dir, "app/codes.py", "AUTH_FAILED = 4001\n");
    write(
        dir,
        "app/server.py",
        "import websockets\nfrom app.codes import AUTH_FAILED\n\n\
         async def handler(ws):\n    await ws.close(AUTH_FAILED)\n    await ws.close(1005)\n",
    );
}

#[test]
fn a_rerun_reads_the_cache_it_wrote_and_reports_the_same() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let report = same_with_and_without_cache(dir.path());
    assert_eq!(
        codes(&report),
        vec![
            ("app/server.py".to_owned(), 1005),
            ("app/server.py".to_owned(), 4001)
        ]
    );
    let cache = dir.path().join(".wslsp_cache");
    assert!(cache.join("files.bin").exists());
    assert_eq!(
        std::fs::read_to_string(cache.join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("*")
    );
}

#[test]
fn no_cache_writes_nothing_and_cache_dir_moves_it() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    report(dir.path(), &["--no-cache"]);
    assert!(!dir.path().join(".wslsp_cache").exists());
    let elsewhere = tempfile::tempdir().unwrap();
    let moved = elsewhere.path().join("c");
    report(dir.path(), &["--cache-dir", moved.to_str().unwrap()]);
    assert!(moved.join("files.bin").exists());
    assert!(!dir.path().join(".wslsp_cache").exists());
}

#[test]
fn a_changed_file_is_analysed_again() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    same_with_and_without_cache(dir.path());
    change_server_code(dir.path());
    let report = same_with_and_without_cache(dir.path());
    assert!(codes(&report).contains(&("app/server.py".to_owned(), 1006)));
}

#[test]
fn a_constant_changed_in_another_file_reaches_the_file_that_uses_it() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    same_with_and_without_cache(dir.path());
    write(dir.path(), "app/codes.py", "AUTH_FAILED = 4003\n");
    let report = same_with_and_without_cache(dir.path());
    assert!(codes(&report).contains(&("app/server.py".to_owned(), 4003)));
}

#[test]
fn a_changed_configuration_changes_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let before = same_with_and_without_cache(dir.path());
    write(
        dir.path(),
        "wslsp.toml",
        "[rules]\nreserved-code = \"off\"\n",
    );
    let after = same_with_and_without_cache(dir.path());
    assert_ne!(before["findings"], after["findings"]);
    // A role changes the analysis itself, not only the levels after it: a server that
    // sends 1010 (RFC 6455 §7.4.1: only a client may).
    write(
        dir.path(),
        "app/client_only.py",
        "import websockets\n\nasync def h(ws):\n    await ws.close(1010)\n",
    );
    let unknown = same_with_and_without_cache(dir.path());
    write(dir.path(), "wslsp.toml", "[roles]\nserver = [\"app/**\"]\n");
    let server = same_with_and_without_cache(dir.path());
    let rules = |r: &serde_json::Value| r["findings"].to_string();
    assert!(!rules(&unknown).contains("client-only-code"));
    assert!(rules(&server).contains("client-only-code"));
}

#[test]
fn a_corrupt_cache_file_is_ignored_and_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let fresh = same_with_and_without_cache(dir.path());
    let file = dir.path().join(".wslsp_cache/files.bin");
    let bytes = std::fs::read(&file).unwrap();
    for broken in [
        bytes[..bytes.len() / 3].to_vec(),
        bytes.iter().map(|b| b.wrapping_add(1)).collect(),
        b"not a cache".to_vec(),
    ] {
        std::fs::write(&file, &broken).unwrap();
        assert_eq!(report(dir.path(), &[]), fresh);
        assert_ne!(
            std::fs::read(&file).unwrap(),
            broken,
            "the cache is rewritten"
        );
    }
}

#[test]
fn two_concurrent_runs_agree_and_leave_a_readable_cache() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    for i in 0..20 {
        write(
            dir.path(),
            &format!("app/h{i}.py"),
            format!(
                "import websockets\n\nasync def h(ws):\n    await ws.close({})\n",
                4000 + i
            ),
        );
    }
    let fresh = report(dir.path(), &["--no-cache"]);
    let runs: Vec<serde_json::Value> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| s.spawn(|| report(dir.path(), &[])))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for run in runs {
        assert_eq!(run, fresh);
    }
    assert_eq!(report(dir.path(), &[]), fresh);
}

/// `--stats` counts what the cache answered: a second run over an unchanged tree reads every
/// analysis, and after one file changed only that file's analyses (alone, then with the index)
/// are computed again; the module it imports is still read from the cache.
#[test]
fn a_rerun_reads_the_cache_and_recomputes_only_the_changed_file() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let stats = |dir: &Path| {
        let out = wslsp(&["check", "--stats", "--exit-zero", "."], dir);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        err.lines()
            .find(|l| l.starts_with("wslsp: cache:"))
            .unwrap_or_else(|| panic!("no cache line: {err}"))
            .to_owned()
    };
    let first = stats(dir.path());
    assert!(first.contains(" 0 analyses read"), "{first}");
    let second = stats(dir.path());
    assert!(second.ends_with(" 0 computed"), "{second}");
    assert!(!second.contains(" 0 analyses read"), "{second}");
    change_server_code(dir.path());
    let third = stats(dir.path());
    assert_eq!(third, "wslsp: cache: 1 analyses read, 2 computed");
    // With --no-cache nothing is looked up: no cache line.
    let out = wslsp(
        &["check", "--stats", "--no-cache", "--exit-zero", "."],
        dir.path(),
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("wslsp: cache:"));
}

/// Checking one file reads the rest of its project only in the languages that file can name:
/// a JavaScript file beside a checked Python one is never analysed (its analysis would be one
/// more computed), while the Python module the file imports is, and resolves.
#[test]
fn one_file_reads_only_the_languages_it_can_name() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    write(
        dir.path(),
        "app/client.js",
        "import WebSocket from 'ws';\nconst ws = new WebSocket('ws://x');\nws.close(1000);\n",
    );
    let out = wslsp(
        &["check", "--stats", "--format", "json", "app/server.py"],
        dir.path(),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    // server.py alone and with the index, and codes.py in an index round: nothing of client.js.
    assert!(
        err.contains("wslsp: cache: 0 analyses read, 3 computed"),
        "{err}"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        codes(&report).contains(&("app/server.py".to_owned(), 4001)),
        "{report}"
    );
}
