//! Finding close sites: calls that put a close code into a WebSocket Close frame
//! (RFC 6455 §5.5.1, §7.4).
//!
//! A language's query (`queries/<lang>.scm`) proposes candidate calls and marks what the file
//! shows about its libraries and roles; this module keeps a candidate only when its code
//! resolves to a number and a library it names has evidence in the file. The capture names the
//! queries use are listed in ARCHITECTURE.md.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

use tree_sitter::{
    Node, QueryCursor, QueryCursorOptions, QueryCursorState, StreamingIterator, Tree,
};

use crate::budget::{Budget, Stop};
use crate::facts::{self, Arg, ArgAt, FileFacts, Guard};
use crate::index::{ConstRef, FileScope, Step};
use crate::languages::Language;
use crate::libraries::{self, Library, LibraryRole};
use crate::literals::{self, CodeExpr, WrappedArg};
use crate::roles::{Mark, MarkIndex, Role, SiteContext};

mod ancestors;
mod cache;
use ancestors::Ancestors;
pub use cache::{ByteEdit, Detected, FactCache};

/// How the close code was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeForm {
    /// A numeric literal, `1008`.
    Literal,
    /// A named constant: a library's (`websocket.ClosePolicyViolation`) or the file's own
    /// (`const POLICY = 1008`).
    Constant,
}

/// A string-literal reason (RFC 6455 §5.5.1: at most 123 bytes of UTF-8 after the code).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    #[serde(with = "crate::cache::library_id")]
    pub api: libraries::LibraryId,
    /// The endpoint the socket belongs to; `Unknown` keeps role rules silent.
    pub role: Role,
    /// The call runs in a browser by the project's configuration
    /// ([`crate::analysis::Options::browser`]), so the WHATWG `close()` rules apply to it.
    pub in_browser: bool,
    /// The close helpers the code passes through before the close call, outermost first, when
    /// the site is a call of a helper (`fail(ws, 4003)`) rather than the close call itself.
    pub via: Option<Arc<Step>>,
    /// Where the code's constant is defined when another file of the project defines it
    /// (resolved through the index): the language server's hover shows it.
    pub defined: Option<ConstRef>,
}

impl CloseSite {
    /// The library this site goes through.
    pub fn library(&self) -> &'static Library {
        libraries::by_id(self.api).expect("a site's api is a known library")
    }
}

/// Finds every close site in a parsed file. `source` is the text `tree` was parsed from.
/// Gives up when `budget` runs out. Without a `project`, constants and helpers of other files
/// stay unresolved (a helper defined in this file is still followed).
pub fn detect(
    language: Language,
    tree: &Tree,
    source: &[u8],
    budget: &Budget,
    project: Option<FileScope>,
) -> Result<Detected, Stop> {
    // The query runs part by part ([`FactCache`]), never over the whole tree at once: a
    // pattern's in-flight states pile up along a chain of nested nodes, and tree-sitter
    // advances every one of them at every node, which is quadratic in the nesting depth.
    let mut parts = FactCache::build(language, tree, source, budget)?;
    parts.detect(language, tree, source, budget, project)
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
    /// Constants that are members of a type: (type, name) → value.
    owned: HashMap<(String, String), i64>,
    /// Every constant with its name's byte offset, for the project index.
    const_defs: Vec<ConstAt>,
    /// Functions with their parameters, sorted by start (they nest as in the tree).
    defs: Vec<Def>,
    /// Each def's innermost enclosing def.
    def_parent: Vec<Option<usize>>,
    /// Blocks that run only when a name is truthy or falsy (`if (!skip) {…}`), sorted by
    /// start, and each one's innermost enclosing guard.
    guards: Vec<GuardAt>,
    guard_parent: Vec<Option<usize>>,
    /// Operands of comparisons and equality assertions (`@compared`), sorted by start, with
    /// each one's innermost enclosing one: a frame built there is expected, not sent.
    compared: Vec<Range<usize>>,
    compared_parent: Vec<Option<usize>>,
    /// Local name → imported name (`from codes import AUTH as A`).
    aliases: HashMap<String, String>,
    imports: Vec<facts::Import>,
    /// Local variables by name: where each is assigned and the expression it is assigned
    /// (`var status = WebSocketCloseStatus.NormalClosure;`), for a code held in one.
    locals: HashMap<String, Vec<LocalAt>>,
    /// Library ids with evidence, sorted; every candidate reads this one slice.
    evidence: Vec<&'static str>,
    /// Library ids whose own code the file is (its project's manifests, its package
    /// declaration), sorted; a subset of `evidence`.
    own: Vec<&'static str>,
}

/// A constant as the query found it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ConstAt {
    name: String,
    owner: Option<String>,
    value: i64,
    at: usize,
}

