//! `wslsp lsp` end to end: the real binary, spoken to over its stdin/stdout with real
//! Content-Length framed JSON-RPC, as an editor would.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

mod lsp_support;
use lsp_support::{Lsp, line_col, pull_client, push_client};

const SERVER_URI: &str = "file:///project/src/server.ts";
const SERVER: &str = "import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (socket) => {
  socket.close(1010, \"missing ext\");
  socket.close(1006);
  socket.close(4001);
});
";

const GO_URI: &str = "file:///project/ws.go";
const GO: &str = "package main

import \"github.com/gorilla/websocket\"

var upgrader = websocket.Upgrader{}

func serve(w http.ResponseWriter, r *http.Request) {
\tconn, _ := upgrader.Upgrade(w, r, nil)
\tmsg := websocket.FormatCloseMessage(websocket.CloseAbnormalClosure, \"bye\")
\t_ = conn.WriteControl(websocket.CloseMessage, msg, time.Now())
}
";

const BROWSER_URI: &str = "file:///project/client.js";
const BROWSER: &str = "const socket = new WebSocket(url);
socket.addEventListener('close', (event) => {
  if (event.code === 1006) retry();
});
socket.close(1001);
";

// ------------------------------------------------------------------------------------------
// Start, capabilities, exit
// ------------------------------------------------------------------------------------------

#[test]
fn initialize_announces_the_capabilities() {
    let (lsp, init) = Lsp::start(push_client(&[]), Value::Null);
    insta::assert_json_snapshot!("initialize_push_client", init);
    assert_eq!(lsp.finish(true).code(), Some(0));

    let (lsp, init) = Lsp::start(pull_client(&["utf-16", "utf-32"]), Value::Null);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-32");
    assert_eq!(
        init["capabilities"]["diagnosticProvider"],
        json!({"identifier": "wslsp", "interFileDependencies": true, "workspaceDiagnostics": true})
    );
    assert_eq!(lsp.finish(true).code(), Some(0));

    let (lsp, init) = Lsp::start(pull_client(&["utf-16", "utf-32", "utf-8"]), Value::Null);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn shutdown_then_exit_is_status_0_and_exit_alone_is_1() {
    let (lsp, _) = Lsp::start(push_client(&[]), Value::Null);
    assert_eq!(lsp.finish(true).code(), Some(0));
    let (lsp, _) = Lsp::start(push_client(&[]), Value::Null);
    assert_eq!(lsp.finish(false).code(), Some(1));
}

#[test]
fn the_stdio_flag_is_accepted_and_logs_go_to_stderr_only() {
    let mut lsp = Lsp::spawn(&["lsp", "--stdio"]);
    lsp.result(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    lsp.notify("initialized", json!({}));
    lsp.open(SERVER_URI, "typescript", SERVER);
    lsp.published(SERVER_URI, Some(1));
    let stderr = Arc::clone(&lsp.stderr);
    assert_eq!(lsp.finish(true).code(), Some(0));
    // Everything on stdout parsed as framed JSON-RPC; the log is on stderr.
    assert!(stderr.lock().unwrap().contains("initialized"));
}

// ------------------------------------------------------------------------------------------
// Diagnostics
// ------------------------------------------------------------------------------------------

#[test]
fn diagnostics_are_pushed_on_open_and_change_and_cleared_on_close() {
    let (mut lsp, _) = Lsp::start(push_client(&[]), Value::Null);
    lsp.open(SERVER_URI, "typescript", SERVER);
    let diagnostics = lsp.published(SERVER_URI, Some(1));
    insta::assert_json_snapshot!("pushed_diagnostics", diagnostics);

    // Replace 1006 by 1011: one finding left.
    let (line, col) = line_col(SERVER, "1006");
    lsp.change(
        SERVER_URI,
        2,
        json!([{"range": {"start": {"line": line, "character": col},
                          "end": {"line": line, "character": col + 4}}, "text": "1011"}]),
    );
    let diagnostics = lsp.published(SERVER_URI, Some(2));
    assert_eq!(diagnostics.as_array().unwrap().len(), 1, "{diagnostics}");
    assert_eq!(diagnostics[0]["code"], "client-only-code");

    lsp.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": SERVER_URI}}),
    );
    assert_eq!(lsp.published(SERVER_URI, None), json!([]));
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn diagnostics_are_pulled_when_the_client_supports_it() {
    let (mut lsp, _) = Lsp::start(pull_client(&[]), Value::Null);
    lsp.open(SERVER_URI, "typescript", SERVER);
    let report = lsp.result(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": SERVER_URI}}),
    );
    insta::assert_json_snapshot!("pulled_diagnostics", report);
    // Nothing was pushed.
    lsp.drain(Duration::from_millis(200));
    assert!(
        !lsp.backlog
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics"),
        "{:?}",
        lsp.backlog
    );
    // A document that is not open has no diagnostics.
    assert_eq!(lsp.pull("file:///nowhere.ts"), json!([]));
    assert_eq!(lsp.finish(true).code(), Some(0));
}

/// A finding as `(rule, severity, message, line, column, end_line, end_column)`.
type Row = (String, String, String, u64, u64, u64, u64);

/// The findings of `wslsp check --format json` on `paths` (relative to `cwd`), by path, as
/// `(rule, severity, message, line, column, end_line, end_column)` with 0-based lines and
/// character columns.
fn check_findings(cwd: &Path, paths: &[&str]) -> BTreeMap<String, Vec<Row>> {
    // No time budget: these tests compare results, and a loaded machine running the debug
    // build could otherwise skip the 20,000-line document.
    let out = Command::new(env!("CARGO_BIN_EXE_wslsp"))
        .args(["check", "--format", "json", "--file-time-budget", "0"])
        .args(paths)
        .current_dir(cwd)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut by_path: BTreeMap<_, Vec<_>> = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        by_path
            .entry(f["path"].as_str().unwrap().to_owned())
            .or_default()
            .push((
                f["rule"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap() - 1,
                f["column"].as_u64().unwrap() - 1,
                f["end_line"].as_u64().unwrap() - 1,
                f["end_column"].as_u64().unwrap() - 1,
            ));
    }
    by_path
}

/// LSP diagnostics (in UTF-32 positions) in the shape of [`check_findings`].
fn as_findings(diagnostics: &Value) -> Vec<Row> {
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let severity = match d["severity"].as_u64().unwrap() {
                1 => "error",
                2 => "warning",
                3 => "info",
                _ => "hint",
            };
            assert_eq!(d["source"], "wslsp");
            assert!(!d["message"].as_str().unwrap().is_empty());
            assert!(
                d["codeDescription"]["href"]
                    .as_str()
                    .unwrap()
                    .starts_with("https://")
            );
            let r = &d["range"];
            (
                d["code"].as_str().unwrap().to_owned(),
                severity.to_owned(),
                d["message"].as_str().unwrap().to_owned(),
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn diagnostics_equal_what_wslsp_check_reports_for_every_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
        for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            files.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    files.sort();
    let expected = check_findings(root, &files.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        expected.len() > 10,
        "the fixtures have findings in many files"
    );

    let (mut lsp, _) = Lsp::start(pull_client(&["utf-32"]), Value::Null);
    let mut compared = 0;
    for file in &files {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let uri = format!("file:///repo/{file}");
        lsp.open(&uri, "", &text);
        // `wslsp check` leaves out the rules that are off in it unless enabled (magic-close-code).
        let mut got = as_findings(&lsp.pull(&uri));
        got.retain(|f| wslsp::rules::default_severity_in_check(&f.0).is_some());
        let want = expected.get(file).cloned().unwrap_or_default();
        assert_eq!(got, want, "{file}");
        compared += want.len();
    }
    assert!(compared > 20, "{compared} findings compared");
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn severity_overrides_apply_without_restart() {
    let options = json!({"severity": {"reserved-code": "warning"}});
    let (mut lsp, _) = Lsp::start(push_client(&[]), options);
    lsp.open(SERVER_URI, "typescript", SERVER);
    let d = lsp.published(SERVER_URI, Some(1));
    let severities: Vec<_> = d
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].clone(), d["severity"].clone()))
        .collect();
    assert_eq!(
        severities,
        vec![
            (json!("client-only-code"), json!(1)),
            (json!("reserved-code"), json!(2))
        ]
    );

    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"wslsp": {"severity": {"client-only-code": "off", "reserved-code": "hint"}}}}),
    );
    let d = lsp.published(SERVER_URI, Some(1));
    let severities: Vec<_> = d
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].clone(), d["severity"].clone()))
        .collect();
    assert_eq!(severities, vec![(json!("reserved-code"), json!(4))]);

    // A bad value is reported to the user and ignored.
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"severity": {"reserved-code": "loud"}}}),
    );
    let warning = lsp.wait_for(|m| m["method"] == "window/showMessage");
    assert!(
        warning["params"]["message"]
            .as_str()
            .unwrap()
            .contains("reserved-code"),
        "{warning}"
    );
    let d = lsp.published(SERVER_URI, Some(1));
    assert_eq!(d.as_array().unwrap().len(), 2, "back to the defaults: {d}");
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn pull_clients_are_asked_to_refresh_after_a_settings_change() {
    let (mut lsp, _) = Lsp::start(pull_client(&[]), Value::Null);
    lsp.open(SERVER_URI, "typescript", SERVER);
    assert_eq!(lsp.pull(SERVER_URI).as_array().unwrap().len(), 2);
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"wslsp": {"severity": {"reserved-code": "off"}}}}),
    );
    lsp.wait_for(|m| m["method"] == "workspace/diagnostic/refresh");
    lsp.wait_for(|m| m["method"] == "workspace/inlayHint/refresh");
    assert_eq!(lsp.pull(SERVER_URI).as_array().unwrap().len(), 1);

    // A client that only signals a change is asked for the `wslsp` section (answered null:
    // the defaults).
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    let request = lsp.wait_for(|m| m["method"] == "workspace/configuration");
    assert_eq!(request["params"]["items"][0]["section"], "wslsp");
    lsp.wait_for(|m| m["method"] == "workspace/diagnostic/refresh");
    assert_eq!(lsp.pull(SERVER_URI).as_array().unwrap().len(), 2);
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn a_pull_with_the_last_result_id_is_answered_unchanged_until_the_diagnostics_change() {
    let (mut lsp, _) = Lsp::start(pull_client(&[]), Value::Null);
    lsp.open(SERVER_URI, "typescript", SERVER);
    let pull = |lsp: &mut Lsp, previous: &Value| {
        lsp.result(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": SERVER_URI}, "previousResultId": previous}),
        )
    };
    let first = pull(&mut lsp, &Value::Null);
    assert_eq!(first["kind"], "full", "{first}");
    let id = first["resultId"].clone();
    assert!(id.is_string(), "{first}");
    let again = pull(&mut lsp, &id);
    assert_eq!(again, json!({"kind": "unchanged", "resultId": id}));
    // An edit that leaves the findings as they were (a comment at the end): still unchanged.
    let end = SERVER.lines().count();
    lsp.change(
        SERVER_URI,
        2,
        json!([{"range": {"start": {"line": end, "character": 0}, "end": {"line": end, "character": 0}},
                "text": "// the end\n"}]),
    );
    assert_eq!(pull(&mut lsp, &id)["kind"], "unchanged");
    // An edit that changes a finding: the full report, with another id.
    let (line, col) = line_col(SERVER, "1010");
    lsp.change(
        SERVER_URI,
        3,
        json!([{"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 4}},
                "text": "1000"}]),
    );
    let changed = pull(&mut lsp, &id);
    assert_eq!(changed["kind"], "full", "{changed}");
    assert_ne!(changed["resultId"], id);
    assert_eq!(changed["items"].as_array().unwrap().len(), 1, "{changed}");
    assert_eq!(lsp.finish(true).code(), Some(0));
}

