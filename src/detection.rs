//! Finding close sites: calls that put a close code into a WebSocket Close frame
//! (RFC 6455 §5.5.1, §7.4).
//!
//! A language's query (`queries/<lang>.scm`) proposes candidate calls and marks what the file
//! shows about its libraries and roles; this module keeps a candidate only when its code
//! resolves to a number and a library it names has evidence in the file. The capture names the
//! queries use are listed in ARCHITECTURE.md.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use tree_sitter::{
    Node, QueryCursor, QueryCursorOptions, QueryCursorState, StreamingIterator, Tree,
};

use crate::budget::{Budget, Stop};
use crate::languages::Language;
use crate::libraries::{self, Library, LibraryRole};
use crate::literals::{self, CodeExpr, WrappedArg};
use crate::roles::{Mark, MarkIndex, Role, SiteContext};

mod ancestors;
mod cache;
use ancestors::Ancestors;
pub use cache::{ByteEdit, Detected, FactCache};

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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// A literal or a named constant.
    pub form: CodeForm,
    /// The code expression as written.
    pub expr: String,
    /// The reason, when it is a string literal.
    pub reason: Option<Reason>,
    /// The library id (`libraries.toml`).
    pub api: &'static str,
    /// The endpoint the socket belongs to; `Unknown` keeps role rules silent.
    pub role: Role,
    /// The call runs in a browser by the project's configuration
    /// ([`crate::analysis::Options::browser`]), so the WHATWG `close()` rules apply to it.
    pub in_browser: bool,
}

impl CloseSite {
    /// The library this site goes through.
    pub fn library(&self) -> &'static Library {
        libraries::by_id(self.api).expect("a site's api is a known library")
    }
}

/// Finds every close site in a parsed file. `source` is the text `tree` was parsed from.
/// Gives up when `budget` runs out.
pub fn detect(
    language: Language,
    tree: &Tree,
    source: &[u8],
    budget: &Budget,
) -> Result<Vec<CloseSite>, Stop> {
    // The query runs part by part ([`FactCache`]), never over the whole tree at once: a
    // pattern's in-flight states pile up along a chain of nested nodes, and tree-sitter
    // advances every one of them at every node, which is quadratic in the nesting depth.
    let mut parts = FactCache::build(language, tree, source, budget)?;
    Ok(parts.detect(language, tree, budget)?.sites)
}

/// Runs `query`'s matches over `node` with `cursor`, calling `each` on every match, until the
/// matches end or `budget` runs out (polled through tree-sitter's progress callback).
fn for_each_match<'t>(
    cursor: &mut QueryCursor,
    query: &tree_sitter::Query,
    node: Node<'t>,
    source: &[u8],
    budget: &Budget,
    mut each: impl FnMut(&tree_sitter::QueryMatch<'_, 't>),
) -> Result<(), Stop> {
    let mut stopped = None;
    let mut progress = |_: &QueryCursorState| {
        stopped = budget.check().err();
        stopped.is_some()
    };
    let options = if budget.is_limited() {
        QueryCursorOptions::new().progress_callback(&mut progress)
    } else {
        QueryCursorOptions::new()
    };
    let mut matches = cursor.matches_with_options(query, node, source, options);
    while let Some(m) = matches.next() {
        each(m);
    }
    drop(matches);

    match stopped {
        Some(stop) => Err(stop),
        None => Ok(()),
    }
}

/// A candidate's identity: its call node's byte range and node kind.
type CandidateKey = (usize, usize, u16);

/// What every candidate of a file is resolved against: the file-wide facts after handlers,
/// bindings and shadowing are applied, and the libraries with evidence in the file.
#[derive(Debug, Clone, Default)]
struct Context {
    marks: Vec<Mark>,
    scopes: Vec<Range<usize>>,
    consts: HashMap<String, i64>,
    /// Library ids with evidence, sorted; every candidate reads this one slice.
    evidence: Vec<&'static str>,
}

impl Context {
    /// Takes the file-wide facts out of `facts`, leaving its candidates.
    fn of(facts: &mut Facts) -> Context {
        mark_handlers(facts);
        apply_bindings(facts);
        relabel_shadowed(&mut facts.marks);
        let evidence = facts
            .marks
            .iter()
            .filter_map(|m| m.label.strip_prefix("lib."))
            .filter_map(libraries::by_id)
            .map(|lib| lib.id.as_str())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        Context {
            marks: std::mem::take(&mut facts.marks),
            scopes: std::mem::take(&mut facts.scopes),
            consts: std::mem::take(&mut facts.consts),
            evidence,
        }
    }

