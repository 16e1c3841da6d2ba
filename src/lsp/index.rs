//! The project index in the server: one [`ProjectIndex`] per workspace folder, built in the
//! background after `initialized` (`Backend::index_workspace`), then kept current by the
//! open documents (their facts override the disk's) and by `workspace/didChangeWatchedFiles`.
//!
//! Each index is an immutable `Arc<ProjectIndex>`: an analysis takes the current one and
//! resolves against it without a lock; a change copies it (when an analysis still holds it),
//! applies the facts, derives, and swaps the copy in. [`Indexes::update`] tells which names
//! the change concerns, so that only the open documents that name one are analysed again.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tower_lsp_server::ls_types::{
    Diagnostic, FullDocumentDiagnosticReport, Uri, WorkspaceDocumentDiagnosticReport,
    WorkspaceFullDocumentDiagnosticReport,
};
use wslsp::analysis::{self, DEFAULT_MAX_FILE_BYTES};
use wslsp::budget::{Budget, DEFAULT_FILE_BUDGET};
use wslsp::cache::Cache;
use wslsp::facts::FileFacts;
use wslsp::index::ProjectIndex;
use wslsp::languages::Language;
use wslsp::position::LineIndex;
use wslsp::workspace::{self, Indexer};

use super::document::Snapshot;
use super::encoding::Encoding;
use super::project::Projects;
use super::settings::Settings;

/// The largest file indexed, as `wslsp check`'s default.
pub const MAX_FILE_BYTES: usize = DEFAULT_MAX_FILE_BYTES;

/// The glob the server watches source files with (`workspace/didChangeWatchedFiles`): every
/// extension `languages.toml` knows; events are filtered again with [`Language::from_path`].
pub const SOURCE_GLOB: &str = "**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx,py,pyi,go,rs,java,kt,kts,cs,c,cc,cpp,cxx,h,hh,hpp,swift,dart,php,rb}";

/// A source file of a project: its path and language.
pub type SourceFile = (PathBuf, Language);

/// What one file's facts take in an index, roughly, in bytes (names, ranges, hash entries).
const FACTS_BYTES: usize = 2048;

/// What one source file's entry in a folder's list takes, roughly, in bytes (its path).
const SOURCE_FILE_BYTES: usize = 128;

/// One workspace folder's index, and its source files (what `workspace/diagnostic` reads).
struct Root {
    dir: PathBuf,
    index: Arc<ProjectIndex>,
    files: Arc<Vec<SourceFile>>,
}

/// What a change of the index concerns: the documents under `root` that name one of `names`
/// resolve differently.
pub struct Changed {
    pub root: PathBuf,
    pub names: Arc<[String]>,
}

