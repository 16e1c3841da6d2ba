//! Which endpoint a close site speaks for: server or client (RFC 6455 §1.3, §7.4.1 give some
//! codes to one side only).
//!
//! The queries mark nodes that tell a role (`@role.server` on `upgrader.Upgrade(...)`,
//! `@role.client` on `websocket.Dial(...)`) or a library (`@lib.ws` on `import ... from 'ws'`).
//! [`decide`] picks the label that applies at a site, nearest evidence first.

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

/// The role of the site at `site` (byte range of its code expression), from role marks.
pub fn decide_role(
    site: &Range<usize>,
    receiver: Option<&str>,
    marks: &[Mark],
    scopes: &[Range<usize>],
) -> Role {
    let role_marks: Vec<Mark> = marks
        .iter()
        .filter(|m| m.label.starts_with("role."))
        .cloned()
        .collect();
    match decide(site, receiver, &role_marks, scopes).as_deref() {
        Some("role.server") => Role::Server,
        Some("role.client") => Role::Client,
        _ => Role::Unknown,
    }
}

/// The label of the marks that apply to the site at `site`, nearest evidence first:
///
/// 1. the receiver's own binding: the last mark before the site bound to the receiver's name;
/// 2. the innermost mark that contains the site (a handler passed to `wss.on('connection')`);
/// 3. the innermost scope (function, then the whole file) holding any marks, if they agree.
///
/// Returns `None` when nothing applies or the nearest marks disagree.
pub fn decide(
    site: &Range<usize>,
    receiver: Option<&str>,
    marks: &[Mark],
    scopes: &[Range<usize>],
) -> Option<String> {
    if let Some(receiver) = receiver
        && let Some(m) = marks
            .iter()
            .filter(|m| m.bind.as_deref() == Some(receiver) && m.range.start < site.start)
            .max_by_key(|m| m.range.start)
    {
        return Some(m.label.clone());
    }
    if let Some(m) = marks
        .iter()
        .filter(|m| contains(&m.range, site))
        .min_by_key(|m| m.range.len())
    {
        return Some(m.label.clone());
    }
    let mut enclosing: Vec<&Range<usize>> = scopes.iter().filter(|s| contains(s, site)).collect();
    enclosing.sort_by_key(|s| s.len());
    let whole_file = 0..usize::MAX;
    for scope in enclosing.into_iter().chain(std::iter::once(&whole_file)) {
        let mut inside = marks.iter().filter(|m| contains(scope, &m.range));
        if let Some(first) = inside.next() {
            return inside
                .all(|m| m.label == first.label)
                .then(|| first.label.clone());
        }
    }
    None
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}
