//! A small LSP client the `tests/lsp*.rs` end-to-end tests share: the real `wslsp lsp`
//! binary, spoken to over its stdin/stdout with Content-Length framed JSON-RPC, as an editor
//! would.

#![allow(dead_code)] // each test crate uses its own subset

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

// ------------------------------------------------------------------------------------------
// A small LSP client
// ------------------------------------------------------------------------------------------

pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Lsp {
    pub child: Child,
    pub stdin: Option<ChildStdin>,
    incoming: mpsc::Receiver<Value>,
    pub stderr: Arc<Mutex<String>>,
    next_id: i64,
    /// Messages read while waiting for something else.
    pub backlog: VecDeque<Value>,
}

impl Lsp {
    pub fn spawn(args: &[&str]) -> Lsp {
        // `WSLSP_BIN` runs another build of the server (a release one, for measurements).
        let bin =
            std::env::var_os("WSLSP_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_wslsp").into());
        let mut child = Command::new(bin)
            .args(args)
            .env("WSLSP_TEST_HOOKS", "1")
            .env("WSLSP_LOG", "info")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the wslsp binary starts");
        let stdin = child.stdin.take();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(message) = read_message(&mut stdout) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let mut err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Lsp {
            child,
            stdin,
            incoming,
            stderr,
            next_id: 0,
            backlog: VecDeque::new(),
        }
    }

    /// A server after `initialize` and `initialized`.
    pub fn start(capabilities: Value, options: Value) -> (Lsp, Value) {
        let mut lsp = Lsp::spawn(&["lsp"]);
        let init = lsp.result(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities,
                   "initializationOptions": options}),
        );
        lsp.notify("initialized", json!({}));
        (lsp, init)
    }

    pub fn write_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_string(message).unwrap();
        let framed = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.write_raw(framed.as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// The whole response to request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(|m| m.get("method").is_none() && m["id"] == json!(id))
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// The result of a request that must succeed.
    pub fn result(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}\nstderr:\n{}",
            self.stderr()
        );
        response["result"].clone()
    }

    pub fn next_message(&mut self) -> Value {
        let message = self.incoming.recv_timeout(TIMEOUT).unwrap_or_else(|e| {
            panic!(
                "no message from the server ({e}); stderr:\n{}",
                self.stderr()
            )
        });
        self.answer_if_request(&message);
        message
    }

    /// Answers a request from the server: `workspace/configuration` with `null` for each item
    /// (no settings: the defaults), anything else (refresh requests) with `null`.
    pub fn answer_if_request(&mut self, message: &Value) {
        if message.get("method").is_none() || message.get("id").is_none() {
            return;
        }
        let result = if message["method"] == "workspace/configuration" {
            let items = message["params"]["items"].as_array().map_or(0, Vec::len);
            Value::Array(vec![Value::Null; items])
        } else {
            Value::Null
        };
        self.send(&json!({"jsonrpc": "2.0", "id": message["id"], "result": result}));
    }

    /// The first message (from the backlog, then the wire) that `pred` accepts; the others
    /// stay in the backlog, in order.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            assert!(
                Instant::now() < deadline,
                "timed out; stderr:\n{}",
                self.stderr()
            );
            let message = self.next_message();
            if pred(&message) {
                return message;
            }
            self.backlog.push_back(message);
        }
    }

    /// The next `publishDiagnostics` for `uri` whose version is `version` (`None`: no version,
    /// as after a close); earlier ones are dropped.
    pub fn published(&mut self, uri: &str, version: Option<i64>) -> Value {
        let want = version.map_or(Value::Null, |v| json!(v));
        let message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"].get("version").unwrap_or(&Value::Null) == &want
        });
        self.backlog.retain(|m| {
            !(m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        });
        message["params"]["diagnostics"].clone()
    }

    /// Reads what is pending for a moment, into the backlog.
    pub fn drain(&mut self, wait: Duration) {
        while let Ok(message) = self.incoming.recv_timeout(wait) {
            self.answer_if_request(&message);
            self.backlog.push_back(message);
        }
    }

    pub fn open(&mut self, uri: &str, language_id: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language_id, "version": 1, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// Hovers every character of the `len` characters at `line`/`character` (UTF-16 units),
    /// asserts they all give the same answer and the character after the span gives none, and
    /// returns that answer.
    pub fn hover_span(&mut self, uri: &str, line: u32, character: u32, len: u32) -> Value {
        let first = self.hover(uri, line, character);
        assert_ne!(first, Value::Null, "no hover at {line}:{character}");
        for c in character + 1..character + len {
            assert_eq!(
                self.hover(uri, line, c),
                first,
                "hover differs at {line}:{c}"
            );
        }
        assert_eq!(self.hover(uri, line, character + len), Value::Null);
        first
    }

    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.result(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    }

    pub fn pull(&mut self, uri: &str) -> Value {
        let report = self.result(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        );
        assert_eq!(report["kind"], "full", "{report}");
        report["items"].clone()
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until the server's stderr, read by another thread, contains `needle` (or the
    /// deadline passes); its stderr then.
    pub fn stderr_once_it_has(&self, needle: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        while !self.stderr().contains(needle) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        self.stderr()
    }

    /// `shutdown` (if asked), then `exit`; the exit status.
    pub fn finish(mut self, shutdown: bool) -> ExitStatus {
        if shutdown {
            assert_eq!(self.result("shutdown", Value::Null), Value::Null);
        }
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = Some(value.trim().parse::<usize>().ok()?);
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server sends JSON"))
}

// ------------------------------------------------------------------------------------------
// Client capabilities and documents
// ------------------------------------------------------------------------------------------

/// A client that takes pushed diagnostics and Markdown hovers; `encodings` as offered.
pub fn push_client(encodings: &[&str]) -> Value {
    json!({
        "general": {"positionEncodings": encodings},
        "textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]},
                         "publishDiagnostics": {}},
    })
}

/// A client that pulls diagnostics.
pub fn pull_client(encodings: &[&str]) -> Value {
    json!({
        "general": {"positionEncodings": encodings},
        "textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]},
                         "diagnostic": {"dynamicRegistration": false}},
        "workspace": {"diagnostics": {"refreshSupport": true}, "inlayHint": {"refreshSupport": true},
                      "configuration": true},
    })
}

