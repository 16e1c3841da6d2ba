//! `wslsp lsp`: the language server, over stdin/stdout. A thin shell over the library, like
//! `cli`: the findings are those `wslsp check` reports, from the same
//! [`wslsp::analysis::analyze_tree`].
//!
//! | module | concern |
//! |---|---|
//! | `server` | capabilities, handlers (tower-lsp-server) |
//! | `actor` | the dispatcher thread, and one lane (ordered task queue) per document run by a pool of analysis threads |
//! | `document` | text + tree + analysis of one document, incremental edits, snapshots |
//! | `encoding` | position-encoding negotiation, byte offsets ↔ LSP positions |
//! | `settings` | `initializationOptions` / `didChangeConfiguration` |
//! | `project` | the `wslsp.toml` of each document, reloaded when it changes on disk |
//! | `index` | the project index of each workspace folder: built in the background, kept current by open documents and watched files; `workspace/diagnostic` |
//! | `transport` | frames the input itself, so that a malformed, lying or oversized message does not end the session |
//! | `trees` | which documents keep their parse tree and analysis cache (the most recently refreshed, within the `parseTrees` bound) |
//! | `memory` | glibc's arenas limited, and the pages of dropped trees handed back to the system |
//! | `diagnostics`, `hover`, `actions`, `hints`, `completion` | one feature each, from a snapshot |
//!
//! Logs go to stderr through `tracing` (filter with `WSLSP_LOG`, e.g. `WSLSP_LOG=debug`);
//! stdout carries only the protocol.
//!
//! # What runs where
//!
//! - tokio (two worker threads): the transport (`transport` reads and frames stdin; the
//!   framework writes stdout) and the handlers. A notification handler only queues an event;
//!   a request handler waits for its document's snapshot and computes its answer from it.
//! - `wslsp-documents`, the dispatcher: takes the events in arrival order, keeps the settings
//!   and each document's project configuration, and queues each document's events on that
//!   document's lane. It never parses nor analyses.
//! - `wslsp-analysis-0..3`, the pool: each runs one lane at a time, so one document's edits and
//!   analyses happen in order, on one thread at a time, while the other documents run on the
//!   other threads. A request on a document that is not being changed is answered from its
//!   last snapshot without waiting for the pool.
//!
//! Per document the server keeps: its text and line index (updated per edit, not rebuilt),
//! the analysis's sites and findings (its facts go to the project index and are dropped), its
//! project configuration, and the snapshot of its newest analysed version, with its LSP
//! diagnostics once a request read them (pushed ones are sent, not kept); that is what hover,
//! code actions, inlay hints and diagnostics read. Only the most recently refreshed documents (`trees`: the `parseTrees`
//! setting, by count and estimated bytes, the project indexes included) also keep the
//! tree-sitter tree (edited with each change, reparsed incrementally) and the analysis's
//! incremental cache (`analysis::Incremental`), with the edits not yet analysed; a document
//! that dropped them parses its text anew when it is next edited, and a request that needs a
//! tree (hover on a received code, the ignore action) parses one for itself. Each analysis runs within the file's time budget
//! (`[limits] file-time-budget-ms`, else `wslsp::budget::DEFAULT_FILE_BUDGET`); a document over
//! it has no findings, and the user is told once. A change cancels (through the budget's flag)
//! the analysis that was running to publish an older version's diagnostics (not one a request
//! waits on): the newest version wins. A panic while a document is analysed leaves that document without findings until its
//! next change (logged, and shown to the user); the others go on being served.
//!
//! # What it offers
//!
//! - diagnostics: pulled (`textDocument/diagnostic`) when the client declares support, else
//!   pushed on open and change; cleared on close;
//! - hover on a close code (literal or library constant) and on code that reads a received one;
//! - code actions: each finding's fixes (`quickfix`, the first preferred), "Ignore <rule> on this
//!   line" (a `wslsp-ignore:` comment), `source.fixAll.wslsp` (safe fixes only);
//! - inlay hints after numeric codes, completion of codes in a close call's code argument;
//! - incremental sync; position encodings utf-8, utf-32, utf-16 (the default);
//! - the project index of each workspace folder (`index`), built after `initialized` on
//!   tokio's blocking pool with work-done progress: constants and close helpers of other files
//!   resolve in open documents (whose own facts override the disk's), hover shows where; a
//!   change of the index analyses again the open documents that name what changed, and
//!   republishes (or asks pull clients to refresh); `workspace/diagnostic` reports every file;
//! - the project configuration (`wslsp.toml`) of each document, as `wslsp check` reads it;
//!   its errors as a diagnostic on the file and a message; reloaded on
//!   `workspace/didChangeWatchedFiles` (registered when the client allows it).
//!
//! # Settings
//!
//! `initializationOptions`, or `workspace/didChangeConfiguration` (`settings`, optionally under
//! a `wslsp` key; with `settings: null` the server asks for the `wslsp` section through
//! `workspace/configuration`). Applied at once, without a restart:
//!
//! ```json
//! { "inlayHints": true,
//!   "severity": { "unassigned-code": "error", "server-only-code": "off" },
//!   "config": "/path/to/wslsp.toml" }
//! ```
//!
//! # A session
//!
//! ```text
//! → initialize {"capabilities": {"general": {"positionEncodings": ["utf-16"]}}}
//! ← {"capabilities": {"positionEncoding": "utf-16", "textDocumentSync": {"openClose": true, "change": 2}, …}}
//! → textDocument/didOpen {"textDocument": {"uri": "file:///a.ts", "text": "import { WebSocketServer } from 'ws'; …  socket.close(1010);"}}
//! ← textDocument/publishDiagnostics {"uri": "file:///a.ts", "version": 1, "diagnostics": [{"code": "client-only-code", "severity": 1, "source": "wslsp", …}]}
//! → textDocument/hover {"position": {"line": 3, "character": 15}}
//! ← {"contents": {"kind": "markdown", "value": "**error** `client-only-code`: … ### 1010 Mandatory Ext. …"}}
//! → shutdown, exit          (exit status 0; exit without shutdown: 1)
//! ```