// ------------------------------------------------------------------------------------------
// Hover
// ------------------------------------------------------------------------------------------

#[test]
fn hover_answers_on_every_character_of_a_literal_code_and_nowhere_else() {
    let (mut lsp, _) = Lsp::start(pull_client(&[]), Value::Null);
    lsp.open(SERVER_URI, "typescript", SERVER);
    let (line, col) = line_col(SERVER, "1010");
    assert_eq!(lsp.hover(SERVER_URI, line, col - 1), Value::Null);
    let first = lsp.hover_span(SERVER_URI, line, col, 4);
    insta::assert_json_snapshot!("hover_site_with_finding_markdown", first);

    let (line, col) = line_col(SERVER, "4001");
    insta::assert_json_snapshot!(
        "hover_site_without_finding_markdown",
        lsp.hover(SERVER_URI, line, col)
    );
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn hover_on_a_library_constant_and_in_plain_text() {
    // No Markdown in the client's hover formats: plain text.
    let caps = json!({"textDocument": {"hover": {"contentFormat": ["plaintext"]}}});
    let (mut lsp, _) = Lsp::start(caps, Value::Null);
    lsp.open(GO_URI, "go", GO);
    let (line, col) = line_col(GO, "websocket.CloseAbnormalClosure");
    let len = "websocket.CloseAbnormalClosure".len() as u32;
    let first = lsp.hover_span(GO_URI, line, col, len);
    assert_eq!(first["contents"]["kind"], "plaintext");
    insta::assert_json_snapshot!("hover_constant_plaintext", first);
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn hover_on_code_that_reads_a_received_close_code() {
    let (mut lsp, _) = Lsp::start(pull_client(&[]), Value::Null);
    lsp.open(BROWSER_URI, "javascript", BROWSER);
    let (line, col) = line_col(BROWSER, "1006");
    let first = lsp.hover_span(BROWSER_URI, line, col, 4);
    insta::assert_json_snapshot!("hover_received_code", first);

    let python = "import websockets\n\nasync def handler(ws):\n    await ws.wait_closed()\n    if ws.close_code == 1008:\n        log()\n";
    lsp.open("file:///project/h.py", "python", python);
    let (line, col) = line_col(python, "1008");
    let hover = lsp.hover("file:///project/h.py", line, col);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("### 1008 Policy Violation"),
        "{hover}"
    );
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn hover_says_what_the_library_does_with_a_code_it_does_not_send() {
    let (mut lsp, _) = Lsp::start(pull_client(&[]), Value::Null);
    let java = "import org.eclipse.jetty.websocket.api.Session;\nimport org.eclipse.jetty.websocket.api.StatusCode;\n\nclass H {\n    void f(Session session) {\n        session.close(StatusCode.NO_CODE, \"bye\");\n        session.close(StatusCode.UNDEFINED, \"x\");\n        session.close(StatusCode.NORMAL, \"ok\");\n    }\n}\n";
    let uri = "file:///project/H.java";
    lsp.open(uri, "java", java);
    let text = |lsp: &mut Lsp, needle: &str| {
        let (line, col) = line_col(java, needle);
        let hover = lsp.hover(uri, line, col);
        hover["contents"]["value"].as_str().unwrap().to_owned()
    };
    let no_code = text(&mut lsp, "StatusCode.NO_CODE");
    assert!(
        no_code.contains("sends 1005 as a Close frame without a status code"),
        "{no_code}"
    );
    assert!(!no_code.contains("reserved-code"), "{no_code}");
    let refused = text(&mut lsp, "StatusCode.UNDEFINED");
    assert!(refused.contains("refuses 1004"), "{refused}");
    assert!(refused.contains("reserved-code"), "{refused}");
    let normal = text(&mut lsp, "StatusCode.NORMAL");
    assert!(!normal.contains("Eclipse Jetty"), "{normal}");
    assert_eq!(lsp.finish(true).code(), Some(0));
}

// ------------------------------------------------------------------------------------------
// Code actions
// ------------------------------------------------------------------------------------------

/// Every code action at the 1010 of [`SERVER`].
fn actions_at_1010(lsp: &mut Lsp) -> Value {
    let (line, col) = line_col(SERVER, "1010");
    lsp.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": SERVER_URI},
               "range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}},
               "context": {"diagnostics": []}}),
    )
}

