//! Who owns the documents, and where their analysis runs.
//!
//! tower-lsp-server runs up to four handlers at once, so two `didChange` handlers could
//! interleave if each mutated shared state. Here the notification handlers only send an
//! [`Event`] on an unbounded channel, synchronously, on their first poll; the transport starts
//! handlers in arrival order, so the events queue in arrival order.
//!
//! - The **dispatcher** (thread `wslsp-documents`) takes the events in that order. It keeps the
//!   settings and the project configurations, and routes each document's events, as
//!   [`Task`]s, to that document's [`Lane`]. It never parses nor analyses, so it never waits
//!   on a document.
//! - A **lane** is one document's ordered queue of tasks and the document itself. A pool of
//!   [`WORKERS`] threads (`wslsp-analysis`) runs the lanes: at most one worker runs a given
//!   lane at a time, so one document's tasks apply strictly in order (and its
//!   [`analysis::Incremental`](wslsp::analysis::Incremental) cache sees every version in
//!   order), while other documents' lanes run on the other workers. A slow or failing
//!   document therefore delays only its own requests.
//!
//! Requests send [`Event::Snapshot`] through the same channel, so the snapshot they get
//! reflects every change that arrived before them (the lane refreshes the document first);
//! when nothing queued can change a document, the dispatcher hands out its current snapshot
//! at once. Tasks that queue up while a worker runs a lane are applied together: each text
//! change as it comes (`Tree::edit`), then one reparse and analysis to publish diagnostics.
//! That last analysis is cancelled by the next change of the document: the newest version
//! wins. An analysis a request waits on is not cancelled.
//!
//! A panic while a document is analysed is logged, and the document has no findings until its
//! next edit; every other document goes on being served.

use std::collections::{HashMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::{mpsc, oneshot};
use tower_lsp_server::ls_types::{
    Diagnostic, FileChangeType, FileEvent, MessageType, TextDocumentContentChangeEvent, Uri,
};
use wslsp::analysis::Skip;
use wslsp::config::Config;
use wslsp::languages::Language;

use super::diagnostics;
use super::document::{Document, Refresh, Snapshot, language_of};
use super::encoding::Encoding;
use super::index::{self, Indexes};
use super::project::{Projects, Report};
use super::settings::Settings;
use super::trees::Trees;

/// What the handlers tell the dispatcher.
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
    /// The snapshots of every open document (each as its lane gives it), with the settings,
    /// for `workspace/diagnostic`.
    OpenDocuments {
        reply: oneshot::Sender<(Arc<Settings>, Encoding, Vec<SnapshotReply>)>,
    },
    /// The index of workspace folder `root` was built (and installed in [`Indexes`]): every
    /// open document in it is analysed again with it.
    IndexBuilt {
        root: PathBuf,
    },
    /// The index of `root` changed: the open documents in it that name one of `names`
    /// are analysed again.
    IndexChanged(index::Changed),
    /// Source files changed on disk (`workspace/didChangeWatchedFiles`).
    SourceFilesChanged(Vec<FileEvent>),
    /// These documents must drop their trees ([`super::trees`]).
    DropTrees(Vec<Uri>),
}

/// An open document's snapshot, to come.
pub type SnapshotReply = (PathBuf, oneshot::Receiver<Option<Arc<Snapshot>>>);

/// What the dispatcher and the lanes ask the async side to send to the client; one lane's
/// messages go out in the order it sent them.
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

/// At most this many queued tasks of one document are applied before its diagnostics go out
/// and the worker turns to other documents.
const MAX_BATCH: usize = 256;

/// Threads that run the lanes: as many documents are analysed at once. More than the two
/// cores the server usually gets, so that two documents that take their whole budget still
/// leave workers for the others.
const WORKERS: usize = 4;

/// The stack of each worker: 32 MiB of address space (only the pages used are committed).
/// The analysis walks trees without recursing on their depth; this is the margin for what a
/// grammar's deepest input may still ask of native code.
const WORKER_STACK: usize = 32 * 1024 * 1024;

/// With `WSLSP_TEST_HOOKS=1`, analysing a document that contains this text panics, to test
/// that a panic stays within its document.
pub const PANIC_MARKER: &str = "wslsp-test-hook: panic in analysis";

