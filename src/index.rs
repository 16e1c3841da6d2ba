//! The project index: every file's [`FileFacts`] gathered, and what they derive across files:
//! constants by name and close helpers (direct and through other helpers). Detection asks it,
//! through a [`FileScope`], for what the file alone cannot resolve.
//!
//! Building is linear in the facts: a helper chain is closed with a work list in which each
//! (file, function, parameter) becomes a helper at most once, so a helper that calls itself or
//! a cycle of helpers terminates.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::facts::{ArgAt, ConstDef, FileFacts};
use crate::languages::Language;
use crate::roles::Role;

/// Helper names that are too common to follow into another directory: a `close(code)` or
/// `stop(code)` there is more likely another class's method than this helper.
const COMMON_NAMES: &[&str] = &[
    "close",
    "Close",
    "end",
    "stop",
    "Stop",
    "fail",
    "shutdown",
    "disconnect",
    "terminate",
    "destroy",
    "abort",
    "cancel",
    "send",
    "exit",
    "kill",
    "error",
    "reject",
    "finish",
    "quit",
    "drop",
    "dispose",
];

/// A close helper known project-wide.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Helper {
    pub name: String,
    /// The file defining it, relative to the index's root when inside it.
    pub path: Arc<Path>,
    /// 0-based line of its definition.
    pub line: u32,
    /// Position and name of the parameter that becomes the close code.
    pub param: usize,
    pub param_name: String,
    pub api: &'static str,
    pub role: Role,
    /// The helper's own link of the chain down to the close call; the links are shared, so
    /// a chain through n helpers costs n links however many helpers start on it.
    pub chain: Arc<Step>,
    /// The parameter its own link runs under (`if (!skipCloseFrame)`), if any.
    pub guard: Option<crate::facts::Guard>,
    /// The code parameter's numeric default, which a caller passing `undefined` gets.
    pub default: Option<i64>,
}

/// One link of a helper chain: a helper, the call it makes, and the link of the helper it
/// calls (none when the call is the close call).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Step {
    /// The function the link is in.
    pub function: String,
    pub path: Arc<Path>,
    pub line: u32,
    /// The call it makes, as written (`ws.close(code)`, `fail(ws, code)`).
    pub call: String,
    pub next: Option<Arc<Step>>,
}

impl Step {
    /// The link as messages name it: `fail()`, or the key a code is stored under
    /// (`[kStatusCode]`), which is no function to call.
    pub fn shown(&self) -> String {
        if self.function.starts_with('[') {
            self.function.clone()
        } else {
            format!("{}()", self.function)
        }
    }

    /// The links from this one down to the close call.
    pub fn links(&self) -> impl Iterator<Item = &Step> {
        std::iter::successors(Some(self), |s| s.next.as_deref())
    }
}

/// Where a constant is defined and its value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConstRef {
    pub value: i64,
    pub path: Arc<Path>,
    pub line: u32,
}

#[derive(Clone)]
struct FileEntry {
    path: Arc<Path>,
    facts: FileFacts,
}

/// Every file's facts and the maps derived from them. `Clone` so that the language server
/// can change a copy while analyses read the one they hold.
#[derive(Default, Clone)]
pub struct ProjectIndex {
    root: PathBuf,
    files: HashMap<PathBuf, FileEntry>,
    consts: HashMap<String, Vec<(Arc<Path>, ConstDef)>>,
    helpers: HashMap<String, Vec<Helper>>,
    /// Finds any helper's name in a file's bytes.
    helper_names: Option<aho_corasick::AhoCorasick>,
    /// Bumped by every change, so an analysis can tell it resolved against an older index.
    generation: u64,
    /// [`ProjectIndex::digest`] as of the last [`ProjectIndex::derive`].
    digest: u64,
}

impl std::fmt::Debug for ProjectIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProjectIndex")
            .field("root", &self.root)
            .field("files", &self.files.len())
            .field("generation", &self.generation)
            .finish()
    }
}

