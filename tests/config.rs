//! The project configuration (`wslsp.toml`, `[tool.wslsp]`) through `wslsp check`: severities
//! from the file and from flags, roles and exclusion by glob, discovery, and errors.
//! `tests/lsp.rs` checks that the language server gives the same results.

use std::path::Path;

use serde_json::Value;

mod cli_support;
use cli_support::{write, wslsp};

/// `wslsp check --format json ARGS` in `cwd`: the findings as `(path, rule, severity)`, the
/// exit status and stderr.
fn check(args: &[&str], cwd: &Path) -> (Vec<(String, String, String)>, i32, String) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = wslsp(&all, cwd);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let status = out.status.code().unwrap();
    if out.stdout.is_empty() {
        return (Vec::new(), status, stderr);
    }
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_owned();
            (s("path"), s("rule"), s("severity"))
        })
        .collect();
    (findings, status, stderr)
}

fn row(path: &str, rule: &str, severity: &str) -> (String, String, String) {
    (path.to_owned(), rule.to_owned(), severity.to_owned())
}

/// A server socket sending 1010 (client-only-code) and 1006 (reserved-code).
const SERVER: &str = "import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (socket) => {\n  socket.close(1010);\n  socket.close(1006);\n});\n";

/// Client and server marks in one scope: the role of `s.close(1010)` is unknown.
const UNKNOWN_ROLE: &str = "import WebSocket, { WebSocketServer } from 'ws';\nconst a = new WebSocket(u);\nconst b = new WebSocketServer({});\nfunction f(s) { s.close(1010); }\n";

#[test]
fn severities_come_from_the_file_and_flags_win() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/ws.js", SERVER);
    let (findings, status, _) = check(&["."], dir.path());
    assert_eq!(
        findings,
        [
            row("src/ws.js", "client-only-code", "error"),
            row("src/ws.js", "reserved-code", "error")
        ]
    );
    assert_eq!(status, 1);

    write(
        dir.path(),
        "wslsp.toml",
        "[rules]\nclient-only-code = \"off\"\nreserved-code = \"warning\"\n",
    );
    let (findings, status, _) = check(&["."], dir.path());
    assert_eq!(findings, [row("src/ws.js", "reserved-code", "warning")]);
    assert_eq!(status, 0, "a warning does not fail the run");

    let (findings, status, _) = check(
        &[
            ".",
            "--error",
            "reserved-code",
            "--hint",
            "client-only-code",
        ],
        dir.path(),
    );
    assert_eq!(
        findings,
        [
            row("src/ws.js", "client-only-code", "hint"),
            row("src/ws.js", "reserved-code", "error")
        ]
    );
    assert_eq!(status, 1);
    let (findings, _, _) = check(&[".", "--off", "reserved-code"], dir.path());
    assert!(findings.is_empty(), "{findings:?}");
}

#[test]
fn flags_with_an_unknown_rule_or_two_levels_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ws.js", SERVER);
    let (_, status, stderr) = check(&[".", "--warn", "no-such-rule"], dir.path());
    assert_eq!(status, 2);
    assert!(stderr.contains("no-such-rule"), "{stderr}");
    let (_, status, stderr) = check(
        &[".", "--warn", "reserved-code", "--off", "reserved-code"],
        dir.path(),
    );
    assert_eq!(status, 2);
    assert!(stderr.contains("two different severities"), "{stderr}");
}

#[test]
fn a_role_by_glob_makes_role_rules_fire_where_detection_cannot_tell() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "backend/ws.js", UNKNOWN_ROLE);
    write(dir.path(), "web/ws.js", UNKNOWN_ROLE);
    write(dir.path(), "lib/ws.js", UNKNOWN_ROLE);
    let (findings, _, _) = check(&["."], dir.path());
    assert!(findings.is_empty(), "unknown roles keep role rules silent");

    write(
        dir.path(),
        "wslsp.toml",
        "[roles]\nserver = [\"backend/**\"]\nclient = [\"web/**\"]\n",
    );
    // 1010 is only wrong from a server; the client and unmatched files stay silent.
    let (findings, status, _) = check(&["."], dir.path());
    assert_eq!(
        findings,
        [row("backend/ws.js", "client-only-code", "error")]
    );
    assert_eq!(status, 1);

    // A role detection knows is kept: the same glob does not turn a client into a server.
    write(
        dir.path(),
        "backend/client.js",
        "import WebSocket from 'ws';\nconst ws = new WebSocket(u);\nws.close(1010);\n",
    );
    let (findings, _, _) = check(&["backend"], dir.path());
    assert_eq!(
        findings,
        [row("backend/ws.js", "client-only-code", "error")]
    );
}

