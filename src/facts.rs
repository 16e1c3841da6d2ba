//! What one file tells the rest of its project: the facts [`crate::index`] gathers across
//! files. They come out of the same query run that finds the file's close sites (the `@def.*`,
//! `@call.*`, `@const.*` and `@import.*` captures, ARCHITECTURE.md), never from a second scan
//! of the text.

use std::collections::{BTreeMap, BTreeSet};

use tree_sitter::Node;

use crate::roles::Role;

/// Everything a file contributes to its project's index. Byte offsets are into the file's
/// text; lines are 0-based.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFacts {
    /// Integer constants other files may name: file-level ones and members of a type
    /// (`class Codes { static final int AUTH = 4001; }`, `enum Code { Auth = 4001 }`).
    pub consts: Vec<ConstDef>,
    /// Names the file imports under another name (`from codes import AUTH as A` → `A` is
    /// `AUTH`), and the modules it imports from.
    pub imports: Vec<Import>,
    /// Close helpers the file defines: functions whose parameter reaches a close call's code.
    pub helpers: Vec<HelperDef>,
    /// Calls inside a function that pass one of its parameters on to another function: a
    /// function that forwards its parameter to a helper's code is a helper too.
    pub forwards: Vec<Forward>,
    /// Constant names the file's close calls use that neither the file nor its libraries
    /// define (`CloseCodes.AUTH` → `AUTH`): what the index is asked for.
    pub unresolved: BTreeSet<String>,
    /// Constant-like names (capitalized: `Status.Gone` → `Gone`) passed to calls the file
    /// cannot resolve, by the called function's name: wanted when that function turns out to
    /// be a close helper defined in another file.
    pub call_args: BTreeMap<String, BTreeSet<String>>,
}

/// An integer constant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstDef {
    pub name: String,
    /// The type it is a member of (`Codes` in `Codes.AUTH`), if any.
    pub owner: Option<String>,
    pub value: i64,
    /// 0-based line of its name.
    pub line: u32,
}

/// One imported name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The name as the other module defines it.
    pub name: String,
    /// The name this file uses for it, when it differs.
    pub alias: Option<String>,
}

/// A function whose parameter is a close call's code: `def fail(ws, code): ws.close(code)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelperDef {
    /// The function's name as callers spell it.
    pub name: String,
    /// The parameter that becomes the close code: its position among the parameters the
    /// caller passes (a Python `self`/`cls` is not counted) and its name (for keyword
    /// arguments).
    pub param: usize,
    pub param_name: String,
    /// The library and role of the close call inside.
    pub api: &'static str,
    pub role: Role,
    /// 0-based line of the function's name.
    pub line: u32,
    /// The close call as written, for messages ("`ws.close(code)`"), cut to one line.
    pub call: String,
}

/// A call inside function `def` that passes `def`'s parameter `param` to `callee`, as its
/// argument `arg`: `def deny(ws): fail(ws, 4003)` forwards nothing, `def deny(ws, c): fail(ws, c)`
/// forwards `c`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forward {
    pub def: String,
    pub def_line: u32,
    /// Position and name of `def`'s parameter.
    pub param: usize,
    pub param_name: String,
    pub callee: String,
    /// Where the parameter goes: a position or a keyword.
    pub arg: ArgAt,
    /// The forwarding call as written, cut to one line.
    pub call: String,
}

/// Where an argument sits in a call.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ArgAt {
    Position(usize),
    Keyword(String),
}

/// One argument of a call, read from the tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Arg {
    /// Byte range of the value (after any label).
    pub range: std::ops::Range<usize>,
    /// The value's text; empty when longer than [`MAX_ARG_BYTES`] (no code is that long).
    pub text: String,
    /// The keyword or label it is passed under (`code=4001`, `code: 4001`), if any.
    pub label: Option<String>,
}

/// Arguments longer than this are kept without their text.
pub const MAX_ARG_BYTES: usize = 160;

/// At most this many arguments of a call are read.
const MAX_ARGS: usize = 12;

/// Parameter names that are the receiver itself, never passed in the argument list.
const RECEIVER_PARAMS: &[&str] = &["self", "cls", "this", "&self", "&mut self"];

