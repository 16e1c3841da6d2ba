//! One open document: its text, line index, tree-sitter tree and analysis, kept current by
//! incremental edits; and [`Snapshot`], the immutable view of it that requests read.
//!
//! Only the document actor (`actor.rs`) owns a [`Document`]. Each `didChange` range is applied
//! to the text and to the tree ([`Tree::edit`]); the next [`Document::refresh`] reparses with the
//! edited tree, so tree-sitter reuses every subtree the edit did not touch, then analyses it
//! with [`analysis::Incremental`], which queries again only the parts of the tree the edits
//! touched and gives what [`analysis::analyze_tree`] (the analysis `wslsp check` runs) gives.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

use tower_lsp_server::ls_types::{Diagnostic, TextDocumentContentChangeEvent, Uri};
use tree_sitter::{InputEdit, Point, Tree};
use wslsp::analysis::{self, Analysis, Skip};
use wslsp::budget::{Budget, DEFAULT_FILE_BUDGET, Stop};
use wslsp::config::Config;
use wslsp::languages::Language;
use wslsp::position::{ColumnUnit, LineIndex};

use super::encoding::{Encoding, LineMap};
use super::settings::Settings;

/// The largest document the server analyses: 10 MiB. Larger than `wslsp check`'s default
/// (1 MiB, which keeps bundles out of a repository scan), because a document the user opened
/// is one they want checked. A larger document is still kept and edited, but not parsed: its
/// edits stay cheap and it has no findings.
pub const MAX_ANALYSED_BYTES: usize = 10 * 1024 * 1024;

/// What a document's tree-sitter tree and analysis cache take per (visible) node of the tree,
/// in bytes, roughly: the estimate the bound of [`super::trees`] counts with. A node count,
/// which tree-sitter keeps in the root, follows what a tree costs better than the text's
/// length (a minified file has many more nodes per byte). Measured on the 20,000-line
/// JavaScript document of the benchmarks (`benches/lsp.rs` prints it): 187,487 nodes, a
/// bare tree 18.3 MiB (102 bytes a node), tree and cache together 37 MiB (about 200).
pub const TREE_BYTES_PER_NODE: usize = 200;

/// The language of a document: by its path's extension (as `wslsp check` decides), else by
/// the client's `languageId`.
pub fn language_of(uri: &Uri, language_id: &str) -> Option<Language> {
    let path = uri.path().as_str();
    let name = path.rsplit('/').next().unwrap_or(path);
    Language::from_path(std::path::Path::new(name)).or(match language_id {
        "javascript" | "javascriptreact" => Some(Language::JavaScript),
        "typescript" => Some(Language::TypeScript),
        "typescriptreact" => Some(Language::Tsx),
        "python" => Some(Language::Python),
        "go" => Some(Language::Go),
        "rust" => Some(Language::Rust),
        "java" => Some(Language::Java),
        "kotlin" => Some(Language::Kotlin),
        "csharp" => Some(Language::CSharp),
        "c" | "cpp" => Some(Language::Cpp),
        "swift" => Some(Language::Swift),
        "dart" => Some(Language::Dart),
        "php" => Some(Language::Php),
        "ruby" => Some(Language::Ruby),
        _ => None,
    })
}

/// What [`Document::refresh`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    /// Nothing: the analysis was current.
    Current,
    /// The tree and the analysis are now current (the analysis may be empty, with
    /// [`Document::skipped`] saying why).
    Done,
    /// Stopped by the cancel flag; the document is still stale.
    Cancelled,
}

