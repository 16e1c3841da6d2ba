//! Walking the paths given to `wslsp check` in parallel with the `ignore` crate (the walker
//! of ripgrep): .gitignore is honoured, hidden files and vendored directories are skipped.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ignore::WalkState;
use wslsp::analysis::{self, Analysis};
use wslsp::budget::Budget;
use wslsp::cache::{self, Cache, Purpose};
use wslsp::languages::Language;
use wslsp::workspace;

use super::project::{FileConfig, Project};

/// A file with at least one close site, kept with its text for rendering.
pub struct FileResult {
    /// The path as walked from the arguments (or given by `--stdin-filename`), without a
    /// leading `./`.
    pub path: String,
    pub language: Language,
    pub text: String,
    pub analysis: Analysis,
}

/// A file that could not be checked, and why.
pub struct FileError {
    pub path: String,
    pub message: String,
    /// The run could not do what was asked for this file (wslsp panicked on it, or `--fix`
    /// could not write it): exit status 2, unlike a file skipped by a limit (too large, over
    /// its time budget, not UTF-8).
    pub incomplete: bool,
}

/// Everything one `wslsp check` run found.
pub struct Report {
    /// Files with close sites, sorted by path.
    pub files: Vec<FileResult>,
    /// Files skipped with a reason, sorted by path.
    pub errors: Vec<FileError>,
    /// Source files read (of a language wslsp knows).
    pub files_checked: usize,
    /// Of those, files the byte prefilter let through to the parser.
    pub files_parsed: usize,
    /// A path given on the command line does not exist.
    pub missing_paths: bool,
}

/// A source file the walk read, as the project index needs it.
pub struct Seen {
    /// The path as walked (relative to the current directory or not).
    pub path: PathBuf,
    pub language: Language,
    /// Its facts, when it was parsed; `None` when the byte prefilter ruled it out.
    pub facts: Option<wslsp::facts::FileFacts>,
}

/// Why a path named explicitly is not checked.
const NOT_SOURCE: &str = "not a file type wslsp reads; skipped";

/// How files are read and which are left out.
pub struct Limits<'a> {
    /// Larger files are skipped with a reason (bytes).
    pub max_file_size: usize,
    /// The project configuration: roles, severities, `[files]`.
    pub project: &'a Project,
    /// `[files]` leaves out paths named on the command line too (else only walked ones).
    pub force_exclude: bool,
    /// `--file-time-budget`: wins over each file's configuration (zero: no limit); `None`
    /// leaves it to the configuration, else [`wslsp::budget::DEFAULT_FILE_BUDGET`].
    pub time_budget: Option<Duration>,
    /// The persistent cache (`--no-cache`: a disabled one).
    pub cache: Arc<Cache>,
}

/// Runs one file's check so that a panic in it becomes an error for that file alone (as
/// rust-analyzer does per request): the other files' results are still reported.
pub(super) fn isolated(path: &Path, check: impl FnOnce() -> Outcome) -> Outcome {
    catch_unwind(AssertUnwindSafe(check)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Outcome::Error(
            format!(
                "internal error while checking {}: {what}; skipped (please report it)",
                path.display()
            ),
            true,
        )
    })
}

/// Walks `paths` and analyses every source file in them, then analyses again, with the index
/// of each project they belong to, the files whose sites other files' facts resolve
/// ([`super::index`]).
pub fn check_paths(paths: &[PathBuf], limits: &Limits) -> Report {
    let (mut report, seen) = walk_paths(paths, limits);
    super::index::resolve_across_files(paths, &mut report, seen, limits);
    report
}

