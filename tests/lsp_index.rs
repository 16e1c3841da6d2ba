//! The project index in the language server: built in the background after `initialized`
//! (with work-done progress), constants and close helpers of other files resolved in open
//! documents, hover showing where, edits of one file re-publishing another's diagnostics, and
//! `workspace/diagnostic` reporting files never opened.

mod lsp_support;

use lsp_support::*;
use serde_json::{Value, json};

const CODES_PY: &str = "AUTH_FAILED = 1016\n";
const ERRORS_PY: &str =
    "import websockets\n\n\nasync def fail(ws, code):\n    await ws.close(code)\n";
const APP_PY: &str = "import websockets\nfrom codes import AUTH_FAILED\nfrom errors import fail\n\n\nasync def handler(ws):\n    await ws.close(AUTH_FAILED)\n    await fail(ws, 1005)\n";
const CODES_JS: &str = "export const DENIED = 1015;\n";
const APP_JS: &str = "import { WebSocketServer } from 'ws';\nimport { DENIED } from './codes.js';\nconst wss = new WebSocketServer({ port: 1 });\nwss.on('connection', (s) => {\n  s.close(DENIED);\n});\n";

/// A workspace with a Python and a JavaScript project side by side.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("codes.py", CODES_PY),
        ("errors.py", ERRORS_PY),
        ("app.py", APP_PY),
        ("codes.js", CODES_JS),
        ("app.js", APP_JS),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn rules(diagnostics: &Value) -> Vec<(String, u64)> {
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Opens app.py and checks its diagnostics: a constant of codes.py (1016, unassigned) and a
/// helper of errors.py called with 1005 (reserved). Gives its URI.
fn open_app(lsp: &mut Lsp, root: &std::path::Path) -> String {
    let app = lsp.open_file(&root.join("app.py"), "python");
    let diagnostics = lsp.published(&app, Some(1));
    assert_eq!(
        rules(&diagnostics),
        [
            ("unassigned-code".to_owned(), 6),
            ("reserved-code".to_owned(), 7)
        ],
        "{diagnostics}"
    );
    app
}

fn hover_text(hover: &Value) -> String {
    hover["contents"]["value"].as_str().unwrap().to_owned()
}

#[test]
fn constants_and_helpers_of_other_files_resolve_and_follow_their_edits() {
    let dir = workspace();
    let root = dir.path();
    let (mut lsp, init) = Lsp::start_in(root, with_progress(push_client(&["utf-16"])));
    assert_eq!(
        init["capabilities"]["diagnosticProvider"],
        Value::Null,
        "a push client"
    );
    let (begin, end) = lsp.indexed();
    assert_eq!(begin["params"]["value"]["percentage"], 0, "{begin}");
    assert!(end["params"]["value"]["message"].is_string(), "{end}");

    // app.py: a constant of codes.py, and a helper of errors.py.
    let app = open_app(&mut lsp, root);
    let (line, col) = line_col(APP_PY, "AUTH_FAILED)");
    let text = hover_text(&lsp.hover(&app, line, col));
    assert!(
        text.contains("`AUTH_FAILED` = 1016, defined at `codes.py:1`"),
        "{text}"
    );
    let (line, col) = line_col(APP_PY, "1005");
    let text = hover_text(&lsp.hover(&app, line, col));
    assert!(
        text.contains("closes through `fail()` (`errors.py:4`) → `ws.close(code)`"),
        "{text}"
    );

    // Editing codes.py in the editor changes app.py's diagnostics without touching app.py.
    let codes = lsp.open_file(&root.join("codes.py"), "python");
    lsp.change(
        &codes,
        2,
        json!([{"range": {"start": {"line": 0, "character": 14},
                          "end": {"line": 0, "character": 18}}, "text": "1015"}]),
    );
    let diagnostics = lsp.published_where(&app, |d| d.to_string().contains("1015"));
    assert_eq!(
        rules(&diagnostics),
        [
            ("reserved-code".to_owned(), 6),
            ("reserved-code".to_owned(), 7)
        ],
        "{diagnostics}"
    );
    // Closing codes.py brings back the file on disk.
    lsp.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": codes}}),
    );
    let diagnostics = lsp.published_where(&app, |d| d.to_string().contains("1016"));
    assert_eq!(rules(&diagnostics)[0].0, "unassigned-code");

    // JavaScript: an imported constant.
    let app_js = lsp.open_file(&root.join("app.js"), "javascript");
    let diagnostics = lsp.published(&app_js, Some(1));
    assert_eq!(rules(&diagnostics), [("reserved-code".to_owned(), 4)]);
    let (line, col) = line_col(APP_JS, "DENIED)");
    let text = hover_text(&lsp.hover(&app_js, line, col));
    assert!(
        text.contains("`DENIED` = 1015, defined at `codes.js:1`"),
        "{text}"
    );
    assert!(lsp.finish(true).success());
}

