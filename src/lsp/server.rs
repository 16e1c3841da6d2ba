//! The `LanguageServer` implementation: capabilities, and thin handlers. Notification handlers
//! only queue an event for the document dispatcher; request handlers get a snapshot through it and
//! compute their answer from the snapshot, inside [`super::compute`], on tokio's blocking pool.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::{mpsc, oneshot};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};
use wslsp::locale::Locale;

use super::actor::{self, Event, Outgoing};
use super::document::Snapshot;
use super::encoding::Encoding;
use super::index::{self as project_index, BuildProgress, Indexes};
use super::settings::Settings;
use super::{actions, completion, compute, diagnostics, hints, hover};

/// What the client said it can do, fixed at `initialize`.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub encoding: Encoding,
    /// Hover content may be Markdown.
    pub markdown: bool,
    /// The client pulls diagnostics (`textDocument/diagnostic`); otherwise they are pushed.
    pub pull: bool,
    pub diagnostic_refresh: bool,
    pub inlay_hint_refresh: bool,
    /// The client answers `workspace/configuration`.
    pub configuration: bool,
    /// The client lets the server register file watchers (`workspace/didChangeWatchedFiles`).
    pub watch_files: bool,
    /// The client shows server-initiated progress (`window/workDoneProgress/create`).
    pub work_done_progress: bool,
    /// The client's user-interface language (`initialize`'s `locale`), English when it sent
    /// none or one without a translation; the `locale` setting overrides it.
    pub locale: Locale,
}

impl Session {
    fn from_initialize(params: &InitializeParams) -> Session {
        let caps = &params.capabilities;
        let text = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        Session {
            encoding: Encoding::negotiate(
                caps.general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            ),
            markdown: text
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_some_and(|formats| formats.contains(&MarkupKind::Markdown)),
            pull: text.is_some_and(|t| t.diagnostic.is_some()),
            diagnostic_refresh: workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            inlay_hint_refresh: workspace
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|i| i.refresh_support)
                .unwrap_or(false),
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            watch_files: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            locale: params
                .locale
                .as_deref()
                .and_then(Locale::parse)
                .unwrap_or_default(),
        }
    }
}

pub struct Backend {
    client: Client,
    events: mpsc::UnboundedSender<Event>,
    session: Arc<OnceLock<Session>>,
    /// Set by `shutdown`: the exit status is 0 only if it came before `exit`.
    shutdown: Arc<AtomicBool>,
    /// The workspace folders (else the root URI's directory), from `initialize`.
    roots: OnceLock<Vec<PathBuf>>,
    /// Their project indexes, once built.
    indexes: Arc<Indexes>,
}

impl Backend {
    /// `hooks`: the test hooks are on (`WSLSP_TEST_HOOKS=1`).
    pub fn new(client: Client, shutdown: Arc<AtomicBool>, hooks: bool) -> Backend {
        let (out_tx, out_rx) = mpsc::unbounded_channel();
        let session = Arc::new(OnceLock::new());
        tokio::spawn(deliver(client.clone(), Arc::clone(&session), out_rx));
        let indexes = Arc::new(Indexes::default());
        Backend {
            client,
            events: actor::spawn(out_tx, Arc::clone(&indexes), hooks),
            session,
            shutdown,
            roots: OnceLock::new(),
            indexes,
        }
    }

    fn session(&self) -> Session {
        self.session.get().copied().unwrap_or(Session {
            encoding: Encoding::Utf16,
            markdown: false,
            pull: false,
            diagnostic_refresh: false,
            inlay_hint_refresh: false,
            configuration: false,
            watch_files: false,
            work_done_progress: false,
            locale: Locale::En,
        })
    }

    /// Queues an event. Must run before the handler's first `.await`: that is what keeps
    /// events in arrival order.
    fn send(&self, event: Event) {
        if self.events.send(event).is_err() {
            tracing::error!("the document actor is gone");
        }
    }