/// Walks `paths` and analyses every source file in them, each alone.
fn walk_paths(paths: &[PathBuf], limits: &Limits) -> (Report, Vec<Seen>) {
    let errors = Mutex::new(Vec::new());
    let files = Mutex::new(Vec::new());
    let seen = Mutex::new(Vec::new());
    let checked = AtomicUsize::new(0);
    let parsed = AtomicUsize::new(0);
    let mut missing_paths = false;

    let existing: Vec<&PathBuf> = paths
        .iter()
        .filter(|p| {
            let exists = p.exists();
            if !exists {
                missing_paths = true;
                errors.lock().unwrap().push(FileError {
                    path: display(p),
                    message: "no such file or directory".into(),
                    incomplete: false,
                });
            }
            exists
        })
        .collect();

    let existing: Vec<&Path> = existing.iter().map(|p| p.as_path()).collect();
    if let Some(builder) = workspace::walker(&existing) {
        builder.build_parallel().run(|| {
            Box::new(|entry| {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(e) => {
                        errors.lock().unwrap().push(FileError {
                            path: String::new(),
                            message: e.to_string(),
                            incomplete: false,
                        });
                        return WalkState::Continue;
                    }
                };
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    return WalkState::Continue;
                }
                let explicit = entry.depth() == 0;
                match isolated(entry.path(), || check_file(entry.path(), explicit, limits)) {
                    Outcome::NotSource => {}
                    Outcome::Error(message, incomplete) => errors.lock().unwrap().push(FileError {
                        path: display(entry.path()),
                        message,
                        incomplete,
                    }),
                    Outcome::Checked {
                        result,
                        parsed: p,
                        language,
                        facts,
                    } => {
                        checked.fetch_add(1, Ordering::Relaxed);
                        if p {
                            parsed.fetch_add(1, Ordering::Relaxed);
                        }
                        if let Some(result) = result {
                            files.lock().unwrap().push(result);
                        }
                        seen.lock().unwrap().push(Seen {
                            path: entry.path().to_path_buf(),
                            language,
                            facts: facts.map(|f| *f),
                        });
                    }
                }
                WalkState::Continue
            })
        });
    }

    let mut files = files.into_inner().unwrap();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut errors = errors.into_inner().unwrap();
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    let report = Report {
        files,
        errors,
        files_checked: checked.into_inner(),
        files_parsed: parsed.into_inner(),
        missing_paths,
    };
    (report, seen.into_inner().unwrap())
}

// One outcome per file, moved once: its size does not matter.
#[allow(clippy::large_enum_variant)]
pub(super) enum Outcome {
    NotSource,
    /// The reason, and whether wslsp itself failed ([`FileError::incomplete`]).
    Error(String, bool),
    Checked {
        result: Option<FileResult>,
        parsed: bool,
        language: Language,
        /// The file's facts, when it was parsed (boxed: most outcomes carry none).
        facts: Option<Box<wslsp::facts::FileFacts>>,
    },
}

fn check_file(path: &Path, explicit: bool, limits: &Limits) -> Outcome {
    let Some(language) = Language::from_path(path) else {
        return if explicit {
            Outcome::Error(NOT_SOURCE.into(), false)
        } else {
            Outcome::NotSource
        };
    };
    if !explicit && workspace::is_generated_name(path) {
        return Outcome::NotSource;
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Error(format!("cannot read: {e}"), false),
    };
    if !explicit && is_generated(&bytes) {
        return Outcome::NotSource;
    }
    // Most files cannot hold a close site, and no configuration changes that; finding a
    // file's configuration costs a stat and a pyproject.toml read per new directory, so it
    // waits for the files that pass the byte prefilter (the rg benchmark's tree: 152 of
    // 227,082).
    if !language.may_contain_close_site(&bytes) && analysis::binary_at(&bytes).is_none() {
        return Outcome::Checked {
            result: None,
            parsed: false,
            language,
            facts: None,
        };
    }
    let config = limits.project.for_file(path);
    if config.excluded && (!explicit || limits.force_exclude) {
        return Outcome::NotSource;
    }
    analyze(path, language, bytes, limits, &config, None)
}