#[test]
fn include_and_exclude_filter_walked_files_and_named_ones_with_force_exclude() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "src/ws.js", SERVER);
    write(dir.path(), "src/gen/ws.js", SERVER);
    write(dir.path(), "scripts/ws.js", SERVER);
    write(
        dir.path(),
        "wslsp.toml",
        "[rules]\nclient-only-code = \"off\"\n[files]\ninclude = [\"src/**\"]\nexclude = [\"**/gen/**\"]\n",
    );
    let (findings, _, _) = check(&["."], dir.path());
    assert_eq!(findings, [row("src/ws.js", "reserved-code", "error")]);

    // A file named on the command line is checked (as ruff), unless --force-exclude.
    let (findings, _, _) = check(&["src/gen/ws.js"], dir.path());
    assert_eq!(findings, [row("src/gen/ws.js", "reserved-code", "error")]);
    let (findings, status, _) = check(&["--force-exclude", "src/gen/ws.js"], dir.path());
    assert!(findings.is_empty());
    assert_eq!(status, 0);
}

#[test]
fn the_nearest_file_wins_and_pyproject_tool_wslsp_counts() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "wslsp.toml",
        "[rules]\nreserved-code = \"off\"\n",
    );
    write(dir.path(), "a/ws.js", SERVER);
    write(dir.path(), "b/ws.js", SERVER);
    write(
        dir.path(),
        "b/pyproject.toml",
        "[project]\nname = \"b\"\n\n[tool.wslsp.rules]\nreserved-code = \"info\"\n",
    );
    write(dir.path(), "c/ws.js", SERVER);
    write(
        dir.path(),
        "c/pyproject.toml",
        "[tool.black]\nline-length = 88\n",
    );
    let (findings, _, _) = check(&[".", "--off", "client-only-code"], dir.path());
    assert_eq!(
        findings,
        [
            row("b/ws.js", "reserved-code", "info"),
            // c's pyproject.toml is not ours: the root's wslsp.toml applies.
        ]
    );

    // --config replaces discovery for every file.
    write(
        dir.path(),
        "other.toml",
        "[rules]\nreserved-code = \"hint\"\n",
    );
    let (findings, _, _) = check(
        &[".", "--off", "client-only-code", "--config", "other.toml"],
        dir.path(),
    );
    assert_eq!(
        findings,
        [
            row("a/ws.js", "reserved-code", "hint"),
            row("b/ws.js", "reserved-code", "hint"),
            row("c/ws.js", "reserved-code", "hint"),
        ]
    );
}

#[test]
fn a_broken_configuration_exits_2_naming_the_file_line_and_problem() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ws.js", SERVER);
    write(
        dir.path(),
        "wslsp.toml",
        "[rules]\nreserved-code = \"warning\"\nno-such-rule = \"off\"\n",
    );
    let (findings, status, stderr) = check(&["."], dir.path());
    assert_eq!(status, 2);
    assert!(findings.is_empty());
    assert!(
        stderr.contains("wslsp.toml:3:1: there is no rule \"no-such-rule\""),
        "{stderr}"
    );

    for (text, line, what) in [
        ("[rules\n", "1", "wslsp.toml:1:"),
        ("[files]\nexclude = [\"a/[b\"]\n", "2", "bad glob"),
        ("[rules]\nreserved-code = \"loud\"\n", "2", "loud"),
        ("[roles]\nbrowsers = [\"web/**\"]\n", "2", "browsers"),
    ] {
        write(dir.path(), "wslsp.toml", text);
        let (_, status, stderr) = check(&["."], dir.path());
        assert_eq!(status, 2, "{text}");
        assert!(
            stderr.contains(&format!("wslsp.toml:{line}:")) && stderr.contains(what),
            "{text}: {stderr}"
        );
    }

    // An explicit --config is read before the walk, with the same report.
    write(dir.path(), "wslsp.toml", "");
    write(dir.path(), "bad.toml", "[rules]\nx = 1\n");
    let (_, status, stderr) = check(&[".", "--config", "bad.toml"], dir.path());
    assert_eq!(status, 2);
    assert!(stderr.contains("bad.toml:2:"), "{stderr}");
}