impl ProjectIndex {
    /// An empty index of the project at `root` (paths are shown relative to it).
    pub fn new(root: &Path) -> ProjectIndex {
        ProjectIndex {
            root: root.to_path_buf(),
            ..ProjectIndex::default()
        }
    }

    /// The project's root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How many files have facts in the index.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// No file has facts.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Changes with every [`ProjectIndex::set`] or [`ProjectIndex::remove`] that changed facts.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Records (or replaces) `path`'s facts. Call [`ProjectIndex::derive`] after a batch.
    /// Returns whether anything changed.
    pub fn set(&mut self, path: &Path, facts: FileFacts) -> bool {
        if self.files.get(path).is_some_and(|e| e.facts == facts) {
            return false;
        }
        let shown: Arc<Path> = path.strip_prefix(&self.root).unwrap_or(path).into();
        self.files
            .insert(path.to_path_buf(), FileEntry { path: shown, facts });
        self.generation += 1;
        true
    }

    /// Forgets `path`'s facts; returns whether it had any.
    pub fn remove(&mut self, path: &Path) -> bool {
        let had = self.files.remove(path).is_some();
        self.generation += u64::from(had);
        had
    }

    /// Whether `path` has facts in the index.
    pub fn contains(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    /// The facts recorded for `path`.
    pub fn facts(&self, path: &Path) -> Option<&FileFacts> {
        self.files.get(path).map(|e| &e.facts)
    }

    /// Rebuilds the constants and helpers from every file's facts: O(facts), with the helper
    /// chains closed over forwards.
    pub fn derive(&mut self) {
        self.consts.clear();
        // In path order, so that the same files always derive the same index (the same
        // digest, the same chain for a helper reached two ways).
        let mut files: Vec<&FileEntry> = self.files.values().collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        for entry in &files {
            for c in &entry.facts.consts {
                self.consts
                    .entry(c.name.clone())
                    .or_default()
                    .push((entry.path.clone(), c.clone()));
            }
        }
        self.helpers = close_helpers(&files);
        self.helper_names = finder(self.helpers.keys());
        self.digest = self.compute_digest();
    }

    /// Whether a file holding `bytes` may call a close helper: it names one. A file that does
    /// not and has no close token cannot hold a site.
    pub fn may_matter(&self, bytes: &[u8]) -> bool {
        self.helper_names
            .as_ref()
            .is_some_and(|f| f.is_match(bytes))
    }

    /// As of the last [`ProjectIndex::derive`], a hash of what resolution reads from the index (every constant and every helper, with
    /// where they are defined), in an order that does not depend on the files' order: two
    /// indexes with the same digest resolve every file the same. The persistent cache keys
    /// the analyses that read the index with it ([`crate::cache`]).
    pub fn digest(&self) -> u64 {
        self.digest
    }

    fn compute_digest(&self) -> u64 {
        let mut consts: Vec<_> = self.consts.values().flatten().collect();
        consts.sort_by(|a, b| (&a.0, &a.1.name, a.1.line).cmp(&(&b.0, &b.1.name, b.1.line)));
        let mut helpers: Vec<&Helper> = self.helpers.values().flatten().collect();
        helpers.sort_by(|a, b| (&a.path, &a.name, a.param).cmp(&(&b.path, &b.name, b.param)));
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        (consts, helpers).hash(&mut hasher);
        std::hash::Hasher::finish(&hasher)
    }

    /// Whether the index may change the analysis of the file at `path`, which the file's
    /// facts say from its analysis alone: one of its close calls names a constant that
    /// another file defines, or it calls a close helper whose chain leaves the file (a helper
    /// wholly inside the file is found without the index).
    pub fn changes(&self, path: &Path) -> bool {
        let Some(entry) = self.files.get(path) else {
            return false;
        };
        let scope = self.scope(path);
        let crosses = |h: &Helper| h.chain.links().any(|step| step.path != entry.path);
        entry
            .facts
            .unresolved
            .iter()
            .any(|name| scope.constant(&[name]).is_some())
            || entry
                .facts
                .calls
                .iter()
                .any(|callee| scope.helper(callee).is_some_and(crosses))
    }

    /// Names of helpers only.
    pub fn helper_names(&self) -> impl Iterator<Item = &str> {
        self.helpers.keys().map(String::as_str)
    }

    /// Every file's unresolved constant names that no file defines yet: the names a file
    /// not yet indexed must hold to be worth indexing.
    pub fn wanted(&self) -> HashSet<String> {
        let passed_to_helpers = self.files.values().flat_map(|e| {
            e.facts
                .call_args
                .iter()
                .filter(|(callee, _)| self.helpers.contains_key(*callee))
                .flat_map(|(_, names)| names)
        });
        self.files
            .values()
            .flat_map(|e| &e.facts.unresolved)
            .chain(passed_to_helpers)
            .filter(|n| !self.consts.contains_key(*n))
            .cloned()
            .collect()
    }

    /// The view of the index from the file at `path`.
    pub fn scope<'a>(&'a self, path: &'a Path) -> FileScope<'a> {
        FileScope { index: self, path }
    }
}

/// The index as one file sees it: nearer definitions win over farther ones.
#[derive(Clone, Copy)]
pub struct FileScope<'a> {
    pub index: &'a ProjectIndex,
    /// The file being analysed (absolute, as the index keys it).
    pub path: &'a Path,
}