/// Starts the dispatcher and the workers. Dropping every sender stops the dispatcher; the
/// workers wait for lanes until the process ends. `hooks`: see [`PANIC_MARKER`].
pub fn spawn(
    out: mpsc::UnboundedSender<Outgoing>,
    indexes: Arc<Indexes>,
    hooks: bool,
) -> mpsc::UnboundedSender<Event> {
    let (tx, rx) = mpsc::unbounded_channel();
    let shared = Arc::new(Shared {
        out: out.clone(),
        pool: start_workers(),
        hooks,
        indexes,
        events: tx.downgrade(),
        trees: Trees::default(),
    });
    std::thread::Builder::new()
        .name("wslsp-documents".into())
        .spawn(move || Dispatcher::new(out, shared).run(rx))
        .expect("spawn the document thread");
    tx
}

/// The pool: lanes ready to run, taken by whichever worker is free.
fn start_workers() -> std::sync::mpsc::Sender<Arc<Lane>> {
    let (tx, rx) = std::sync::mpsc::channel::<Arc<Lane>>();
    let rx = Arc::new(Mutex::new(rx));
    for i in 0..WORKERS {
        let rx = Arc::clone(&rx);
        std::thread::Builder::new()
            .name(format!("wslsp-analysis-{i}"))
            .stack_size(WORKER_STACK)
            .spawn(move || {
                loop {
                    // The guard is dropped before the lane runs: the others may take lanes.
                    let next = lock(&rx).recv();
                    match next {
                        Ok(lane) => lane.run(),
                        Err(_) => break,
                    }
                }
            })
            .expect("spawn an analysis thread");
    }
    tx
}

/// A mutex's guard, also after a panic elsewhere poisoned it (every panic is caught and the
/// state it left is reset, so the data stays usable).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the lanes share.
struct Shared {
    out: mpsc::UnboundedSender<Outgoing>,
    /// Where a lane with tasks waits for a worker.
    pool: std::sync::mpsc::Sender<Arc<Lane>>,
    hooks: bool,
    /// The workspace folders' project indexes.
    indexes: Arc<Indexes>,
    /// The dispatcher's own queue, for what the index's changes ask of it (weak: the
    /// dispatcher stops when the handlers' senders are gone).
    events: mpsc::WeakUnboundedSender<Event>,
    /// Which documents keep their trees.
    trees: Trees,
}

impl Shared {
    fn send(&self, message: Outgoing) {
        // The receiver is gone only when the server is stopping.
        let _ = self.out.send(message);
    }

    /// Tells the dispatcher which documents must drop their trees.
    fn drop_trees(&self, uris: Vec<Uri>) {
        if let (false, Some(events)) = (uris.is_empty(), self.events.upgrade()) {
            let _ = events.send(Event::DropTrees(uris));
        }
    }

    /// Tells the dispatcher that the index changed.
    fn index_changed(&self, changed: Option<index::Changed>) {
        if let (Some(changed), Some(events)) = (changed, self.events.upgrade()) {
            let _ = events.send(Event::IndexChanged(changed));
        }
    }
}

/// What every document shares, from `initialize` and the settings.
#[derive(Clone)]
struct Context {
    encoding: Encoding,
    /// Diagnostics are pushed (the client does not pull them).
    push: bool,
    settings: Arc<Settings>,
}

/// One document's project configuration and its path (`None`: not a file).
struct Configured {
    config: Option<Arc<Config>>,
    path: Option<PathBuf>,
    /// The libraries whose own code the document is, from the manifests above it.
    own_libraries: &'static [&'static str],
}

/// What a lane applies to its document, in order.
enum Task {
    Open {
        language: Option<Language>,
        version: i32,
        text: String,
        context: Context,
        configured: Configured,
    },
    Change {
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    },
    /// Settings or configuration files changed.
    Configure {
        context: Context,
        configured: Configured,
    },
    Close,
    Snapshot(oneshot::Sender<Option<Arc<Snapshot>>>),
    /// The project index changed: analyse again if the text names one of these names
    /// (`None`: in any case).
    Reproject(Option<Arc<[String]>>),
    /// Drop the tree and the analysis cache, unless the document was refreshed since it was
    /// told to ([`super::trees`]).
    DropTree,
}