pub struct Document {
    pub version: i32,
    pub language: Option<Language>,
    pub text: Arc<String>,
    pub index: Arc<LineIndex>,
    tree: Option<Tree>,
    pub analysis: Arc<Analysis>,
    /// Why the document is not analysed, when it is not (too large, binary, parse failed).
    pub skipped: Option<Skip>,
    /// The text changed since the last [`Document::refresh`].
    stale: bool,
    /// The query's results per part of the tree, for re-analysis after an edit.
    incremental: analysis::Incremental,
    /// The edits since the last refresh, merged into one (`None` after a whole-text change or
    /// when the analysis cache is not current for `tree`).
    pending: Option<analysis::ByteEdit>,
    /// The tree and `incremental` are in step, so `pending` applies to them.
    cache_current: bool,
    /// The project configuration that applies to the document.
    config: Option<Arc<Config>>,
    /// Its `[files]` leaves the document out: it is not analysed.
    excluded: bool,
    /// Its path (`None`: not a file), as the project index keys it.
    path: Option<std::path::PathBuf>,
    /// The last refresh analysed the document against a project index, so its facts speak
    /// for the file there ([`Document::indexed_facts`]).
    indexed: bool,
}

impl Document {
    /// A document as opened, already analysed.
    #[cfg(test)]
    pub fn open(language: Option<Language>, text: String, version: i32) -> Document {
        let mut doc = Document::new(language, text, version);
        doc.refresh(None, None);
        doc
    }

    /// A document as opened, analysed by the first [`Document::refresh`].
    pub fn new(language: Option<Language>, mut text: String, version: i32) -> Document {
        // Decoded from JSON, the text may have up to twice its length in capacity; it is
        // kept as long as the document is open.
        text.shrink_to_fit();
        Document {
            version,
            language,
            index: Arc::new(LineIndex::new(&text)),
            text: Arc::new(text),
            tree: None,
            analysis: Arc::default(),
            skipped: None,
            stale: true,
            incremental: analysis::Incremental::default(),
            pending: None,
            cache_current: false,
            config: None,
            excluded: false,
            path: None,
            indexed: false,
        }
    }