#[test]
fn quick_fixes_for_each_finding_the_first_preferred() {
    let (mut lsp, _) = Lsp::start(pull_client(&[]), Value::Null);
    lsp.open(SERVER_URI, "typescript", SERVER);
    let actions = actions_at_1010(&mut lsp);
    insta::assert_json_snapshot!("quick_fixes_1010", actions);

    // Applying the preferred fix removes the finding.
    let edit = &actions[0]["edit"]["changes"][SERVER_URI][0];
    lsp.change(
        SERVER_URI,
        2,
        json!([{"range": edit["range"], "text": edit["newText"]}]),
    );
    let codes: Vec<_> = lsp
        .pull(SERVER_URI)
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].clone())
        .collect();
    assert_eq!(codes, vec![json!("reserved-code")]);

    // Only quick fixes when only they are asked for; nothing on a line without findings.
    let only_quickfix = lsp.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": SERVER_URI},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 3}},
               "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    assert_eq!(only_quickfix, json!([]));
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn the_ignore_action_inserts_a_comment_that_check_honours_too() {
    let (mut lsp, _) = Lsp::start(pull_client(&[]), Value::Null);
    let python_uri = "file:///project/handler.py";
    let python = "import websockets\n\nasync def handler(ws):\n    await ws.close(1006)\n";
    for (uri, language_id, text, needle, comment) in [
        (
            SERVER_URI,
            "typescript",
            SERVER,
            "1006",
            " // wslsp-ignore: reserved-code",
        ),
        (
            python_uri,
            "python",
            python,
            "1006",
            "  # wslsp-ignore: reserved-code",
        ),
    ] {
        lsp.open(uri, language_id, text);
        let (line, col) = line_col(text, needle);
        let actions = lsp.result(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri},
                   "range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}},
                   "context": {"diagnostics": [], "only": ["quickfix"]}}),
        );
        let ignore = actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == "Ignore reserved-code on this line")
            .unwrap_or_else(|| panic!("{actions}"));
        assert_eq!(ignore["isPreferred"], false);
        let edit = &ignore["edit"]["changes"][uri][0];
        assert_eq!(edit["newText"], comment, "{language_id}");
        let before = lsp.pull(uri).as_array().unwrap().len();
        lsp.change(
            uri,
            2,
            json!([{"range": edit["range"], "text": edit["newText"]}]),
        );
        assert_eq!(
            lsp.pull(uri).as_array().unwrap().len(),
            before - 1,
            "{language_id}"
        );
    }
    // `wslsp check` honours the same comment.
    let dir = tempfile::tempdir().unwrap();
    let ignored = SERVER.replace(
        "socket.close(1006);",
        "socket.close(1006); // wslsp-ignore: reserved-code",
    );
    std::fs::write(dir.path().join("server.ts"), &ignored).unwrap();
    let rules: Vec<String> = check_findings(dir.path(), &["server.ts"])["server.ts"]
        .iter()
        .map(|f| f.0.clone())
        .collect();
    assert_eq!(rules, ["client-only-code"]);
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn fix_all_is_offered_when_asked_and_applies_only_safe_fixes() {
    let (mut lsp, _) = Lsp::start(pull_client(&[]), Value::Null);
    lsp.open(SERVER_URI, "typescript", SERVER);
    let actions = lsp.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": SERVER_URI},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 7, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    // Every fix wslsp has today changes a close code's value, so none is safe: the action is
    // there (editors run it on save) and changes nothing.
    assert_eq!(
        actions,
        json!([{"title": "Fix all safe wslsp findings", "kind": "source.fixAll.wslsp",
                "edit": {"changes": {SERVER_URI: []}}}])
    );
    assert_eq!(lsp.finish(true).code(), Some(0));
}