/// A local variable's declaration or assignment (`@local.name`, `@local.value`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct LocalAt {
    /// The byte offset of its name.
    at: usize,
    /// The expression assigned, empty when too long to be a close code.
    value: String,
}

/// A block that runs only under a condition on a name (`@guard` with `@guard.if` or
/// `@guard.unless`): `if (!skipCloseFrame) { … }` runs when `skipCloseFrame` is falsy.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GuardAt {
    range: Range<usize>,
    name: String,
    /// The block runs when the name is truthy (`@guard.if`) rather than falsy.
    when: bool,
}

/// A function-like definition with a name (`@def`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Def {
    range: Range<usize>,
    name: String,
    name_at: usize,
    params: Vec<String>,
}

impl Context {
    /// Takes the file-wide facts out of `facts`, leaving its candidates. `own` are the
    /// libraries whose own code the file's manifests say it is; the file's own package
    /// declaration (`@module.name`) may add more.
    fn of(language: Language, facts: &mut Facts, own: &[&'static str]) -> Context {
        mark_handlers(facts);
        apply_bindings(facts);
        relabel_shadowed(&mut facts.marks);
        let own: BTreeSet<&'static str> = own
            .iter()
            .copied()
            .chain(
                facts
                    .modules
                    .iter()
                    .flat_map(|m| libraries::owning(m, |l| language.uses_libraries_of(l))),
            )
            .collect();
        let evidence = facts
            .marks
            .iter()
            .filter_map(|m| m.label.strip_prefix("lib."))
            .filter_map(libraries::by_id)
            .map(|lib| lib.id.as_str())
            .chain(own.iter().copied())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut defs = std::mem::take(&mut facts.defs);
        defs.sort_by_key(|d| (d.range.start, std::cmp::Reverse(d.range.end)));
        defs.dedup_by(|a, b| a.range == b.range);
        let def_parent = nest(defs.iter().map(|d| &d.range));
        let mut guards = std::mem::take(&mut facts.guards);
        guards.sort_by_key(|g| (g.range.start, std::cmp::Reverse(g.range.end)));
        guards.dedup_by(|a, b| a.range == b.range);
        let guard_parent = nest(guards.iter().map(|g| &g.range));
        let mut compared = std::mem::take(&mut facts.compared);
        compared.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        compared.dedup();
        let compared_parent = nest(compared.iter());
        let const_defs = std::mem::take(&mut facts.const_defs);
        let mut owned = HashMap::new();
        for c in &const_defs {
            if let Some(owner) = &c.owner {
                owned
                    .entry((owner.clone(), c.name.clone()))
                    .or_insert(c.value);
            }
        }
        let mut locals: HashMap<String, Vec<LocalAt>> = HashMap::new();
        for (name, local) in std::mem::take(&mut facts.locals) {
            locals.entry(name).or_default().push(local);
        }
        let aliases = facts
            .imports
            .iter()
            .filter_map(|i| Some((i.alias.clone()?, i.name.clone())))
            .collect();
        Context {
            marks: std::mem::take(&mut facts.marks),
            scopes: std::mem::take(&mut facts.scopes),
            consts: std::mem::take(&mut facts.consts),
            owned,
            const_defs,
            defs,
            def_parent,
            guards,
            guard_parent,
            compared,
            compared_parent,
            aliases,
            imports: std::mem::take(&mut facts.imports),
            locals,
            evidence,
            own: own.into_iter().collect(),
        }
    }

    /// The innermost def whose range holds `range`.
    fn def_around(&self, range: &Range<usize>) -> Option<&Def> {
        let ranges = |i: usize| &self.defs[i].range;
        let mut around = enclosing(self.defs.len(), ranges, &self.def_parent, range);
        around.next().map(|i| &self.defs[i])
    }

    /// Whether `call` lies inside a comparison's operand or an equality assertion's arguments.
    fn is_compared(&self, call: &Range<usize>) -> bool {
        let ranges = |i: usize| &self.compared[i];
        enclosing(self.compared.len(), ranges, &self.compared_parent, call)
            .next()
            .is_some()
    }

    /// The guard a call at `call` inside `def` runs under: the innermost guarded block inside
    /// `def` holding the call whose name is one of `def`'s parameters other than `code` (the
    /// parameter that becomes the close code).
    fn guard_in(&self, def: &Def, call: &Range<usize>, code: Option<usize>) -> Option<Guard> {
        let ranges = |i: usize| &self.guards[i].range;
        enclosing(self.guards.len(), ranges, &self.guard_parent, call)
            .map(|i| &self.guards[i])
            .take_while(|g| def.range.start <= g.range.start)
            .find_map(|g| {
                let param = def.params.iter().position(|p| *p == g.name)?;
                (Some(param) != code).then(|| Guard {
                    param,
                    param_name: g.name.clone(),
                    sends_when: g.when,
                })
            })
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
        for def in &mut self.defs {
            def.range = map(def.range.start)..map(def.range.end);
            def.name_at = map(def.name_at);
        }
        for c in &mut self.const_defs {
            c.at = map(c.at);
        }
        for local in self.locals.values_mut().flatten() {
            local.at = map(local.at);
        }
        for g in &mut self.guards {
            g.range = map(g.range.start)..map(g.range.end);
        }
        for r in &mut self.compared {
            *r = map(r.start)..map(r.end);
        }
    }
}

/// How many enclosing defs [`Context::def_around`] climbs before giving up.
const MAX_DEF_NESTING: usize = 256;

/// The longest local variable value read as a code expression
/// (`WebSocketCloseStatus.InvalidMessageType`, `(WebSocketCloseStatus)4001`).
const MAX_LOCAL_VALUE: usize = 200;

/// Each range's innermost enclosing range, by one sweep over ranges sorted by start (outer
/// first).
fn nest<'r>(ranges: impl Iterator<Item = &'r Range<usize>>) -> Vec<Option<usize>> {
    let mut parent = Vec::new();
    let mut open: Vec<&Range<usize>> = Vec::new();
    let mut open_at: Vec<usize> = Vec::new();
    for range in ranges {
        while open.last().is_some_and(|top| top.end <= range.start) {
            open.pop();
            open_at.pop();
        }
        parent.push(open_at.last().copied());
        open.push(range);
        open_at.push(parent.len() - 1);
    }
    parent
}

