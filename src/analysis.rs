//! The one entry point the CLI and the language server share: bytes in, close sites and
//! findings out. Both shells call these functions, so the editor and CI never disagree.

use std::cell::RefCell;
use std::collections::HashMap;

use tree_sitter::{ParseOptions, ParseState, Parser, Tree};

use crate::budget::{Budget, Stop};
use crate::detection::{self, CloseSite, Detected};
use crate::facts::FileFacts;
use crate::index::{FileScope, ProjectIndex};
use crate::languages::Language;
use crate::roles::Role;
use crate::rules::{self, Finding};

/// What a caller may tell the analysis beyond the text, such as a project configuration
/// ([`crate::config`]). The default leaves the analysis as the text alone decides it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Options {
    /// The role given to every site whose role detection left [`Role::Unknown`], before the
    /// rules run (so role rules such as `client-only-code` fire); `None` leaves them unknown.
    pub role_for_unknown: Option<Role>,
    /// The file's client code runs in a browser, where `WebSocket.close()` follows the WHATWG
    /// rules whatever library the source names (`isomorphic-ws`, a bundled `ws` client).
    pub browser: bool,
    /// The libraries whose own code the file is (from the project's manifests,
    /// [`crate::manifest::Manifests::own_libraries`]): library ids, sorted, that count as
    /// evidence in the file although it never imports them. Empty by default.
    pub own_libraries: &'static [&'static str],
}

impl Options {
    /// Gives the sites whose role is unknown the configured one, and marks the client sites of
    /// a browser file.
    fn assign_roles(&self, sites: &mut [CloseSite]) {
        for site in sites.iter_mut() {
            if site.role == Role::Unknown
                && let Some(role) = self.role_for_unknown
            {
                site.role = role;
            }
            site.in_browser = self.browser && site.role != Role::Server;
        }
    }
}

/// What wslsp found in one text.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Analysis {
    /// Every close site, in source order.
    pub sites: Vec<CloseSite>,
    /// Every finding, in source order.
    pub findings: Vec<Finding>,
    /// What the file tells its project's index ([`crate::index`]).
    pub facts: FileFacts,
}

impl Analysis {
    /// Frees the spare capacity of the sites and findings: an analysis the language server
    /// keeps for every open document holds no more than it needs.
    pub fn shrink_to_fit(&mut self) {
        self.sites.shrink_to_fit();
        self.findings.shrink_to_fit();
    }

    /// The close site whose code expression holds byte `offset` (from its first byte up to,
    /// not including, its end), with its index in [`Analysis::sites`]. A binary search over
    /// the sites, which are in source order.
    pub fn site_at(&self, offset: usize) -> Option<(usize, &CloseSite)> {
        let after = self.sites.partition_point(|s| s.code_range.start <= offset);
        let index = after.checked_sub(1)?;
        let site = &self.sites[index];
        site.code_range.contains(&offset).then_some((index, site))
    }
}

/// Why a file was not analysed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Skip {
    /// Not UTF-8: the byte offset of the first invalid byte.
    #[error("not valid UTF-8 (at byte {0}); skipped")]
    InvalidUtf8(usize),
    /// UTF-16 text (it starts with a UTF-16 byte order mark); wslsp reads UTF-8 only.
    #[error("UTF-16 text (byte order mark {0}); wslsp reads UTF-8 only; skipped")]
    Utf16(&'static str),
    /// A NUL byte in the first 8 KiB: its byte offset.
    #[error("looks binary (NUL byte at {0}); skipped")]
    Binary(usize),
    /// Larger than the limit; both in bytes.
    #[error("{size} bytes is over the {limit}-byte limit; skipped")]
    TooLarge { size: usize, limit: usize },
    /// tree-sitter returned no tree (it only does when cancelled or out of memory).
    #[error("tree-sitter could not parse it")]
    ParseFailed,
    /// Parsing and analysing it took longer than the budget, in milliseconds
    /// ([`crate::budget`]; `--file-time-budget`, `file-time-budget-ms`).
    #[error(
        "took longer than its {limit_ms} ms time budget (pathological nesting or size?); skipped"
    )]
    OverBudget { limit_ms: u128 },
    /// The caller cancelled the analysis (the language server, for a replaced version).
    #[error("analysis cancelled")]
    Cancelled,
}