impl std::fmt::Debug for FileScope<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileScope({})", self.path.display())
    }
}

impl<'a> FileScope<'a> {
    /// Whether code in this file can name what the file `defined` defines: a file of the same
    /// language family, or of a family this one calls (Kotlin calls Java). A Ruby `code`
    /// never resolves to a JavaScript constant.
    fn sees(&self, defined: &Path) -> bool {
        let (Some(here), Some(there)) =
            (Language::from_path(self.path), Language::from_path(defined))
        else {
            return true;
        };
        here.can_name(there)
    }

    /// How near a definition in `defined` (a path as the index shows it) is: 0 this file,
    /// 1 its directory, 2 elsewhere.
    fn distance(&self, defined: &Path) -> u8 {
        let here = self
            .path
            .strip_prefix(&self.index.root)
            .unwrap_or(self.path);
        if here == defined {
            0
        } else if here.parent() == defined.parent() {
            1
        } else {
            2
        }
    }

    /// The value of the constant `segments` names (`AUTH`, `Codes.AUTH`, `codes.AUTH`),
    /// defined in another file of the project. An owner segment must match the constant's
    /// type, or the module (file stem) or package (directory) defining it. Definitions that
    /// disagree resolve to the nearest one; a tie between different values resolves to none.
    pub fn constant(&self, segments: &[&str]) -> Option<ConstRef> {
        let (name, owner) = match segments {
            [.., owner, name] => (*name, Some(*owner)),
            [name] => (*name, None),
            [] => return None,
        };
        let defs = self.index.consts.get(name)?;
        let fits = |(path, def): &&(Arc<Path>, ConstDef)| {
            self.sees(path)
                && match (owner, &def.owner) {
                    (Some(o), Some(d)) => o == d,
                    (Some(o), None) => module_names(path).any(|m| m == o),
                    (None, _) => true,
                }
        };
        let fitting: Vec<&(Arc<Path>, ConstDef)> = defs.iter().filter(fits).collect();
        let nearest = fitting.iter().map(|(p, _)| self.distance(p)).min()?;
        let near: Vec<_> = fitting
            .into_iter()
            .filter(|(p, _)| self.distance(p) == nearest)
            .collect();
        let (path, def) = near[0];
        near.iter()
            .all(|(_, d)| d.value == def.value)
            .then(|| ConstRef {
                value: def.value,
                path: path.clone(),
                line: def.line,
            })
    }