/// The indices of the ranges that hold `range`, innermost first, of `len` ranges sorted by
/// start (`at(i)` is the i-th) with their innermost enclosing ones (`parent`, from [`nest`]);
/// at most [`MAX_DEF_NESTING`] ranges are looked at.
fn enclosing<'r>(
    len: usize,
    at: impl Fn(usize) -> &'r Range<usize>,
    parent: &'r [Option<usize>],
    range: &Range<usize>,
) -> impl Iterator<Item = usize> {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if at(mid).start <= range.start {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let start = range.clone();
    std::iter::successors(lo.checked_sub(1), move |&i| parent[i])
        .take(MAX_DEF_NESTING)
        .filter(move |&i| {
            let r = at(i);
            r.start <= start.start && start.end <= r.end
        })
}

/// What resolving one candidate tells the project besides a site.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Extra {
    /// The candidate's code is its function's parameter: the function is a close helper.
    Helper {
        def: String,
        def_at: usize,
        param: usize,
        param_name: String,
        api: &'static str,
        role: Role,
        call: Range<usize>,
        guard: Option<Guard>,
    },
    /// The candidate passes its function's parameter on to another function.
    Forward {
        def: String,
        def_at: usize,
        param: usize,
        param_name: String,
        callee: String,
        arg: ArgAt,
        call: Range<usize>,
        guard: Option<Guard>,
    },
    /// A constant name the file could not resolve.
    Unresolved(String),
    /// A constant-like name passed to a call that is no helper the file knows.
    CallArg { callee: String, name: String },
    /// The name of a function the file calls with arguments.
    Call(String),
}