// ------------------------------------------------------------------------------------------
// Position encodings
// ------------------------------------------------------------------------------------------

/// A line with an emoji (1 char, 2 UTF-16 units, 4 bytes), CJK (1 char, 1 unit, 3 bytes each)
/// and a combining mark (e + U+0301: 2 chars, 2 units, 3 bytes) before the code.
const WIDE: &str = "import WebSocket from 'ws';
const socket = new WebSocket(url);
const s = \"😀漢字e\u{301}\"; socket.close(1006);
";

#[test]
fn positions_are_right_in_each_encoding_on_lines_with_emoji_cjk_and_combining_marks() {
    let at = WIDE.find("1006").unwrap();
    let line_start = WIDE[..at].rfind('\n').unwrap() + 1;
    let prefix = &WIDE[line_start..at];
    for (encoding, column) in [
        ("utf-8", prefix.len()),
        ("utf-16", prefix.encode_utf16().count()),
        ("utf-32", prefix.chars().count()),
    ] {
        let column = column as u32;
        let (mut lsp, init) = Lsp::start(pull_client(&[encoding]), Value::Null);
        assert_eq!(init["capabilities"]["positionEncoding"], encoding);
        let uri = "file:///project/wide.js";
        lsp.open(uri, "javascript", WIDE);
        let range = json!({"start": {"line": 2, "character": column},
                           "end": {"line": 2, "character": column + 4}});

        let diagnostics = lsp.pull(uri);
        assert_eq!(diagnostics[0]["range"], range, "{encoding}");

        let hover = lsp.hover(uri, 2, column);
        assert_eq!(hover["range"], range, "{encoding}");
        assert!(
            hover["contents"]["value"]
                .as_str()
                .unwrap()
                .contains("1006 Abnormal Closure")
        );
        assert_eq!(lsp.hover(uri, 2, column - 1), Value::Null, "{encoding}");

        let actions = lsp.result(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        );
        let edit = &actions[0]["edit"]["changes"][uri][0];
        assert_eq!(edit["range"], range, "{encoding}");
        assert_eq!(edit["newText"], "1011");

        // An edit sent in this encoding lands on the code: type "3" over the "6".
        lsp.change(
            uri,
            2,
            json!([{"range": {"start": {"line": 2, "character": column + 3},
                              "end": {"line": 2, "character": column + 4}}, "text": "3"}]),
        );
        let hover = lsp.hover(uri, 2, column + 3);
        assert!(
            hover["contents"]["value"]
                .as_str()
                .unwrap()
                .contains("1003 Unsupported Data"),
            "{encoding}: {hover}"
        );
        assert_eq!(lsp.pull(uri), json!([]), "{encoding}");
        assert_eq!(lsp.finish(true).code(), Some(0));
    }
}

// ------------------------------------------------------------------------------------------
// Order under load
// ------------------------------------------------------------------------------------------

/// xorshift64*: a deterministic stream of pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// 0-based line and UTF-32 column of byte `offset`.
fn position_of(text: &str, offset: usize) -> Value {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": text[..offset].matches('\n').count(),
           "character": text[line_start..offset].chars().count()})
}

