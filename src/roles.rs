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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
    /// Byte range of the code expression.
    pub range: Range<usize>,
    /// The receiver's text (`ws` in `ws.close(1000)`), if the query captured one.
    pub receiver: Option<&'a str>,
    /// Byte ranges of the code expression's ancestors, innermost first.
    pub ancestors: &'a [Range<usize>],
}

/// One file's marks and scopes, indexed for [`MarkIndex::decide`].
pub struct MarkIndex {
    /// Sorted by start byte.
    marks: Vec<Mark>,
    starts: Vec<usize>,
    by_range: HashMap<Range<usize>, Vec<usize>>,
    /// Mark indices per bound name and per the innermost scope holding the mark (`None` at file
    /// level), in start order: a binding only names a variable inside its own scope.
    by_bind: HashMap<String, HashMap<Option<Range<usize>>, Vec<usize>>>,
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

/// The label of a mark that binds a name to a socket of unknown role and library (a function's
/// parameter): it tells nothing itself, but hides the marks bound to that name outside.
pub const UNBOUND: &str = "role.unknown";

/// The label of a mark that binds a name to an object that is not a WebSocket but has a
/// `close(n)` of its own (an HTTP/2 stream: `session.request(...)`, the parameter of an
/// `on('stream', ...)` handler): a close call on that name is no close site.
pub const NOT_A_SOCKET: &str = "role.other";

/// The range that stands for the whole file in scope lookups.
const WHOLE_FILE: Range<usize> = 0..usize::MAX;

impl MarkIndex {
    /// Indexes `marks` and the byte ranges of the `@scope` nodes.
    pub fn new(mut marks: Vec<Mark>, scopes: Vec<Range<usize>>) -> Self {
        marks.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
        let mut by_range: HashMap<Range<usize>, Vec<usize>> = HashMap::new();
        let mut by_bind: HashMap<String, HashMap<Option<Range<usize>>, Vec<usize>>> =
            HashMap::new();
        let homes = innermost_scopes(&marks, &scopes);
        for (i, (m, home)) in marks.iter().zip(homes).enumerate() {
            by_range.entry(m.range.clone()).or_default().push(i);
            if let Some(bind) = &m.bind {
                let by_home = by_bind.entry(bind.clone()).or_default();
                by_home.entry(home).or_default().push(i);
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
    /// (`const up = new WebSocket(url)` … `up.close(1000)`) in a scope that holds the site. A
    /// [`UNBOUND`] mark (a function's parameter) nearer than that hides it: the name is then a
    /// new variable.
    pub fn bound(&self, site: &SiteContext, allowed: &[&str]) -> Option<&str> {
        let nearest =
            self.nearest_bound(site, |label| allowed.contains(&label) || label == UNBOUND)?;
        let label = nearest
            .iter()
            .map(|&i| self.marks[i].label.as_str())
            .next_back()?;
        (label != UNBOUND).then_some(label)
    }

    /// Whether the receiver's name at `site` is bound, nearest first as in [`MarkIndex::bound`],
    /// to an object that is not a WebSocket ([`NOT_A_SOCKET`]): `stream.close(8)` on an HTTP/2
    /// stream in a file that also uses a WebSocket library. A mark of the same node that says
    /// otherwise (a parameter's [`UNBOUND`]) does not hide it: both come from one declaration.
    pub fn not_a_socket(&self, site: &SiteContext) -> bool {
        self.nearest_bound(site, |_| true)
            .is_some_and(|nearest| nearest.iter().any(|&i| self.marks[i].label == NOT_A_SOCKET))
    }

    /// The marks bound to the receiver's name at `site` whose label passes `wanted`, nearest
    /// first: in the innermost scope holding the site that has any, the last ones before the
    /// site, all those that start where the last one starts (one declaration may carry several
    /// marks), in start order.
    ///
    /// Such marks lie in the site's enclosing scopes, and an inner scope's marks all start after
    /// an outer one's that precede the site, so the scopes are searched innermost first: the
    /// cost is the site's depth, not the number of marks bound to the name elsewhere.
    fn nearest_bound(
        &self,
        site: &SiteContext,
        wanted: impl Fn(&str) -> bool,
    ) -> Option<Vec<usize>> {
        let by_home = self.by_bind.get(site.receiver?)?;
        let scopes = site.ancestors.iter().filter(|r| self.scopes.contains(*r));
        let homes = scopes.map(|r| Some(r.clone())).chain(std::iter::once(None));
        for home in homes {
            let Some(bound) = by_home.get(&home) else {
                continue;
            };
            let before = bound.partition_point(|&i| self.marks[i].range.start < site.range.start);
            let mut candidates = bound[..before]
                .iter()
                .copied()
                .filter(|&i| wanted(&self.marks[i].label));
            let Some(last) = candidates.next_back() else {
                continue;
            };
            let start = self.marks[last].range.start;
            let mut same: Vec<usize> = candidates
                .rev()
                .take_while(|&i| self.marks[i].range.start == start)
                .collect();
            same.reverse();
            same.push(last);
            return Some(same);
        }
        None
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

/// For each mark (sorted by start), the innermost scope that holds it, by one sweep over the
/// scopes sorted by start: syntax nodes nest, so the open scopes form a stack.
fn innermost_scopes(marks: &[Mark], scopes: &[Range<usize>]) -> Vec<Option<Range<usize>>> {
    let mut sorted: Vec<&Range<usize>> = scopes.iter().collect();
    sorted.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut next = 0;
    let mut open: Vec<&Range<usize>> = Vec::new();
    marks
        .iter()
        .map(|mark| {
            while next < sorted.len() && sorted[next].start <= mark.range.start {
                while open.last().is_some_and(|top| top.end <= sorted[next].start) {
                    open.pop();
                }
                open.push(sorted[next]);
                next += 1;
            }
            // Scopes that ended before this mark cannot hold any later mark either.
            while open.last().is_some_and(|top| top.end <= mark.range.start) {
                open.pop();
            }
            open.iter()
                .rev()
                .find(|scope| mark.range.end <= scope.end)
                .map(|r| (*r).clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(range: Range<usize>, label: &str, bind: Option<&str>) -> Mark {
        Mark {
            range,
            label: label.into(),
            bind: bind.map(Into::into),
        }
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one ancestor each, on purpose
    fn a_binding_reaches_only_its_own_scope() {
        // fn a() { ws = connect() }   fn b(ws) { ws.close() }   with `serve` at file level
        let marks = vec![
            mark(10..20, "role.client", Some("ws")),
            mark(90..95, "role.server", None),
        ];
        let index = MarkIndex::new(marks, vec![0..30, 40..80]);
        let in_b = SiteContext {
            range: 60..64,
            receiver: Some("ws"),
            ancestors: &[40..80],
        };
        assert_eq!(index.bound(&in_b, &["role.client", "role.server"]), None);
        let in_a = SiteContext {
            range: 22..26,
            receiver: Some("ws"),
            ancestors: &[0..30],
        };
        assert_eq!(index.role(&in_a), Role::Client);
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one ancestor each, on purpose
    fn a_parameter_hides_the_same_name_bound_outside_its_function() {
        // it(() => { ws = new WebSocket(url); wss.on('connection', (ws) => ws.close(1013)) })
        let marks = vec![
            mark(10..20, "role.client", Some("ws")),
            mark(30..70, "role.server", None),
            mark(45..47, UNBOUND, Some("ws")),
        ];
        let index = MarkIndex::new(marks, vec![0..100, 44..69]);
        let in_handler = SiteContext {
            range: 60..64,
            receiver: Some("ws"),
            ancestors: &[44..69, 30..70, 0..100],
        };
        assert_eq!(
            index.bound(&in_handler, &["role.client", "role.server"]),
            None
        );
        assert_eq!(index.role(&in_handler), Role::Server);
        let outside = SiteContext {
            range: 80..84,
            receiver: Some("ws"),
            ancestors: &[0..100],
        };
        assert_eq!(index.role(&outside), Role::Client);
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one ancestor each, on purpose
    fn a_name_bound_to_a_stream_is_not_a_socket_unless_a_parameter_rebinds_it() {
        // const s = session.request(h); s.close(8); wss.on('connection', (s) => s.close(4000))
        let marks = vec![
            mark(10..30, NOT_A_SOCKET, Some("s")),
            mark(50..90, "role.server", None),
            mark(61..62, UNBOUND, Some("s")),
        ];
        let index = MarkIndex::new(marks, vec![0..100, 60..89]);
        let stream = SiteContext {
            range: 40..41,
            receiver: Some("s"),
            ancestors: &[0..100],
        };
        assert!(index.not_a_socket(&stream));
        let socket = SiteContext {
            range: 70..74,
            receiver: Some("s"),
            ancestors: &[60..89, 50..90, 0..100],
        };
        assert!(!index.not_a_socket(&socket));
        assert_eq!(index.role(&socket), Role::Server);
        // The same declaration may say both: a handler's parameter marked as a stream.
        let both = MarkIndex::new(
            vec![
                mark(5..6, UNBOUND, Some("t")),
                mark(5..6, NOT_A_SOCKET, Some("t")),
            ],
            vec![0..50],
        );
        let in_handler = SiteContext {
            range: 20..21,
            receiver: Some("t"),
            ancestors: &[0..50],
        };
        assert!(both.not_a_socket(&in_handler));
    }

    #[test]
    fn innermost_scope_survives_a_mark_that_overhangs_it() {
        let marks = vec![
            mark(10..30, "role.server", None),
            mark(12..15, "role.client", None),
        ];
        let mut sorted = marks.clone();
        sorted.sort_by_key(|m| m.range.start);
        assert_eq!(
            innermost_scopes(&sorted, &[0..100, 10..20]),
            vec![Some(0..100), Some(10..20)]
        );
    }

    #[test]
    fn disagreeing_marks_in_the_nearest_scope_give_unknown() {
        let marks = vec![
            mark(5..8, "role.server", None),
            mark(50..58, "role.client", None),
        ];
        let index = MarkIndex::new(marks, vec![]);
        let site = SiteContext {
            range: 30..34,
            receiver: None,
            ancestors: &[],
        };
        assert_eq!(index.role(&site), Role::Unknown);
    }
}