/// Every workspace folder's index.
#[derive(Default)]
pub struct Indexes {
    roots: Mutex<Vec<Root>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Indexes {
    /// The index of the workspace folder holding `path` (the innermost), once built.
    pub fn index_for(&self, path: &Path) -> Option<Arc<ProjectIndex>> {
        let roots = lock(&self.roots);
        innermost(&roots, path).map(|r| Arc::clone(&r.index))
    }

    /// Every folder's index and source files.
    pub fn all(&self) -> Vec<(Arc<ProjectIndex>, Arc<Vec<SourceFile>>)> {
        lock(&self.roots)
            .iter()
            .map(|r| (Arc::clone(&r.index), Arc::clone(&r.files)))
            .collect()
    }

    /// The memory the indexes take, roughly, in bytes: [`FACTS_BYTES`] per file with facts and
    /// a path per source file. It counts in the bound of `trees.rs`.
    pub fn approx_bytes(&self) -> usize {
        lock(&self.roots)
            .iter()
            .map(|r| r.index.len() * FACTS_BYTES + r.files.len() * SOURCE_FILE_BYTES)
            .sum()
    }

    /// Installs a folder's freshly built index (replacing an older one).
    pub fn install(&self, dir: PathBuf, index: ProjectIndex, files: Vec<SourceFile>) {
        let mut roots = lock(&self.roots);
        roots.retain(|r| r.dir != dir);
        roots.push(Root {
            dir,
            index: Arc::new(index),
            files: Arc::new(files),
        });
    }

    /// Records `facts` as `path`'s (empty facts forget the file), and derives the index
    /// again if they changed. `None` when nothing changed or no folder holds `path`.
    pub fn update(&self, path: &Path, facts: Option<&FileFacts>) -> Option<Changed> {
        let facts = facts.filter(|f| **f != FileFacts::default());
        let mut roots = lock(&self.roots);
        let root = innermost_mut(&mut roots, path)?;
        let old = root.index.facts(path);
        if old == facts {
            return None;
        }
        let started = std::time::Instant::now();
        let mut names = changed_names(old, facts);
        let before: Vec<String> = root.index.helper_names().map(str::to_owned).collect();
        let index = Arc::make_mut(&mut root.index);
        match facts {
            Some(facts) => index.set(path, facts.clone()),
            None => index.remove(path),
        };
        index.derive();
        if !names.is_empty() {
            // A helper that came or went changes what forwards to it, in any file.
            names.extend(before);
            names.extend(index.helper_names().map(str::to_owned));
        }
        let names: HashSet<String> = names.into_iter().collect();
        tracing::debug!(
            "index of {} updated for {} in {:?} ({} files)",
            root.dir.display(),
            path.display(),
            started.elapsed(),
            index.len()
        );
        Some(Changed {
            root: root.dir.clone(),
            names: names.into_iter().collect(),
        })
    }

    /// Adds (`true`) or forgets a source file of the folder holding it.
    pub fn track(&self, path: &Path, language: Language, present: bool) {
        let mut roots = lock(&self.roots);
        let Some(root) = innermost_mut(&mut roots, path) else {
            return;
        };
        let known = root.files.iter().any(|(p, _)| p == path);
        if known != present {
            let files = Arc::make_mut(&mut root.files);
            if present {
                files.push((path.to_path_buf(), language));
            } else {
                files.retain(|(p, _)| p != path);
            }
        }
    }
}

fn innermost<'r>(roots: &'r [Root], path: &Path) -> Option<&'r Root> {
    roots
        .iter()
        .filter(|r| path.starts_with(&r.dir))
        .max_by_key(|r| r.dir.as_os_str().len())
}

fn innermost_mut<'r>(roots: &'r mut [Root], path: &Path) -> Option<&'r mut Root> {
    roots
        .iter_mut()
        .filter(|r| path.starts_with(&r.dir))
        .max_by_key(|r| r.dir.as_os_str().len())
}

/// The names of the constants, helpers and forwarding functions that differ between a
/// file's old and new facts.
fn changed_names(old: Option<&FileFacts>, new: Option<&FileFacts>) -> Vec<String> {
    let empty = FileFacts::default();
    let (old, new) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
    let mut names = Vec::new();
    differ(&old.consts, &new.consts, |c| &c.name, &mut names);
    differ(&old.helpers, &new.helpers, |h| &h.name, &mut names);
    differ(&old.forwards, &new.forwards, |f| &f.def, &mut names);
    names
}

/// Pushes the name of each item of `a` not in `b` and of `b` not in `a`.
fn differ<T: PartialEq>(a: &[T], b: &[T], name: impl Fn(&T) -> &String, names: &mut Vec<String>) {
    let missing = |xs: &[T], ys: &[T]| -> Vec<String> {
        xs.iter()
            .filter(|x| !ys.contains(x))
            .map(|x| name(x).clone())
            .collect()
    };
    names.extend(missing(a, b));
    names.extend(missing(b, a));
}

/// The facts of a file as it is on disk (`None`: unreadable, not parsed, or no facts).
pub fn disk_facts(path: &Path, language: Language) -> Option<FileFacts> {
    let bytes = std::fs::read(path).ok()?;
    // An indexer of its own: it reads the manifests above the file (its library's own code).
    let dir = path.parent()?;
    Indexer::new(dir, MAX_FILE_BYTES).facts_of(path, language, &bytes, None)
}

/// How far a build is: files read of files found.
#[derive(Default)]
pub struct BuildProgress {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
}

impl BuildProgress {
    /// 0–100.
    pub fn percent(&self) -> u32 {
        let total = self.total.load(Ordering::Relaxed);
        let done = self.done.load(Ordering::Relaxed);
        // The rounds of `Indexer::finish` take the last tenth.
        (done.min(total) * 90).checked_div(total).unwrap_or(0) as u32
    }
}