    /// Sets the project configuration of the document at `path` (`None`: not a file, which
    /// no glob matches) and the libraries whose own code it is (its manifests,
    /// [`wslsp::manifest`]). A change of role, library or exclusion makes the next refresh
    /// analyse anew.
    pub fn configure(
        &mut self,
        config: Option<Arc<Config>>,
        path: Option<&std::path::Path>,
        own_libraries: &'static [&'static str],
    ) {
        let (options, excluded) = match (&config, path) {
            (Some(config), Some(path)) => (config.options_for(path), config.is_excluded(path)),
            _ => (analysis::Options::default(), false),
        };
        let options = analysis::Options {
            own_libraries,
            ..options
        };
        self.config = config;
        self.path = path.map(std::path::Path::to_path_buf);
        if excluded != self.excluded || !self.incremental.has_options(options) {
            self.excluded = excluded;
            self.incremental.set_options(options);
            self.forget_tree();
            self.stale = true;
        }
    }

    /// The document's path, when it is a file.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// The facts the last refresh found, when it analysed the document against a project
    /// index (`None`: not indexed, excluded, skipped, or not analysed yet).
    pub fn indexed_facts(&self) -> Option<&wslsp::facts::FileFacts> {
        (self.indexed && !self.stale).then_some(&self.analysis.facts)
    }

    /// Drops what the kept analysis holds only for the project index (its facts, which the
    /// index copied, or which no index wants) and its spare capacity: called once the facts
    /// were handed over, while no snapshot shares the analysis (else it does nothing). The
    /// facts are a few hundred bytes per function of the file, which every open document
    /// would otherwise keep.
    pub fn settle(&mut self) {
        if let Some(analysis) = Arc::get_mut(&mut self.analysis) {
            analysis.facts = wslsp::facts::FileFacts::default();
            analysis.shrink_to_fit();
        }
    }

    /// The project index changed in a way that may resolve the document differently: the
    /// next refresh analyses it again (the tree and the pending edits stay).
    pub fn reproject(&mut self) {
        self.stale = true;
    }

    /// The text changed since the last complete [`Document::refresh`].
    pub fn is_stale(&self) -> bool {
        self.stale
    }

    /// The current tree, if the document is parsed and not stale.
    pub fn tree(&self) -> Option<&Tree> {
        self.tree.as_ref().filter(|_| !self.stale)
    }

    /// Applies one `didChange` content change, whose range is in `encoding` and refers to the
    /// text as left by the previous change. A change without a range replaces the whole text.
    pub fn apply_change(&mut self, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
        self.stale = true;
        let Some(range) = change.range else {
            self.text = Arc::new(change.text.clone());
            self.index = Arc::new(LineIndex::new(&self.text));
            self.tree = None;
            self.cache_current = false;
            self.pending = None;
            return;
        };
        let map = LineMap::new(&self.text, &self.index, encoding);
        let bytes = map.byte_range(range);
        if map.exact_offset(range.start).is_none() || map.exact_offset(range.end).is_none() {
            // LSP asks for clamping; the log tells a client bug from a server one.
            tracing::warn!(
                "didChange range {}:{}-{}:{} is past the end of its line or of the text \
                 (or inside a character); clamped to bytes {bytes:?}",
                range.start.line,
                range.start.character,
                range.end.line,
                range.end.character,
            );
        }
        let start_position = self.point(bytes.start);
        let old_end_position = self.point(bytes.end);
        Arc::make_mut(&mut self.text).replace_range(bytes.clone(), &change.text);
        Arc::make_mut(&mut self.index).replace(&self.text, bytes.clone(), &change.text);
        let edit = analysis::ByteEdit {
            start: bytes.start,
            old_end: bytes.end,
            new_end: bytes.start + change.text.len(),
        };
        self.pending = Some(self.pending.map_or(edit, |p| p.then(edit)));
        if let Some(tree) = &mut self.tree {
            tree.edit(&InputEdit {
                start_byte: bytes.start,
                old_end_byte: bytes.end,
                new_end_byte: bytes.start + change.text.len(),
                start_position,
                old_end_position,
                new_end_position: advance(start_position, &change.text),
            });
        }
    }

    /// The tree-sitter point (row, byte column) of byte `offset` in the current text.
    fn point(&self, offset: usize) -> Point {
        let at = self.index.position(&self.text, offset, ColumnUnit::Utf8);
        Point::new(at.line as usize, at.column as usize)
    }

    /// Brings the tree and the analysis up to date with the text: an incremental reparse with
    /// the edited tree, then the analysis `wslsp check` runs, behind the same gates (size,
    /// NUL bytes, the language's byte prefilter) and within the same time budget (the project
    /// configuration's `[limits] file-time-budget-ms`, else [`DEFAULT_FILE_BUDGET`]).
    ///
    /// A refresh over budget ends with an empty analysis and [`Document::skipped`] saying why.
    /// Once `cancel` is set the refresh stops (the parser and the query poll it) and the
    /// document stays stale, its kept state in step: a tree parsed before the stop is kept,
    /// and the next refresh analyses the whole tree.
    ///
    /// `project` is the index of the document's workspace folder: constants and helpers of
    /// other files resolve through it, and the document is analysed even when the byte
    /// prefilter rules out a close call (its facts, constants for instance, matter to others).
    pub fn refresh(
        &mut self,
        cancel: Option<&Arc<AtomicBool>>,
        project: Option<&wslsp::index::ProjectIndex>,
    ) -> Refresh {
        if !self.stale {
            return Refresh::Current;
        }
        self.indexed = false;
        let budget = self.budget(cancel);
        if budget.check() == Err(Stop::Cancelled) {
            return Refresh::Cancelled;
        }
        self.skipped = None;
        let Some(language) = self.language.filter(|_| !self.excluded) else {
            self.forget_tree();
            return self.analysed(Analysis::default());
        };
        let bytes = self.text.as_bytes();
        if bytes.len() > MAX_ANALYSED_BYTES {
            self.skipped = Some(Skip::TooLarge {
                size: bytes.len(),
                limit: MAX_ANALYSED_BYTES,
            });
        } else if let Some(at) = analysis::binary_at(bytes) {
            self.skipped = Some(Skip::Binary(at));
        }
        if self.skipped.is_some() {
            self.forget_tree();
            return self.analysed(Analysis::default());
        }
        // The tree is kept current even where the prefilter rules out any site, so that the
        // edit that adds the first close call still reparses incrementally.
        let started = std::time::Instant::now();
        let incremental = self.tree.is_some();
        match analysis::parse_within(language, &self.text, self.tree.as_ref(), &budget) {
            Ok(tree) => self.tree = Some(tree),
            // The edited old tree and the pending edits stay for the next refresh.
            Err(Skip::Cancelled) => return Refresh::Cancelled,
            Err(skip) => return self.gave_up(skip),
        }
        let pending = self.pending.take();
        let tree = self.tree.as_ref().expect("just parsed");
        let scope = project.zip(self.path.as_deref()).map(|(i, p)| i.scope(p));
        if scope.is_none() && !language.may_contain_close_site(bytes) {
            self.incremental.clear();
            self.cache_current = false;
            return self.analysed(Analysis::default());
        }
        // Incremental re-analysis (equal to `analyze_tree`, tests/incremental.rs) when the
        // cache is in step with the tree the edits were made to; else from scratch.
        let parsed = started.elapsed();
        let edit = pending.filter(|_| self.cache_current);
        match self
            .incremental
            .analyze_within(language, tree, &self.text, edit, &budget, scope)
        {
            Ok(analysis) => {
                tracing::debug!(
                    "refresh: parse {parsed:?} ({}), analysis {:?} ({})",
                    if incremental { "incremental" } else { "whole" },
                    started.elapsed() - parsed,
                    if edit.is_some() {
                        "incremental"
                    } else {
                        "whole"
                    },
                );
                self.cache_current = true;
                self.indexed = scope.is_some();
                self.analysed(analysis)
            }
            // The analysis forgot its cache: the next one queries the new tree whole.
            Err(Skip::Cancelled) => {
                self.cache_current = false;
                Refresh::Cancelled
            }
            Err(skip) => {
                self.cache_current = false;
                self.gave_up(skip)
            }
        }
    }

    /// The budget of one refresh, stopped early when `cancel` is set.
    fn budget(&self, cancel: Option<&Arc<AtomicBool>>) -> Budget {
        let limit = self
            .config
            .as_ref()
            .and_then(|c| c.file_time_budget())
            .unwrap_or(DEFAULT_FILE_BUDGET);
        let budget = if limit.is_zero() {
            Budget::unlimited()
        } else {
            Budget::new(limit)
        };
        match cancel {
            Some(flag) => budget.with_cancel(Arc::clone(flag)),
            None => budget,
        }
    }

    /// Ends a refresh that ran out of budget (or failed to parse): no tree, no findings.
    fn gave_up(&mut self, skip: Skip) -> Refresh {
        self.skipped = Some(skip);
        self.forget_tree();
        self.analysed(Analysis::default())
    }

    /// Ends a refresh with `analysis`.
    fn analysed(&mut self, analysis: Analysis) -> Refresh {
        self.analysis = Arc::new(analysis);
        self.stale = false;
        Refresh::Done
    }

    /// After a panic in [`Document::refresh`]: whatever the refresh left half done is
    /// dropped, and the document has no findings until its next edit analyses it afresh.
    pub fn reset(&mut self) {
        self.forget_tree();
        self.analysis = Arc::default();
        self.stale = false;
    }

    /// Drops the tree and the analysis cache to save memory, keeping the text, line index and
    /// analysis that requests read: the next refresh parses the text anew and analyses the
    /// whole tree, then goes on incrementally ([`super::trees`]).
    pub fn drop_tree(&mut self) {
        self.forget_tree();
    }

    /// Whether the document holds a tree (and, when analysed, its analysis cache).
    pub fn has_tree(&self) -> bool {
        self.tree.is_some()
    }

    /// The memory the tree and the analysis cache take, estimated in bytes from the tree's
    /// node count ([`TREE_BYTES_PER_NODE`]); 0 without a tree.
    pub fn tree_cost(&self) -> usize {
        self.tree.as_ref().map_or(0, |tree| {
            tree.root_node()
                .descendant_count()
                .saturating_mul(TREE_BYTES_PER_NODE)
        })
    }

    /// Drops the tree and the analysis cache: the next analysis parses from scratch.
    fn forget_tree(&mut self) {
        self.pending = None;
        self.cache_current = false;
        self.incremental.clear();
        self.tree = None;
    }

    /// An immutable view for requests. Refresh first: a stale document has no tree.
    pub fn snapshot(&self, uri: &Uri, encoding: Encoding, settings: &Arc<Settings>) -> Snapshot {
        Snapshot {
            uri: uri.clone(),
            version: self.version,
            language: self.language,
            text: Arc::clone(&self.text),
            index: Arc::clone(&self.index),
            tree: self.tree().cloned(),
            reparse: !self.stale
                && self.tree.is_none()
                && self.skipped.is_none()
                && !self.excluded
                && self.language.is_some(),
            analysis: Arc::clone(&self.analysis),
            encoding,
            settings: Arc::clone(settings),
            config: self.config.clone(),
            diagnostics: OnceLock::new(),
        }
    }
}