fn char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[test]
fn a_thousand_rapid_changes_interleaved_with_hovers_end_in_a_fresh_check() {
    const HEADER: &str = "import WebSocket from 'ws';\nconst ws = new WebSocket(url);\n";
    const SNIPPETS: [&str; 8] = [
        "ws.close(1006);\n",
        "ws.close(4001, \"é\");\n",
        "ws.close(2500);\n",
        "ws.close(1000);\n",
        "😀",
        "x",
        "\n",
        "ws.close(70000);\n",
    ];
    let uri = "file:///project/stress.js";
    let (mut lsp, _) = Lsp::start(push_client(&["utf-32"]), Value::Null);
    let mut text = format!("{HEADER}{}", SNIPPETS[0].repeat(5));
    lsp.open(uri, "javascript", &text);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut hovers = Vec::new();
    for version in 2..=1001 {
        // An edit anywhere after the header: an insertion, a deletion or a replacement.
        let start = char_boundary(
            &text,
            HEADER.len() + rng.below(text.len() - HEADER.len() + 1),
        );
        let end = if rng.below(3) == 0 {
            char_boundary(&text, (start + rng.below(12)).min(text.len()))
        } else {
            start
        };
        let insert = if start == end || rng.below(2) == 0 {
            SNIPPETS[rng.below(SNIPPETS.len())]
        } else {
            ""
        };
        let change = json!({"range": {"start": position_of(&text, start), "end": position_of(&text, end)},
                            "text": insert});
        text.replace_range(start..end, insert);
        lsp.change(uri, version, json!([change]));
        // A hover on a code the text holds right now: its answer must be about that code.
        if let Some(at) = text[HEADER.len()..]
            .find("close(")
            .map(|i| i + HEADER.len() + 6)
        {
            let code: String = text[at..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if !code.is_empty() {
                let id = lsp.send_request(
                    "textDocument/hover",
                    json!({"textDocument": {"uri": uri}, "position": position_of(&text, at)}),
                );
                hovers.push((id, code));
            }
        }
    }
    let mut answered = 0;
    for (id, code) in &hovers {
        let response = lsp.response(*id);
        assert!(response.get("error").is_none(), "{response}");
        if let Some(value) = response["result"]["contents"]["value"].as_str() {
            assert!(
                value.contains(code.as_str()),
                "hover {id} on {code}: {value}"
            );
            answered += 1;
        }
    }
    assert!(
        hovers.len() > 500 && answered > hovers.len() / 2,
        "{answered} of {}",
        hovers.len()
    );

    let diagnostics = lsp.published(uri, Some(1001));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("stress.js"), &text).unwrap();
    let expected = check_findings(dir.path(), &["stress.js"])
        .remove("stress.js")
        .unwrap_or_default();
    assert!(!expected.is_empty());
    assert_eq!(as_findings(&diagnostics), expected);
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[path = "../benches/support/mod.rs"]
mod big;

/// The storm on the 20,000-line document of the benchmarks, with the trees bounded to one
/// document: a second document refreshed in the middle of the storm takes the tree, so the
/// big one is parsed anew from its text when its next edit arrives, and goes on incrementally.
#[test]
fn rapid_changes_of_a_20_000_line_document_that_drops_its_tree_end_in_a_fresh_check() {
    // No time budget: the whole analysis after the tree was dropped may take the debug build
    // on a loaded machine longer than the default 2 s, and this test compares results.
    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("wslsp.toml"),
        "[limits]\nfile-time-budget-ms = 0\n",
    )
    .unwrap();
    let uri = &file_uri(&project.path().join("big.js"));
    let other = &file_uri(&project.path().join("other.js"));
    let (mut lsp, _) = Lsp::start(
        push_client(&["utf-32"]),
        json!({"parseTrees": {"documents": 1}}),
    );
    let mut text = big::source();
    lsp.open(uri, "javascript", &text);
    lsp.published(uri, Some(1));
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    for version in 2..=301 {
        if version == 150 {
            // Takes the only tree; the big document's next edit reparses its text.
            lsp.open(other, "javascript", SERVER);
            lsp.published(other, Some(1));
        }
        let start = char_boundary(&text, rng.below(text.len() + 1));
        let end = if rng.below(3) == 0 {
            char_boundary(&text, (start + rng.below(40)).min(text.len()))
        } else {
            start
        };
        let insert = [
            "ws.close(1006);\n",
            "7",
            "\n",
            "socket.close(2500);",
            "é",
            "",
        ][rng.below(6)];
        let change = json!({"range": {"start": position_of(&text, start), "end": position_of(&text, end)},
                            "text": insert});
        text.replace_range(start..end, insert);
        lsp.change(uri, version, json!([change]));
        if version % 50 == 0 {
            // Now and then, wait for the diagnostics, so that edits also meet a kept cache.
            lsp.published(uri, Some(version));
        }
    }
    let diagnostics = lsp.published(uri, Some(300 + 1));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.js"), &text).unwrap();
    let expected = check_findings(dir.path(), &["big.js"])
        .remove("big.js")
        .unwrap_or_default();
    assert!(expected.len() > 900, "{}", expected.len());
    assert_eq!(as_findings(&diagnostics), expected);
    assert_eq!(lsp.finish(true).code(), Some(0));
}

// ------------------------------------------------------------------------------------------
// Inlay hints and completion
// ------------------------------------------------------------------------------------------

fn inlay_hints(lsp: &mut Lsp, uri: &str) -> Value {
    lsp.result(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 100, "character": 0}}}),
    )
}

#[test]
fn inlay_hints_name_numeric_codes_and_can_be_switched_off() {
    let (mut lsp, _) = Lsp::start(pull_client(&[]), Value::Null);
    lsp.open(SERVER_URI, "typescript", SERVER);
    insta::assert_json_snapshot!("inlay_hints", inlay_hints(&mut lsp, SERVER_URI));
    // Library constants already say their name: no hint.
    lsp.open(GO_URI, "go", GO);
    assert_eq!(inlay_hints(&mut lsp, GO_URI), json!([]));

    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"inlayHints": false}}),
    );
    assert_eq!(inlay_hints(&mut lsp, SERVER_URI), json!([]));
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"inlayHints": true}}),
    );
    assert_eq!(
        inlay_hints(&mut lsp, SERVER_URI).as_array().unwrap().len(),
        3
    );
    assert_eq!(lsp.finish(true).code(), Some(0));

    let (mut lsp, _) = Lsp::start(pull_client(&[]), json!({"inlayHints": false}));
    lsp.open(SERVER_URI, "typescript", SERVER);
    assert_eq!(inlay_hints(&mut lsp, SERVER_URI), json!([]));
    assert_eq!(lsp.finish(true).code(), Some(0));
}

