//! The language server as a client sees it: the release `wslsp lsp` binary, spoken to over
//! its stdin/stdout with Content-Length framed JSON-RPC, on the 20,000-line `ws` server file of
//! `benches/support` (2,500 handlers, 346 KB).
//!
//! It prints:
//!
//! - **edit → diagnostics**: from writing a one-character `didChange` (the last digit of a
//!   close code, so that every edit changes a finding) to having read the whole
//!   `publishDiagnostics` of that version (before the benchmark parses its JSON), median and p99, with 1, 10 and 100 such documents open (the edits go to one
//!   document, rotating over ten handlers spread over the file);
//! - **tree-sitter's incremental reparse** of the same edits (`Tree::edit` + `parse` with the
//!   old tree, in this process), the floor the line above is compared with;
//! - the server's **resident memory** (`VmRSS`, and the peak `VmHWM`, from
//!   `/proc/<pid>/status`) after opening 1, 10 and 100 documents;
//! - the same edit latency on a 40-line file.
//!
//! Run: `cargo bench --bench lsp_stdio` (it builds the release binary; `WSLSP_BIN` runs another
//! one). `WSLSP_BENCH_EDITS` sets the number of edits per measurement (default 200),
//! `WSLSP_BENCH_DOCS` the document counts (default `1,10,100`).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tree_sitter::{InputEdit, Point};
use wslsp::analysis;
use wslsp::languages::Language;

#[path = "support/mod.rs"]
mod support;

/// How long any one answer may take before the benchmark gives up.
const PATIENCE: Duration = Duration::from_secs(120);

/// The close calls the edits rotate over: ten, spread over the file, each with code 2500 (an
/// unassigned code, whose finding names it: toggled to 2507 and 2508, every edit changes the
/// diagnostics, so every edit is published).
const EDITED_SITES: [usize; 10] = [5, 250, 502, 747, 1006, 1251, 1503, 1748, 2000, 2490];