impl From<Stop> for Skip {
    fn from(stop: Stop) -> Skip {
        match stop {
            Stop::OverBudget(limit) => Skip::OverBudget {
                limit_ms: limit.as_millis(),
            },
            Stop::Cancelled => Skip::Cancelled,
        }
    }
}

/// Default largest file `analyze_bytes` parses: 1 MiB, as Biome's default. Larger source files
/// are bundled or generated code (a minified `ts.worker.js` of 7 MB), and parsing them costs
/// more than everything else in a typical run.
pub const DEFAULT_MAX_FILE_BYTES: usize = 1024 * 1024;

/// The outcome of [`analyze_bytes`] for a file it read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileAnalysis {
    /// Sites and findings; empty when the prefilter ruled the file out.
    pub analysis: Analysis,
    /// The byte prefilter let the file through and it was parsed (for `--stats`).
    pub parsed: bool,
}

/// How much of a file's start [`binary_at`] looks at: 8 KiB, as git does.
const BINARY_PROBE_BYTES: usize = 8192;

/// The byte offset of a NUL byte in the first 8 KiB of `bytes`, which marks a binary file
/// ([`Skip::Binary`]); `None` for text.
pub fn binary_at(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_PROBE_BYTES)])
}

/// Rejects text wslsp cannot read whatever it holds: UTF-16 (by its byte-order mark) and
/// binary (a NUL byte in the first 8 KiB).
fn unreadable(bytes: &[u8]) -> Result<(), Skip> {
    match bytes {
        [0xff, 0xfe, ..] => Err(Skip::Utf16("FF FE, little-endian")),
        [0xfe, 0xff, ..] => Err(Skip::Utf16("FE FF, big-endian")),
        _ => binary_at(bytes).map_or(Ok(()), |at| Err(Skip::Binary(at))),
    }
}

/// Analyses raw file contents: rejects binary (a NUL byte in the first 8 KiB), oversized (over
/// `max_bytes`) and non-UTF-8 input with a reason, then runs [`analyze`]. Size and encoding
/// only matter for a file the byte prefilter lets through, so a large file that cannot hold a
/// close site is not reported. A file whose parse and analysis outlast `budget` is
/// [`Skip::OverBudget`]. `project` resolves what other files define. Never panics on any input.
pub fn analyze_bytes(
    language: Language,
    bytes: &[u8],
    max_bytes: usize,
    options: &Options,
    budget: &Budget,
    project: Option<FileScope>,
) -> Result<FileAnalysis, Skip> {
    unreadable(bytes)?;
    if project.is_none_or(|p| !p.index.may_matter(bytes)) && !language.may_contain_close_site(bytes)
    {
        return Ok(FileAnalysis::default());
    }
    analyze_parsed_bytes(language, bytes, max_bytes, options, budget, project)
}