    /// The snapshot of `uri` after every event that arrived before this request.
    async fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        let (reply, answer) = oneshot::channel();
        self.send(Event::Snapshot {
            uri: uri.clone(),
            reply,
        });
        let snapshot = answer.await.ok().flatten();
        if snapshot.is_none() {
            tracing::debug!("request for {}, which is not open", uri.as_str());
        }
        snapshot
    }

    fn apply_settings(&self, value: &Value) -> Vec<String> {
        let (settings, warnings) = Settings::from_json(value, self.session().locale);
        self.send(Event::Settings(settings));
        warnings
    }

    /// Watches the configuration files (reloaded when they change) and the source files (the
    /// project index reads them again).
    async fn watch_files(&self) {
        // The project configuration, the manifests that say which library's own code a
        // document is, and the sources the index reads.
        let mut names = vec![wslsp::config::FILE_NAME, wslsp::config::PYPROJECT];
        let manifests = wslsp::manifest::FILE_PATTERNS.iter().copied();
        names.extend(manifests.filter(|m| *m != wslsp::config::PYPROJECT));
        let mut watchers: Vec<FileSystemWatcher> = names
            .into_iter()
            .map(|name| FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{name}")),
                kind: None,
            })
            .collect();
        watchers.push(FileSystemWatcher {
            glob_pattern: GlobPattern::String(project_index::SOURCE_GLOB.to_owned()),
            kind: None,
        });
        let registration = Registration {
            id: "wslsp-watched-files".to_owned(),
            method: "workspace/didChangeWatchedFiles".to_owned(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            tracing::warn!("cannot watch the configuration and source files: {e}");
        }
    }

    /// The stand-in for a malformed message (see `transport`): answered with its error.
    pub async fn malformed_message(&self, params: Value) -> Result<()> {
        Err(super::transport::error_for(params))
    }

    /// A request that panics on purpose, to test that panics become error replies. Registered
    /// only when `WSLSP_TEST_HOOKS=1`.
    pub async fn debug_panic(&self) -> Result<()> {
        compute("wslsp/debugPanic", || panic!("wslsp/debugPanic was called")).await
    }
}

/// Builds the index of each workspace folder on tokio's blocking pool, with work-done
/// progress when the client shows it; each index, once built, is installed and the open
/// documents in its folder analysed again with it. Requests are answered meanwhile.
async fn index_workspace(
    client: Client,
    session: Session,
    roots: Vec<PathBuf>,
    indexes: Arc<Indexes>,
    events: mpsc::UnboundedSender<Event>,
) {
    if roots.is_empty() {
        return;
    }
    let token = NumberOrString::String("wslsp-index".to_owned());
    let progress = session.work_done_progress
        && client
            .send_request::<request::WorkDoneProgressCreate>(WorkDoneProgressCreateParams {
                token: token.clone(),
            })
            .await
            .is_ok();
    let notify = |value: WorkDoneProgress| {
        let client = client.clone();
        let token = token.clone();
        async move {
            if progress {
                client
                    .send_notification::<notification::Progress>(ProgressParams {
                        token,
                        value: ProgressParamsValue::WorkDone(value),
                    })
                    .await;
            }
        }
    };
    notify(WorkDoneProgress::Begin(WorkDoneProgressBegin {
        title: "wslsp: indexing the workspace".to_owned(),
        cancellable: Some(false),
        message: None,
        percentage: Some(0),
    }))
    .await;
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let started = std::time::Instant::now();
    let mut files = 0;
    for (i, root) in roots.iter().enumerate() {
        let built = Arc::new(BuildProgress::default());
        let (dir, state) = (root.clone(), Arc::clone(&built));
        let mut job =
            tokio::task::spawn_blocking(move || project_index::build(&dir, &state, threads));
        let mut last = u32::MAX;
        let result = loop {
            tokio::select! {
                result = &mut job => break result,
                () = tokio::time::sleep(Duration::from_millis(200)) => {
                    let percent = (i as u32 * 100 + built.percent()) / roots.len() as u32;
                    if percent != last {
                        last = percent;
                        notify(WorkDoneProgress::Report(WorkDoneProgressReport {
                            cancellable: Some(false),
                            message: Some(format!("{}", root.display())),
                            percentage: Some(percent),
                        }))
                        .await;
                    }
                }
            }
        };
        match result {
            Ok((index, sources)) => {
                files += sources.len();
                tracing::info!(
                    "indexed {} ({} files, {} with facts)",
                    root.display(),
                    sources.len(),
                    index.len()
                );
                indexes.install(root.clone(), index, sources);
                let _ = events.send(Event::IndexBuilt { root: root.clone() });
            }
            Err(e) => tracing::error!("indexing {} failed: {e}", root.display()),
        }
    }
    tracing::info!(
        "workspace indexed: {files} files in {} ms",
        started.elapsed().as_millis()
    );
    notify(WorkDoneProgress::End(WorkDoneProgressEnd {
        message: Some(format!("{files} files")),
    }))
    .await;
}