#[test]
fn a_file_changed_on_disk_is_read_again() {
    let dir = workspace();
    let root = dir.path();
    let mut caps = push_client(&["utf-16"]);
    caps["workspace"] = json!({"didChangeWatchedFiles": {"dynamicRegistration": true}});
    let (mut lsp, _) = Lsp::start_in(root, with_progress(caps));
    lsp.indexed();
    let app = lsp.open_file(&root.join("app.py"), "python");
    lsp.published(&app, Some(1));
    std::fs::write(root.join("codes.py"), "AUTH_FAILED = 1005\n").unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&root.join("codes.py")), "type": 2}]}),
    );
    let diagnostics = lsp.published_where(&app, |d| d.to_string().contains("1005 (No"));
    assert_eq!(rules(&diagnostics)[0], ("reserved-code".to_owned(), 6));
    assert!(lsp.finish(true).success());
}

#[test]
fn workspace_diagnostics_report_files_never_opened() {
    let dir = workspace();
    let root = dir.path();
    std::fs::write(root.join("plain.txt"), "ws.close(1005)").unwrap();
    let (mut lsp, init) = Lsp::start_in(root, with_progress(pull_client(&["utf-16"])));
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["workspaceDiagnostics"],
        true
    );
    lsp.indexed();
    let report = lsp.result("workspace/diagnostic", json!({"previousResultIds": []}));
    let items = report["items"].as_array().unwrap();
    let of = |name: &str| {
        let uri = file_uri(&root.join(name));
        items
            .iter()
            .find(|i| i["uri"] == uri)
            .unwrap_or_else(|| panic!("{name} in {report}"))
    };
    assert_eq!(of("app.py")["kind"], "full");
    assert_eq!(of("app.py")["version"], Value::Null);
    assert_eq!(
        rules(&of("app.py")["items"]),
        [
            ("unassigned-code".to_owned(), 6),
            ("reserved-code".to_owned(), 7)
        ]
    );
    assert_eq!(
        rules(&of("app.js")["items"]),
        [("reserved-code".to_owned(), 4)]
    );
    assert_eq!(items.len(), 2, "{report}");
    // An open document reports its own version.
    let app = lsp.open_file(&root.join("app.py"), "python");
    let report = lsp.result("workspace/diagnostic", json!({"previousResultIds": []}));
    let item = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["uri"] == app)
        .unwrap()
        .clone();
    assert_eq!(item["version"], 1);
    assert!(lsp.finish(true).success());
}