#[test]
fn stdin_takes_the_configuration_of_its_file_name() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "wslsp.toml",
        "[roles]\nserver = [\"backend/**\"]\n[files]\nexclude = [\"gen/**\"]\n",
    );
    let (out, status) = cli_support::wslsp_stdin(
        &[
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "backend/x.js",
        ],
        dir.path(),
        UNKNOWN_ROLE,
    );
    assert_eq!(status, Some(1));
    assert!(
        out.contains("backend/x.js:4:25: error[client-only-code]"),
        "{out}"
    );
    let (out, status) = cli_support::wslsp_stdin(
        &[
            "check",
            "--format",
            "concise",
            "--force-exclude",
            "--stdin-filename",
            "gen/x.js",
        ],
        dir.path(),
        SERVER,
    );
    assert_eq!(status, Some(0));
    assert!(!out.contains("error["), "{out}");
}

/// A gorilla server that writes 1008 as a number where the package names it.
const MAGIC: &str = "package m\n\nimport ws \"github.com/gorilla/websocket\"\n\nvar up = ws.Upgrader{}\n\nfunc f(w W, r R) {\n\tc, _ := up.Upgrade(w, r, nil)\n\tc.WriteMessage(ws.CloseMessage, ws.FormatCloseMessage(1008, \"bad token\"))\n}\n";

#[test]
fn magic_close_code_is_off_in_check_until_the_file_or_a_flag_enables_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "srv/main.go", MAGIC);
    let (findings, status, _) = check(&["."], dir.path());
    assert_eq!(findings, [] as [(String, String, String); 0]);
    assert_eq!(status, 0);
    let (findings, _, _) = check(&["--hint", "magic-close-code", "."], dir.path());
    assert_eq!(findings, [row("srv/main.go", "magic-close-code", "hint")]);
    write(
        dir.path(),
        "wslsp.toml",
        "[rules]\nmagic-close-code = \"info\"\n",
    );
    let (findings, _, _) = check(&["."], dir.path());
    assert_eq!(findings, [row("srv/main.go", "magic-close-code", "info")]);
    // Its fix is safe: `--fix` alone writes the package's constant with the file's alias.
    let out = wslsp(&["check", "--fix", "."], dir.path());
    assert!(out.status.success() || out.status.code() == Some(1));
    let fixed = std::fs::read_to_string(dir.path().join("srv/main.go")).unwrap();
    assert!(
        fixed.contains("ws.FormatCloseMessage(ws.ClosePolicyViolation, \"bad token\")"),
        "{fixed}"
    );
}

/// A `ws` client closing with 1001: fine in Node, an `InvalidAccessError` in a browser.
const WS_CLIENT: &str =
    "import WebSocket from 'ws';\nconst s = new WebSocket(url);\ns.close(1001);\n";

#[test]
fn browser_globs_apply_the_whatwg_rules_to_client_code() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "web/static/app.js", WS_CLIENT);
    write(dir.path(), "tools/probe.js", WS_CLIENT);
    write(dir.path(), "web/static/server.js", SERVER);
    let (findings, _, _) = check(&["."], dir.path());
    assert!(
        findings
            .iter()
            .all(|(_, rule, _)| rule != "browser-close-code")
    );
    write(
        dir.path(),
        "wslsp.toml",
        "[roles]\nbrowser = [\"web/static/**\"]\n",
    );
    let (findings, _, _) = check(&["."], dir.path());
    assert_eq!(
        findings,
        [
            row("web/static/app.js", "browser-close-code", "error"),
            // A server in the same tree keeps its role and its own rules.
            row("web/static/server.js", "client-only-code", "error"),
            row("web/static/server.js", "reserved-code", "error"),
        ]
    );
}
