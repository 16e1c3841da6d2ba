//! The document actor: the one owner of every open document.
//!
//! tower-lsp-server runs up to four handlers at once, so two `didChange` handlers could
//! interleave if each mutated shared state. Here the notification handlers only send an
//! [`Event`] on an unbounded channel, synchronously, on their first poll; the transport starts
//! handlers in arrival order, so the events queue in arrival order. One thread owns the
//! documents and applies the events strictly in that order. Requests send
//! [`Event::Snapshot`] on the same channel, so the snapshot they get reflects every change
//! that arrived before them, and then read it without any lock.
//!
//! Events that queue up while a batch is being handled are applied together: each text change
//! is applied as it comes (`Tree::edit`), and the reparse and analysis run once per document
//! per batch, or earlier when a request needs the document.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};
use tower_lsp_server::ls_types::{Diagnostic, MessageType, TextDocumentContentChangeEvent, Uri};

use super::diagnostics;
use super::document::{Document, Snapshot, language_of};
use super::encoding::Encoding;
use super::project::{Projects, Report};
use super::settings::Settings;

/// What the handlers tell the actor.
pub enum Event {
    /// Sent once, by `initialize`, before any document event.
    Configure {
        encoding: Encoding,
        push: bool,
        settings: Settings,
    },
    Open {
        uri: Uri,
        language_id: String,
        version: i32,
        text: String,
    },
    Change {
        uri: Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    },
    Close {
        uri: Uri,
    },
    Settings(Settings),
    /// Configuration files (`wslsp.toml`, `pyproject.toml`) changed on disk.
    ConfigFilesChanged,
    /// The current snapshot of a document (`None` if it is not open).
    Snapshot {
        uri: Uri,
        reply: oneshot::Sender<Option<Arc<Snapshot>>>,
    },
}

/// What the actor asks the async side to send to the client, in order.
pub enum Outgoing {
    Publish {
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    },
    /// Settings changed: pulled diagnostics and inlay hints are out of date.
    Refresh,
    /// `window/showMessage`.
    Message { typ: MessageType, text: String },
}

/// At most this many queued events are applied before diagnostics go out.
const MAX_BATCH: usize = 256;

/// Starts the actor on its own thread (parsing and analysis are CPU work that must not stall
/// the async runtime). Dropping every sender stops it.
pub fn spawn(out: mpsc::UnboundedSender<Outgoing>) -> mpsc::UnboundedSender<Event> {
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::Builder::new()
        .name("wslsp-documents".into())
        .spawn(move || Actor::new(out).run(rx))
        .expect("spawn the document thread");
    tx
}

struct Open {
    doc: Document,
    snapshot: Option<Arc<Snapshot>>,
    /// Its diagnostics changed since they were last published.
    unpublished: bool,
}

pub struct Actor {
    docs: HashMap<Uri, Open>,
    encoding: Encoding,
    push: bool,
    settings: Arc<Settings>,
    projects: Projects,
    out: mpsc::UnboundedSender<Outgoing>,
}

impl Actor {
    pub fn new(out: mpsc::UnboundedSender<Outgoing>) -> Actor {
        Actor {
            docs: HashMap::new(),
            encoding: Encoding::Utf16,
            push: true,
            settings: Arc::default(),
            projects: Projects::default(),
            out,
        }
    }

    fn run(mut self, mut rx: mpsc::UnboundedReceiver<Event>) {
        while let Some(first) = rx.blocking_recv() {
            let mut next = Some(first);
            let mut handled = 0;
            while let Some(event) = next {
                self.guarded("event", |actor| actor.handle(event));
                handled += 1;
                next = if handled < MAX_BATCH {
                    rx.try_recv().ok()
                } else {
                    None
                };
            }
            self.guarded("publish", Actor::flush);
        }
        tracing::debug!("document actor stopped");
    }