// ------------------------------------------------------------------------------------------
// The dispatcher
// ------------------------------------------------------------------------------------------

struct Entry {
    lane: Arc<Lane>,
    /// The document is open (a closed one keeps its lane until its last tasks ran).
    open: bool,
}

struct Dispatcher {
    lanes: HashMap<Uri, Entry>,
    context: Context,
    projects: Projects,
    /// The project manifests above each document, read once per directory.
    manifests: wslsp::manifest::Manifests,
    out: mpsc::UnboundedSender<Outgoing>,
    shared: Arc<Shared>,
}

impl Dispatcher {
    fn new(out: mpsc::UnboundedSender<Outgoing>, shared: Arc<Shared>) -> Dispatcher {
        Dispatcher {
            lanes: HashMap::new(),
            context: Context {
                encoding: Encoding::Utf16,
                push: true,
                settings: Arc::default(),
            },
            projects: Projects::default(),
            manifests: wslsp::manifest::Manifests::new(),
            out,
            shared,
        }
    }

    fn run(mut self, mut rx: mpsc::UnboundedReceiver<Event>) {
        while let Some(event) = rx.blocking_recv() {
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| self.handle(event))) {
                tracing::error!(
                    "panic in the document dispatcher: {}",
                    super::panic_message(&*panic)
                );
            }
        }
        tracing::debug!("document dispatcher stopped");
    }

    fn handle(&mut self, event: Event) {
        match event {
            Event::Configure {
                encoding,
                push,
                settings,
            } => {
                let limits = settings.parse_trees;
                self.context = Context {
                    encoding,
                    push,
                    settings: Arc::new(settings),
                };
                let evicted = self.shared.trees.set_limits(limits);
                self.drop_trees(evicted);
            }
            Event::Open {
                uri,
                language_id,
                version,
                text,
            } => {
                let language = language_of(&uri, &language_id);
                tracing::debug!(uri = uri.as_str(), ?language, "open");
                let configured = self.configure(&uri);
                self.report_config_files();
                self.prune();
                let shared = &self.shared;
                let entry = self.lanes.entry(uri.clone()).or_insert_with(|| Entry {
                    lane: Lane::new(uri, Arc::clone(shared)),
                    open: false,
                });
                entry.open = true;
                entry.lane.push(Task::Open {
                    language,
                    version,
                    text,
                    context: self.context.clone(),
                    configured,
                });
            }
            Event::Change {
                uri,
                version,
                changes,
            } => match self.lanes.get(&uri) {
                Some(entry) if entry.open => entry.lane.push(Task::Change { version, changes }),
                _ => tracing::warn!("didChange for {}, which is not open; ignored", uri.as_str()),
            },
            Event::Close { uri } => match self.lanes.get_mut(&uri) {
                Some(entry) if entry.open => {
                    entry.open = false;
                    entry.lane.push(Task::Close);
                }
                _ => tracing::warn!("didClose for {}, which is not open; ignored", uri.as_str()),
            },
            Event::Settings(settings) => {
                if *self.context.settings != settings {
                    let evicted = self.shared.trees.set_limits(settings.parse_trees);
                    self.drop_trees(evicted);
                    self.context.settings = Arc::new(settings);
                    self.reconfigure();
                }
            }
            Event::ConfigFilesChanged => {
                self.projects.reload();
                self.manifests.clear();
                self.reconfigure();
            }
            Event::Snapshot { uri, reply } => match self.lanes.get(&uri) {
                Some(entry) if entry.open => entry.lane.push(Task::Snapshot(reply)),
                _ => {
                    let _ = reply.send(None);
                }
            },
            Event::OpenDocuments { reply } => {
                let mut snapshots = Vec::new();
                for (uri, entry) in self.lanes.iter().filter(|(_, e)| e.open) {
                    let Some(path) = uri.to_file_path() else {
                        continue;
                    };
                    let (tx, rx) = oneshot::channel();
                    entry.lane.push(Task::Snapshot(tx));
                    snapshots.push((path.into_owned(), rx));
                }
                let context = &self.context;
                let _ = reply.send((Arc::clone(&context.settings), context.encoding, snapshots));
            }
            Event::IndexBuilt { root } => {
                self.count_indexes();
                self.reproject(&root, None);
            }
            Event::IndexChanged(changed) => {
                self.count_indexes();
                self.reproject(&changed.root, Some(changed.names));
            }
            Event::SourceFilesChanged(changes) => self.source_files_changed(changes),
            Event::DropTrees(uris) => self.drop_trees(uris),
        }
    }

    /// Tells the lanes of `uris` to drop their trees.
    fn drop_trees(&self, uris: Vec<Uri>) {
        for uri in uris {
            if let Some(entry) = self.lanes.get(&uri).filter(|e| e.open) {
                entry.lane.push(Task::DropTree);
            }
        }
    }

    /// The project indexes count in the trees' byte bound.
    fn count_indexes(&self) {
        let bytes = self.shared.indexes.approx_bytes();
        let evicted = self.shared.trees.set_index_bytes(bytes);
        self.drop_trees(evicted);
    }

    /// The index of `root` changed: its open documents that name one of `names` (all of them
    /// for `None`) are analysed again and their diagnostics republished (pushed, or the
    /// client asked to pull them again).
    fn reproject(&mut self, root: &std::path::Path, names: Option<Arc<[String]>>) {
        if names.as_ref().is_some_and(|n| n.is_empty()) {
            return;
        }
        for (uri, entry) in &self.lanes {
            let inside = uri.to_file_path().is_some_and(|p| p.starts_with(root));
            if entry.open && inside {
                entry.lane.push(Task::Reproject(names.clone()));
            }
        }
        self.send(Outgoing::Refresh);
    }

    /// Source files changed on disk: those not open (an open document's facts win) are read
    /// again on a thread of their own, and the index updated.
    fn source_files_changed(&mut self, changes: Vec<FileEvent>) {
        let open: std::collections::HashSet<PathBuf> = self
            .lanes
            .iter()
            .filter(|(_, e)| e.open)
            .filter_map(|(uri, _)| uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        let changes: Vec<(PathBuf, Language, bool)> = changes
            .into_iter()
            .filter_map(|change| {
                let path = change.uri.to_file_path()?.into_owned();
                let language = Language::from_path(&path)?;
                let gone = change.typ == FileChangeType::DELETED;
                (!open.contains(&path) && !wslsp::workspace::is_generated_name(&path))
                    .then_some((path, language, gone))
            })
            .collect();
        if changes.is_empty() {
            return;
        }
        let shared = Arc::clone(&self.shared);
        let spawned = std::thread::Builder::new()
            .name("wslsp-index-files".into())
            .spawn(move || {
                for (path, language, gone) in changes {
                    let facts = (!gone)
                        .then(|| index::disk_facts(&path, language))
                        .flatten();
                    shared
                        .indexes
                        .track(&path, language, !gone && path.is_file());
                    shared.index_changed(shared.indexes.update(&path, facts.as_ref()));
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot read the changed source files: {e}");
        }
    }

    /// The project configuration of the document at `uri`.
    fn configure(&mut self, uri: &Uri) -> Configured {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let explicit = self.context.settings.config.as_deref();
        let config = self.projects.for_document(path.as_deref(), explicit);
        let own_libraries = match path.as_deref() {
            Some(path) => self.manifests.own_libraries(path),
            None => &[],
        };
        Configured {
            config,
            path,
            own_libraries,
        }
    }

    /// Settings or configuration files changed: every document is configured again, and its
    /// diagnostics recomputed and republished.
    fn reconfigure(&mut self) {
        let open: Vec<Uri> = self
            .lanes
            .iter()
            .filter(|(_, entry)| entry.open)
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in open {
            let configured = self.configure(&uri);
            self.lanes[&uri].lane.push(Task::Configure {
                context: self.context.clone(),
                configured,
            });
        }
        self.report_config_files();
        self.send(Outgoing::Refresh);
    }

    /// Forgets the lanes of closed documents that have run their last task.
    fn prune(&mut self) {
        self.lanes
            .retain(|_, entry| entry.open || lock(&entry.lane.queue).scheduled);
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

    fn send(&self, message: Outgoing) {
        let _ = self.out.send(message);
    }
}

// ------------------------------------------------------------------------------------------
// Lanes
// ------------------------------------------------------------------------------------------

/// One document: its queue of tasks, and the document the worker that runs it owns.
struct Lane {
    uri: Uri,
    shared: Arc<Shared>,
    queue: Mutex<Queue>,
    /// Locked only by the one worker that runs the lane.
    state: Mutex<State>,
}

#[derive(Default)]
struct Queue {
    tasks: VecDeque<Task>,
    /// A worker runs the lane, or the lane waits for one.
    scheduled: bool,
    /// The flag of the analysis running to publish diagnostics; a new change sets it.
    cancel: Option<Arc<AtomicBool>>,
    /// The snapshot of the document's newest version, kept while nothing queued can change
    /// it: a request takes it without waiting for a worker.
    current: Option<Arc<Snapshot>>,
}

#[derive(Default)]
struct State {
    open: Option<Open>,
}

struct Open {
    doc: Document,
    context: Context,
    snapshot: Option<Arc<Snapshot>>,
    /// Its diagnostics changed since they were last published.
    unpublished: bool,
    /// Why the document is not analysed, as last told to the user.
    told: Option<Skip>,
}

impl Lane {
    fn new(uri: Uri, shared: Arc<Shared>) -> Arc<Lane> {
        Arc::new(Lane {
            uri,
            shared,
            queue: Mutex::default(),
            state: Mutex::default(),
        })
    }

    /// Queues `task`, and the lane for a worker if no worker has it. A request is answered at
    /// once when the current snapshot is known; a change cancels the analysis for publication.
    fn push(self: &Arc<Lane>, task: Task) {
        let mut queue = lock(&self.queue);
        match task {
            Task::Snapshot(reply) if queue.tasks.is_empty() && queue.current.is_some() => {
                let _ = reply.send(queue.current.clone());
                return;
            }
            Task::Snapshot(_) | Task::DropTree => {}
            _ => {
                queue.current = None;
                if let Some(cancel) = &queue.cancel {
                    cancel.store(true, Ordering::Relaxed);
                }
            }
        }
        queue.tasks.push_back(task);
        if !queue.scheduled {
            queue.scheduled = true;
            drop(queue);
            let _ = self.shared.pool.send(Arc::clone(self));
        }
    }

    /// Runs on a worker: applies a batch of tasks, publishes diagnostics (unless a change
    /// cancels that), then gives the worker back; a lane with tasks left queues again.
    fn run(self: Arc<Lane>) {
        let batch: Vec<Task> = {
            let mut queue = lock(&self.queue);
            let n = queue.tasks.len().min(MAX_BATCH);
            queue.tasks.drain(..n).collect()
        };
        let mut state = lock(&self.state);
        for task in batch {
            self.guarded(&mut state, "a task", |lane, state| lane.handle(state, task));
        }
        let cancel = {
            let mut queue = lock(&self.queue);
            queue.tasks.is_empty().then(|| {
                let cancel = Arc::new(AtomicBool::new(false));
                queue.cancel = Some(Arc::clone(&cancel));
                cancel
            })
        };
        if let Some(cancel) = cancel {
            self.guarded(&mut state, "publishing", |lane, state| {
                lane.publish(state, &cancel);
            });
        }
        let mut queue = lock(&self.queue);
        queue.cancel = None;
        if queue.tasks.is_empty() {
            queue.current = state
                .open
                .as_ref()
                .filter(|open| !open.unpublished)
                .and_then(|open| open.snapshot.clone());
            queue.scheduled = false;
        } else {
            drop(queue);
            drop(state);
            let _ = self.shared.pool.send(Arc::clone(&self));
        }
    }

    /// Runs `f`; a panic is logged, and the document's derived state (tree, analysis) is
    /// dropped, so that nothing half done is served.
    fn guarded(&self, state: &mut State, what: &str, f: impl FnOnce(&Lane, &mut State)) {
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| f(self, state))) {
            let message = super::panic_message(&*panic);
            tracing::error!("panic in {what} of {}", self.uri.as_str());
            if let Some(open) = &mut state.open {
                self.failed(open, message);
                open.doc.reset();
            }
        }
    }

    fn handle(&self, state: &mut State, task: Task) {
        match task {
            Task::Open {
                language,
                version,
                text,
                context,
                configured,
            } => {
                let mut doc = Document::new(language, text, version);
                doc.configure(
                    configured.config,
                    configured.path.as_deref(),
                    configured.own_libraries,
                );
                state.open = Some(Open {
                    doc,
                    context,
                    snapshot: None,
                    unpublished: true,
                    told: None,
                });
            }
            Task::Change { version, changes } => {
                let Some(open) = &mut state.open else {
                    return;
                };
                // Drop the cached snapshot first: while it holds the text, editing the text
                // would copy it.
                open.snapshot = None;
                for change in &changes {
                    open.doc.apply_change(change, open.context.encoding);
                }
                open.doc.version = version;
                open.unpublished = true;
            }
            Task::Configure {
                context,
                configured,
            } => {
                let Some(open) = &mut state.open else {
                    return;
                };
                open.context = context;
                open.doc.configure(
                    configured.config,
                    configured.path.as_deref(),
                    configured.own_libraries,
                );
                open.snapshot = None;
                open.unpublished = true;
            }
            Task::Close => {
                self.shared.trees.forget(&self.uri);
                let was_open = state.open.take();
                let had_tree = was_open.as_ref().is_some_and(|open| open.doc.has_tree());
                // The file's facts on disk replace the document's in the index.
                if let Some(open) = &was_open
                    && let (Some(path), Some(language)) = (open.doc.path(), open.doc.language)
                    && self.shared.indexes.index_for(path).is_some()
                {
                    let facts = index::disk_facts(path, language);
                    self.shared
                        .index_changed(self.shared.indexes.update(path, facts.as_ref()));
                }
                if was_open.is_some_and(|open| open.context.push) {
                    // Clear what was published, so no stale squiggle outlives the document.
                    self.shared.send(Outgoing::Publish {
                        uri: self.uri.clone(),
                        diagnostics: Vec::new(),
                        version: None,
                    });
                }
                if had_tree {
                    // The document's tree is freed now: its pages go back to the system.
                    crate::memory::release_freed();
                }
            }
            Task::Snapshot(reply) => {
                // A request waits on this analysis: nothing cancels it.
                let snapshot = self.snapshot(state, None);
                let _ = reply.send(snapshot);
            }
            Task::DropTree => {
                let Some(open) = &mut state.open else {
                    return;
                };
                if !self.shared.trees.holds(&self.uri) && open.doc.has_tree() {
                    open.doc.drop_tree();
                    open.snapshot = open
                        .snapshot
                        .as_ref()
                        .map(|snapshot| Arc::new(snapshot.without_tree()));
                    // The snapshot requests take without waiting: the new one, when current.
                    let mut queue = lock(&self.queue);
                    if queue.current.is_some() {
                        queue.current = open.snapshot.clone();
                    }
                    drop(queue);
                    // The tree was freed (unless a request still reads it): its pages go back.
                    crate::memory::release_freed();
                }
            }
            Task::Reproject(names) => {
                let Some(open) = &mut state.open else {
                    return;
                };
                let names_one = names
                    .is_none_or(|names| names.iter().any(|n| open.doc.text.contains(n.as_str())));
                if names_one {
                    open.doc.reproject();
                    open.snapshot = None;
                    open.unpublished = true;
                }
            }
        }
    }

    /// The snapshot of the document as it is now, refreshing it first; `None` if it is not
    /// open or the refresh was cancelled. A panic in the analysis leaves the document without
    /// findings until its next change, and is reported.
    fn snapshot(
        &self,
        state: &mut State,
        cancel: Option<&Arc<AtomicBool>>,
    ) -> Option<Arc<Snapshot>> {
        let open = state.open.as_mut()?;
        let hooks = self.shared.hooks;
        let project = open
            .doc
            .path()
            .filter(|_| open.doc.is_stale())
            .and_then(|path| self.shared.indexes.index_for(path));
        let refreshed = catch_unwind(AssertUnwindSafe(|| {
            if hooks && open.doc.is_stale() && open.doc.text.contains(PANIC_MARKER) {
                panic!("{PANIC_MARKER}");
            }
            open.doc.refresh(cancel, project.as_deref())
        }));
        // Not held any longer: the update below then changes the index in place, uncopied.
        drop(project);
        match refreshed {
            Ok(Refresh::Cancelled) => return None,
            Ok(Refresh::Done) => {
                self.tell_skip(open);
                // The newest refreshed document keeps its tree; the oldest may drop theirs.
                if open.doc.has_tree() {
                    let cost = open.doc.tree_cost();
                    self.shared
                        .drop_trees(self.shared.trees.touch(&self.uri, cost));
                } else {
                    self.shared.trees.forget(&self.uri);
                }
                // The document's facts replace the file's in its folder's index.
                if let (Some(path), Some(facts)) = (open.doc.path(), open.doc.indexed_facts()) {
                    self.shared
                        .index_changed(self.shared.indexes.update(path, Some(facts)));
                }
                open.doc.settle();
            }
            Ok(Refresh::Current) => {}
            Err(panic) => {
                self.failed(open, super::panic_message(&*panic));
                open.doc.reset();
            }
        }
        let Context {
            encoding, settings, ..
        } = &open.context;
        let doc = &open.doc;
        Some(Arc::clone(open.snapshot.get_or_insert_with(|| {
            Arc::new(doc.snapshot(&self.uri, *encoding, settings))
        })))
    }

    /// Logs a panic while the document was handled, and tells the user.
    fn failed(&self, open: &mut Open, message: &str) {
        tracing::error!("panic while analysing {}: {message}", self.uri.as_str());
        open.snapshot = None;
        self.shared.send(Outgoing::Message {
            typ: MessageType::ERROR,
            text: format!(
                "wslsp: analysing {} failed ({message}); it has no diagnostics until its next \
                 change",
                self.uri.as_str()
            ),
        });
    }

    /// Logs why a document is not analysed, once per reason; a document over its time budget
    /// is also shown to the user, as `wslsp check` reports a skipped file.
    fn tell_skip(&self, open: &mut Open) {
        if open.doc.skipped == open.told {
            return;
        }
        open.told = open.doc.skipped.clone();
        let Some(skip) = &open.told else {
            return;
        };
        tracing::info!("{}: {skip}", self.uri.as_str());
        if matches!(skip, Skip::OverBudget { .. }) {
            self.shared.send(Outgoing::Message {
                typ: MessageType::WARNING,
                text: format!(
                    "wslsp: {}: {skip}; it has no diagnostics until an edit brings it within \
                     the budget ([limits] file-time-budget-ms in wslsp.toml)",
                    self.uri.as_str()
                ),
            });
        }
    }

    /// Brings the document up to date and, when diagnostics are pushed, publishes them.
    fn publish(&self, state: &mut State, cancel: &Arc<AtomicBool>) {
        if !state.open.as_ref().is_some_and(|open| open.unpublished) {
            return;
        }
        let snapshot = self
            .snapshot(state, Some(cancel))
            // A change that came after the analysis's last look at the flag: the diagnostics
            // would be out of date as they arrive.
            .filter(|_| !cancel.load(Ordering::Relaxed));
        let Some(snapshot) = snapshot else {
            tracing::debug!(
                "{}: a newer change cancelled the analysis of the previous version",
                self.uri.as_str()
            );
            return;
        };
        let Some(open) = &mut state.open else {
            return;
        };
        open.unpublished = false;
        if open.context.push {
            let started = std::time::Instant::now();
            let diagnostics = diagnostics::to_publish(&snapshot);
            tracing::debug!(
                "{} diagnostics in {:?}",
                diagnostics.len(),
                started.elapsed()
            );
            self.shared.send(Outgoing::Publish {
                uri: self.uri.clone(),
                diagnostics,
                version: Some(snapshot.version),
            });
        }
    }
}