/// The directories of the workspace folders, else of the root URI.
#[allow(deprecated)] // `root_uri`: for clients without workspace folders
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders = params.workspace_folders.iter().flatten().map(|f| &f.uri);
    let uris: Vec<&Uri> = match params.workspace_folders.as_ref().filter(|f| !f.is_empty()) {
        Some(_) => folders.collect(),
        None => params.root_uri.iter().collect(),
    };
    uris.into_iter()
        .filter_map(|uri| uri.to_file_path())
        .map(|p| std::path::absolute(&p).unwrap_or_else(|_| p.into_owned()))
        .collect()
}

/// Sends what the actor produced to the client, in order.
async fn deliver(
    client: Client,
    session: Arc<OnceLock<Session>>,
    mut out: mpsc::UnboundedReceiver<Outgoing>,
) {
    while let Some(message) = out.recv().await {
        match message {
            Outgoing::Publish {
                uri,
                diagnostics,
                version,
            } => {
                let started = std::time::Instant::now();
                client.publish_diagnostics(uri, diagnostics, version).await;
                tracing::debug!("published in {:?}", started.elapsed());
            }
            Outgoing::Message { typ, text } => client.show_message(typ, text).await,
            Outgoing::Refresh => {
                let Some(session) = session.get().copied() else {
                    continue;
                };
                // Requests to the client: never wait for their answers here.
                if session.pull && session.diagnostic_refresh {
                    let client = client.clone();
                    tokio::spawn(async move { client.workspace_diagnostic_refresh().await });
                }
                if session.inlay_hint_refresh {
                    let client = client.clone();
                    tokio::spawn(async move { client.inlay_hint_refresh().await });
                }
            }
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let session = Session::from_initialize(&params);
        let _ = self.session.set(session);
        let (settings, warnings) = Settings::from_json(
            params
                .initialization_options
                .as_ref()
                .unwrap_or(&Value::Null),
            session.locale,
        );
        for warning in warnings {
            tracing::warn!("initializationOptions: {warning}");
        }
        let locale = settings.locale;
        let _ = self.roots.set(workspace_roots(&params));
        self.send(Event::Configure {
            encoding: session.encoding,
            push: !session.pull,
            settings,
        });
        tracing::info!(
            encoding = ?session.encoding,
            pull = session.pull,
            %locale,
            "wslsp {} initialized",
            env!("CARGO_PKG_VERSION")
        );
        Ok(InitializeResult {
            capabilities: capabilities(&session),
            server_info: Some(ServerInfo {
                name: "wslsp".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.session().watch_files {
            self.watch_files().await;
        }
        // In a task of its own: a notification handler that ran for the whole build would
        // hold one of the framework's handler slots.
        tokio::spawn(index_workspace(
            self.client.clone(),
            self.session(),
            self.roots.get().cloned().unwrap_or_default(),
            Arc::clone(&self.indexes),
            self.events.clone(),
        ));
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let (sources, others): (Vec<FileEvent>, Vec<FileEvent>) =
            params.changes.into_iter().partition(|change| {
                change
                    .uri
                    .to_file_path()
                    .is_some_and(|p| wslsp::languages::Language::from_path(&p).is_some())
            });
        if !others.is_empty() {
            self.send(Event::ConfigFilesChanged);
        }
        if !sources.is_empty() {
            self.send(Event::SourceFilesChanged(sources));
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.send(Event::Open {
            uri: doc.uri,
            language_id: doc.language_id,
            version: doc.version,
            text: doc.text,
        });
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.send(Event::Change {
            uri: params.text_document.uri,
            version: params.text_document.version,
            changes: params.content_changes,
        });
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.send(Event::Close {
            uri: params.text_document.uri,
        });
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let has_ours = |v: &Value| {
            let v = v.get("wslsp").unwrap_or(v);
            super::settings::KEYS.iter().any(|key| v.get(key).is_some())
        };
        if has_ours(&params.settings) || !self.session().configuration {
            let warnings = self.apply_settings(&params.settings);
            for warning in warnings {
                self.client
                    .show_message(MessageType::WARNING, format!("wslsp settings: {warning}"))
                    .await;
            }
            return;
        }
        // The client only signals a change (VS Code's pull model): ask for our section.
        // The event is queued after the await, so it orders after what came meanwhile.
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("wslsp".to_owned()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(values) => {
                let value = values.into_iter().next().unwrap_or(Value::Null);
                for warning in self.apply_settings(&value) {
                    tracing::warn!("wslsp settings: {warning}");
                }
            }
            Err(e) => tracing::warn!("workspace/configuration failed: {e}"),
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let markdown = self.session().markdown;
        let Some(snap) = self.snapshot(&at.text_document.uri).await else {
            return Ok(None);
        };
        compute("hover", move || hover::hover(&snap, at.position, markdown)).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let snap = self.snapshot(&params.text_document.uri).await;
        let previous = params.previous_result_id;
        let report = compute("diagnostic", move || {
            let items = snap
                .as_deref()
                .map_or_else(Vec::new, |snap| diagnostics::diagnostics(snap).to_vec());
            let result_id = diagnostics::result_id(&items);
            // The client holds these very diagnostics: it need not be sent them again.
            if previous.as_ref() == Some(&result_id) {
                return DocumentDiagnosticReport::Unchanged(
                    RelatedUnchangedDocumentDiagnosticReport {
                        related_documents: None,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                            result_id,
                        },
                    },
                );
            }
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items,
                },
            })
        })
        .await?;
        Ok(DocumentDiagnosticReportResult::Report(report))
    }

    async fn workspace_diagnostic(
        &self,
        _: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let (reply, answer) = oneshot::channel();
        self.send(Event::OpenDocuments { reply });
        let Ok((settings, encoding, pending)) = answer.await else {
            return Ok(WorkspaceDiagnosticReportResult::Report(
                WorkspaceDiagnosticReport::default(),
            ));
        };
        let mut open = Vec::new();
        for (path, snapshot) in pending {
            if let Ok(Some(snapshot)) = snapshot.await {
                open.push((path, snapshot));
            }
        }
        let indexes = Arc::clone(&self.indexes);
        let items = compute("workspace/diagnostic", move || {
            project_index::workspace_diagnostics(&indexes, open, settings, encoding)
        })
        .await?;
        Ok(WorkspaceDiagnosticReportResult::Report(
            WorkspaceDiagnosticReport { items },
        ))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let Some(snap) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        compute("codeAction", move || {
            let range = snap.map().byte_range(params.range);
            let only = params.context.only.as_deref();
            Some(actions::code_actions(&snap, range, only))
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(snap) = self.snapshot(&params.text_document.uri).await else {
            return Ok(None);
        };
        compute("inlayHint", move || {
            Some(hints::inlay_hints(
                &snap,
                snap.map().byte_range(params.range),
            ))
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let Some(snap) = self.snapshot(&at.text_document.uri).await else {
            return Ok(None);
        };
        compute("completion", move || {
            completion::completion(&snap, at.position).map(CompletionResponse::List)
        })
        .await
    }
}

/// What the server offers, given what the client can do.
pub fn capabilities(session: &Session) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(session.encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, actions::FIX_ALL]),
            resolve_provider: Some(false),
            ..CodeActionOptions::default()
        })),
        inlay_hint_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["(".to_owned()]),
            ..CompletionOptions::default()
        }),
        diagnostic_provider: session.pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("wslsp".to_owned()),
                inter_file_dependencies: true,
                workspace_diagnostics: true,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        }),
        ..ServerCapabilities::default()
    }
}