fn labels(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn completion_offers_the_codes_of_the_role_usual_first() {
    let (mut lsp, _) = Lsp::start(pull_client(&[]), Value::Null);
    // A server-side call being typed: the cursor in `socket.close()`.
    let typing = SERVER.replace("socket.close(4001);", "socket.close();");
    lsp.open(SERVER_URI, "typescript", &typing);
    let (line, col) = line_col(&typing, "socket.close();");
    let list = lsp.result(
        "textDocument/completion",
        json!({"textDocument": {"uri": SERVER_URI}, "position": {"line": line, "character": col + 13}}),
    );
    let codes = labels(&list);
    assert_eq!(&codes[..4], ["1000", "1001", "1011", "1008"]);
    assert!(!codes.contains(&"1010".to_owned()) && codes.contains(&"1012".to_owned()));
    insta::assert_json_snapshot!("completion_first_item", list["items"][0]);

    // Over an existing code of a browser socket: only what WebSocket.close() accepts,
    // replacing the code.
    lsp.open(BROWSER_URI, "javascript", BROWSER);
    let (line, col) = line_col(BROWSER, "1001");
    let list = lsp.result(
        "textDocument/completion",
        json!({"textDocument": {"uri": BROWSER_URI}, "position": {"line": line, "character": col + 2}}),
    );
    assert_eq!(labels(&list), ["1000", "3000", "3003", "3008", "4000"]);
    assert_eq!(
        list["items"][0]["textEdit"]["range"],
        json!({"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 4}})
    );

    // Not in a close call: nothing.
    let none = lsp.result(
        "textDocument/completion",
        json!({"textDocument": {"uri": BROWSER_URI}, "position": {"line": 0, "character": 5}}),
    );
    assert_eq!(none, Value::Null);
    assert_eq!(lsp.finish(true).code(), Some(0));
}

// ------------------------------------------------------------------------------------------
// Robustness
// ------------------------------------------------------------------------------------------

#[test]
fn bad_requests_get_an_empty_answer_or_an_error_and_the_server_keeps_serving() {
    let (mut lsp, _) = Lsp::start(pull_client(&[]), Value::Null);
    lsp.open(SERVER_URI, "typescript", SERVER);

    // A document it never saw.
    assert_eq!(lsp.hover("file:///never/opened.ts", 0, 0), Value::Null);
    // Positions past the end of a line, and of the file.
    assert_eq!(lsp.hover(SERVER_URI, 3, 500), Value::Null);
    assert_eq!(lsp.hover(SERVER_URI, 500, 0), Value::Null);
    assert_eq!(lsp.hover(SERVER_URI, u32::MAX, u32::MAX), Value::Null);
    // A language it does not read.
    lsp.open("file:///project/notes.txt", "plaintext", SERVER);
    assert_eq!(lsp.pull("file:///project/notes.txt"), json!([]));
    assert_eq!(lsp.hover("file:///project/notes.txt", 3, 16), Value::Null);
    // A change to a document that is not open is ignored.
    lsp.change("file:///never/opened.ts", 2, json!([{"text": "x"}]));

    // A malformed message: an error reply with a null id.
    lsp.write_raw(b"Content-Length: 12\r\n\r\n{not json!!}");
    let error = lsp.wait_for(|m| m.get("error").is_some() && m["id"].is_null());
    assert_eq!(error["error"]["code"], -32700, "{error}");
    // Parameters of the wrong shape.
    let response = lsp.request("textDocument/hover", json!({"textDocument": 42}));
    assert_eq!(response["error"]["code"], -32602, "{response}");

    // A panic inside a handler: logged, answered with an internal error.
    let response = lsp.request("wslsp/debugPanic", Value::Null);
    assert_eq!(response["error"]["code"], -32603, "{response}");
    assert!(
        response["error"]["message"]
            .as_str()
            .unwrap()
            .contains("debugPanic")
    );
    let stderr = lsp.stderr_once_it_has("panic");
    assert!(stderr.contains("panic"), "{stderr}");

    // Still serving.
    let (line, col) = line_col(SERVER, "1006");
    assert!(
        lsp.hover(SERVER_URI, line, col)["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("1006")
    );
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn a_20_mb_document_is_kept_and_edited_but_not_analysed() {
    let (mut lsp, _) = Lsp::start(pull_client(&[]), Value::Null);
    let filler = "// padding padding padding padding padding padding padding padding\n";
    let big = format!("{SERVER}{}", filler.repeat(20 * 1024 * 1024 / filler.len()));
    assert!(big.len() >= 20_000_000);
    let uri = "file:///project/big.ts";
    lsp.open(uri, "typescript", &big);
    let (line, col) = line_col(SERVER, "1006");
    assert_eq!(lsp.pull(uri), json!([]));
    assert_eq!(lsp.hover(uri, line, col), Value::Null);
    // Cut it down to the small file: analysed again.
    lsp.change(
        uri,
        2,
        json!([{"range": {"start": {"line": 7, "character": 0}, "end": {"line": 9_999_999, "character": 0}},
                "text": ""}]),
    );
    assert_eq!(lsp.pull(uri).as_array().unwrap().len(), 2);
    assert!(
        lsp.hover(uri, line, col)["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("1006")
    );
    assert_eq!(lsp.finish(true).code(), Some(0));
}

// ------------------------------------------------------------------------------------------
// Locales
// ------------------------------------------------------------------------------------------

/// A server started with `locale` in `initialize` and `options` as initializationOptions.
fn start_in(locale: Option<&str>, options: Value) -> Lsp {
    let mut lsp = Lsp::spawn(&["lsp"]);
    let mut params = json!({"processId": null, "rootUri": null,
                            "capabilities": pull_client(&[]), "initializationOptions": options});
    if let Some(locale) = locale {
        params["locale"] = json!(locale);
    }
    lsp.result("initialize", params);
    lsp.notify("initialized", json!({}));
    lsp.open(SERVER_URI, "typescript", SERVER);
    lsp
}

/// The Markdown hover on the 1010 of [`SERVER`].
fn hover_1010(lsp: &mut Lsp) -> String {
    let (line, col) = line_col(SERVER, "1010");
    let hover = lsp.hover(SERVER_URI, line, col);
    hover["contents"]["value"].as_str().unwrap().to_owned()
}

/// The message and help of the 1010 finding of [`SERVER`] in `locale`, from the library.
fn finding_1010(locale: wslsp::locale::Locale) -> (String, String) {
    let analysis = wslsp::analysis::analyze(wslsp::languages::Language::TypeScript, SERVER);
    let finding = analysis
        .findings
        .iter()
        .find(|f| f.code == Some(1010))
        .expect("SERVER has a 1010 finding");
    (
        finding.message_in(finding.site.map(|i| &analysis.sites[i]), locale),
        finding.help_in(locale),
    )
}

#[test]
fn hover_diagnostics_and_actions_follow_the_initialize_locale() {
    use wslsp::locale::{Locale, labels};
    let mut lsp = start_in(Some("ja-JP"), Value::Null);
    let (message, help) = finding_1010(Locale::Ja);
    let ja = labels(Locale::Ja);

    let hover = hover_1010(&mut lsp);
    let meaning = wslsp::catalog::catalog()
        .lookup(1010)
        .text(Locale::Ja)
        .meaning;
    assert!(
        hover.contains(&format!("`client-only-code`: {message}")),
        "{hover}"
    );
    assert!(hover.contains(&format!("{}: {help}", ja.help)), "{hover}");
    // The registered name stays as IANA spells it; the prose and headings are Japanese.
    assert!(hover.contains("### 1010 Mandatory Ext."), "{hover}");
    assert!(hover.contains(meaning), "{hover}");
    assert!(hover.contains("**このコードが表示される場合:**"), "{hover}");
    assert!(hover.contains("**解決方法:**"), "{hover}");
    assert!(!hover.contains("When you see it"), "{hover}");

    let diagnostics = lsp.pull(SERVER_URI);
    let diagnostic = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "client-only-code")
        .expect("a client-only-code diagnostic");
    assert_eq!(diagnostic["message"], message.as_str());

    let actions = actions_at_1010(&mut lsp);
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    assert!(
        titles.contains(&"この行の client-only-code を無視"),
        "{titles:?}"
    );
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn the_locale_setting_overrides_the_client_and_changes_without_restart() {
    use wslsp::locale::Locale;
    let mut lsp = start_in(Some("ja"), json!({"locale": "fr"}));
    assert!(hover_1010(&mut lsp).contains(&finding_1010(Locale::Fr).0));
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"wslsp": {"locale": "pt-BR"}}}),
    );
    assert!(hover_1010(&mut lsp).contains(&finding_1010(Locale::PtBr).0));
    // Settings without a locale go back to the client's.
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"inlayHints": true}}),
    );
    assert!(hover_1010(&mut lsp).contains(&finding_1010(Locale::Ja).0));
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn an_untranslated_client_locale_gives_the_english_text() {
    let mut english = start_in(None, Value::Null);
    let expected = hover_1010(&mut english);
    assert!(expected.contains("**When you see it:**"), "{expected}");
    let mut german = start_in(Some("de-DE"), Value::Null);
    assert_eq!(hover_1010(&mut german), expected);
    assert_eq!(
        german.pull(SERVER_URI)[0]["message"],
        english.pull(SERVER_URI)[0]["message"]
    );
    assert_eq!(english.finish(true).code(), Some(0));
    assert_eq!(german.finish(true).code(), Some(0));
}