    fn index(&self) -> MarkIndex {
        MarkIndex::new(self.marks.clone(), self.scopes.clone())
    }

    /// Maps every byte offset it holds with `map` (after an edit elsewhere).
    fn shift(&mut self, map: &dyn Fn(usize) -> usize) {
        for mark in &mut self.marks {
            mark.range = map(mark.range.start)..map(mark.range.end);
        }
        for scope in &mut self.scopes {
            *scope = map(scope.start)..map(scope.end);
        }
    }
}

/// Resolves candidates into close sites, in source order, each with its candidate's key:
/// constants, library choice and role. `ancestors_of` gives a candidate's code expression's
/// ancestors' byte ranges, innermost first (asked only of candidates whose code resolves to a
/// number).
fn resolve(
    language: Language,
    candidates: HashMap<CandidateKey, Candidate>,
    context: &Context,
    marks: &MarkIndex,
    ancestors_of: &dyn Fn(&Candidate) -> Vec<Range<usize>>,
    budget: &Budget,
) -> Result<Vec<(CandidateKey, CloseSite)>, Stop> {
    let mut sites = Vec::new();
    for (i, (key, c)) in candidates.iter().enumerate() {
        if i % 256 == 255 {
            budget.check()?;
        }
        sites.extend(resolve_site(language, c, context, marks, ancestors_of).map(|s| (*key, s)));
    }
    sort_sites(&mut sites, |(key, site)| (key, site));
    Ok(sites)
}

/// Sorts sites into source order by code expression and keeps one site per code expression
/// (the one whose candidate key sorts first). `of` reads an item's key and site.
fn sort_sites<T>(sites: &mut Vec<T>, of: impl Fn(&T) -> (&CandidateKey, &CloseSite)) {
    let order = |item: &T| {
        let (key, site) = of(item);
        (site.code_range.start, site.code_range.end, *key)
    };
    sites.sort_by_key(order);
    sites.dedup_by(|a, b| of(a).1.code_range == of(b).1.code_range);
}

/// Whether a capture carries a fact about the whole file (a mark, a scope, a handler, a
/// binding or a constant) rather than about one candidate call: a change to one may change
/// the library or role of any site.
fn is_file_wide(name: &str) -> bool {
    matches!(
        name,
        "scope" | "scope.name" | "handler" | "bind" | "bind.value" | "const.name" | "const.value"
    ) || name.starts_with("lib.")
        || name.starts_with("role.")
}

/// What one query run over a file yields.
struct Facts {
    /// Candidate close calls, keyed by the call node's byte range and kind, so that several
    /// patterns (one for the code, one for a keyword reason…) merge into one candidate.
    candidates: HashMap<CandidateKey, Candidate>,
    marks: Vec<Mark>,
    scopes: Vec<Range<usize>>,
    /// Scopes with a name (`def handler(ws):`), for marks that name a handler.
    named_scopes: HashMap<String, Vec<Range<usize>>>,
    /// Marks that hand their sockets to a function by name (`serve(handler, ...)`): the
    /// label, and the function's name.
    handlers: Vec<(String, String)>,
    /// Variables and the byte range of the call their value comes from
    /// (`let ws = accept(s)` → `ws`, the range of `accept(s)`), from `@bind` + `@bind.value`.
    bindings: Vec<(Range<usize>, String)>,
    /// File-level constants: name -> value.
    consts: HashMap<String, i64>,
}

struct Candidate {
    call_range: Range<usize>,
    code: Option<CodeFact>,
    /// The cache entry the code was found in (the incremental path).
    part: Option<usize>,
    /// `Some` when the call has a reason argument: its string literal, if it is one.
    reason: Option<Option<Reason>>,
    receiver: Option<String>,
    apis: Vec<&'static str>,
    /// The call's shape names its library (`FormatCloseMessage`), so no import is needed.
    self_evident: bool,
}

fn empty_facts() -> Facts {
    Facts {
        candidates: HashMap::new(),
        marks: Vec::new(),
        scopes: Vec::new(),
        named_scopes: HashMap::new(),
        handlers: Vec::new(),
        bindings: Vec::new(),
        consts: HashMap::new(),
    }
}