/// Builds the index of the folder `dir`, as `wslsp check` does for a project: every source
/// file the walk finds (hidden files, `.gitignore`d ones, vendored directories and generated
/// names left out) is read once, parsed if it has a close token, and the rounds of
/// [`Indexer::finish`] follow helpers and constants into the others. Runs on `threads`
/// threads; blocking.
pub fn build(
    dir: &Path,
    progress: &BuildProgress,
    threads: usize,
) -> (ProjectIndex, Vec<SourceFile>) {
    let files = source_files(dir);
    progress.total.store(files.len(), Ordering::Relaxed);
    let parsed = Mutex::new(Vec::with_capacity(files.len()));
    let cache = Arc::new(open_cache(dir));
    let mut indexer = Indexer::new(dir, MAX_FILE_BYTES).with_cache(Arc::clone(&cache));
    let indexing = &indexer;
    workspace::par_each(&files, threads, |(path, language)| {
        let facts = std::fs::read(path).ok().map(|bytes| {
            language
                .may_contain_close_site(&bytes)
                .then(|| indexing.facts_of(path, *language, &bytes, None))
        });
        progress.done.fetch_add(1, Ordering::Relaxed);
        lock(&parsed).push((path.clone(), *language, facts));
    });
    for (path, language, facts) in parsed.into_inner().unwrap_or_else(PoisonError::into_inner) {
        match facts {
            Some(Some(Some(facts))) => indexer.add_facts(&path, facts),
            Some(None) => indexer.add_unparsed(path, language),
            _ => {}
        }
    }
    let index = indexer.finish(threads);
    let (hits, misses) = cache.counts();
    tracing::info!(
        "cache of {}: {hits} analyses read, {misses} computed",
        dir.display()
    );
    if let Err(e) = cache.save() {
        tracing::warn!("cannot write the cache of {}: {e}", dir.display());
    }
    (index, files)
}

/// The cache `wslsp check` keeps for the project of `dir` (or the one in `WSLSP_CACHE_DIR`,
/// as for `check`): the index starts from the facts of every file unchanged since either
/// shell last read it.
fn open_cache(dir: &Path) -> Cache {
    let at = std::env::var_os("WSLSP_CACHE_DIR")
        .filter(|d| !d.is_empty())
        .map_or_else(|| Cache::default_dir(dir), PathBuf::from);
    Cache::open(&at)
}

/// The source files under `dir`, as the walk of `wslsp check` finds them.
fn source_files(dir: &Path) -> Vec<SourceFile> {
    let Some(builder) = workspace::walker(&[dir]) else {
        return Vec::new();
    };
    builder
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter(|e| !workspace::is_generated_name(e.path()))
        .filter_map(|e| Some((e.path().to_path_buf(), Language::from_path(e.path())?)))
        .collect()
}