/// The parameter names of a parameter-list node, in order: each named child (comments aside)
/// gives its `name`, `pattern` or `declarator` field's identifier, or itself when it is one.
/// A receiver (`self`) is left out.
pub fn param_names(list: Node, source: &[u8]) -> Vec<String> {
    // `code => ws.close(code)`: the one parameter is the list.
    if is_name_kind(list.kind()) {
        return param_name(list, source).into_iter().collect();
    }
    let mut names = Vec::new();
    let mut cursor = list.walk();
    for child in list.named_children(&mut cursor) {
        if child.kind().contains("comment") {
            continue;
        }
        let name = param_name(child, source).unwrap_or_default();
        if !RECEIVER_PARAMS.contains(&name.as_str()) && child.kind() != "self_parameter" {
            names.push(name);
        }
        if names.len() >= MAX_ARGS {
            break;
        }
    }
    names
}

/// Identifier-like node kinds a parameter's name may be.
fn is_name_kind(kind: &str) -> bool {
    matches!(
        kind,
        "identifier"
            | "simple_identifier"
            | "variable_name"
            | "shorthand_property_identifier_pattern"
    )
}

/// A parameter's name: through its `name`, `pattern` or `declarator` fields (a C++
/// `const char *reason` nests declarators), else its first identifier-like descendant a few
/// levels down; bounded, so a deep default value costs nothing.
fn param_name(param: Node, source: &[u8]) -> Option<String> {
    let mut node = param;
    for _ in 0..6 {
        if is_name_kind(node.kind()) {
            let text = node.utf8_text(source).ok()?;
            return Some(text.trim_start_matches('$').to_owned());
        }
        let next = ["name", "pattern", "declarator"]
            .iter()
            .find_map(|f| node.child_by_field_name(f))
            .or_else(|| {
                let mut cursor = node.walk();
                node.named_children(&mut cursor)
                    .find(|c| is_name_kind(c.kind()) || c.named_child_count() > 0)
            });
        node = next?;
    }
    None
}

/// The arguments of an argument-list node, in order (comments aside). A labelled argument
/// (`code=4001`, `code: 4001`, `code = 4001`) has its label and its value's range.
pub fn args(list: Node, source: &[u8]) -> Vec<Arg> {
    let mut out = Vec::new();
    let mut cursor = list.walk();
    for child in list.named_children(&mut cursor) {
        if child.kind().contains("comment") {
            continue;
        }
        let (label, value) = split_label(child, source);
        let range = value.byte_range();
        let text = if range.len() <= MAX_ARG_BYTES {
            value.utf8_text(source).unwrap_or_default().to_owned()
        } else {
            String::new()
        };
        out.push(Arg { range, text, label });
        if out.len() >= MAX_ARGS {
            break;
        }
    }
    out
}

/// An argument's label and value node. Grammars spell a labelled argument as a node with a
/// `name` and a `value` field (Python `keyword_argument`, PHP 8), or with a label child
/// (`value_argument_label` in Swift and Kotlin, `name_colon` in C#, `label` in Dart); an
/// unlabelled one whose single child is the value (`argument` in C#, Kotlin's
/// `value_argument`) gives that child.
fn split_label<'t>(arg: Node<'t>, source: &[u8]) -> (Option<String>, Node<'t>) {
    let text = |n: Node| {
        n.utf8_text(source)
            .unwrap_or_default()
            .trim_end_matches([':', '='])
            .trim()
            .to_owned()
    };
    if let (Some(name), Some(value)) = (
        arg.child_by_field_name("name"),
        arg.child_by_field_name("value"),
    ) {
        return (Some(text(name)), value);
    }
    let wrapper = matches!(arg.kind(), "argument" | "value_argument" | "named_argument");
    if !wrapper {
        return (None, arg);
    }
    let mut cursor = arg.walk();
    let children: Vec<Node> = arg.named_children(&mut cursor).collect();
    let is_label = |k: &str| k.ends_with("label") || k == "name_colon";
    match children.as_slice() {
        [label, value, ..] if is_label(label.kind()) => {
            let mut cursor = label.walk();
            let name = label.named_children(&mut cursor).next().unwrap_or(*label);
            (Some(text(name)), *value)
        }
        // Kotlin: `code = 1000` is a simple_identifier, `=`, then the value.
        [name, value] if arg.kind() == "value_argument" && name.kind() == "simple_identifier" => {
            (Some(text(*name)), *value)
        }
        [value] => (None, *value),
        _ => (None, arg),
    }
}