// ------------------------------------------------------------------------------------------
// Project configuration (wslsp.toml)
// ------------------------------------------------------------------------------------------

/// Client and server marks in one scope: the role of `s.close(1010)` is unknown.
const UNKNOWN_ROLE: &str = "import WebSocket, { WebSocketServer } from 'ws';\nconst a = new WebSocket(u);\nconst b = new WebSocketServer({});\nfunction f(s) { s.close(1010); }\n";

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn the_project_configuration_gives_what_wslsp_check_gives() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let files = [
        ("backend/ws.js", UNKNOWN_ROLE),
        ("web/ws.js", UNKNOWN_ROLE),
        ("src/server.ts", SERVER),
        ("src/gen/server.ts", SERVER),
        ("nested/server.ts", SERVER),
    ];
    for (name, text) in files {
        std::fs::create_dir_all(root.join(name).parent().unwrap()).unwrap();
        std::fs::write(root.join(name), text).unwrap();
    }
    std::fs::write(
        root.join("wslsp.toml"),
        "[rules]\nreserved-code = \"warning\"\n[roles]\nserver = [\"backend/**\"]\nclient = [\"web/**\"]\n[files]\nexclude = [\"**/gen/**\"]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("nested/wslsp.toml"),
        "[rules]\nclient-only-code = \"info\"\nreserved-code = \"off\"\n",
    )
    .unwrap();
    let expected = check_findings(root, &["."]);
    assert_eq!(
        expected.keys().collect::<Vec<_>>(),
        ["backend/ws.js", "nested/server.ts", "src/server.ts"],
        "{expected:?}"
    );

    let (mut lsp, _) = Lsp::start(pull_client(&["utf-32"]), Value::Null);
    for (name, text) in files {
        let uri = file_uri(&root.join(name));
        lsp.open(&uri, "", text);
        let got = as_findings(&lsp.pull(&uri));
        assert_eq!(
            got,
            expected.get(name).cloned().unwrap_or_default(),
            "{name}"
        );
    }
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn manifest_evidence_gives_what_wslsp_check_gives() {
    // ws's own code never imports ws: its package.json makes `this.close(1005)` ws's close
    // call; the same text in a project that only depends on ws is a database's.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    let own = "class WebSocket {\n  fail() {\n    this.close(1005);\n  }\n}\n";
    let files = [
        ("ws/package.json", r#"{"name": "ws"}"#),
        ("ws/lib/websocket.js", own),
        (
            "app/package.json",
            r#"{"name": "app", "dependencies": {"ws": "8"}}"#,
        ),
        ("app/lib/websocket.js", own),
    ];
    for (name, text) in files {
        std::fs::create_dir_all(root.join(name).parent().unwrap()).unwrap();
        std::fs::write(root.join(name), text).unwrap();
    }
    let expected = check_findings(root, &["."]);
    assert_eq!(
        expected.keys().collect::<Vec<_>>(),
        ["ws/lib/websocket.js"],
        "{expected:?}"
    );
    assert_eq!(expected["ws/lib/websocket.js"][0].0, "reserved-code");

    let (mut lsp, _) = Lsp::start(pull_client(&["utf-32"]), Value::Null);
    for name in ["ws/lib/websocket.js", "app/lib/websocket.js"] {
        let uri = file_uri(&root.join(name));
        lsp.open(&uri, "", own);
        let got = as_findings(&lsp.pull(&uri));
        assert_eq!(
            got,
            expected.get(name).cloned().unwrap_or_default(),
            "{name}"
        );
    }
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn the_severity_setting_wins_over_the_project_configuration() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("wslsp.toml"),
        "[rules]\nreserved-code = \"off\"\nclient-only-code = \"warning\"\n",
    )
    .unwrap();
    let options = json!({"severity": {"reserved-code": "hint"}});
    let (mut lsp, _) = Lsp::start(pull_client(&["utf-32"]), options);
    let uri = file_uri(&dir.path().join("server.ts"));
    lsp.open(&uri, "typescript", SERVER);
    let got: Vec<_> = as_findings(&lsp.pull(&uri))
        .into_iter()
        .map(|row| (row.0, row.1))
        .collect();
    assert_eq!(
        got,
        [
            ("client-only-code".to_owned(), "warning".to_owned()),
            ("reserved-code".to_owned(), "hint".to_owned())
        ]
    );

    // The `config` setting names a file for every document instead of the nearest one.
    std::fs::write(
        dir.path().join("other.toml"),
        "[rules]\nclient-only-code = \"off\"\n",
    )
    .unwrap();
    let config = dir.path().join("other.toml");
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"config": config.to_str().unwrap()}}),
    );
    lsp.wait_for(|m| m["method"] == "workspace/diagnostic/refresh");
    let got: Vec<_> = as_findings(&lsp.pull(&uri))
        .into_iter()
        .map(|row| (row.0, row.1))
        .collect();
    assert_eq!(got, [("reserved-code".to_owned(), "error".to_owned())]);
    assert_eq!(lsp.finish(true).code(), Some(0));
}