pub fn line_col(text: &str, needle: &str) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in the text"));
    let line = text[..at].matches('\n').count();
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line as u32, col as u32)
}

// ------------------------------------------------------------------------------------------
// Workspaces (the project index)
// ------------------------------------------------------------------------------------------

/// The `file://` URI of `path`.
pub fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

/// `capabilities` with `window.workDoneProgress` declared.
pub fn with_progress(mut capabilities: Value) -> Value {
    capabilities["window"] = json!({"workDoneProgress": true});
    capabilities
}

impl Lsp {
    /// A server after `initialize` (with `root` as root URI and only workspace folder) and
    /// `initialized`.
    pub fn start_in(root: &std::path::Path, capabilities: Value) -> (Lsp, Value) {
        let mut lsp = Lsp::spawn(&["lsp"]);
        let uri = file_uri(root);
        let init = lsp.result(
            "initialize",
            json!({"processId": null, "rootUri": uri, "capabilities": capabilities,
                   "workspaceFolders": [{"uri": uri, "name": "workspace"}]}),
        );
        lsp.notify("initialized", json!({}));
        (lsp, init)
    }

    /// Waits for the `$/progress` begin and end of the workspace index; both messages.
    pub fn indexed(&mut self) -> (Value, Value) {
        let kind = |k: &'static str| {
            move |m: &Value| m["method"] == "$/progress" && m["params"]["value"]["kind"] == k
        };
        let begin = self.wait_for(kind("begin"));
        let end = self.wait_for(kind("end"));
        (begin, end)
    }

    /// Opens the file at `path` with its text on disk; its URI.
    pub fn open_file(&mut self, path: &std::path::Path, language_id: &str) -> String {
        let uri = file_uri(path);
        let text = std::fs::read_to_string(path).expect("the file reads");
        self.open(&uri, language_id, &text);
        uri
    }

    /// The next `publishDiagnostics` for `uri` that `pred` accepts; earlier ones are dropped.
    pub fn published_where(&mut self, uri: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let message = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && pred(&m["params"]["diagnostics"])
        });
        message["params"]["diagnostics"].clone()
    }
}
