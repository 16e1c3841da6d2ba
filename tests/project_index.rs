//! The project index end to end (`wslsp check` on multi-file trees under tests/projects/):
//! constants from other files, close helpers called from other files and through other
//! helpers, and the look-alikes that must stay silent. Also the bad-input guarantees: cycles
//! and thousands of files that call each other terminate.

mod cli_support;

use std::path::Path;

use cli_support::{write, wslsp};
use serde_json::Value;

/// `(path, line, code, expr)` of every site `wslsp check ARGS` reports from `cwd`.
fn sites(args: &[&str], cwd: &Path) -> Vec<(String, u64, i64, String)> {
    let mut all = vec!["check", "--format", "json", "--exit-zero"];
    all.extend(args);
    let out = wslsp(&all, cwd);
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    json["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_owned(),
                s["line"].as_u64().unwrap(),
                s["code"].as_i64().unwrap(),
                s["expr"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn projects() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/projects")
}

fn site(path: &str, line: u64, code: i64, expr: &str) -> (String, u64, i64, String) {
    (path.to_owned(), line, code, expr.to_owned())
}

#[test]
fn typescript_constants_enums_and_helpers_resolve_across_files() {
    let found = sites(&["src"], &projects().join("js-app"));
    assert_eq!(
        found,
        vec![
            site("src/app.ts", 8, 1006, "CloseCode.TooBig"),
            site("src/app.ts", 9, 1005, "WS_CLOSE_RESERVED"),
            site("src/app.ts", 10, 1000, "WS_CLOSE_NORMAL"),
            // closeWith(ws, code, reason) in errors.ts, called here.
            site("src/app.ts", 11, 1015, "1015"),
            // deny() forwards its code to closeWith().
            site("src/app.ts", 12, 1006, "CloseCode.TooBig"),
            // A compiled enum (`Status[Status["Gone"] = 1015] = "Gone"`) in a file with no
            // close call.
            site("src/app.ts", 13, 1015, "Status.Gone"),
            site("src/app.ts", 14, 4403, "CloseCode.Forbidden"),
        ],
        "setTimeout(f, WAIT), closeFile(3, 1005) and the comparison must stay silent"
    );
}

#[test]
fn bundles_defaults_and_stored_codes_resolve_across_files() {
    let found = sites(&["."], &projects().join("js-bundle"));
    assert_eq!(
        found,
        vec![
            // An esbuild enum exported as `C` and required whole.
            site("dist/server.cjs", 6, 4400, "common.CloseCode.BadRequest"),
            // The same enum imported back under its own name (`import { C as CloseCode }`).
            site("dist/server.js", 6, 4403, "CloseCode.Forbidden"),
            // Stored under `kStatusCode`, which `websocket.close(err[kStatusCode])` reads.
            site("lib/receiver.js", 7, 1002, "1002"),
            site("lib/receiver.js", 19, 1007, "1007"),
            // `undefined` takes the parameter's default, also through a forwarding `close`.
            site("src/client.ts", 13, 1000, "undefined"),
            site("src/client.ts", 16, 1000, "undefined"),
            site("src/client.ts", 19, 4001, "4001"),
            // The default as tsc compiles it.
            site("src/compiled.js", 11, 1001, "undefined"),
        ],
        "timers, comparisons, a database's default, a nested function's default, a loop \
         index and a key no close call reads must stay silent"
    );
}

#[test]
fn checking_one_file_still_reads_the_rest_of_its_project() {
    let found = sites(&["src/app.ts"], &projects().join("js-app"));
    assert_eq!(found.len(), 7, "{found:?}");
    assert!(found.iter().all(|(path, ..)| path == "src/app.ts"));
}

#[test]
fn the_chain_of_helpers_is_in_the_message() {
    let out = wslsp(
        &["check", "--format", "concise", "--exit-zero", "src/app.ts"],
        &projects().join("js-app"),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "closes through `deny()` (src/errors.ts:7) → `closeWith()` (src/errors.ts:3) → `ws.close(code, reason)`"
        ),
        "{text}"
    );
}

#[test]
fn python_constants_aliases_keywords_and_helper_chains_resolve_across_files() {
    let found = sites(&["."], &projects().join("py-app"));
    assert_eq!(
        found,
        vec![
            // `RESERVED as NO_STATUS`, imported under another name.
            site("app/server.py", 12, 1005, "NO_STATUS"),
            // `from app import codes` then `codes.RESERVED`: the module's name is the owner.
            site("app/server.py", 13, 1005, "codes.RESERVED"),
            site("app/server.py", 14, 4001, "AUTH_FAILED"),
            site("app/server.py", 15, 1006, "CloseCodes.ABNORMAL"),
            // A keyword argument reaches kick()'s `code` parameter.
            site("app/server.py", 16, 1015, "1015"),
            // ban() passes its `code` on to kick() as a keyword argument.
            site("app/server.py", 17, 1006, "CloseCodes.ABNORMAL"),
        ],
        "time.sleep(TIMEOUT), close_db(None, 1005) (a database's close) and the comparison must stay silent"
    );
}

#[test]
fn a_helper_reached_through_stdin_uses_the_project_on_disk() {
    let dir = projects().join("py-app");
    let text = std::fs::read_to_string(dir.join("app/server.py")).unwrap();
    let (out, _) = cli_support::wslsp_stdin(
        &[
            "check",
            "--format",
            "json",
            "--exit-zero",
            "--stdin-filename",
            "app/server.py",
        ],
        &dir,
        &text,
    );
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["sites"].as_array().unwrap().len(), 6, "{out}");
}