/// Not a timed test (`WSLSP_BIN=target/release/wslsp cargo test --test lsp_index -- --ignored
/// --nocapture`, after `cargo build --release`): the
/// index build time of a generated 10,000-file workspace, and hover latency while it builds.
#[test]
#[ignore]
fn measure_a_large_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let files = 10_000;
    for i in 0..files {
        let sub = root.join(format!("pkg{}", i / 100));
        std::fs::create_dir_all(&sub).unwrap();
        let (name, text) = match i % 10 {
            // A tenth holds close calls: a helper, a constant, direct calls.
            0 => (
                format!("errors{i}.py"),
                format!(
                    "import websockets\n\nCODE_{i} = 4{:03}\n\n\nasync def fail_{i}(ws, code):\n    await ws.close(code)\n",
                    i % 1000
                ),
            ),
            1 => (
                format!("app{i}.py"),
                format!(
                    "import websockets\nfrom errors{0} import fail_{0}, CODE_{0}\n\n\nasync def handler(ws):\n    await fail_{0}(ws, CODE_{0})\n    await ws.close(1005)\n",
                    i - 1
                ),
            ),
            2..=5 => (
                format!("util{i}.js"),
                format!(
                    "export function add{i}(a, b) {{\n  return a + b;\n}}\n{}",
                    "// filler line of an ordinary module\n".repeat(40)
                ),
            ),
            _ => (
                format!("model{i}.py"),
                format!(
                    "class Model{i}:\n    def __init__(self, x):\n        self.x = x\n{}",
                    "    # filler line of an ordinary module\n".repeat(40)
                ),
            ),
        };
        std::fs::write(sub.join(name), text).unwrap();
    }
    let doc = "import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 1 });\nwss.on('connection', (s) => {\n  s.close(1010);\n});\n";
    std::fs::write(root.join("open.js"), doc).unwrap();
    let started = std::time::Instant::now();
    let (mut lsp, _) = Lsp::start_in(root, with_progress(push_client(&["utf-16"])));
    let uri = lsp.open_file(&root.join("open.js"), "javascript");
    let (line, col) = line_col(doc, "1010");
    let mut latencies = Vec::new();
    loop {
        let asked = std::time::Instant::now();
        assert_ne!(lsp.hover(&uri, line, col), Value::Null);
        latencies.push(asked.elapsed());
        if lsp
            .backlog
            .iter()
            .any(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end")
        {
            break;
        }
        lsp.drain(std::time::Duration::from_millis(20));
    }
    let built = started.elapsed();
    latencies.sort();
    eprintln!(
        "{files} files: index built in {:.2} s (from initialize); {} hovers while building: \
         median {:?}, p95 {:?}, max {:?}",
        built.as_secs_f64(),
        latencies.len(),
        latencies[latencies.len() / 2],
        latencies[latencies.len() * 95 / 100],
        latencies[latencies.len() - 1],
    );
    eprintln!("{}", lsp.stderr());
    // A helper call of the last generated pair resolves across files.
    let app = lsp.open_file(&root.join("pkg99/app9991.py"), "python");
    let text = std::fs::read_to_string(root.join("pkg99/app9991.py")).unwrap();
    let (line, col) = line_col(&text, "CODE_9990)");
    let hover = hover_text(&lsp.hover(&app, line, col));
    assert!(
        hover.contains("defined at `pkg99/errors9990.py:3`"),
        "{hover}"
    );
    assert!(hover.contains("closes through `fail_9990()`"), "{hover}");
    assert!(lsp.finish(true).success());
}

/// The `(read, computed)` counts of the cache line `wslsp check --stats` or the server's log
/// prints ("… N analyses read, M computed").
fn cache_counts(log: &str) -> (usize, usize) {
    let line = log
        .lines()
        .find(|l| l.contains("analyses read"))
        .unwrap_or_else(|| panic!("no cache line in:\n{log}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let n = numbers.len();
    (numbers[n - 2], numbers[n - 1])
}

fn check_stats(root: &std::path::Path) -> (usize, usize) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wslsp"))
        .args(["check", "--stats", "--exit-zero", "."])
        .current_dir(root)
        .output()
        .unwrap();
    cache_counts(&String::from_utf8_lossy(&out.stderr))
}

#[test]
fn the_index_shares_the_cache_of_wslsp_check() {
    let dir = workspace();
    let root = dir.path();
    // The server's index writes the facts it computed to the project's cache...
    let (mut lsp, _) = Lsp::start_in(root, with_progress(push_client(&["utf-16"])));
    lsp.indexed();
    let (_, computed) = cache_counts(&lsp.stderr_once_it_has("analyses read"));
    assert!(computed > 0, "a fresh workspace computes its facts");
    assert!(lsp.finish(true).success());
    assert!(root.join(".wslsp_cache/files.bin").is_file());
    // ...which `wslsp check` reads,
    let (read, _) = check_stats(root);
    assert!(read > 0, "check reads what the server wrote");
    // and the next server start reads instead of parsing: nothing changed, nothing computed.
    let (mut lsp, _) = Lsp::start_in(root, with_progress(push_client(&["utf-16"])));
    lsp.indexed();
    let (read, computed) = cache_counts(&lsp.stderr_once_it_has("analyses read"));
    assert_eq!((read > 0, computed), (true, 0));
    open_app(&mut lsp, root);
    assert!(lsp.finish(true).success());
}