    /// Runs `f`; a panic is logged and the actor goes on with the next event.
    fn guarded(&mut self, what: &str, f: impl FnOnce(&mut Actor)) {
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| f(self))) {
            tracing::error!(
                "panic in the document actor ({what}): {}",
                super::panic_message(&*panic)
            );
        }
    }

    pub fn handle(&mut self, event: Event) {
        match event {
            Event::Configure {
                encoding,
                push,
                settings,
            } => {
                self.encoding = encoding;
                self.push = push;
                self.settings = Arc::new(settings);
            }
            Event::Open {
                uri,
                language_id,
                version,
                text,
            } => {
                let language = language_of(&uri, &language_id);
                tracing::debug!(uri = uri.as_str(), ?language, "open");
                let mut doc = Document::new(language, text, version);
                self.configure(&uri, &mut doc);
                self.report_config_files();
                doc.refresh();
                if let Some(skip) = &doc.skipped {
                    tracing::info!("{}: {skip}", uri.as_str());
                }
                self.docs.insert(
                    uri,
                    Open {
                        doc,
                        snapshot: None,
                        unpublished: true,
                    },
                );
            }
            Event::Change {
                uri,
                version,
                changes,
            } => {
                let Some(open) = self.docs.get_mut(&uri) else {
                    tracing::warn!("didChange for {}, which is not open", uri.as_str());
                    return;
                };
                // Drop the cached snapshot first: while it holds the text, editing the text
                // would copy it.
                open.snapshot = None;
                for change in &changes {
                    open.doc.apply_change(change, self.encoding);
                }
                open.doc.version = version;
                open.unpublished = true;
            }
            Event::Close { uri } => {
                if self.docs.remove(&uri).is_some() && self.push {
                    // Clear what was published, so no stale squiggle outlives the document.
                    self.send(Outgoing::Publish {
                        uri,
                        diagnostics: Vec::new(),
                        version: None,
                    });
                }
            }
            Event::Settings(settings) => {
                if *self.settings == settings {
                    return;
                }
                self.settings = Arc::new(settings);
                self.reconfigure();
            }
            Event::ConfigFilesChanged => {
                self.projects.reload();
                self.reconfigure();
            }
            Event::Snapshot { uri, reply } => {
                let snapshot = self.snapshot(&uri);
                let _ = reply.send(snapshot);
            }
        }
    }

    /// Gives the document at `uri` its project configuration.
    fn configure(&mut self, uri: &Uri, doc: &mut Document) {
        let path = uri.to_file_path();
        let explicit = self.settings.config.as_deref();
        let config = self.projects.for_document(path.as_deref(), explicit);
        doc.configure(config, path.as_deref());
    }

    /// Settings or configuration files changed: every document is configured again, and its
    /// diagnostics recomputed and republished.
    fn reconfigure(&mut self) {
        let mut docs = std::mem::take(&mut self.docs);
        for (uri, open) in &mut docs {
            self.configure(uri, &mut open.doc);
            open.snapshot = None;
            open.unpublished = true;
        }
        self.docs = docs;
        self.report_config_files();
        self.send(Outgoing::Refresh);
    }

    /// Tells the user about configuration files that broke or were fixed: a diagnostic on
    /// the file (pushed whatever the client's diagnostic model, since the file is not a
    /// document the server analyses) and, for an error, a message.
    fn report_config_files(&mut self) {
        for report in self.projects.take_reports() {
            let (path, diagnostics) = match &report {
                Report::Broken { error, kept } => {
                    let then = if *kept {
                        "the last good configuration stays in force"
                    } else {
                        "the defaults apply"
                    };
                    tracing::warn!("{error}");
                    self.send(Outgoing::Message {
                        typ: MessageType::ERROR,
                        text: format!("wslsp: {error}; {then} until it is fixed"),
                    });
                    (&error.path, vec![diagnostics::config_diagnostic(error)])
                }
                Report::Fixed(path) => (path, Vec::new()),
            };
            let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
            if let Some(uri) = Uri::from_file_path(&absolute) {
                self.send(Outgoing::Publish {
                    uri,
                    diagnostics,
                    version: None,
                });
            }
        }
    }

    /// The current snapshot of `uri`, refreshing the document first if it changed.
    pub fn snapshot(&mut self, uri: &Uri) -> Option<Arc<Snapshot>> {
        let open = self.docs.get_mut(uri)?;
        open.doc.refresh();
        let (encoding, settings) = (self.encoding, &self.settings);
        Some(Arc::clone(open.snapshot.get_or_insert_with(|| {
            Arc::new(open.doc.snapshot(uri, encoding, settings))
        })))
    }

    /// Brings every changed document up to date and, when diagnostics are pushed, publishes
    /// them.
    pub fn flush(&mut self) {
        let changed: Vec<Uri> = self
            .docs
            .iter()
            .filter(|(_, open)| open.unpublished)
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in changed {
            let Some(snapshot) = self.snapshot(&uri) else {
                continue;
            };
            if let Some(open) = self.docs.get_mut(&uri) {
                open.unpublished = false;
            }
            if self.push {
                self.send(Outgoing::Publish {
                    uri,
                    diagnostics: diagnostics::diagnostics(&snapshot).to_vec(),
                    version: Some(snapshot.version),
                });
            }
        }
    }

    fn send(&self, message: Outgoing) {
        // The receiver is gone only when the server is stopping.
        let _ = self.out.send(message);
    }
}