impl Extra {
    fn shift(&mut self, map: &dyn Fn(usize) -> usize) {
        match self {
            Extra::Helper { def_at, call, .. } | Extra::Forward { def_at, call, .. } => {
                *def_at = map(*def_at);
                *call = map(call.start)..map(call.end);
            }
            Extra::Unresolved(_) | Extra::CallArg { .. } | Extra::Call(_) => {}
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
    project: Option<FileScope>,
    budget: &Budget,
) -> Result<Resolutions, Stop> {
    let mut out = Resolutions::default();
    let params: std::collections::HashSet<&str> = context
        .defs
        .iter()
        .flat_map(|d| d.params.iter().map(String::as_str))
        .collect();
    let r = Resolver {
        language,
        context,
        marks,
        ancestors_of,
        project,
        params: &params,
    };
    for (i, (key, c)) in candidates.iter().enumerate() {
        if i % 256 == 255 {
            budget.check()?;
        }
        let (site, extras) = r.candidate(c);
        out.sites.extend(site.map(|s| (*key, s)));
        out.extras.extend(extras.into_iter().map(|e| (*key, e)));
    }
    sort_sites(&mut out.sites, |(key, site)| (key, site));
    out.extras.sort_by_key(|(key, _)| *key);
    Ok(out)
}

/// The sites and extras of resolved candidates, each with its candidate's key.
#[derive(Debug, Clone, Default)]
struct Resolutions {
    sites: Vec<(CandidateKey, CloseSite)>,
    extras: Vec<(CandidateKey, Extra)>,
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
        "scope"
            | "scope.name"
            | "handler"
            | "bind"
            | "bind.value"
            | "const.name"
            | "const.value"
            | "module.name"
            | "const.owner"
            | "def"
            | "def.name"
            | "def.params"
            | "import.name"
            | "import.alias"
            | "local.name"
            | "local.value"
            | "guard"
            | "guard.if"
            | "guard.unless"
            | "compared"
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
    /// The package, module or namespace the file declares itself in (`@module.name`).
    modules: Vec<String>,
    /// Every constant, with its owner type.
    const_defs: Vec<ConstAt>,
    defs: Vec<Def>,
    imports: Vec<facts::Import>,
    /// Local variables: name, and where and what it is assigned.
    locals: Vec<(String, LocalAt)>,
    guards: Vec<GuardAt>,
    compared: Vec<Range<usize>>,
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
    /// The shape is the library's own (a receiver-less `close(code, reason)` in a member
    /// function): it counts only in the library's own code (`Context::own`).
    own_only: bool,
    /// The called function's name and the arguments, from the `@call.*` captures every call
    /// has: a call of a close helper, or one that forwards a parameter.
    callee: Option<String>,
    args: Vec<Arg>,
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
        modules: Vec::new(),
        const_defs: Vec::new(),
        defs: Vec::new(),
        imports: Vec::new(),
        locals: Vec::new(),
        guards: Vec::new(),
        compared: Vec::new(),
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
    /// A `@def.params`: the parameters' names.
    Params(Vec<String>),
    /// A `@call.args`: the arguments.
    Args(Vec<Arg>),
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
            "close.receiver" | "bind" | "scope.name" | "handler" | "const.name" | "const.owner"
            | "def.name" | "call.name" | "import.name" | "import.alias" | "module.name"
            | "local.name" => Value::Text(text(node, source).to_owned()),
            // A value longer than any close code expression (a lambda, a builder chain) is kept
            // empty: it still counts as an assignment, which resolves to no code.
            "local.value" => {
                let value = text(node, source);
                Value::Text(if value.len() <= MAX_LOCAL_VALUE {
                    value.to_owned()
                } else {
                    String::new()
                })
            }
            "guard.if" | "guard.unless" => Value::Text(text(node, source).to_owned()),
            "const.value" => Value::Int(literals::parse_int(text(node, source))),
            "def.params" => Value::Params(facts::param_names(node, source)),
            "call.args" => Value::Args(facts::args(node, source)),
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
            Value::Args(args) => {
                for arg in args {
                    m(&mut arg.range);
                }
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
    let (mut const_name, mut const_value, mut const_owner) = (None, None, None);
    let (mut def, mut def_name, mut def_params) = (None, None, None);
    let (mut callee, mut args, mut import_name, mut import_alias) = (None, None, None, None);
    let (mut scope, mut scope_name, mut handler, mut bind_value) = (None, None, None, None);
    let (mut local_name, mut local_value) = (None, None);
    let (mut guard, mut guard_name) = (None, None);
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
            "module.name" => facts.modules.push(text()),
            "handler" => handler = Some(text()),
            "const.name" => const_name = Some((text(), cap.range.start)),
            "const.owner" => const_owner = Some(text()),
            "def" => def = Some(cap.range.clone()),
            "def.name" => def_name = Some((text(), cap.range.start)),
            "def.params" => {
                if let Value::Params(p) = &cap.value {
                    def_params = Some(p.clone());
                }
            }
            "call.name" => callee = Some(text()),
            "call.args" => {
                if let Value::Args(a) = &cap.value {
                    args = Some(a.clone());
                }
            }
            "import.name" => import_name = Some(text()),
            "guard" => guard = Some(cap.range.clone()),
            "compared" => facts.compared.push(cap.range.clone()),
            "guard.if" => guard_name = Some((text(), true)),
            "guard.unless" => guard_name = Some((text(), false)),
            "import.alias" => import_alias = Some(text()),
            "local.name" => local_name = Some((text(), cap.range.start)),
            "local.value" => local_value = Some(text()),
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
    if let (Some((name, at)), Some(value)) = (const_name, const_value) {
        if const_owner.is_none() {
            facts.consts.entry(name.clone()).or_insert(value);
        }
        facts.const_defs.push(ConstAt {
            name,
            owner: const_owner,
            value,
            at,
        });
    }
    if let (Some(range), Some((name, name_at))) = (def, def_name) {
        facts.defs.push(Def {
            range,
            name,
            name_at,
            params: def_params.unwrap_or_default(),
        });
    }
    if let (Some((name, at)), Some(value)) = (local_name, local_value) {
        facts.locals.push((name, LocalAt { at, value }));
    }
    if let (Some(range), Some((name, when))) = (guard, guard_name) {
        facts.guards.push(GuardAt { range, name, when });
    }
    if let Some(name) = import_name {
        let alias = import_alias.filter(|a| *a != name);
        facts.imports.push(facts::Import { name, alias });
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
        own_only: false,
        callee: None,
        args: Vec::new(),
    });
    if entry.callee.is_none() && callee.is_some() {
        entry.callee = callee;
        entry.args = args.unwrap_or_default();
    }
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
    entry.own_only |= prop("evidence") == Some("own");
}

/// Resolves candidates against the file's context and, when there is one, the project index.
struct Resolver<'a> {
    language: Language,
    context: &'a Context,
    marks: &'a MarkIndex,
    ancestors_of: &'a dyn Fn(&Candidate) -> Vec<Range<usize>>,
    project: Option<FileScope<'a>>,
    /// Every parameter name of the file's defs: a code expression that is none of these is no
    /// helper's parameter, and its def need not be looked up.
    params: &'a std::collections::HashSet<&'a str>,
}

/// Whether a receiver's names say it is something else than a WebSocket: a database, a
/// file, a pool, a process, a stream (`self.db`, `$this->db`, `fd`, `child`, `stream`).
fn names_another_thing(receiver: &str) -> bool {
    const OTHERS: &[&str] = &[
        "db", "database", "sql", "file", "fd", "pool", "proc", "process", "child", "stream",
        "cursor", "reader", "writer", "pipe", "redis", "cache", "store", "timer", "watcher",
    ];
    receiver
        .split(['.', ':', '>', '-', '(', ')'])
        .map(|s| s.trim_start_matches(['_', '$', '@']).to_ascii_lowercase())
        .any(|name| OTHERS.iter().any(|o| name == *o || name.ends_with(o)))
}

/// Whether library `api`'s function `callee` sends no Close frame at all for `code`
/// (`[[library.drop]]`: websockets' `fail(1006)`): then the call is no close site.
fn drops(api: &str, code: i64, callee: Option<&str>) -> bool {
    callee.is_some_and(|callee| {
        libraries::by_id(api).is_some_and(|lib| lib.drops(code, callee).is_some())
    })
}

/// Accessors that read a code out of a constant (`Codes.NORMAL.code`, `.value`, `.rawValue`,
/// `.getCode()`): the constant is the code.
const ACCESSORS: &[&str] = &[
    "code", "value", "rawValue", "getCode", "getValue", "Code", "Value",
];

/// A code expression resolved to a number.
struct Code {
    value: i64,
    form: CodeForm,
    /// The library whose constant it is.
    library: Option<&'static Library>,
    /// The project constant it is, when another file defines it.
    defined: Option<ConstRef>,
}

impl Resolver<'_> {
    /// A candidate's site, if it is one, and what it tells the project.
    fn candidate(&self, c: &Candidate) -> (Option<CloseSite>, Vec<Extra>) {
        let mut extras = Vec::new();
        // A frame built to be compared with a received one is expected, not sent.
        if self.context.is_compared(&c.call_range) {
            return (None, extras);
        }
        let site = match &c.code {
            Some(code) => self.direct(c, code, &mut extras),
            None => None,
        };
        if site.is_some() {
            return (site, extras);
        }
        if let Some(callee) = &c.callee {
            extras.push(Extra::Call(callee.clone()));
            self.forwards(c, callee, &mut extras);
            let site = self.helper_call(c, callee, &mut extras);
            if site.is_none() {
                self.constant_args(c, callee, &mut extras);
            }
            return (site, extras);
        }
        (None, extras)
    }

