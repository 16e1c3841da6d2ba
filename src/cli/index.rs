//! The project index as `wslsp check` builds it: after the walk has analysed each file alone,
//! the facts of every project the checked paths belong to are gathered (files outside the
//! paths too: `wslsp check src/app.py` still reads `src/codes.py`), and the checked files whose
//! analysis the index changes are analysed again with it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use wslsp::index::ProjectIndex;
use wslsp::languages::Language;
use wslsp::workspace::{self, Indexer};

use super::walk::{self, FileError, Limits, Outcome, Report, Seen};

/// A walked file, with its absolute path, as the index keys it.
struct Walked {
    seen: Seen,
    absolute: PathBuf,
}

/// Builds the index of each project the walked files belong to and analyses again the
/// walked files it resolves something in, replacing their results in `report`.
pub fn resolve_across_files(
    paths: &[PathBuf],
    report: &mut Report,
    seen: Vec<Seen>,
    limits: &Limits,
) {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let given: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| std::path::absolute(p).ok())
        .collect();
    // Files under no project root form one project per path given.
    let (mut projects, mut root_of_dir) = (HashMap::new(), HashMap::new());
    let mut roots = workspace::ProjectRoots::default();
    let mut rootless: HashSet<PathBuf> = HashSet::new();
    for file in seen {
        let Ok(absolute) = std::path::absolute(&file.path) else {
            continue;
        };
        let dir = absolute.parent().unwrap_or(&absolute).to_path_buf();
        let root: PathBuf = root_of_dir
            .entry(dir)
            .or_insert_with_key(|dir| {
                roots.of(dir).unwrap_or_else(|| {
                    let path = given.iter().find(|g| dir.starts_with(g)).unwrap_or(dir);
                    rootless.insert(path.clone());
                    path.clone()
                })
            })
            .clone();
        let (indexer, files): &mut (Indexer, Vec<Walked>) =
            projects.entry(root.clone()).or_insert_with(|| {
                let indexer =
                    Indexer::new(&root, limits.max_file_size).with_cache(limits.cache.clone());
                (indexer, Vec::new())
            });
        match &file.facts {
            Some(facts) => indexer.add_facts(&absolute, facts.clone()),
            None => indexer.add_unparsed(absolute.clone(), file.language),
        }
        files.push(Walked {
            seen: file,
            absolute,
        });
    }
    let walked: HashSet<PathBuf> = projects
        .values()
        .flat_map(|(_, files)| files.iter().map(|f| f.absolute.clone()))
        .collect();
    for (root, (mut indexer, files)) in projects {
        // A root above every given path has files the walk did not read.
        if !rootless.contains(&root) && !given.iter().any(|g| root.starts_with(g)) {
            let languages: HashSet<Language> = files.iter().map(|f| f.seen.language).collect();
            add_rest_of_project(&root, &walked, &languages, &mut indexer, threads);
        }
        let index = indexer.finish(threads);
        reanalyse(&index, files, report, limits, threads);
    }
}

/// The index of the project the file `name` belongs to, with `bytes` standing for its
/// contents (`--stdin-filename`); `None` when the index would be empty.
pub fn project_of(
    name: &Path,
    language: Language,
    bytes: &[u8],
    limits: &Limits,
) -> Option<ProjectIndex> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let absolute = std::path::absolute(name).ok()?;
    let root = workspace::project_root(&absolute);
    let dir = absolute.parent()?.to_path_buf();
    let mut indexer = Indexer::new(root.as_ref().unwrap_or(&dir), limits.max_file_size)
        .with_cache(limits.cache.clone());
    indexer.add_file(absolute.clone(), language, bytes);
    if let Some(root) = &root {
        let languages = HashSet::from([language]);
        add_rest_of_project(
            root,
            &HashSet::from([absolute]),
            &languages,
            &mut indexer,
            threads,
        );
    }
    let index = indexer.finish(threads);
    (!index.is_empty()).then_some(index)
}

/// Indexes the files under `root` that the walk did not read, of the languages that code in
/// `languages` can name ([`Language::can_name`]).
fn add_rest_of_project(
    root: &Path,
    walked: &HashSet<PathBuf>,
    languages: &HashSet<Language>,
    indexer: &mut Indexer,
    threads: usize,
) {
    let Some(builder) = workspace::walker(&[root]) else {
        return;
    };
    let mut rest = Vec::new();
    for entry in builder.build().flatten() {
        let path = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_file())
            || walked.contains(path)
            || workspace::is_generated_name(path)
        {
            continue;
        }
        // Files of a language the checked ones cannot name are never read: checking one
        // Python file compiles no JavaScript query.
        if let Some(language) = Language::from_path(path)
            && languages.iter().any(|l| l.can_name(language))
        {
            rest.push((path.to_path_buf(), language));
        }
    }
    let parsed = Mutex::new(Vec::new());
    let indexing: &Indexer = indexer;
    workspace::par_each(&rest, threads, |(path, language)| {
        let Ok(bytes) = std::fs::read(path) else {
            return;
        };
        // A file with no close token is parsed only if it names what the index wants.
        let facts = language
            .may_contain_close_site(&bytes)
            .then(|| indexing.facts_of(path, *language, &bytes, None));
        parsed
            .lock()
            .unwrap()
            .push((path.clone(), *language, facts));
    });
    for (path, language, facts) in parsed.into_inner().unwrap() {
        match facts {
            Some(Some(facts)) => indexer.add_facts(&path, facts),
            Some(None) => {}
            None => indexer.add_unparsed(path, language),
        }
    }
}

/// Analyses again, with `index`, each walked file it may change ([`ProjectIndex::changes`]), and
/// each one left unparsed whose text names a close helper.
fn reanalyse(
    index: &ProjectIndex,
    files: Vec<Walked>,
    report: &mut Report,
    limits: &Limits,
    threads: usize,
) {
    if index.is_empty() {
        return;
    }
    let outcomes = Mutex::new(Vec::new());
    workspace::par_each(&files, threads, |file| {
        // A file no round parsed has no facts to tell: its bytes must name a helper.
        let unparsed = file.seen.facts.is_none() && !index.contains(&file.absolute);
        if !unparsed && !index.changes(&file.absolute) {
            return;
        }
        let Ok(bytes) = std::fs::read(&file.seen.path) else {
            return;
        };
        if unparsed && !index.may_matter(&bytes) {
            return;
        }
        let config = limits.project.for_file(&file.seen.path);
        let path = &file.seen.path;
        let outcome = walk::isolated(path, || {
            let scope = index.scope(&file.absolute);
            walk::analyze(
                path,
                file.seen.language,
                bytes,
                limits,
                &config,
                Some(scope),
            )
        });
        outcomes
            .lock()
            .unwrap()
            .push((walk::display(path), file.seen.facts.is_some(), outcome));
    });
    let outcomes = outcomes.into_inner().unwrap();
    let replaced: HashSet<&str> = outcomes.iter().map(|(shown, ..)| shown.as_str()).collect();
    report.files.retain(|f| !replaced.contains(f.path.as_str()));
    for (shown, was_parsed, outcome) in outcomes {
        match outcome {
            Outcome::Checked { result, parsed, .. } => {
                if parsed && !was_parsed {
                    report.files_parsed += 1;
                }
                report.files.extend(result);
            }
            Outcome::Error(message, incomplete) => report.errors.push(FileError {
                path: shown,
                message,
                incomplete,
            }),
            Outcome::NotSource => {}
        }
    }
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    report.errors.sort_by(|a, b| a.path.cmp(&b.path));
}
