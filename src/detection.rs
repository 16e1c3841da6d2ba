//! Finding close sites: calls that put a close code into a WebSocket Close frame
//! (RFC 6455 §5.5.1, §7.4).
//!
//! A language's query (`queries/<lang>.scm`) proposes candidate calls and marks what the file
//! shows about its libraries and roles; this module keeps a candidate only when its code
//! resolves to a number and a library it names has evidence in the file. The capture names the
//! queries use are listed in ARCHITECTURE.md.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use tree_sitter::{Node, QueryCursor, StreamingIterator, Tree};

use crate::languages::Language;
use crate::libraries::{self, Library, LibraryRole};
use crate::literals::{self, CodeExpr, WrappedArg};
use crate::roles::{Mark, MarkIndex, Role, SiteContext};

/// How the close code was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeForm {
    /// A numeric literal, `1008`.
    Literal,
    /// A named constant: a library's (`websocket.ClosePolicyViolation`) or the file's own
    /// (`const POLICY = 1008`).
    Constant,
}

/// A string-literal reason (RFC 6455 §5.5.1: at most 123 bytes of UTF-8 after the code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The decoded text.
    pub text: String,
    /// Byte range of the whole literal, quotes included.
    pub range: Range<usize>,
    /// Byte range of the literal's contents between the quotes.
    pub content_range: Range<usize>,
    /// The literal contains escape sequences, so `text` differs from the source bytes.
    pub escaped: bool,
}

/// One call that sends a close code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseSite {
    /// Byte range of the code expression.
    pub code_range: Range<usize>,
    /// Byte range of the whole call.
    pub call_range: Range<usize>,
    /// The close code's value; may be outside 0–65535 when the source says so.
    pub code: i64,
    pub form: CodeForm,
    /// The code expression as written.
    pub expr: String,
    pub reason: Option<Reason>,
    /// The library id (`libraries.toml`).
    pub api: &'static str,
    pub role: Role,
}

impl CloseSite {
    /// The library this site goes through.
    pub fn library(&self) -> &'static Library {
        libraries::by_id(self.api).expect("a site's api is a known library")
    }
}

/// Finds every close site in a parsed file. `source` is the text `tree` was parsed from.
pub fn detect(language: Language, tree: &Tree, source: &[u8]) -> Vec<CloseSite> {
    let mut facts = collect(language, tree, source);
    relabel_shadowed(&mut facts.marks);
    let evidence: BTreeSet<&'static str> = facts
        .marks
        .iter()
        .filter_map(|m| m.label.strip_prefix("lib."))
        .filter_map(libraries::by_id)
        .map(|lib| lib.id.as_str())
        .collect();
    let marks = MarkIndex::new(
        std::mem::take(&mut facts.marks),
        std::mem::take(&mut facts.scopes),
    );
    let mut sites: Vec<CloseSite> = facts
        .candidates
        .values()
        .filter_map(|c| resolve_site(language, c, &facts.consts, &marks, &evidence, source))
        .collect();
    sites.sort_by_key(|s| (s.code_range.start, s.code_range.end));
    sites.dedup_by_key(|s| s.code_range.clone());
    sites
}

/// What one query run over a file yields.
struct Facts<'t> {
    /// Candidate close calls, keyed by the call node's id so that several patterns (one for
    /// the code, one for a keyword reason…) merge into one candidate.
    candidates: HashMap<usize, Candidate<'t>>,
    marks: Vec<Mark>,
    scopes: Vec<Range<usize>>,
    /// File-level constants: name -> value.
    consts: HashMap<String, i64>,
}

struct Candidate<'t> {
    call: Node<'t>,
    code: Option<Node<'t>>,
    reason: Option<Node<'t>>,
    receiver: Option<String>,
    apis: Vec<&'static str>,
    /// The call's shape names its library (`FormatCloseMessage`), so no import is needed.
    self_evident: bool,
}