/// The point after inserting `text` at `start`.
fn advance(start: Point, text: &str) -> Point {
    match text.rfind('\n') {
        Some(last) => Point::new(
            start.row + text.bytes().filter(|&b| b == b'\n').count(),
            text.len() - last - 1,
        ),
        None => Point::new(start.row, start.column + text.len()),
    }
}

/// What a request sees of a document: the text, index, tree and analysis of one version,
/// with the settings and encoding in force. Cheap to make (reference counts) and never
/// changed, so a request reads it without any lock.
pub struct Snapshot {
    pub uri: Uri,
    pub version: i32,
    pub language: Option<Language>,
    pub text: Arc<String>,
    pub index: Arc<LineIndex>,
    /// The tree of this version, while the document keeps it (read it with [`Snapshot::tree`]).
    pub tree: Option<Tree>,
    /// The document dropped its tree to save memory: [`Snapshot::tree`] parses the text.
    pub reparse: bool,
    pub analysis: Arc<Analysis>,
    pub encoding: Encoding,
    pub settings: Arc<Settings>,
    /// The project configuration (its rule levels; the settings' win).
    pub config: Option<Arc<Config>>,
    /// The LSP diagnostics, computed on first use.
    pub diagnostics: OnceLock<Vec<Diagnostic>>,
}