    /// A close call whose code the query captured.
    fn direct(&self, c: &Candidate, code: &CodeFact, extras: &mut Vec<Extra>) -> Option<CloseSite> {
        // A parameter shadows any constant of its name: the function is a helper.
        if self.helper_def(c, code, extras) {
            return None;
        }
        // A code held in a local variable is read from its assignment; it names the code as a
        // constant does, so no fix rewrites the variable's name as if it were a number.
        let (resolved, held) = match self.local_variable(&code.expr, &code.range) {
            Some(value) => (self.code(value?, &c.apis, extras)?, true),
            None => (self.code(&code.expr, &c.apis, extras)?, false),
        };
        let form = if held {
            CodeForm::Constant
        } else {
            resolved.form
        };
        let ancestors = (self.ancestors_of)(c);
        let ctx = SiteContext {
            range: code.range.clone(),
            receiver: c.receiver.as_deref(),
            ancestors: &ancestors,
        };
        // A generic `close(n)` on a name bound to something else (an HTTP/2 stream) is not ours.
        if self.marks.not_a_socket(&ctx) {
            return None;
        }
        let api = choose_api(c, resolved.library, self.marks, self.context, &ctx)?;
        if drops(api, resolved.value, c.callee.as_deref()) {
            return None;
        }
        Some(CloseSite {
            code_range: code.range.clone(),
            call_range: c.call_range.clone(),
            code: resolved.value,
            form,
            expr: code.expr.clone(),
            reason: c.reason.clone().flatten(),
            api,
            role: self.role(api, &ctx),
            in_browser: false,
            via: None,
            defined: resolved.defined,
        })
    }