fn collect<'t>(language: Language, tree: &'t Tree, source: &[u8]) -> Facts<'t> {
    let query = language.query();
    let names = query.capture_names();
    let mut facts = Facts {
        candidates: HashMap::new(),
        marks: Vec::new(),
        scopes: Vec::new(),
        consts: HashMap::new(),
    };
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(query, tree.root_node(), source);
    while let Some(m) = matches.next() {
        let props = query.property_settings(m.pattern_index);
        let prop = |key: &str| {
            props
                .iter()
                .find(|p| &*p.key == key)
                .and_then(|p| p.value.as_deref())
        };
        let mut call = None;
        let (mut code, mut reason, mut receiver, mut bind) = (None, None, None, None);
        let (mut const_name, mut const_value) = (None, None);
        let mut marks = Vec::new();
        for cap in m.captures {
            let node = cap.node;
            match names[cap.index as usize] {
                "close.call" => call = Some(node),
                "close.code" => code = Some(node),
                "close.reason" => reason = Some(node),
                "close.receiver" => receiver = Some(text(node, source).to_owned()),
                "bind" => bind = Some(text(node, source).to_owned()),
                "scope" => facts.scopes.push(node.byte_range()),
                "const.name" => const_name = Some(text(node, source)),
                "const.value" => const_value = literals::parse_int(text(node, source)),
                name if name.starts_with("lib.") || name.starts_with("role.") => marks.push(Mark {
                    range: node.byte_range(),
                    label: name.to_owned(),
                    bind: None,
                }),
                _ => {} // `_`-prefixed captures only feed predicates
            }
        }
        // A `@bind` names the value every mark of its pattern produces.
        facts.marks.extend(marks.into_iter().map(|mark| Mark {
            bind: bind.clone(),
            ..mark
        }));
        if let (Some(name), Some(value)) = (const_name, const_value) {
            facts.consts.entry(name.to_owned()).or_insert(value);
        }
        let Some(call) = call else { continue };
        let entry = facts.candidates.entry(call.id()).or_insert(Candidate {
            call,
            code: None,
            reason: None,
            receiver: None,
            apis: Vec::new(),
            self_evident: false,
        });
        entry.code = entry.code.or(code.and_then(skip_comments));
        entry.reason = entry.reason.or(reason.and_then(skip_comments));
        entry.receiver = entry.receiver.take().or(receiver);
        if let Some(apis) = prop("api") {
            for api in apis.split_whitespace() {
                let api = libraries::by_id(api)
                    .unwrap_or_else(|| panic!("query names unknown api {api}"))
                    .id
                    .as_str();
                if !entry.apis.contains(&api) {
                    entry.apis.push(api);
                }
            }
        }
        entry.self_evident |= prop("evidence") == Some("self");
    }
    facts
}

fn resolve_site(
    language: Language,
    c: &Candidate,
    consts: &HashMap<String, i64>,
    marks: &MarkIndex,
    evidence: &BTreeSet<&'static str>,
    source: &[u8],
) -> Option<CloseSite> {
    let code_node = c.code?;
    let expr = text(code_node, source);
    let evidence_list: Vec<&str> = evidence.iter().copied().collect();
    let (code, form, constant_lib) = match literals::classify(expr) {
        CodeExpr::Int(n) => (n, CodeForm::Literal, None),
        CodeExpr::Path(segments) => {
            if let [name] = segments.as_slice()
                && let Some(&n) = consts.get(*name)
            {
                (n, CodeForm::Constant, None)
            } else {
                let r = libraries::resolve_constant(
                    language,
                    &segments,
                    None,
                    &evidence_list,
                    &c.apis,
                )?;
                (r.code, CodeForm::Constant, Some(r.library))
            }
        }
        CodeExpr::Wrapped(segments, arg) => {
            let (n, form) = match arg {
                WrappedArg::Int(n) => (n, CodeForm::Literal),
                WrappedArg::Name(name) => (*consts.get(name)?, CodeForm::Constant),
            };
            let r =
                libraries::resolve_constant(language, &segments, Some(n), &evidence_list, &c.apis)?;
            (r.code, form, Some(r.library))
        }
        CodeExpr::Other => return None,
    };
    let ancestors = ancestors(code_node);
    let ctx = SiteContext {
        range: code_node.byte_range(),
        receiver: c.receiver.as_deref(),
        ancestors: &ancestors,
    };
    let api = choose_api(c, constant_lib, marks, evidence, &ctx)?;
    let role = match libraries::by_id(api)?.role {
        LibraryRole::Server => Role::Server,
        LibraryRole::Client => Role::Client,
        LibraryRole::Infer => marks.role(&ctx),
    };
    Some(CloseSite {
        code_range: ctx.range.clone(),
        call_range: c.call.byte_range(),
        code,
        form,
        expr: expr.to_owned(),
        reason: c
            .reason
            .and_then(|node| literals::string_literal(language, node, source)),
        api,
        role,
    })
}