fn main() {
    let bin = std::env::var_os("WSLSP_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_wslsp").into())
        .into_string()
        .expect("a UTF-8 path");
    let edits: usize = env_or("WSLSP_BENCH_EDITS", 200);
    let counts: Vec<usize> = std::env::var("WSLSP_BENCH_DOCS")
        .unwrap_or_else(|_| "1,10,100".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let text = support::source();
    println!(
        "document: {} lines, {} KB; server: {bin}; {edits} one-character edits per measurement",
        support::LINES,
        text.len() / 1000
    );

    let reparse = reparse_times(&text, edits);
    println!(
        "{:<44} median {:>8.2} ms   p99 {:>8.2} ms",
        "tree-sitter incremental reparse (in process)",
        ms(percentile(&reparse, 0.5)),
        ms(percentile(&reparse, 0.99)),
    );

    let mut server = Server::start(&bin);
    let small = small_source();
    server.open("file:///bench/small.js", &small);
    let times = server.edits("file:///bench/small.js", &small, edits, 1);
    print_edits(
        "40-line file: edit -> publishDiagnostics",
        &times,
        &reparse,
        false,
    );

    let mut docs = Vec::new();
    let mut open = 0;
    for &count in &counts {
        let start = Instant::now();
        while open < count {
            let uri = format!("file:///bench/doc{open}.js");
            server.open(&uri, &text);
            docs.push(uri);
            open += 1;
        }
        let (rss, hwm) = server.memory_kib();
        println!(
            "{count:>3} open: {:>7.1} MB resident, peak {:>7.1} MB ({:.1} MB per document; \
             opening took {:.1} s)",
            rss as f64 / 1024.0,
            hwm as f64 / 1024.0,
            rss as f64 / 1024.0 / count as f64,
            start.elapsed().as_secs_f64(),
        );
        // The document opened first: with many open, the one edited least recently.
        let version = 1 + (open as i64) * 10_000;
        let times = server.edits(&docs[0], &text, edits, version);
        print_edits(
            &format!("{count:>3} open: edit -> publishDiagnostics"),
            &times,
            &reparse,
            true,
        );
        // The server rewrote doc0: restore it, so the next round edits the same text.
        server.reopen(&docs[0], &text, version + edits as i64 + 1);
    }
    let (rss, hwm) = server.memory_kib();
    println!(
        "after the edits: {:.1} MB resident, peak {:.1} MB",
        rss as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
    server.stop();
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(times: &[Duration], q: f64) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[((sorted.len() as f64 * q) as usize).min(sorted.len() - 1)]
}

fn print_edits(what: &str, times: &[Duration], reparse: &[Duration], ratio: bool) {
    let (median, p99) = (percentile(times, 0.5), percentile(times, 0.99));
    let versus = if ratio {
        format!(
            "   ({:.2}x / {:.2}x the reparse)",
            median.as_secs_f64() / percentile(reparse, 0.5).as_secs_f64(),
            p99.as_secs_f64() / percentile(reparse, 0.99).as_secs_f64(),
        )
    } else {
        String::new()
    };
    println!(
        "{what:<44} median {:>8.2} ms   p99 {:>8.2} ms{versus}",
        ms(median),
        ms(p99)
    );
}

/// A 40-line `ws` server with three findings, the first with code 2500.
fn small_source() -> String {
    let mut text = String::from(
        "import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 8080 });\nwss.on('connection', (socket) => {\n",
    );
    for i in 0..4 {
        let code = support::CODES[(i + 5) % support::CODES.len()];
        text.push_str(&format!(
            "  function handler{i}(msg) {{\n    const data = JSON.parse(msg);\n    if (!data.ok) {{\n      socket.close({code}, \"bad message {i}\");\n      return;\n    }}\n    console.log(data.value + {i});\n  }}\n    // padding\n    // padding\n"
        ));
    }
    text.push_str("});\n");
    text
}

/// The edits, in order: (byte offset of the digit, its line and column, the new digit). The
/// text is changed in place; it ends as it began when `n` is a multiple of 20.
fn edit_sequence(text: &mut String, n: usize) -> Vec<(usize, usize, usize, &'static str)> {
    let count = text.matches("socket.close(").count();
    let mut sites: Vec<(usize, usize, usize)> = EDITED_SITES
        .iter()
        .filter(|&&nth| nth < count)
        .map(|&nth| support::code_of_site(text, nth))
        .collect();
    if sites.is_empty() {
        sites.push(support::code_of_site(text, 0));
    }
    (0..n)
        .map(|i| {
            let (line, column, offset) = sites[i % sites.len()];
            let digit = support::toggled_digit(text, offset);
            text.replace_range(offset + 3..offset + 4, digit);
            (offset + 3, line, column + 3, digit)
        })
        .collect()
}

/// tree-sitter's `Tree::edit` + incremental reparse of each edit of [`edit_sequence`].
fn reparse_times(text: &str, n: usize) -> Vec<Duration> {
    let mut current = text.to_owned();
    let edits = edit_sequence(&mut current.clone(), n);
    let mut tree = analysis::parse(Language::JavaScript, &current, None).expect("parsed");
    edits
        .into_iter()
        .map(|(at, line, column, digit)| {
            current.replace_range(at..at + 1, digit);
            let point = Point::new(line, column);
            let end = Point::new(line, column + 1);
            let start = Instant::now();
            tree.edit(&InputEdit {
                start_byte: at,
                old_end_byte: at + 1,
                new_end_byte: at + 1,
                start_position: point,
                old_end_position: end,
                new_end_position: end,
            });
            tree = analysis::parse(Language::JavaScript, &current, Some(&tree)).expect("parsed");
            start.elapsed()
        })
        .collect()
}

/// The server process and what it wrote, each message with when it was read.
struct Server {
    child: Child,
    stdin: ChildStdin,
    incoming: mpsc::Receiver<(Instant, Value)>,
    next_id: i64,
}

impl Server {
    fn start(bin: &str) -> Server {
        let mut child = Command::new(bin)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the wslsp binary starts");
        let stdin = child.stdin.take().expect("piped");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            // Timed when the whole frame is read, before it is parsed: the client's own JSON
            // parsing is not the server's latency.
            while let Some((at, body)) = read_frame(&mut stdout) {
                let Ok(message) = serde_json::from_slice(&body) else {
                    continue;
                };
                if tx.send((at, message)).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            stdin,
            incoming,
            next_id: 0,
        };
        server.next_id += 1;
        server.write(
            &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": null, "rootUri": null,
            "capabilities": {"general": {"positionEncodings": ["utf-16"]}}}}),
        );
        server.until(|m| m["id"] == json!(1) && m.get("method").is_none());
        server.write(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        server
    }

    fn write(&mut self, message: &Value) {
        let body = serde_json::to_string(message).expect("JSON");
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("written");
        self.stdin.flush().expect("flushed");
    }

    /// Reads messages until `pred` accepts one; answers the server's requests with `null`.
    fn until(&mut self, pred: impl Fn(&Value) -> bool) -> Instant {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let (at, message) = self
                .incoming
                .recv_timeout(left)
                .expect("the server answers in time");
            if pred(&message) {
                return at;
            }
            if message.get("method").is_some() && message.get("id").is_some() {
                let id = message["id"].clone();
                self.write(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
            }
        }
    }

    /// Waits for the diagnostics of `uri` at `version`.
    fn published(&mut self, uri: &str, version: i64) -> Instant {
        self.until(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == json!(version)
        })
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.write(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "javascript", "version": 1, "text": text}}}),
        );
        self.published(uri, 1);
    }

    /// Replaces the whole text of `uri` (as version `version`) and waits for its diagnostics.
    fn reopen(&mut self, uri: &str, text: &str, version: i64) {
        self.write(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}]}}),
        );
        self.published(uri, version);
    }

    /// Makes `n` one-character edits of `uri` (whose text is `text`), one at a time, each
    /// timed from its `didChange` to its `publishDiagnostics`; versions after `version`.
    fn edits(&mut self, uri: &str, text: &str, n: usize, version: i64) -> Vec<Duration> {
        let edits = edit_sequence(&mut text.to_owned(), n);
        edits
            .into_iter()
            .enumerate()
            .map(|(i, (_, line, column, digit))| {
                let version = version + 1 + i as i64;
                let sent = Instant::now();
                self.write(
                    &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"range": {
                        "start": {"line": line, "character": column},
                        "end": {"line": line, "character": column + 1}}, "text": digit}]}}),
                );
                self.published(uri, version) - sent
            })
            .collect()
    }

    /// `VmRSS` and `VmHWM` of the server, in KiB.
    fn memory_kib(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    fn stop(mut self) {
        self.next_id += 1;
        let id = self.next_id;
        self.write(&json!({"jsonrpc": "2.0", "id": id, "method": "shutdown"}));
        self.until(|m| m["id"] == json!(id) && m.get("method").is_none());
        self.write(&json!({"jsonrpc": "2.0", "method": "exit"}));
        let _ = self.child.wait();
    }
}

/// One Content-Length framed message's body, with when it was read whole; `None` at the end
/// of the stream.
fn read_frame(input: &mut impl BufRead) -> Option<(Instant, Vec<u8>)> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if input.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(n) = header.strip_prefix("Content-Length:") {
            length = n.trim().parse().ok();
        }
    }
    let mut body = vec![0; length?];
    input.read_exact(&mut body).ok()?;
    Some((Instant::now(), body))
}