mod actions;
mod actor;
mod completion;
mod diagnostics;
mod document;
mod encoding;
mod hints;
mod hover;
mod index;
mod project;
mod server;
mod settings;
mod transport;
mod trees;

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::jsonrpc::{Error, ErrorCode};
use tower_lsp_server::{LspService, Server};

/// `wslsp lsp [--stdio]`.
#[derive(clap::Args)]
pub struct LspArgs {
    /// Talk over stdin/stdout (the default and only transport; accepted because editors
    /// such as VS Code pass it).
    #[arg(long)]
    pub stdio: bool,
}

/// Runs the server until `exit` or the end of stdin. Exit status: 0 when `shutdown` came
/// before, 1 otherwise (as the LSP specification asks).
pub fn run(_args: LspArgs) -> ExitCode {
    init_logging();
    // Two arenas: under 300 MB with 100 large documents open (`crate::memory`).
    crate::memory::limit_arenas(2);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("wslsp-lsp")
        // The stack of the threads requests are computed on (the default is 2 MiB): a margin for
        // what a grammar's deepest tree may still ask of native code.
        .thread_stack_size(16 * 1024 * 1024)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("wslsp: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let shutdown = Arc::new(AtomicBool::new(false));
    runtime.block_on(async {
        let flag = Arc::clone(&shutdown);
        let hooks = std::env::var_os("WSLSP_TEST_HOOKS").is_some_and(|v| v == "1");
        let mut builder =
            LspService::build(move |client| server::Backend::new(client, flag, hooks))
                .custom_method(transport::MALFORMED, server::Backend::malformed_message);
        if hooks {
            builder = builder.custom_method("wslsp/debugPanic", server::Backend::debug_panic);
        }
        let (service, socket) = builder.finish();
        Server::new(
            transport::guard(tokio::io::stdin()),
            tokio::io::stdout(),
            socket,
        )
        .serve(service)
        .await;
    });
    // tokio's stdin reader blocks in a thread of its own until the client closes the pipe;
    // do not wait for it.
    runtime.shutdown_background();
    if shutdown.load(Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        tracing::warn!("exit without shutdown");
        ExitCode::from(1)
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("WSLSP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_lsp_server=warn"));
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init();
    std::panic::set_hook(Box::new(|info| {
        tracing::error!("panic: {info}");
    }));
}

/// Runs a request's computation on tokio's blocking pool, so that a slow one (a hover deep in
/// a pathological document) holds none of the two threads that read and write messages; a
/// panic is logged (by the panic hook) and becomes an `InternalError` reply, and the server
/// goes on serving.
pub async fn compute<T: Send + 'static>(
    what: &'static str,
    f: impl FnOnce() -> T + Send + 'static,
) -> tower_lsp_server::jsonrpc::Result<T> {
    let failed = |why: &str| Error {
        code: ErrorCode::InternalError,
        message: format!("wslsp: {what} failed: {why}").into(),
        data: None,
    };
    match tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(f))).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(panic)) => Err(failed(panic_message(&*panic))),
        Err(e) => Err(failed(&e.to_string())),
    }
}

/// The message of a panic payload.
pub fn panic_message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("panic")
}
