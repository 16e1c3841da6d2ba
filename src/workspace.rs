//! Building a project's index from its files: which directory is a project's root, which
//! files are worth parsing for it, and the rounds that follow helpers and constants into
//! files that hold no close call. Both shells build their index here.
//!
//! Facts come from files with a close token first (they define the helpers); then every other
//! file is searched, in one pass over its bytes, for the names the index still lacks (a helper
//! to call, a constant to define), and only the files that hold one are parsed. Each file is
//! parsed at most once, so the rounds end, linear in the project's size.

use std::path::{Path, PathBuf};

use ignore::{DirEntry, WalkBuilder};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::analysis::{self, Options};
use crate::budget::{Budget, DEFAULT_FILE_BUDGET};
use crate::cache::{self, Cache, Purpose};
use crate::index::{self, ProjectIndex};
use crate::languages::Language;
use crate::manifest::Manifests;

/// Files whose presence makes a directory a project's root.
const ROOT_MARKERS: &[&str] = &[
    ".git",
    ".hg",
    "package.json",
    "go.mod",
    "Cargo.toml",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "composer.json",
    "pubspec.yaml",
    "Gemfile",
    "Package.swift",
    "CMakeLists.txt",
];

/// The root of the project `path` belongs to: the nearest directory at or above it that holds
/// a VCS directory or a manifest; `None` when none does (then only the files checked form the
/// project: a home directory is never walked whole). `path` should be absolute.
pub fn project_root(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(path)
    };
    start
        .ancestors()
        .find(|dir| ROOT_MARKERS.iter().any(|m| dir.join(m).exists()))
        .map(Path::to_path_buf)
}

/// Directory names holding other people's code: never walked into unless named as a path.
const VENDORED_DIRS: &[&str] = &[
    "node_modules",
    "bower_components",
    "jspm_packages",
    "vendor",
    "third_party",
    "site-packages",
    "__pycache__",
];

/// File-name endings of generated or bundled code.
const GENERATED_SUFFIXES: &[&str] = &[
    ".min.js",
    ".min.mjs",
    ".min.cjs",
    ".bundle.js",
    ".pb.go",
    "_pb2.py",
    ".d.ts",
];

/// The walker both shells use over `paths` (none: `None`): .gitignore honoured, hidden and
/// vendored directories left out unless named.
pub fn walker(paths: &[&Path]) -> Option<WalkBuilder> {
    let (first, rest) = paths.split_first()?;
    let mut builder = WalkBuilder::new(first);
    for path in rest {
        builder.add(path);
    }
    builder
        .hidden(true)
        .git_ignore(true)
        .require_git(false)
        .filter_entry(|e| e.depth() == 0 || !is_vendored_dir(e));
    Some(builder)
}

/// Whether a walked file is left out as generated or bundled code by its name.
pub fn is_generated_name(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    GENERATED_SUFFIXES.iter().any(|s| name.ends_with(s))
}

fn is_vendored_dir(entry: &DirEntry) -> bool {
    entry.file_type().is_some_and(|t| t.is_dir())
        && entry
            .file_name()
            .to_str()
            .is_some_and(|n| VENDORED_DIRS.contains(&n))
}

/// How many rounds of searching unparsed files for wanted names run at most: a helper found
/// in round one may be called with a constant defined in a file round two finds, or by a
/// function in a file with no close call that round two finds. Each round reads every file
/// still unparsed, so the bound keeps an adversarial chain of helpers linear; a chain of
/// helpers longer than this through files with no close call is followed only this deep.
const ROUNDS: usize = 4;

/// Gathers one project's facts, then derives its index.
pub struct Indexer {
    index: ProjectIndex,
    /// Files not parsed yet: no close token, so only a wanted name makes them worth it.
    unparsed: Vec<(PathBuf, Language)>,
    max_file_bytes: usize,
    /// Which library's own code each file is: a helper inside a library counts there.
    manifests: Manifests,
    /// Facts of unchanged files come from here instead of a parse.
    cache: Arc<Cache>,
}

impl Indexer {
    /// An indexer for the project at `root`, parsing files up to `max_file_bytes`.
    pub fn new(root: &Path, max_file_bytes: usize) -> Indexer {
        Indexer {
            index: ProjectIndex::new(root),
            unparsed: Vec::new(),
            max_file_bytes,
            manifests: Manifests::new(),
            cache: Arc::new(Cache::disabled()),
        }
    }

    /// Reads and keeps facts in `cache` ([`crate::cache`]).
    pub fn with_cache(mut self, cache: Arc<Cache>) -> Indexer {
        self.cache = cache;
        self
    }

