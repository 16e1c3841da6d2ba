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