/// One capture of a query match as plain data: what resolution needs of it, read from the
/// tree when the query ran, so that it survives an edit elsewhere (shifted) without the tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Capture {
    index: u32,
    range: Range<usize>,
    kind: u16,
    value: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Value {
    /// The capture's text (receiver, bind, scope and handler names, constant names).
    Text(String),
    /// A `@close.code`: the code expression after any comments, if there is one.
    Code(Option<CodeFact>),
    /// A `@close.reason`: `Some` when there is an argument after any comments, with its
    /// string literal if it is one.
    Reason(Option<Option<Reason>>),
    /// A `@const.value`: its integer value.
    Int(Option<i64>),
    Other,
}

/// A code expression as plain data.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CodeFact {
    range: Range<usize>,
    kind: u16,
    expr: String,
    /// Its ancestors' byte ranges inside the part of the tree it was queried in, innermost
    /// first, up to and including the part's root (empty when it is the root); `None` when
    /// not known (it lies outside the part, or the facts come from [`collect`]).
    inner: Option<Vec<Range<usize>>>,
}

impl CodeFact {
    /// The code expression's node, as [`Ancestors`] looks it up.
    fn target(&self) -> ancestors::Target {
        (self.range.clone(), self.kind)
    }
}

impl Capture {
    /// Reads a capture of `node`; `part` is the root of the part being queried, if any.
    fn read(
        language: Language,
        index: u32,
        node: Node,
        source: &[u8],
        part: Option<Node>,
    ) -> Capture {
        let name = language.query().capture_names()[index as usize];
        let value = match name {
            "close.code" => Value::Code(skip_comments(node).map(|code| CodeFact {
                range: code.byte_range(),
                kind: code.kind_id(),
                expr: text(code, source).to_owned(),
                inner: part.and_then(|root| inner_ancestors(root, code)),
            })),
            "close.reason" => Value::Reason(
                skip_comments(node).map(|n| literals::string_literal(language, n, source)),
            ),
            "close.receiver" | "bind" | "scope.name" | "handler" | "const.name" => {
                Value::Text(text(node, source).to_owned())
            }
            "const.value" => Value::Int(literals::parse_int(text(node, source))),
            // An import's text: fixes spell constants after it (`rules` magic-close-code).
            lib if lib.starts_with("lib.") && node.byte_range().len() <= 512 => {
                Value::Text(text(node, source).to_owned())
            }
            _ => Value::Other,
        };
        Capture {
            index,
            range: node.byte_range(),
            kind: node.kind_id(),
            value,
        }
    }

    /// Maps every byte offset it holds with `map`.
    fn shift(&mut self, map: &dyn Fn(usize) -> usize) {
        let m = |r: &mut Range<usize>| *r = map(r.start)..map(r.end);
        m(&mut self.range);
        match &mut self.value {
            Value::Code(Some(code)) => {
                m(&mut code.range);
                for r in code.inner.iter_mut().flatten() {
                    m(r);
                }
            }
            Value::Reason(Some(Some(reason))) => {
                m(&mut reason.range);
                m(&mut reason.content_range);
            }
            _ => {}
        }
    }
}

/// The byte ranges of the nodes from `node`'s parent up to `root`, innermost first, found by
/// descending from `root` (`Node::parent` costs the width of every level above, from the
/// tree's root); `None` if `node` is not in `root`'s subtree.
fn inner_ancestors(root: Node, node: Node) -> Option<Vec<Range<usize>>> {
    let mut path = vec![root];
    while *path.last().unwrap() != node {
        let last = *path.last().unwrap();
        let r = node.byte_range();
        let lr = last.byte_range();
        if r.start < lr.start || r.end > lr.end {
            return None;
        }
        path.push(last.child_with_descendant(node)?);
    }
    path.pop();
    path.reverse();
    Some(path.iter().map(|n| n.byte_range()).collect())
}