    /// The facts of the file at `path` holding `bytes`, parsed whatever the byte prefilter
    /// says; `None` for a file that cannot be parsed (binary, too large, not UTF-8, over its
    /// budget): it contributes nothing.
    pub fn facts_of(
        &self,
        path: &Path,
        language: Language,
        bytes: &[u8],
        project: Option<index::FileScope>,
    ) -> Option<crate::facts::FileFacts> {
        let options = Options {
            own_libraries: self.manifests.own_libraries(path),
            ..Options::default()
        };
        let (purpose, digest) = match project {
            Some(scope) => (Purpose::Round, scope.index.digest()),
            None => (Purpose::Alone, 0),
        };
        let key = cache::key(bytes, &options, (self.max_file_bytes, digest));
        if let Some(cached) = self.cache.get(path, purpose, key) {
            return Some(cached.analysis.facts);
        }
        language.query();
        let budget = Budget::new(DEFAULT_FILE_BUDGET);
        let analysed = analysis::analyze_parsed_bytes(
            language,
            bytes,
            self.max_file_bytes,
            &options,
            &budget,
            project,
        )
        .ok()?;
        self.cache
            .put(path, purpose, key, analysed.parsed, &analysed.analysis);
        Some(analysed.analysis.facts)
    }

    /// Records the facts of a file the caller analysed itself.
    pub fn add_facts(&mut self, path: &Path, facts: crate::facts::FileFacts) {
        if facts != crate::facts::FileFacts::default() {
            self.index.set(path, facts);
        }
    }

    /// Records a file with no close token: it is parsed only if it holds a wanted name.
    pub fn add_unparsed(&mut self, path: PathBuf, language: Language) {
        self.unparsed.push((path, language));
    }

    /// Indexes a file the caller does not report on: parsed now if it has a close token,
    /// else kept for the rounds of [`Indexer::finish`].
    pub fn add_file(&mut self, path: PathBuf, language: Language, bytes: &[u8]) {
        if language.may_contain_close_site(bytes) {
            if let Some(facts) = self.facts_of(&path, language, bytes, None) {
                self.add_facts(&path, facts);
            }
        } else {
            self.add_unparsed(path, language);
        }
    }

    /// Derives the index, then parses the unparsed files that name a helper or a constant
    /// the project's close calls want, over at most [`ROUNDS`] rounds, on `threads` threads.
    pub fn finish(mut self, threads: usize) -> ProjectIndex {
        self.index.derive();
        for _ in 0..ROUNDS {
            let mut wanted: Vec<String> = self.index.wanted().into_iter().collect();
            wanted.retain(|n| worth_searching(n));
            wanted.extend(self.index.helper_names().map(str::to_owned));
            let Some(finder) = index::finder(wanted.iter()) else {
                break;
            };
            let unparsed = std::mem::take(&mut self.unparsed);
            let (hits, misses) = search(unparsed, &finder, threads, |path, language, bytes| {
                self.facts_of(path, language, bytes, Some(self.index.scope(path)))
            });
            self.unparsed = misses;
            if hits.is_empty() {
                break;
            }
            for (path, facts) in hits {
                self.index.set(&path, facts);
            }
            self.index.derive();
        }
        self.index
    }
}

/// Constant names too short or too common to search files for: nearly every file would hold
/// them. (A helper's name is always searched: only calls of it can reach its close call.)
fn worth_searching(name: &str) -> bool {
    name.len() >= 4
        && !matches!(
            name,
            "code" | "Code" | "status" | "reason" | "value" | "error"
        )
}

/// Reads each file and, where `finder` matches its bytes, runs `parse` on it. Gives the facts
/// found and the files that did not match.
#[allow(clippy::type_complexity)]
fn search(
    files: Vec<(PathBuf, Language)>,
    finder: &aho_corasick::AhoCorasick,
    threads: usize,
    parse: impl Fn(&Path, Language, &[u8]) -> Option<crate::facts::FileFacts> + Sync,
) -> (
    Vec<(PathBuf, crate::facts::FileFacts)>,
    Vec<(PathBuf, Language)>,
) {
    let hits = Mutex::new(Vec::new());
    let misses = Mutex::new(Vec::new());
    par_each(&files, threads, |(path, language)| {
        let Ok(bytes) = std::fs::read(path) else {
            return;
        };
        if !finder.is_match(&bytes) {
            misses.lock().unwrap().push((path.clone(), *language));
        } else if let Some(facts) = parse(path, *language, &bytes) {
            hits.lock().unwrap().push((path.clone(), facts));
        }
    });
    (hits.into_inner().unwrap(), misses.into_inner().unwrap())
}

/// Runs `each` on every item on `threads` scoped threads (at least one).
pub fn par_each<T: Sync>(items: &[T], threads: usize, each: impl Fn(&T) + Sync) {
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    each(item);
                }
            });
        }
    });
}