    fn role(&self, api: &str, ctx: &SiteContext) -> Role {
        // The receiver's own binding wins over a library's one role: a test client of a
        // server-only framework (Starlette's `TestClient.websocket_connect`) is the client end.
        match self.marks.bound(ctx, &["role.server", "role.client"]) {
            Some("role.server") => return Role::Server,
            Some("role.client") => return Role::Client,
            _ => {}
        }
        match libraries::by_id(api).map(|l| l.role) {
            Some(LibraryRole::Server) => Role::Server,
            Some(LibraryRole::Client) => Role::Client,
            _ => self.marks.role(ctx),
        }
    }

    /// The value of the local variable a code expression names (`var status =
    /// WebSocketCloseStatus.NormalClosure; … ws.CloseAsync(status, …)`): `None` when the
    /// expression is no variable assigned before it in its function, `Some(None)` when the
    /// function assigns the variable more than one value (the code is then not known).
    fn local_variable(&self, expr: &str, at: &Range<usize>) -> Option<Option<&str>> {
        let assigned = self.context.locals.get(expr.trim())?;
        let def = |at: usize| self.context.def_around(&(at..at)).map(|d| d.range.clone());
        let here = def(at.start);
        let mut in_def = assigned.iter().filter(|l| def(l.at) == here);
        let first = in_def.clone().find(|l| l.at < at.start)?;
        let agree = in_def.all(|l| l.value.trim() == first.value.trim());
        Some((agree && !first.value.is_empty()).then_some(first.value.as_str()))
    }

    /// A close call whose code is its function's parameter makes the function a helper
    /// (returns whether the code is a parameter, even when no library has evidence).
    fn helper_def(&self, c: &Candidate, code: &CodeFact, extras: &mut Vec<Extra>) -> bool {
        // The parameter may be converted to the library's code type on the way:
        // `websocket.StatusCode(code)`, `CloseCode::from(code)`.
        let name = match literals::classify(&code.expr) {
            CodeExpr::Wrapped(_, WrappedArg::Name(name)) => name,
            _ => code.expr.trim(),
        };
        if !self.params.contains(name) {
            return false;
        }
        let Some(def) = self.context.def_around(&c.call_range) else {
            return false;
        };
        let Some(param) = def.params.iter().position(|p| p == name) else {
            return false;
        };
        let ancestors = (self.ancestors_of)(c);
        let ctx = SiteContext {
            range: code.range.clone(),
            receiver: c.receiver.as_deref(),
            ancestors: &ancestors,
        };
        if self.marks.not_a_socket(&ctx) {
            return true;
        }
        let Some(api) = choose_api(c, None, self.marks, self.context, &ctx) else {
            return true;
        };
        // A helper spreads its close call to every caller, so a receiver named as another thing
        // (`db.close(code)` in a file that also uses the library) needs a tie to the library:
        // bound to its construction or type.
        let label = format!("lib.{api}");
        let tied = c.self_evident
            || self.marks.bound(&ctx, &[label.as_str()]).is_some()
            || !c.receiver.as_deref().is_some_and(names_another_thing);
        if !tied {
            return true;
        }
        extras.push(Extra::Helper {
            def: def.name.clone(),
            def_at: def.name_at,
            param,
            param_name: name.to_owned(),
            api,
            role: self.role(api, &ctx),
            call: c.call_range.clone(),
            guard: self.context.guard_in(def, &c.call_range, Some(param)),
        });
        true
    }

    /// A call passing its function's parameter on: recorded for the index to follow.
    fn forwards(&self, c: &Candidate, callee: &str, extras: &mut Vec<Extra>) {
        let passed = || c.args.iter().any(|a| self.params.contains(a.text.trim()));
        if c.args.is_empty() || !passed() {
            return;
        }
        let Some(def) = self.context.def_around(&c.call_range) else {
            return;
        };
        if def.name == callee {
            return;
        }
        for (i, arg) in c.args.iter().enumerate() {
            let Some(param) = def.params.iter().position(|p| p == arg.text.trim()) else {
                continue;
            };
            extras.push(Extra::Forward {
                def: def.name.clone(),
                def_at: def.name_at,
                param,
                param_name: def.params[param].clone(),
                callee: callee.to_owned(),
                arg: match &arg.label {
                    Some(label) => ArgAt::Keyword(label.clone()),
                    None => ArgAt::Position(i),
                },
                call: c.call_range.clone(),
                guard: self.context.guard_in(def, &c.call_range, Some(param)),
            });
        }
    }