/// Every finding of the workspace's files, for `workspace/diagnostic`: the open documents'
/// from their snapshots (`open`, with their versions), every other source file of an index
/// from disk, analysed with its folder's index (a file with neither a close token nor a
/// helper's name is not parsed). Files without findings are left out. Blocking.
pub fn workspace_diagnostics(
    indexes: &Indexes,
    open: Vec<(PathBuf, Arc<Snapshot>)>,
    settings: Arc<Settings>,
    encoding: Encoding,
) -> Vec<WorkspaceDocumentDiagnosticReport> {
    let mut items: Vec<WorkspaceDocumentDiagnosticReport> = Vec::new();
    let open_paths: HashSet<PathBuf> = open.iter().map(|(p, _)| p.clone()).collect();
    for (_, snap) in &open {
        let diagnostics = super::diagnostics::diagnostics(snap);
        if !diagnostics.is_empty() {
            items.push(report(
                snap.uri.clone(),
                Some(snap.version),
                diagnostics.to_vec(),
            ));
        }
    }
    let mut projects = Projects::default();
    let explicit = settings.config.clone();
    let mut closed = Vec::new();
    for (index, files) in indexes.all() {
        for (path, language) in files.iter() {
            if open_paths.contains(path) {
                continue;
            }
            let config = projects.for_document(Some(path), explicit.as_deref());
            if config.as_ref().is_some_and(|c| c.is_excluded(path)) {
                continue;
            }
            closed.push((Arc::clone(&index), path.clone(), *language, config));
        }
    }
    let found = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    workspace::par_each(&closed, threads, |(index, path, language, config)| {
        let Ok(bytes) = std::fs::read(path) else {
            return;
        };
        let options = config
            .as_ref()
            .map(|c| c.options_for(path))
            .unwrap_or_default();
        let limit = config
            .as_ref()
            .and_then(|c| c.file_time_budget())
            .unwrap_or(DEFAULT_FILE_BUDGET);
        let budget = if limit.is_zero() {
            Budget::unlimited()
        } else {
            Budget::new(limit)
        };
        let scope = Some(index.scope(path));
        let Ok(analysed) =
            analysis::analyze_bytes(*language, &bytes, MAX_FILE_BYTES, &options, &budget, scope)
        else {
            return;
        };
        if analysed.analysis.findings.is_empty() {
            return;
        }
        let (Ok(text), Some(uri)) = (String::from_utf8(bytes), Uri::from_file_path(path)) else {
            return;
        };
        let snap = Snapshot {
            uri,
            version: 0,
            language: Some(*language),
            index: Arc::new(LineIndex::new(&text)),
            text: Arc::new(text),
            tree: None,
            reparse: false,
            analysis: Arc::new(analysed.analysis),
            encoding,
            settings: Arc::clone(&settings),
            config: config.clone(),
            diagnostics: std::sync::OnceLock::new(),
        };
        let diagnostics = super::diagnostics::diagnostics(&snap).to_vec();
        if !diagnostics.is_empty() {
            lock(&found).push(report(snap.uri.clone(), None, diagnostics));
        }
    });
    let mut found = found.into_inner().unwrap_or_else(PoisonError::into_inner);
    found.sort_by(|a, b| uri_of(a).as_str().cmp(uri_of(b).as_str()));
    items.extend(found);
    items
}

fn report(
    uri: Uri,
    version: Option<i32>,
    items: Vec<Diagnostic>,
) -> WorkspaceDocumentDiagnosticReport {
    WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
        uri,
        version: version.map(i64::from),
        full_document_diagnostic_report: FullDocumentDiagnosticReport {
            result_id: None,
            items,
        },
    })
}

fn uri_of(report: &WorkspaceDocumentDiagnosticReport) -> &Uri {
    match report {
        WorkspaceDocumentDiagnosticReport::Full(r) => &r.uri,
        WorkspaceDocumentDiagnosticReport::Unchanged(r) => &r.uri,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_names_what_changed_and_open_facts_override() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::write(root.join("codes.py"), "AUTH = 4001\n").unwrap();
        std::fs::write(
            root.join("app.py"),
            "import websockets\nfrom codes import AUTH\nasync def h(ws):\n    await ws.close(AUTH)\n",
        )
        .unwrap();
        let (index, files) = build(&root, &BuildProgress::default(), 1);
        assert_eq!(files.len(), 2);
        let codes = root.join("codes.py");
        assert_eq!(index.facts(&codes).unwrap().consts[0].value, 4001);
        let indexes = Indexes::default();
        indexes.install(root.clone(), index, files);
        let held = indexes.index_for(&codes).unwrap();
        let mut facts = index_facts(&indexes, &codes);
        facts.consts[0].value = 4002;
        let changed = indexes.update(&codes, Some(&facts)).unwrap();
        assert_eq!(&*changed.names, ["AUTH".to_owned()]);
        assert_eq!(
            held.facts(&codes).unwrap().consts[0].value,
            4001,
            "a copy changed"
        );
        assert_eq!(index_facts(&indexes, &codes).consts[0].value, 4002);
        assert!(indexes.update(&codes, Some(&facts)).is_none(), "no change");
        assert!(
            indexes
                .update(&root.join("../elsewhere.py"), None)
                .is_none()
        );
    }

    fn index_facts(indexes: &Indexes, path: &Path) -> FileFacts {
        indexes
            .index_for(path)
            .unwrap()
            .facts(path)
            .unwrap()
            .clone()
    }
}