/// [`analyze_bytes`] without the byte prefilter: the file is parsed whatever it holds (the
/// project index wants its constants).
pub fn analyze_parsed_bytes(
    language: Language,
    bytes: &[u8],
    max_bytes: usize,
    options: &Options,
    budget: &Budget,
    project: Option<FileScope>,
) -> Result<FileAnalysis, Skip> {
    unreadable(bytes)?;
    if bytes.len() > max_bytes {
        return Err(Skip::TooLarge {
            size: bytes.len(),
            limit: max_bytes,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| Skip::InvalidUtf8(e.valid_up_to()))?;
    let tree = parse_within(language, text, None, budget)?;
    Ok(FileAnalysis {
        analysis: analyze_tree_within(language, &tree, text, options, budget, project)?,
        parsed: true,
    })
}

/// Analyses a text: the byte prefilter first, then a parse only when it may hold a site.
pub fn analyze(language: Language, text: &str) -> Analysis {
    if !language.may_contain_close_site(text.as_bytes()) {
        return Analysis::default();
    }
    match parse(language, text, None) {
        Some(tree) => analyze_tree(language, &tree, text),
        None => Analysis::default(),
    }
}

/// Analyses a text already parsed into `tree` (the language server keeps trees and reparses
/// them incrementally). `tree` must have been parsed from `text`. Findings that a
/// `wslsp-ignore:` comment silences ([`crate::suppress`]) are left out.
pub fn analyze_tree(language: Language, tree: &Tree, text: &str) -> Analysis {
    analyze_tree_with(language, tree, text, &Options::default())
}

/// [`analyze_tree`] with [`Options`].
pub fn analyze_tree_with(
    language: Language,
    tree: &Tree,
    text: &str,
    options: &Options,
) -> Analysis {
    analyze_tree_within(language, tree, text, options, &Budget::unlimited(), None)
        .expect("an unlimited budget never runs out")
}

/// [`analyze_tree_with`] that gives up when `budget` runs out ([`Skip::OverBudget`],
/// [`Skip::Cancelled`]), and resolves constants and helpers of other files through `project`.
pub fn analyze_tree_within(
    language: Language,
    tree: &Tree,
    text: &str,
    options: &Options,
    budget: &Budget,
    project: Option<FileScope>,
) -> Result<Analysis, Skip> {
    let source = text.as_bytes();
    let mut cache = detection::FactCache::build(language, tree, source, budget)?;
    cache.set_own_libraries(options.own_libraries);
    let mut detected =
        detect_with_own_helpers(&mut cache, language, tree, source, budget, project)?;
    options.assign_roles(&mut detected.sites);
    let findings = detected
        .sites
        .iter()
        .enumerate()
        .flat_map(|(index, site)| rules::check(index, site, text))
        .collect();
    Ok(finish(detected, findings, tree, text))
}

/// [`detection::FactCache::detect`]; without a project, a file that defines close helpers is
/// its own one-file project, so calls of a helper defined in the same file are followed.
fn detect_with_own_helpers(
    cache: &mut detection::FactCache,
    language: Language,
    tree: &Tree,
    source: &[u8],
    budget: &Budget,
    project: Option<FileScope>,
) -> Result<Detected, Stop> {
    let detected = cache.detect(language, tree, source, budget, project)?;
    if project.is_some() || detected.facts.helpers.is_empty() {
        return Ok(detected);
    }
    let here = std::path::Path::new("");
    let mut own = ProjectIndex::new(here);
    own.set(here, detected.facts);
    own.derive();
    cache.detect(language, tree, source, budget, Some(own.scope(here)))
}

/// Orders the findings of a text's sites and drops the suppressed ones: the step after the rules.
fn finish(detected: Detected, mut findings: Vec<Finding>, tree: &Tree, text: &str) -> Analysis {
    findings.sort_by_key(|f| (f.range.start, f.range.end));
    crate::suppress::apply(&mut findings, tree, text);
    Analysis {
        sites: detected.sites,
        findings,
        facts: detected.facts,
    }
}

/// [`analyze_tree`] for a text that changes by edits (the language server). It keeps the
/// query's results per part of the tree ([`detection::FactCache`]) and each site's findings;
/// after an edit it queries again only the parts of the tree the reparse did not reuse, and
/// resolves and checks again only the sites whose facts changed (every site when a file-wide
/// fact such as an import changed). Its result always equals [`analyze_tree_with`]'s on the
/// same tree, text and [`Options`] (`tests/incremental.rs`).
#[derive(Debug, Default)]
pub struct Incremental {
    cache: Option<(Language, detection::FactCache)>,
    /// Each site's findings from the last analysis, before suppressions, in site order.
    findings: Vec<Vec<Finding>>,
    /// The libraries' constant qualifiers in the last text: `magic-close-code` reads them from
    /// the imports as text, which may change without any query capture changing.
    qualifiers: Vec<Option<String>>,
    options: Options,
}

pub use detection::ByteEdit;

impl Incremental {
    /// Analyses `text`, parsed into `tree`. `edit` is the edit (several merged with
    /// [`ByteEdit::then`]) made since the last call, when `tree` was reparsed from that call's
    /// tree after [`Tree::edit`] with it; else (`None`, or another language) the whole tree is
    /// queried.
    pub fn analyze(
        &mut self,
        language: Language,
        tree: &Tree,
        text: &str,
        edit: Option<ByteEdit>,
    ) -> Analysis {
        self.analyze_within(language, tree, text, edit, &Budget::unlimited(), None)
            .expect("an unlimited budget never runs out")
    }

    /// [`Incremental::analyze`] that gives up when `budget` runs out. The cache is then
    /// forgotten, so the next call (with `edit` relative to this call's tree) queries the
    /// whole tree.
    pub fn analyze_within(
        &mut self,
        language: Language,
        tree: &Tree,
        text: &str,
        edit: Option<ByteEdit>,
        budget: &Budget,
        project: Option<FileScope>,
    ) -> Result<Analysis, Skip> {
        let result = self.try_analyze(language, tree, text, edit, budget, project);
        if result.is_err() {
            self.clear();
        }
        result
    }

    fn try_analyze(
        &mut self,
        language: Language,
        tree: &Tree,
        text: &str,
        edit: Option<ByteEdit>,
        budget: &Budget,
        project: Option<FileScope>,
    ) -> Result<Analysis, Skip> {
        let source = text.as_bytes();
        match (&mut self.cache, edit) {
            (Some((lang, cache)), Some(edit)) if *lang == language => {
                cache.update(language, edit, tree, source, budget)?;
                for finding in self.findings.iter_mut().flatten() {
                    shift_finding(finding, edit);
                }
            }
            (cache, _) => {
                *cache = None;
                self.findings.clear();
                let built = detection::FactCache::build(language, tree, source, budget)?;
                *cache = Some((language, built));
            }
        }
        let (_, cache) = self.cache.as_mut().expect("just set");
        cache.set_own_libraries(self.options.own_libraries);
        let mut detected = detect_with_own_helpers(cache, language, tree, source, budget, project)?;
        self.options.assign_roles(&mut detected.sites);
        let mut previous = std::mem::take(&mut self.findings);
        let qualifiers = crate::libraries::qualifiers_in(language, text);
        let same_qualifiers =
            std::mem::replace(&mut self.qualifiers, qualifiers) == self.qualifiers;
        self.findings = detected
            .sites
            .iter()
            .zip(&detected.kept)
            .enumerate()
            .map(|(index, (site, kept))| match kept {
                // A fix reads the text around its site (the blanks it removes with a code), which
                // an edit touching the call changes even when the query's facts stay the same.
                Some(old)
                    if same_qualifiers
                        && !edit.is_some_and(|e| e.touches_new(&fix_reach(&site.call_range))) =>
                {
                    let mut findings = std::mem::take(&mut previous[*old]);
                    for finding in &mut findings {
                        finding.site = Some(index);
                    }
                    findings
                }
                _ => rules::check(index, site, text),
            })
            .collect();
        let findings = self.findings.iter().flatten().cloned().collect();
        Ok(finish(detected, findings, tree, text))
    }

    /// Sets the options of the next analyses. Findings kept from the old options may be
    /// wrong under the new ones, so a change forgets the cache.
    pub fn set_options(&mut self, options: Options) {
        if self.options != options {
            self.options = options;
            self.clear();
        }
    }

    /// Whether the analyses run with `options`.
    pub fn has_options(&self, options: Options) -> bool {
        self.options == options
    }

    /// Forgets the cache: the next [`Incremental::analyze`] queries the whole tree.
    pub fn clear(&mut self) {
        self.cache = None;
        self.findings.clear();
    }
}

/// Maps a finding's byte offsets across an edit that left its site alone.
/// The bytes a fix of a site at `call` may read: the call and what wraps it closely
/// (`Some(` before a Rust close frame, the blanks and comma around a code), so an edit there
/// re-checks the site even when the call itself is untouched.
fn fix_reach(call: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    const MARGIN: usize = 64;
    call.start.saturating_sub(MARGIN)..call.end.saturating_add(MARGIN)
}

fn shift_finding(finding: &mut Finding, edit: ByteEdit) {
    let map = |r: &mut std::ops::Range<usize>| *r = edit.map(r.start)..edit.map(r.end);
    map(&mut finding.range);
    for fix in &mut finding.fixes {
        for e in &mut fix.edits {
            map(&mut e.range);
        }
    }
}

thread_local! {
    static PARSERS: RefCell<HashMap<Language, Parser>> = RefCell::new(HashMap::new());
}

/// Parses `text`, reusing this thread's parser for the language; pass the previous tree,
/// already [`Tree::edit`]ed, to reparse incrementally. `None` only if tree-sitter gives up.
pub fn parse(language: Language, text: &str, old_tree: Option<&Tree>) -> Option<Tree> {
    parse_within(language, text, old_tree, &Budget::unlimited()).ok()
}

/// [`parse`] that gives up when `budget` runs out ([`Skip::OverBudget`], [`Skip::Cancelled`]),
/// polled through tree-sitter's progress callback.
pub fn parse_within(
    language: Language,
    text: &str,
    old_tree: Option<&Tree>,
    budget: &Budget,
) -> Result<Tree, Skip> {
    parse_ranges_within(language, text, old_tree, &[], budget)
}

/// [`parse_within`] that reads only `ranges` of `text` (all of it when empty), as one document:
/// the nodes keep their offsets in `text`. Used to parse the body of a Rust macro call, which
/// the grammar leaves as a token tree, as Rust code ([`detection`]). Fails with
/// [`Skip::ParseFailed`] when the ranges overlap or are out of order.
pub(crate) fn parse_ranges_within(
    language: Language,
    text: &str,
    old_tree: Option<&Tree>,
    ranges: &[tree_sitter::Range],
    budget: &Budget,
) -> Result<Tree, Skip> {
    budget.check()?;
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let parser = parsers.entry(language).or_insert_with(|| {
            let mut p = Parser::new();
            p.set_language(&language.grammar())
                .expect("grammar ABI is supported by the linked tree-sitter");
            p
        });
        if parser.set_included_ranges(ranges).is_err() {
            return Err(Skip::ParseFailed);
        }
        let bytes = text.as_bytes();
        let mut read = |at: usize, _| bytes.get(at..).unwrap_or_default();
        let mut stopped = None;
        let mut progress = |_: &ParseState| {
            stopped = budget.check().err();
            stopped.is_some()
        };
        let options = budget
            .is_limited()
            .then(|| ParseOptions::new().progress_callback(&mut progress));
        let tree = parser.parse_with_options(&mut read, old_tree, options);
        if !ranges.is_empty() {
            // The thread's parser is shared: the next caller reads the whole text.
            parser
                .set_included_ranges(&[])
                .expect("no ranges are always valid");
        }
        if tree.is_none() {
            // A stopped parser resumes where it stopped on its next call: start afresh.
            parser.reset();
        }
        match (tree, stopped) {
            (Some(tree), _) => Ok(tree),
            (None, Some(stop)) => Err(stop.into()),
            (None, None) => Err(Skip::ParseFailed),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_at_covers_every_byte_of_the_code_and_nothing_else() {
        let text = "import WebSocket from 'ws';\nconst ws = new WebSocket(u);\nws.close(1006);\nws.close(4001);\n";
        let analysis = analyze(Language::JavaScript, text);
        assert_eq!(analysis.sites.len(), 2);
        let first = text.find("1006").unwrap();
        let second = text.find("4001").unwrap();
        assert_eq!(analysis.site_at(first - 1), None);
        for offset in first..first + 4 {
            assert_eq!(
                analysis.site_at(offset).map(|(i, s)| (i, s.code)),
                Some((0, 1006))
            );
        }
        assert_eq!(analysis.site_at(first + 4), None);
        assert_eq!(analysis.site_at(second).map(|(i, _)| i), Some(1));
        assert_eq!(analysis.site_at(0), None);
        assert_eq!(analysis.site_at(usize::MAX), None);
    }

    #[test]
    fn a_role_for_unknown_sites_is_given_before_the_rules_run() {
        // Server and client marks in one scope disagree: the role is unknown.
        let text = "import WebSocket, { WebSocketServer } from 'ws';\nconst a = new WebSocket(u);\nconst b = new WebSocketServer({});\nfunction f(s) { s.close(1010); }\n";
        let language = Language::JavaScript;
        let tree = parse(language, text, None).unwrap();
        let plain = analyze_tree(language, &tree, text);
        assert_eq!(plain.sites[0].role, Role::Unknown, "{plain:?}");
        assert!(plain.findings.is_empty());
        let server = Options {
            role_for_unknown: Some(Role::Server),
            browser: false,
            ..Options::default()
        };
        let with = analyze_tree_with(language, &tree, text, &server);
        assert_eq!(with.sites[0].role, Role::Server);
        let rules: Vec<_> = with.findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, ["client-only-code"]);

        // The incremental analysis follows its options, and forgets what it kept on a change.
        let mut incremental = Incremental::default();
        assert_eq!(incremental.analyze(language, &tree, text, None), plain);
        incremental.set_options(server);
        assert_eq!(incremental.analyze(language, &tree, text, None), with);
        let edit = ByteEdit {
            start: 0,
            old_end: 0,
            new_end: 0,
        };
        assert_eq!(incremental.analyze(language, &tree, text, Some(edit)), with);
        incremental.set_options(Options::default());
        assert_eq!(
            incremental.analyze(language, &tree, text, Some(edit)),
            plain
        );
    }
}