    /// Constant-like names a call passes that the file cannot resolve: if the callee is a
    /// helper of another file, the index must find them.
    fn constant_args(&self, c: &Candidate, callee: &str, extras: &mut Vec<Extra>) {
        for arg in &c.args {
            let CodeExpr::Path(segments) = literals::classify(&arg.text) else {
                continue;
            };
            let named = self.named(&segments);
            let Some(last) = named.last() else { continue };
            if last.starts_with(|ch: char| ch.is_uppercase()) && self.local(named).is_none() {
                extras.push(Extra::CallArg {
                    callee: callee.to_owned(),
                    name: (*last).to_owned(),
                });
            }
        }
    }

    /// A call of a close helper the index knows: a site at the argument that becomes the code.
    fn helper_call(
        &self,
        c: &Candidate,
        callee: &str,
        extras: &mut Vec<Extra>,
    ) -> Option<CloseSite> {
        let helper = self.project?.helper(callee)?;
        let arg = c
            .args
            .iter()
            .find(|a| a.label.as_deref() == Some(helper.param_name.as_str()))
            .or_else(|| c.args.get(helper.param).filter(|a| a.label.is_none()))?;
        // A helper whose close call runs under a flag the call sets to skip it sends nothing
        // (WebSocket-Node's `drop(code, reason, true)`).
        if let Some(guard) = &helper.guard {
            let flag = c
                .args
                .iter()
                .find(|a| a.label.as_deref() == Some(guard.param_name.as_str()))
                .or_else(|| c.args.get(guard.param).filter(|a| a.label.is_none()));
            if flag.is_some_and(|a| guard.skips(&a.text)) {
                return None;
            }
        }
        let resolved = self.code(&arg.text, &[helper.api], extras)?;
        if resolved.library.is_some_and(|l| l.id != helper.api)
            || drops(helper.api, resolved.value, Some(callee))
        {
            return None;
        }
        Some(CloseSite {
            code_range: arg.range.clone(),
            call_range: c.call_range.clone(),
            code: resolved.value,
            form: resolved.form,
            expr: arg.text.clone(),
            reason: None,
            api: helper.api,
            role: helper.role,
            in_browser: false,
            via: Some(helper.chain.clone()),
            defined: resolved.defined,
        })
    }