#[test]
fn cycles_and_self_calls_terminate() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "package.json", "{}");
    // A helper that calls itself, two that call each other, and a constant defined twice
    // with different values (ambiguous: left unresolved).
    write(
        dir.path(),
        "a.js",
        "import WebSocket from 'ws';\n\
         export function again(ws, code) { if (code) again(ws, code); ws.close(code); }\n\
         export function ping(ws, code) { pong(ws, code); }\n\
         export function pong(ws, code) { ping(ws, code); ws.close(code); }\n\
         export const TWICE = 1005;\n",
    );
    write(
        dir.path(),
        "b.js",
        "import { again, ping } from './a';\nexport const TWICE = 1006;\nagain(ws, 1015);\nping(ws, 1005);\n",
    );
    write(
        dir.path(),
        "sub/c.js",
        "import WebSocket from 'ws';\nconst ws = new WebSocket('x');\nws.close(TWICE);\n",
    );
    let found = sites(&["."], dir.path());
    assert_eq!(
        found,
        vec![site("b.js", 3, 1015, "1015"), site("b.js", 4, 1005, "1005")]
    );
}

#[test]
fn ten_thousand_files_that_call_each_other_terminate() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "package.json", "{}");
    write(
        dir.path(),
        "close.js",
        "import WebSocket from 'ws';\nexport function h0(ws, code) { ws.close(code); }\n",
    );
    // h4 → h3 → h2 → h1 → h0, each in a file with no close call.
    for i in 1..=4 {
        write(
            dir.path(),
            &format!("chain/h{i}.js"),
            format!(
                "export function h{i}(ws, code) {{ h{}(ws, code); }}\n",
                i - 1
            ),
        );
    }
    // A ring of 10,000 modules, each calling the next: no helper among them.
    let n = 10_000;
    for i in 0..n {
        write(
            dir.path(),
            &format!("ring/r{i}.js"),
            format!(
                "import {{ r{j} }} from './r{j}';\nexport function r{i}(ws, code) {{ r{j}(ws, code); }}\n",
                j = (i + 1) % n
            ),
        );
    }
    write(dir.path(), "main.js", "h4(ws, 1005);\nr0(ws, 1005);\n");
    let found = sites(&["main.js"], dir.path());
    assert_eq!(found, vec![site("main.js", 1, 1005, "1005")]);
}