/// Analyses the contents of the file `path` under its configuration, with its project's
/// index when there is one; an analysis the cache holds for the same bytes, options and index
/// is taken from there.
pub(super) fn analyze(
    path: &Path,
    language: Language,
    bytes: Vec<u8>,
    limits: &Limits,
    config: &FileConfig,
    project: Option<wslsp::index::FileScope>,
) -> Outcome {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let (purpose, digest) = match project {
        Some(scope) => (Purpose::Indexed, scope.index.digest()),
        None => (Purpose::Alone, 0),
    };
    let key = cache::key(&bytes, &config.options, (limits.max_file_size, digest));
    let analysed = match limits.cache.get(&absolute, purpose, key) {
        Some(cached) => Ok(analysis::FileAnalysis {
            analysis: cached.analysis,
            parsed: cached.parsed,
        }),
        None => {
            let analysed = analyze_now(language, &bytes, limits, config, project);
            if let Ok(a) = &analysed {
                limits
                    .cache
                    .put(&absolute, purpose, key, a.parsed, &a.analysis);
            }
            analysed
        }
    };
    match analysed {
        Err(skip) => Outcome::Error(skip.to_string(), false),
        Ok(analysis::FileAnalysis {
            mut analysis,
            parsed,
        }) => Outcome::Checked {
            parsed,
            language,
            facts: parsed.then(|| Box::new(std::mem::take(&mut analysis.facts))),
            result: (!analysis.sites.is_empty()).then(|| {
                limits.project.apply_levels(config, &mut analysis.findings);
                FileResult {
                    path: display(path),
                    language,
                    // analyze_bytes only finds sites in valid UTF-8.
                    text: String::from_utf8(bytes).unwrap_or_default(),
                    analysis,
                }
            }),
        },
    }
}

/// [`analysis::analyze_bytes`] within the file's time budget.
fn analyze_now(
    language: Language,
    bytes: &[u8],
    limits: &Limits,
    config: &FileConfig,
    project: Option<wslsp::index::FileScope>,
) -> Result<analysis::FileAnalysis, analysis::Skip> {
    // The language's query is compiled once per process, on first use: that is not this
    // file's time, so it is spent before the file's budget starts.
    language.query();
    let budget = match limits.time_budget.or(config.time_budget) {
        Some(Duration::ZERO) => Budget::unlimited(),
        Some(limit) => Budget::new(limit),
        None => Budget::new(wslsp::budget::DEFAULT_FILE_BUDGET),
    };
    analysis::analyze_bytes(
        language,
        bytes,
        limits.max_file_size,
        &config.options,
        &budget,
        project,
    )
}

/// Checks `bytes` read from standard input as if they were the file `name`
/// (`--stdin-filename`): its extension picks the language, its path the configuration.
/// Nothing but the configuration is read from disk.
pub fn check_stdin(name: &Path, bytes: Vec<u8>, limits: &Limits) -> Report {
    let mut report = Report {
        files: Vec::new(),
        errors: Vec::new(),
        files_checked: 0,
        files_parsed: 0,
        missing_paths: false,
    };
    let config = limits.project.for_file(name);
    let outcome = match Language::from_path(name) {
        // A name on the command line: left out only with --force-exclude.
        Some(_) if config.excluded && limits.force_exclude => Outcome::NotSource,
        Some(language) => isolated(name, || {
            // The text stands for the file `name`: the rest of its project is read from disk.
            let index = super::index::project_of(name, language, &bytes, limits);
            let absolute = std::path::absolute(name).unwrap_or_else(|_| name.to_path_buf());
            let scope = index.as_ref().map(|i| i.scope(&absolute));
            analyze(name, language, bytes, limits, &config, scope)
        }),
        None => Outcome::Error(NOT_SOURCE.into(), false),
    };
    match outcome {
        Outcome::NotSource => {}
        Outcome::Error(message, incomplete) => report.errors.push(FileError {
            path: display(name),
            message,
            incomplete,
        }),
        Outcome::Checked { result, parsed, .. } => {
            report.files_checked = 1;
            report.files_parsed = usize::from(parsed);
            report.files.extend(result);
        }
    }
    report
}

/// Generated files announce themselves in their first lines (`// Code generated … DO NOT
/// EDIT.` in Go, `@generated` elsewhere).
fn is_generated(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let has = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
    has(b"@generated") || (has(b"Code generated") && has(b"DO NOT EDIT"))
}

pub(super) fn display(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_owned()
}