impl Snapshot {
    pub fn map(&self) -> LineMap<'_> {
        LineMap::new(&self.text, &self.index, self.encoding)
    }

    /// The tree of this version (a reference count); parsed from the text, for this caller
    /// alone, when the document dropped its tree to save memory. `None` when the document is
    /// not analysed (no language, excluded, too large, binary).
    pub fn tree(&self) -> Option<Tree> {
        match (&self.tree, self.language) {
            (Some(tree), _) => Some(tree.clone()),
            (None, Some(language)) if self.reparse => analysis::parse(language, &self.text, None),
            _ => None,
        }
    }

    /// The same snapshot without its tree (the document dropped it): what it shares with the
    /// document stays shared, its diagnostics computed are kept.
    pub fn without_tree(&self) -> Snapshot {
        let diagnostics = OnceLock::new();
        if let Some(computed) = self.diagnostics.get() {
            let _ = diagnostics.set(computed.clone());
        }
        Snapshot {
            uri: self.uri.clone(),
            version: self.version,
            language: self.language,
            text: Arc::clone(&self.text),
            index: Arc::clone(&self.index),
            tree: None,
            reparse: self.reparse || self.tree.is_some(),
            analysis: Arc::clone(&self.analysis),
            encoding: self.encoding,
            settings: Arc::clone(&self.settings),
            config: self.config.clone(),
            diagnostics,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(range: Option<(u32, u32, u32, u32)>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|(a, b, c, d)| Range::new(Position::new(a, b), Position::new(c, d))),
            range_length: None,
            text: text.to_owned(),
        }
    }

    const SERVER: &str = "import { WebSocketServer } from 'ws';\nconst wss = new WebSocketServer({ port: 1 });\nwss.on('connection', (s) => {\n  s.close(1010);\n});\n";

    #[test]
    fn incremental_edits_give_the_analysis_of_a_fresh_parse() {
        let mut doc = Document::open(Some(Language::JavaScript), SERVER.to_owned(), 1);
        assert_eq!(doc.analysis.findings.len(), 1);
        // 1010 -> 1006 on line 3, then a new line with a 😀 and another close before it.
        doc.apply_change(&change(Some((3, 12, 3, 14)), "06"), Encoding::Utf16);
        doc.apply_change(
            &change(Some((3, 0, 3, 0)), "  // 😀\n  s.close(2001);\n"),
            Encoding::Utf16,
        );
        doc.apply_change(&change(Some((3, 7, 3, 7)), "é"), Encoding::Utf16);
        assert_eq!(doc.refresh(None, None), Refresh::Done);
        let fresh = analysis::analyze(Language::JavaScript, &doc.text);
        assert_eq!(*doc.analysis, fresh);
        assert_eq!(doc.analysis.findings.len(), 2);
        assert!(
            doc.text
                .contains("// 😀é\n  s.close(2001);\n  s.close(1006);"),
            "{}",
            doc.text
        );
        assert_eq!(
            doc.tree().unwrap().root_node().to_sexp(),
            analysis::parse(Language::JavaScript, &doc.text, None)
                .unwrap()
                .root_node()
                .to_sexp()
        );
    }

    #[test]
    fn full_replacement_and_out_of_range_edits() {
        let mut doc = Document::open(Some(Language::JavaScript), String::new(), 1);
        doc.apply_change(&change(None, SERVER), Encoding::Utf8);
        doc.apply_change(&change(Some((99, 5, 120, 0)), "\n"), Encoding::Utf8);
        doc.refresh(None, None);
        assert_eq!(doc.text.as_str(), format!("{SERVER}\n"));
        assert_eq!(doc.analysis.findings.len(), 1);
    }

    #[test]
    fn a_cancelled_refresh_leaves_the_document_stale_and_the_next_one_catches_up() {
        let mut doc = Document::open(Some(Language::JavaScript), SERVER.to_owned(), 1);
        doc.apply_change(&change(Some((3, 12, 3, 14)), "06"), Encoding::Utf16);
        let cancelled = Arc::new(AtomicBool::new(true));
        assert_eq!(doc.refresh(Some(&cancelled), None), Refresh::Cancelled);
        assert!(doc.tree().is_none(), "a stale document shows no tree");
        doc.apply_change(
            &change(Some((3, 0, 3, 0)), "  s.close(2001);\n"),
            Encoding::Utf16,
        );
        let go = Arc::new(AtomicBool::new(false));
        assert_eq!(doc.refresh(Some(&go), None), Refresh::Done);
        assert_eq!(doc.refresh(Some(&go), None), Refresh::Current);
        assert_eq!(
            *doc.analysis,
            analysis::analyze(Language::JavaScript, &doc.text)
        );
        assert_eq!(doc.analysis.findings.len(), 2, "1006 and 2001");
    }

    #[test]
    fn oversized_and_binary_documents_are_kept_but_not_analysed() {
        let big = format!("{SERVER}{}", " ".repeat(MAX_ANALYSED_BYTES));
        let doc = Document::open(Some(Language::JavaScript), big, 1);
        assert!(matches!(doc.skipped, Some(Skip::TooLarge { .. })));
        assert!(doc.analysis.sites.is_empty() && doc.tree().is_none());
        let doc = Document::open(Some(Language::JavaScript), format!("\0{SERVER}"), 1);
        assert_eq!(doc.skipped, Some(Skip::Binary(0)));
        let doc = Document::open(None, SERVER.to_owned(), 1);
        assert!(doc.analysis.sites.is_empty() && doc.skipped.is_none());
    }

    #[test]
    fn language_by_extension_then_language_id() {
        let uri = |s: &str| s.parse::<Uri>().unwrap();
        assert_eq!(
            language_of(&uri("file:///a/b.tsx"), "plaintext"),
            Some(Language::Tsx)
        );
        assert_eq!(
            language_of(&uri("untitled:Untitled-1"), "go"),
            Some(Language::Go)
        );
        assert_eq!(
            language_of(&uri("untitled:Untitled-2"), "csharp"),
            Some(Language::CSharp)
        );
        assert_eq!(language_of(&uri("file:///a/b.txt"), "markdown"), None);
    }
}