#[test]
fn a_changed_configuration_is_reloaded_and_a_broken_one_reported_on_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("wslsp.toml");
    let toml_uri = file_uri(&toml);
    std::fs::write(&toml, "[rules]\nreserved-code = \"off\"\n").unwrap();
    let mut lsp = Lsp::spawn(&["lsp"]);
    let mut caps = push_client(&["utf-32"]);
    caps["workspace"] = json!({"didChangeWatchedFiles": {"dynamicRegistration": true}});
    lsp.result(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": caps}),
    );
    lsp.notify("initialized", json!({}));
    let registration = lsp.wait_for(|m| m["method"] == "client/registerCapability");
    let registered = &registration["params"]["registrations"][0];
    assert_eq!(registered["method"], "workspace/didChangeWatchedFiles");
    let watched: Vec<&str> = registered["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    // The configuration files, then the manifests (which library's own code a file is).
    assert_eq!(
        watched[..3],
        ["**/wslsp.toml", "**/pyproject.toml", "**/package.json"]
    );
    assert!(watched.contains(&"**/go.mod") && watched.contains(&"**/*.csproj"));
    assert_eq!(
        watched.last(),
        Some(&wslsp_source_glob()),
        "and the sources"
    );

    let uri = file_uri(&dir.path().join("server.ts"));
    lsp.open(&uri, "typescript", SERVER);
    let rules = |d: &Value| -> Vec<String> {
        d.as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(rules(&lsp.published(&uri, Some(1))), ["client-only-code"]);
    let changed = |lsp: &mut Lsp| {
        lsp.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": toml_uri, "type": 2}]}),
        );
    };

    // A new level applies without a restart.
    std::fs::write(&toml, "[rules]\nclient-only-code = \"off\"\n").unwrap();
    changed(&mut lsp);
    assert_eq!(rules(&lsp.published(&uri, Some(1))), ["reserved-code"]);

    // A broken file: an error on its line and a message; the last good configuration stays.
    std::fs::write(
        &toml,
        "[rules]\nclient-only-code = \"off\"\nnope = \"off\"\n",
    )
    .unwrap();
    changed(&mut lsp);
    let on_toml = lsp.published(&toml_uri, None);
    assert_eq!(
        on_toml[0]["range"]["start"],
        json!({"line": 2, "character": 0})
    );
    assert_eq!(on_toml[0]["severity"], 1);
    assert!(
        on_toml[0]["message"].as_str().unwrap().contains("\"nope\""),
        "{on_toml}"
    );
    let message = lsp.wait_for(|m| m["method"] == "window/showMessage");
    let text = message["params"]["message"].as_str().unwrap();
    assert!(
        text.contains("wslsp.toml:3:1") && text.contains("last good"),
        "{text}"
    );
    assert_eq!(rules(&lsp.published(&uri, Some(1))), ["reserved-code"]);

    // Fixed: the file's diagnostic is cleared and the new configuration applies.
    std::fs::write(&toml, "[rules]\n").unwrap();
    changed(&mut lsp);
    assert_eq!(lsp.published(&toml_uri, None), json!([]));
    assert_eq!(
        rules(&lsp.published(&uri, Some(1))),
        ["client-only-code", "reserved-code"]
    );

    // Deleted, then a new one excluding the document: it has no diagnostics.
    std::fs::remove_file(&toml).unwrap();
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.wslsp.files]\nexclude = [\"*.ts\"]\n",
    )
    .unwrap();
    changed(&mut lsp);
    assert_eq!(lsp.published(&uri, Some(1)), json!([]));
    assert_eq!(lsp.finish(true).code(), Some(0));
}

/// The glob the server watches source files with (`src/lsp/index.rs`).
fn wslsp_source_glob() -> &'static str {
    "**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx,py,pyi,go,rs,java,kt,kts,cs,c,cc,cpp,cxx,h,hh,hpp,swift,dart,php,rb}"
}