/// Merges one query match (its pattern and captures, in order) into `facts`. `part` is the
/// cache entry it comes from.
fn add_match(
    language: Language,
    facts: &mut Facts,
    pattern_index: usize,
    captures: &[Capture],
    part: Option<usize>,
) {
    let query = language.query();
    let names = query.capture_names();
    let props = query.property_settings(pattern_index);
    let prop = |key: &str| {
        props
            .iter()
            .find(|p| &*p.key == key)
            .and_then(|p| p.value.as_deref())
    };
    let mut call = None;
    let (mut code, mut reason, mut receiver, mut bind) = (None, None, None, None);
    let (mut const_name, mut const_value) = (None, None);
    let (mut scope, mut scope_name, mut handler, mut bind_value) = (None, None, None, None);
    let mut marks = Vec::new();
    for cap in captures {
        let text = || match &cap.value {
            Value::Text(s) => s.clone(),
            _ => String::new(),
        };
        match names[cap.index as usize] {
            "close.call" => call = Some((cap.range.clone(), cap.kind)),
            "close.code" => {
                code = match &cap.value {
                    Value::Code(c) => Some(c),
                    _ => None,
                }
            }
            "close.reason" => {
                reason = match &cap.value {
                    Value::Reason(r) => Some(r),
                    _ => None,
                }
            }
            "close.receiver" => receiver = Some(text()),
            "bind" => bind = Some(text()),
            "bind.value" => bind_value = Some(cap.range.clone()),
            "scope" => {
                scope = Some(cap.range.clone());
                facts.scopes.push(cap.range.clone());
            }
            "scope.name" => scope_name = Some(text()),
            "handler" => handler = Some(text()),
            "const.name" => const_name = Some(text()),
            "const.value" => {
                const_value = match cap.value {
                    Value::Int(v) => v,
                    _ => None,
                }
            }
            name if name.starts_with("lib.") || name.starts_with("role.") => marks.push(Mark {
                range: cap.range.clone(),
                label: name.to_owned(),
                bind: None,
            }),
            _ => {} // `_`-prefixed captures only feed predicates
        }
    }
    if let (Some(scope), Some(name)) = (scope, scope_name) {
        facts.named_scopes.entry(name).or_default().push(scope);
    }
    if let Some(handler) = handler {
        let labels = marks
            .iter()
            .map(|m: &Mark| (m.label.clone(), handler.clone()));
        facts.handlers.extend(labels);
    }
    if let (Some(value), Some(name)) = (bind_value, &bind) {
        facts.bindings.push((value, name.clone()));
    }
    // A `@bind` names the value every mark of its pattern produces.
    facts.marks.extend(marks.into_iter().map(|mark| Mark {
        bind: bind.clone(),
        ..mark
    }));
    if let (Some(name), Some(value)) = (const_name, const_value) {
        facts.consts.entry(name).or_insert(value);
    }
    let Some((call_range, call_kind)) = call else {
        return;
    };
    let key = (call_range.start, call_range.end, call_kind);
    let entry = facts.candidates.entry(key).or_insert(Candidate {
        call_range,
        code: None,
        part: None,
        reason: None,
        receiver: None,
        apis: Vec::new(),
        self_evident: false,
    });
    if entry.code.is_none() {
        entry.code = code.cloned().flatten();
        if entry.code.is_some() {
            entry.part = part;
        }
    }
    if entry.reason.is_none() {
        entry.reason = reason.cloned().flatten();
    }
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

fn resolve_site(
    language: Language,
    c: &Candidate,
    context: &Context,
    marks: &MarkIndex,
    ancestors_of: &dyn Fn(&Candidate) -> Vec<Range<usize>>,
) -> Option<CloseSite> {
    let code_fact = c.code.as_ref()?;
    let expr = code_fact.expr.as_str();
    let (code, form, constant_lib) = match literals::classify(expr) {
        CodeExpr::Int(n) => (n, CodeForm::Literal, None),
        CodeExpr::Path(segments) => {
            if let [name] = segments.as_slice()
                && let Some(&n) = context.consts.get(*name)
            {
                (n, CodeForm::Constant, None)
            } else {
                let r = libraries::resolve_constant(
                    language,
                    &segments,
                    None,
                    &context.evidence,
                    &c.apis,
                )?;
                (r.code, CodeForm::Constant, Some(r.library))
            }
        }
        CodeExpr::Wrapped(segments, arg) => {
            let (n, form) = match arg {
                WrappedArg::Int(n) => (n, CodeForm::Literal),
                WrappedArg::Name(name) => (*context.consts.get(name)?, CodeForm::Constant),
            };
            let r = libraries::resolve_constant(
                language,
                &segments,
                Some(n),
                &context.evidence,
                &c.apis,
            )?;
            (r.code, form, Some(r.library))
        }
        CodeExpr::Other => return None,
    };
    let ancestors = ancestors_of(c);
    let ctx = SiteContext {
        range: code_fact.range.clone(),
        receiver: c.receiver.as_deref(),
        ancestors: &ancestors,
    };
    // A generic `close(n)` on a name bound to something else (an HTTP/2 stream) is not ours.
    if marks.not_a_socket(&ctx) {
        return None;
    }
    let api = choose_api(c, constant_lib, marks, &context.evidence, &ctx)?;
    let role = match libraries::by_id(api)?.role {
        LibraryRole::Server => Role::Server,
        LibraryRole::Client => Role::Client,
        LibraryRole::Infer => marks.role(&ctx),
    };
    Some(CloseSite {
        code_range: ctx.range.clone(),
        call_range: c.call_range.clone(),
        code,
        form,
        expr: expr.to_owned(),
        reason: c.reason.clone().flatten(),
        api,
        role,
        in_browser: false,
    })
}

/// An argument capture anchored after another one may land on a comment between them
/// (`ws.close(1011, // why\n "reason")`): the argument is the next node that is not one.
fn skip_comments(mut node: Node) -> Option<Node> {
    while node.kind().contains("comment") {
        node = node.next_named_sibling()?;
    }
    Some(node)
}

/// A mark on the call a variable is assigned from (`@bind.value`) names that variable, so a
/// query marks the call once and one role-free pattern per language finds the assignments.
fn apply_bindings(facts: &mut Facts) {
    if facts.bindings.is_empty() {
        return;
    }
    let by_value: HashMap<&Range<usize>, &String> = facts
        .bindings
        .iter()
        .map(|(range, name)| (range, name))
        .collect();
    for mark in facts.marks.iter_mut().filter(|m| m.bind.is_none()) {
        mark.bind = by_value.get(&mark.range).map(|name| (*name).clone());
    }
}

/// A mark that hands its sockets to a function by name (`serve(handler, ...)`) marks that
/// function's whole body too, so sites inside it take the mark's label as a containing mark.
fn mark_handlers(facts: &mut Facts) {
    for (label, name) in &facts.handlers {
        for range in facts.named_scopes.get(name).into_iter().flatten() {
            facts.marks.push(Mark {
                range: range.clone(),
                label: label.clone(),
                bind: None,
            });
        }
    }
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
    evidence: &[&'static str],
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

/// Code that reads a received close code rather than sending one: the `@read.code` captures
/// of the language's query (`event.code === 1006`, `if code == 1008`, `case 1001:` in a
/// switch on a close code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRead {
    /// Byte range of the code expression.
    pub range: Range<usize>,
    /// The code's value: a literal, or a library constant that resolves to one number.
    pub code: i64,
}

/// How long [`read_at`] may query.
const READ_AT_BUDGET: std::time::Duration = std::time::Duration::from_millis(200);

/// The read of a received close code whose code expression holds byte `offset`, if any.
/// Runs the query only over the nodes around `offset`, so it costs about the depth of the
/// tree there, not the size of the file.
pub fn read_at(language: Language, tree: &Tree, source: &[u8], offset: usize) -> Option<CodeRead> {
    let query = language.query();
    let wanted = query.capture_index_for_name("read.code")?;
    let mut cursor = QueryCursor::new();
    cursor.set_byte_range(offset..offset.saturating_add(1));
    // A hover waits on this: in a pathological tree (100,000 nested calls) the query at one
    // point can take seconds, so it gives up after a short budget and shows no read.
    let budget = Budget::new(READ_AT_BUDGET);
    let mut progress = |_: &QueryCursorState| budget.check().is_err();
    let options = QueryCursorOptions::new().progress_callback(&mut progress);
    let mut captures = cursor.captures_with_options(query, tree.root_node(), source, options);
    while let Some((m, i)) = captures.next() {
        let capture = m.captures[*i];
        let range = capture.node.byte_range();
        if capture.index != wanted || !range.contains(&offset) {
            continue;
        }
        let code = match literals::classify(text(capture.node, source)) {
            // `res.code === 404` is not about a close code; one received lies in 1000–4999.
            CodeExpr::Int(n) if (1000..=4999).contains(&n) => n,
            CodeExpr::Path(segments) => {
                match libraries::resolve_constant(language, &segments, None, &[], &[]) {
                    Some(resolved) => resolved.code,
                    None => continue,
                }
            }
            _ => continue,
        };
        return Some(CodeRead { range, code });
    }
    None
}

fn text<'s>(node: Node, source: &'s [u8]) -> &'s str {
    std::str::from_utf8(&source[node.byte_range()]).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code read at the first occurrence of `needle` (at each of its bytes), in `text`.
    fn read(language: Language, text: &str, needle: &str) -> Option<i64> {
        let tree = crate::analysis::parse(language, text, None).unwrap();
        let at = text.find(needle).unwrap();
        let first = read_at(language, &tree, text.as_bytes(), at);
        for offset in at..at + needle.len() {
            let here = read_at(language, &tree, text.as_bytes(), offset);
            assert_eq!(here, first, "{needle} at byte {offset}");
            if let Some(r) = &here {
                assert_eq!(r.range, at..at + needle.len());
            }
        }
        first.map(|r| r.code)
    }

    #[test]
    fn reads_of_received_codes_in_each_language() {
        let js = "if (event.code === 1006) {}\nswitch (e.code) { case 1001: break; }\nif (4000 == closeCode) {}\nif (res.code === 404) {}\nif (n === 1011) {}";
        assert_eq!(read(Language::JavaScript, js, "1006"), Some(1006));
        assert_eq!(read(Language::TypeScript, js, "1001"), Some(1001));
        assert_eq!(read(Language::Tsx, js, "4000"), Some(4000));
        assert_eq!(read(Language::JavaScript, js, "404"), None);
        assert_eq!(read(Language::JavaScript, js, "1011"), None);

        let py = "if code == 1008:\n    pass\nif ws.close_code != 1006: pass\nmatch e.code:\n    case 1001:\n        pass\nif x == 1011: pass\n";
        assert_eq!(read(Language::Python, py, "1008"), Some(1008));
        assert_eq!(read(Language::Python, py, "1006"), Some(1006));
        assert_eq!(read(Language::Python, py, "1001"), Some(1001));
        assert_eq!(read(Language::Python, py, "1011"), None);

        let go = "package m\nfunc f() {\nif ce.Code == websocket.CloseGoingAway {}\nswitch ce.Code { case 1002, 1003: }\nif websocket.IsCloseError(err, 1000, websocket.CloseNormalClosure) {}\nif websocket.CloseStatus(err) == 1006 {}\n}";
        assert_eq!(
            read(Language::Go, go, "websocket.CloseGoingAway"),
            Some(1001)
        );
        assert_eq!(read(Language::Go, go, "1003"), Some(1003));
        assert_eq!(read(Language::Go, go, "1000"), Some(1000));
        assert_eq!(
            read(Language::Go, go, "websocket.CloseNormalClosure"),
            Some(1000)
        );
        assert_eq!(read(Language::Go, go, "1006"), Some(1006));
        assert_eq!(read(Language::Go, go, "err"), None);

        let rust = "fn f() { if frame.code == CloseCode::Away {} match frame.code { CloseCode::Normal => 1, _ => 3 }; if code == 1011u16 {} }";
        assert_eq!(read(Language::Rust, rust, "CloseCode::Away"), Some(1001));
        assert_eq!(read(Language::Rust, rust, "CloseCode::Normal"), Some(1000));
        assert_eq!(read(Language::Rust, rust, "1011u16"), Some(1011));

        let swift = "if task.closeCode == .abnormalClosure {}\nif status == 1006 {}";
        assert_eq!(read(Language::Swift, swift, ".abnormalClosure"), Some(1006));
        assert_eq!(read(Language::Swift, swift, "1006"), None);
        let dart = "void f() { if (socket.closeCode == 1008) {} if (x == 1011) {} }";
        assert_eq!(read(Language::Dart, dart, "1008"), Some(1008));
        assert_eq!(read(Language::Dart, dart, "1011"), None);
        let php = "<?php if ($frame->code === 1001) {} if ($status == 1011) {}";
        assert_eq!(read(Language::Php, php, "1001"), Some(1001));
        assert_eq!(read(Language::Php, php, "1011"), None);
        let ruby = "ws.on :close do |event|\n  p :gone if event.code == 1006\nend\nx == 1011";
        assert_eq!(read(Language::Ruby, ruby, "1006"), Some(1006));
        assert_eq!(read(Language::Ruby, ruby, "1011"), None);
    }
}