    /// The close helper a call of `name` from this file reaches, if one does: the nearest
    /// definition; a common name (`close`, `stop`) only from the helper's own directory.
    /// Definitions at the same distance that disagree on parameter, library or role give none.
    pub fn helper(&self, name: &str) -> Option<&'a Helper> {
        let defs = self.index.helpers.get(name)?;
        let common = COMMON_NAMES.contains(&name);
        let reachable = defs
            .iter()
            .filter(|h| self.sees(&h.path) && (!common || self.distance(&h.path) <= 1));
        let nearest = reachable.clone().map(|h| self.distance(&h.path)).min()?;
        let mut near = reachable.filter(|h| self.distance(&h.path) == nearest);
        let first = near.next()?;
        near.all(|h| {
            (h.param, &h.param_name, h.api, h.role)
                == (first.param, &first.param_name, first.api, first.role)
        })
        .then_some(first)
    }
}

/// One automaton that finds any of `names` (`None` for none).
pub fn finder<'n>(names: impl Iterator<Item = &'n String>) -> Option<aho_corasick::AhoCorasick> {
    let names: Vec<&String> = names.collect();
    if names.is_empty() {
        return None;
    }
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(names)
        .ok()
}

/// The names a file's module goes by: its file stem and its directory's name (`codes` for
/// `server/codes.py`, `server` for a Go package there).
fn module_names(path: &Path) -> impl Iterator<Item = &str> {
    let stem = path.file_stem().and_then(|s| s.to_str());
    let dir = path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|s| s.to_str());
    stem.into_iter().chain(dir)
}

/// Every close helper of the project: the files' own helper definitions, then functions that
/// forward a parameter to a known helper's code, until no more appear.
fn close_helpers(files: &[&FileEntry]) -> HashMap<String, Vec<Helper>> {
    let mut helpers: HashMap<String, Vec<Helper>> = HashMap::new();
    let mut seen: HashSet<(Arc<Path>, String, usize)> = HashSet::new();
    let mut work: Vec<Helper> = Vec::new();
    for entry in files {
        for def in &entry.facts.helpers {
            work.push(Helper {
                name: def.name.clone(),
                path: entry.path.clone(),
                line: def.line,
                param: def.param,
                param_name: def.param_name.clone(),
                api: def.api,
                role: def.role,
                chain: Arc::new(Step {
                    function: def.name.clone(),
                    path: entry.path.clone(),
                    line: def.line,
                    call: def.call.clone(),
                    next: None,
                }),
                guard: def.guard.clone(),
                default: def.default,
            });
        }
    }
    // Forwards by the function they call, so each new helper finds its callers at once.
    let mut by_callee: HashMap<&str, Vec<(&Arc<Path>, &crate::facts::Forward)>> = HashMap::new();
    for entry in files {
        for f in &entry.facts.forwards {
            by_callee
                .entry(f.callee.as_str())
                .or_default()
                .push((&entry.path, f));
        }
    }
    while let Some(helper) = work.pop() {
        if !seen.insert((helper.path.clone(), helper.name.clone(), helper.param)) {
            continue;
        }
        for (path, f) in by_callee.get(helper.name.as_str()).into_iter().flatten() {
            let passes = match &f.arg {
                ArgAt::Position(i) => *i == helper.param,
                ArgAt::Keyword(k) => *k == helper.param_name,
            };
            let reachable = !COMMON_NAMES.contains(&helper.name.as_str())
                || path.parent() == helper.path.parent();
            if !passes || !reachable {
                continue;
            }
            let chain = Step {
                function: f.def.clone(),
                path: (*path).clone(),
                line: f.def_line,
                call: f.call.clone(),
                next: Some(helper.chain.clone()),
            };
            work.push(Helper {
                name: f.def.clone(),
                path: (*path).clone(),
                line: f.def_line,
                param: f.param,
                param_name: f.param_name.clone(),
                api: helper.api,
                role: helper.role,
                chain: Arc::new(chain),
                guard: f.guard.clone(),
                // `undefined` passed on takes the next default down the chain.
                default: f.default.or(helper.default),
            });
        }
        helpers.entry(helper.name.clone()).or_default().push(helper);
    }
    helpers
}
