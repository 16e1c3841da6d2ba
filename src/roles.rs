//! Which endpoint a close site speaks for: server or client (RFC 6455 §1.3, §7.4.1 give some
//! codes to one side only), and which library's socket it is.
//!
//! The queries mark nodes that tell a role (`@role.server` on `upgrader.Upgrade(...)`,
//! `@role.client` on `websocket.Dial(...)`) or a library (`@lib.ws` on `import ... from 'ws'`).
//! [`MarkIndex::decide`] picks the label that applies at a site, nearest evidence first. The
//! index makes each decision cost about the site's depth in the tree, so a file with half a
//! million close calls is still linear.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The endpoint a socket belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Server,
    Client,
    /// The file does not say, or says both; role-dependent rules stay silent.
    Unknown,
}

impl Role {
    /// `"server"`, `"client"` or `"unknown"`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Server => "server",
            Role::Client => "client",
            Role::Unknown => "unknown",
        }
    }
}

/// A node a query marked with a capture named `lib.<api>` or `role.<server|client>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Byte range of the marked node.
    pub range: Range<usize>,
    /// The capture name, e.g. `"role.server"`.
    pub label: String,
    /// The variable the marked expression is assigned to, when the query captured it
    /// (`ws` in `const ws = new WebSocket(url)`).
    pub bind: Option<String>,
}

/// Where a site sits: its code expression's byte range, the receiver's name, and the byte
/// ranges of its ancestors in the syntax tree, innermost first.
pub struct SiteContext<'a> {
    pub range: Range<usize>,
    pub receiver: Option<&'a str>,
    pub ancestors: &'a [Range<usize>],
}

/// One file's marks and scopes, indexed for [`MarkIndex::decide`].
pub struct MarkIndex {
    /// Sorted by start byte.
    marks: Vec<Mark>,
    starts: Vec<usize>,
    by_range: HashMap<Range<usize>, Vec<usize>>,
    /// Mark indices per bound name, in start order.
    by_bind: HashMap<String, Vec<usize>>,
    scopes: HashSet<Range<usize>>,
    /// Verdicts per (scope, label set): a scope's marks are read once per label set.
    verdicts: RefCell<HashMap<(Range<usize>, String), Verdict>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    NoMarks,
    Agree(usize),
    Mixed,
}

/// The range that stands for the whole file in scope lookups.
const WHOLE_FILE: Range<usize> = 0..usize::MAX;

impl MarkIndex {
    /// Indexes `marks` and the byte ranges of the `@scope` nodes.
    pub fn new(mut marks: Vec<Mark>, scopes: Vec<Range<usize>>) -> Self {
        marks.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
        let mut by_range: HashMap<Range<usize>, Vec<usize>> = HashMap::new();
        let mut by_bind: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, m) in marks.iter().enumerate() {
            by_range.entry(m.range.clone()).or_default().push(i);
            if let Some(bind) = &m.bind {
                by_bind.entry(bind.clone()).or_default().push(i);
            }
        }
        MarkIndex {
            starts: marks.iter().map(|m| m.range.start).collect(),
            marks,
            by_range,
            by_bind,
            scopes: scopes.into_iter().collect(),
            verdicts: RefCell::new(HashMap::new()),
        }
    }

    /// Every mark, in start order.
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    /// The label among `allowed` that applies at `site`, nearest evidence first:
    ///
    /// 1. the receiver's own binding: the last mark before the site bound to its name;
    /// 2. the innermost mark that contains the site (a handler passed to `wss.on('connection')`);
    /// 3. the innermost scope (function, then the whole file) holding any marks, if they agree.
    ///
    /// Returns `None` when nothing applies or the nearest marks disagree.
    pub fn decide(&self, site: &SiteContext, allowed: &[&str]) -> Option<&str> {
        if let Some(label) = self.bound(site, allowed) {
            return Some(label);
        }
        let ok = |i: &usize| allowed.contains(&self.marks[*i].label.as_str());
        let enclosing = std::iter::once(&site.range).chain(site.ancestors);
        if let Some(i) = enclosing
            .clone()
            .find_map(|r| self.by_range.get(r)?.iter().copied().find(|i| ok(i)))
        {
            return Some(&self.marks[i].label);
        }
        let scopes = enclosing.filter(|r| self.scopes.contains(*r));
        for scope in scopes.chain(std::iter::once(&WHOLE_FILE)) {
            match self.verdict(scope, allowed) {
                Verdict::NoMarks => continue,
                Verdict::Agree(i) => return Some(&self.marks[i].label),
                Verdict::Mixed => return None,
            }
        }
        None
    }

    /// The label among `allowed` of the last mark before `site` bound to its receiver's name
    /// (`const up = new WebSocket(url)` … `up.close(1000)`).
    pub fn bound(&self, site: &SiteContext, allowed: &[&str]) -> Option<&str> {
        let bound = self.by_bind.get(site.receiver?)?;
        let before = bound.partition_point(|&i| self.marks[i].range.start < site.range.start);
        bound[..before]
            .iter()
            .rev()
            .map(|&i| self.marks[i].label.as_str())
            .find(|label| allowed.contains(label))
    }

    /// The role at `site` from the `role.*` marks.
    pub fn role(&self, site: &SiteContext) -> Role {
        match self.decide(site, &["role.server", "role.client"]) {
            Some("role.server") => Role::Server,
            Some("role.client") => Role::Client,
            _ => Role::Unknown,
        }
    }

    fn verdict(&self, scope: &Range<usize>, allowed: &[&str]) -> Verdict {
        let key = (scope.clone(), allowed.join(","));
        if let Some(v) = self.verdicts.borrow().get(&key) {
            return *v;
        }
        let from = self.starts.partition_point(|&s| s < scope.start);
        let to = self.starts.partition_point(|&s| s < scope.end);
        let mut verdict = Verdict::NoMarks;
        for i in from..to {
            let m = &self.marks[i];
            if m.range.end > scope.end || !allowed.contains(&m.label.as_str()) {
                continue;
            }
            verdict = match verdict {
                Verdict::NoMarks => Verdict::Agree(i),
                Verdict::Agree(j) if self.marks[j].label == m.label => Verdict::Agree(j),
                _ => {
                    verdict = Verdict::Mixed;
                    break;
                }
            };
        }
        self.verdicts.borrow_mut().insert(key, verdict);
        verdict
    }
}