/// The byte ranges of `node`'s ancestors, innermost first.
fn ancestors(node: Node) -> Vec<Range<usize>> {
    std::iter::successors(node.parent(), |n| n.parent())
        .map(|n| n.byte_range())
        .collect()
}

/// An argument capture anchored after another one may land on a comment between them
/// (`ws.close(1011, // why\n "reason")`): the argument is the next node that is not one.
fn skip_comments(mut node: Node) -> Option<Node> {
    while node.kind().contains("comment") {
        node = node.next_named_sibling()?;
    }
    Some(node)
}

/// When a library that shadows another has evidence in the file (`import WebSocket from
/// 'ws'` shadows the global `WebSocket`), the shadowed library's marks are its marks.
fn relabel_shadowed(marks: &mut [Mark]) {
    let shadowing: Vec<(String, String)> = marks
        .iter()
        .filter_map(|m| m.label.strip_prefix("lib."))
        .filter_map(libraries::by_id)
        .filter_map(|lib| {
            Some((
                format!("lib.{}", lib.shadows.as_ref()?),
                format!("lib.{}", lib.id),
            ))
        })
        .collect();
    for mark in marks.iter_mut() {
        if let Some((_, by)) = shadowing
            .iter()
            .find(|(shadowed, _)| *shadowed == mark.label)
        {
            mark.label = by.clone();
        }
    }
}

/// Picks the library of a candidate: the library of its constant when it has one; else the
/// library whose constructor made the receiver; else the candidate libraries with evidence in
/// the file, the nearest evidence winning, a fallback library only when no other has any.
fn choose_api(
    c: &Candidate,
    constant_lib: Option<&'static Library>,
    marks: &MarkIndex,
    evidence: &BTreeSet<&'static str>,
    ctx: &SiteContext,
) -> Option<&'static str> {
    let evidenced = |api: &&'static str| c.self_evident || evidence.contains(api);
    if let Some(lib) = constant_lib {
        return c
            .apis
            .iter()
            .copied()
            .find(|a| *a == lib.id)
            .filter(evidenced);
    }
    let candidates: Vec<&'static str> = c.apis.iter().copied().filter(evidenced).collect();
    let labels: Vec<String> = candidates.iter().map(|a| format!("lib.{a}")).collect();
    let label_of = |api: &str| labels[candidates.iter().position(|a| *a == api).unwrap()].as_str();
    let api_of = |label: &str| candidates.iter().copied().find(|a| label_of(a) == label);
    let all: Vec<&str> = labels.iter().map(String::as_str).collect();
    if let Some(label) = marks.bound(ctx, &all) {
        return api_of(label);
    }
    let is_fallback = |api: &&str| libraries::by_id(api).is_some_and(|l| l.fallback);
    let primary: Vec<&str> = candidates
        .iter()
        .copied()
        .filter(|a| !is_fallback(a))
        .collect();
    match primary.as_slice() {
        [] => candidates.first().copied(),
        [only] => Some(only),
        several => {
            let allowed: Vec<&str> = several.iter().map(|a| label_of(a)).collect();
            marks
                .decide(ctx, &allowed)
                .and_then(api_of)
                .or(several.first().copied())
        }
    }
}

fn text<'s>(node: Node, source: &'s [u8]) -> &'s str {
    std::str::from_utf8(&source[node.byte_range()]).unwrap_or("")
}