    /// The number a code expression names: a literal, a constant of the file, a library
    /// constant (of `apis`, with evidence), or a constant of another file of the project.
    /// A name nothing resolves is pushed to `extras` for the index.
    fn code(&self, expr: &str, apis: &[&'static str], extras: &mut Vec<Extra>) -> Option<Code> {
        let expr = expr.trim();
        let expr = expr.strip_suffix("()").unwrap_or(expr);
        let constant = |value| Code {
            value,
            form: CodeForm::Constant,
            library: None,
            defined: None,
        };
        let evidence = &self.context.evidence;
        match literals::classify(expr) {
            CodeExpr::Int(value) => Some(Code {
                value,
                form: CodeForm::Literal,
                library: None,
                defined: None,
            }),
            CodeExpr::Path(segments) => {
                if let Some(v) = self.local(&segments) {
                    return Some(constant(v));
                }
                let own = &self.context.own;
                if let Some(r) = libraries::resolve_constant_in(
                    self.language,
                    &segments,
                    None,
                    evidence,
                    apis,
                    own,
                ) {
                    return Some(Code {
                        value: r.code,
                        form: CodeForm::Constant,
                        library: Some(r.library),
                        defined: None,
                    });
                }
                let found = self.project_constant(&segments);
                if found.is_none()
                    && let Some(name) = self.named(&segments).last()
                {
                    extras.push(Extra::Unresolved((*name).to_owned()));
                }
                found.map(|c| Code {
                    value: c.value,
                    defined: Some(c),
                    ..constant(0)
                })
            }
            CodeExpr::Wrapped(segments, arg) => {
                let (n, form) = match arg {
                    WrappedArg::Int(n) => (n, CodeForm::Literal),
                    WrappedArg::Name(name) => (
                        self.local(&[name])
                            .or_else(|| self.project_constant(&[name]).map(|c| c.value))?,
                        CodeForm::Constant,
                    ),
                };
                let r =
                    libraries::resolve_constant(self.language, &segments, Some(n), evidence, apis)?;
                Some(Code {
                    value: r.code,
                    form,
                    library: Some(r.library),
                    defined: None,
                })
            }
            CodeExpr::Other => None,
        }
    }

    /// `segments` without a trailing accessor (`Codes.NORMAL.code` → `Codes.NORMAL`).
    fn named<'s>(&self, segments: &'s [&'s str]) -> &'s [&'s str] {
        match segments {
            [rest @ .., last] if !rest.is_empty() && ACCESSORS.contains(last) => rest,
            _ => segments,
        }
    }

    /// A constant of this file: a file-level one by name, a type's member by `Type.NAME`, or
    /// by bare name inside the file when one value has that name.
    fn local(&self, segments: &[&str]) -> Option<i64> {
        let ctx = self.context;
        match self.named(segments) {
            [name] => {
                let name = ctx.aliases.get(*name).map_or(*name, String::as_str);
                ctx.consts.get(name).copied().or_else(|| {
                    let mut values = ctx
                        .const_defs
                        .iter()
                        .filter(|c| c.name == name)
                        .map(|c| c.value);
                    let first = values.next()?;
                    values.all(|v| v == first).then_some(first)
                })
            }
            [.., owner, name] => ctx
                .owned
                .get(&((*owner).to_owned(), (*name).to_owned()))
                .copied(),
            [] => None,
        }
    }

    /// A constant of another file, through this file's import aliases, with where it is
    /// defined.
    fn project_constant(&self, segments: &[&str]) -> Option<ConstRef> {
        let project = self.project?;
        let named = self.named(segments);
        let mut path: Vec<&str> = named.to_vec();
        if let [first, ..] = path.as_mut_slice()
            && let Some(original) = self.context.aliases.get(*first)
        {
            *first = original.as_str();
        }
        project.constant(&path)
    }
}

/// The facts a file gives its project, from its resolved context and extras; `source` gives
/// lines and call texts.
fn file_facts(context: &Context, extras: &[(CandidateKey, Extra)], source: &[u8]) -> FileFacts {
    let lines = Lines::new(source);
    let call_text = |r: &Range<usize>| {
        let text =
            String::from_utf8_lossy(&source[r.start.min(source.len())..r.end.min(source.len())]);
        let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        match one_line.char_indices().nth(80) {
            Some((cut, _)) => format!("{}…", &one_line[..cut]),
            None => one_line,
        }
    };
    let mut out = FileFacts {
        consts: context
            .const_defs
            .iter()
            .map(|c| facts::ConstDef {
                name: c.name.clone(),
                owner: c.owner.clone(),
                value: c.value,
                line: lines.of(c.at),
            })
            .collect(),
        imports: context.imports.clone(),
        ..FileFacts::default()
    };
    for (_, extra) in extras {
        match extra {
            Extra::Helper {
                def,
                def_at,
                param,
                param_name,
                api,
                role,
                call,
                guard,
            } => out.helpers.push(facts::HelperDef {
                name: def.clone(),
                param: *param,
                param_name: param_name.clone(),
                api,
                role: *role,
                line: lines.of(*def_at),
                call: call_text(call),
                guard: guard.clone(),
            }),
            Extra::Forward {
                def,
                def_at,
                param,
                param_name,
                callee,
                arg,
                call,
                guard,
            } => out.forwards.push(facts::Forward {
                def: def.clone(),
                def_line: lines.of(*def_at),
                param: *param,
                param_name: param_name.clone(),
                callee: callee.clone(),
                arg: arg.clone(),
                call: call_text(call),
                guard: guard.clone(),
            }),
            Extra::Unresolved(name) => {
                out.unresolved.insert(name.clone());
            }
            Extra::CallArg { callee, name } => {
                out.call_args
                    .entry(callee.clone())
                    .or_default()
                    .insert(name.clone());
            }
            Extra::Call(callee) => {
                out.calls.insert(callee.clone());
            }
        }
    }
    out
}

/// Byte offsets to 0-based lines, by a binary search over the line starts.
struct Lines(Vec<usize>);

impl Lines {
    fn new(source: &[u8]) -> Lines {
        Lines(memchr::memchr_iter(b'\n', source).collect())
    }

    fn of(&self, offset: usize) -> u32 {
        u32::try_from(self.0.partition_point(|&nl| nl < offset)).unwrap_or(u32::MAX)
    }
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
/// the file, the nearest evidence winning, a fallback library only when no other has any. A
/// shape only a library's own code uses counts only for the libraries the file is the own
/// code of.
fn choose_api(
    c: &Candidate,
    constant_lib: Option<&'static Library>,
    marks: &MarkIndex,
    context: &Context,
    ctx: &SiteContext,
) -> Option<&'static str> {
    let evidenced = |api: &&'static str| {
        if c.own_only {
            context.own.contains(api)
        } else {
            c.self_evident || context.evidence.contains(api)
        }
    };
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
