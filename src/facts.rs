//! What one file tells the rest of its project: the facts [`crate::index`] gathers across
//! files. They come out of the same query run that finds the file's close sites (the `@def.*`,
//! `@call.*`, `@const.*` and `@import.*` captures, ARCHITECTURE.md), never from a second scan
//! of the text.

use std::collections::{BTreeMap, BTreeSet};

use tree_sitter::Node;

use crate::roles::Role;

/// Everything a file contributes to its project's index. Byte offsets are into the file's
/// text; lines are 0-based.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// Names of the functions the file calls with arguments: a file that calls a close helper
    /// another file defines is analysed again once the index knows the helper.
    pub calls: BTreeSet<String>,
}

/// An integer constant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ConstDef {
    pub name: String,
    /// The type it is a member of (`Codes` in `Codes.AUTH`), if any.
    pub owner: Option<String>,
    pub value: i64,
    /// 0-based line of its name.
    pub line: u32,
}

/// One imported name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Import {
    /// The name as the other module defines it.
    pub name: String,
    /// The name this file uses for it, when it differs.
    pub alias: Option<String>,
}

/// A function whose parameter is a close call's code: `def fail(ws, code): ws.close(code)`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HelperDef {
    /// The function's name as callers spell it.
    pub name: String,
    /// The parameter that becomes the close code: its position among the parameters the
    /// caller passes (a Python `self`/`cls` is not counted) and its name (for keyword
    /// arguments).
    pub param: usize,
    pub param_name: String,
    /// The library and role of the close call inside.
    #[serde(with = "crate::cache::library_id")]
    pub api: crate::libraries::LibraryId,
    pub role: Role,
    /// 0-based line of the function's name.
    pub line: u32,
    /// The close call as written, for messages ("`ws.close(code)`"), cut to one line.
    pub call: String,
    /// The parameter the close call is guarded by, when it runs only under an `if` on one:
    /// a call passing the value that skips it sends no Close frame.
    pub guard: Option<Guard>,
}

/// A parameter a helper's close call runs under: `if (!skipCloseFrame) { this.sendCloseFrame(code) }`
/// is guarded by `skipCloseFrame`, sending only when it is falsy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Guard {
    /// Position and name of the parameter, as for [`HelperDef::param`].
    pub param: usize,
    pub param_name: String,
    /// Whether the close call runs when the parameter is truthy (`if (send)`) rather than
    /// falsy (`if (!skip)`).
    pub sends_when: bool,
}

impl Guard {
    /// Whether a call passing `arg` (an argument's text) as the guard's parameter skips the
    /// close call: only a literal whose truthiness is known says so (`true`, `False`, `null`,
    /// `0`); anything else may send.
    pub fn skips(&self, arg: &str) -> bool {
        truthiness(arg).is_some_and(|truthy| truthy != self.sends_when)
    }
}

/// The truthiness of a literal argument in the languages with optional flags (JavaScript,
/// Python, Ruby, PHP): `None` when the text is no such literal.
fn truthiness(arg: &str) -> Option<bool> {
    match arg.trim() {
        "true" | "True" | "TRUE" | "!0" => Some(true),
        "false" | "False" | "FALSE" | "null" | "NULL" | "undefined" | "None" | "nil" | "!1" => {
            Some(false)
        }
        number => number.parse::<i64>().ok().map(|n| n != 0),
    }
}

/// A call inside function `def` that passes `def`'s parameter `param` to `callee`, as its
/// argument `arg`: `def deny(ws): fail(ws, 4003)` forwards nothing, `def deny(ws, c): fail(ws, c)`
/// forwards `c`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// The parameter of `def` the forwarding call runs under, if any (as for
    /// [`HelperDef::guard`]).
    pub guard: Option<Guard>,
}

/// Where an argument sits in a call.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
    // A Swift declaration holds its `parameter`s itself; Dart nests `[optional]` and
    // `{named}` parameters in a group of their own.
    let declaration = list.kind().ends_with("_declaration");
    let mut names = Vec::new();
    let mut cursor = list.walk();
    let mut group = list.walk();
    let children = list.named_children(&mut cursor).flat_map(|child| {
        let nested: Vec<Node> = if child.kind() == "optional_formal_parameters" {
            child.named_children(&mut group).collect()
        } else {
            vec![child]
        };
        nested
    });
    for child in children {
        if child.kind().contains("comment")
            || (declaration && child.kind() != "parameter")
            || !is_parameter(list, child, source)
        {
            continue;
        }
        // Go declares several parameters in one node (`code, status int`): one name each.
        let mut fields = child.walk();
        let several: Vec<Node> = child.children_by_field_name("name", &mut fields).collect();
        if several.len() > 1 {
            names.extend(several.iter().filter_map(|n| param_name(*n, source)));
            names.truncate(MAX_ARGS);
            if names.len() >= MAX_ARGS {
                break;
            }
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

/// Whether `child` of parameter list `list` is a parameter the caller passes. Kotlin's list
/// holds a parameter's default value and modifiers (`vararg`, annotations) as siblings of its
/// `parameter`; a C# extension method's `this WebSocket ws` is the receiver.
fn is_parameter(list: Node, child: Node, source: &[u8]) -> bool {
    if list.kind() == "function_value_parameters" {
        return child.kind() == "parameter";
    }
    if child.kind() == "parameter" {
        let mut cursor = child.walk();
        let receiver = child
            .children(&mut cursor)
            .any(|c| c.kind() == "modifier" && c.utf8_text(source) == Ok("this"));
        return !receiver;
    }
    true
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
            // PHP's `$code` keeps its `$`, as the code expression in the body spells it.
            return node.utf8_text(source).ok().map(str::to_owned);
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
        let value = uncast(value, source);
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

/// The value a cast converts: Rust's `AppClose::Auth as u16`, C's `(uint16_t)CLOSE_AUTH`,
/// C++'s `static_cast<uint16_t>(AppClose::Auth)`, Go's `int(codes.KindShutdown)`. The code is
/// the value's.
fn uncast<'t>(node: Node<'t>, source: &[u8]) -> Node<'t> {
    const CONVERSIONS: &[&str] = &[
        "static_cast",
        "int",
        "int32",
        "int64",
        "uint",
        "uint16",
        "uint32",
    ];
    match node.kind() {
        "type_cast_expression" | "cast_expression" => node.child_by_field_name("value"),
        "call_expression" => node
            .child_by_field_name("function")
            .map(|f| match f.kind() {
                "template_function" => f.child_by_field_name("name").unwrap_or(f),
                _ => f,
            })
            .filter(|n| n.utf8_text(source).is_ok_and(|t| CONVERSIONS.contains(&t)))
            .and_then(|_| node.child_by_field_name("arguments"))
            .filter(|a| a.named_child_count() == 1)
            .and_then(|a| a.named_child(0)),
        _ => None,
    }
    .unwrap_or(node)
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
    // Ruby `code: 4001` is a `pair` (`key`, `value`).
    if let (Some(key), Some(value), "pair") = (
        arg.child_by_field_name("key"),
        arg.child_by_field_name("value"),
        arg.kind(),
    ) {
        return (Some(text(key).trim_start_matches(':').to_owned()), value);
    }
    // PHP 8 `kick($conn, code: 4001)`: the label names the parameter `$code`.
    if let (Some(name), "argument") = (arg.child_by_field_name("name"), arg.kind())
        && name.kind() == "name"
        && let Some(value) = arg.named_child(arg.named_child_count().saturating_sub(1))
    {
        return (Some(format!("${}", text(name))), value);
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
        [name, value]
            if arg.kind() == "value_argument"
                && matches!(name.kind(), "simple_identifier" | "identifier") =>
        {
            (Some(text(*name)), *value)
        }
        // C#: `code: 4001` is an `argument` with a `name` field and the value after it.
        [_, .., value] if arg.kind() == "argument" && arg.child_by_field_name("name").is_some() => {
            (arg.child_by_field_name("name").map(text), *value)
        }
        [value] => (None, *value),
        _ => (None, arg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::languages::Language;

    /// The first node of `kind` in `text` parsed as `language`, and what `read` makes of it.
    fn read_first<T>(language: Language, text: &str, kind: &str, read: fn(Node, &[u8]) -> T) -> T {
        let tree = crate::analysis::parse(language, text, None).unwrap();
        let mut cursor = tree.walk();
        loop {
            if cursor.node().kind() == kind {
                return read(cursor.node(), text.as_bytes());
            }
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                assert!(cursor.goto_parent(), "no {kind} in {text}");
            }
        }
    }

    #[test]
    fn go_parameters_sharing_a_type_are_one_name_each() {
        let text = "package p\nfunc kick(conn *websocket.Conn, code, status int, why string, rest ...int) {}\n";
        let names = read_first(Language::Go, text, "parameter_list", param_names);
        assert_eq!(names, ["conn", "code", "status", "why", "rest"]);
    }

    #[test]
    fn a_cast_argument_is_its_value() {
        let texts = |args: Vec<Arg>| args.into_iter().map(|a| a.text).collect::<Vec<_>>();
        let rust = "fn f() { kick(ws, AppClose::Auth as u16); }";
        let read = read_first(Language::Rust, rust, "arguments", args);
        assert_eq!(texts(read), ["ws", "AppClose::Auth"]);
        let go = "package p\nfunc f() { Kick(c, int(codes.KindShutdown), uint16(4001), len(x)) }\n";
        let read = read_first(Language::Go, go, "argument_list", args);
        assert_eq!(texts(read), ["c", "codes.KindShutdown", "4001", "len(x)"]);
        let cpp = "void f() { kick(ws, (uint16_t)CLOSE_AUTH, static_cast<int>(Codes::AUTH), g<int>(1)); }";
        let read = read_first(Language::Cpp, cpp, "argument_list", args);
        assert_eq!(
            texts(read),
            ["ws", "CLOSE_AUTH", "Codes::AUTH", "g<int>(1)"]
        );
    }

    /// The first node of `kind` in `text` parsed as `language` (a breadth-first walk).
    fn read<T>(language: Language, text: &str, kind: &str, f: impl Fn(Node) -> T) -> T {
        let tree = crate::analysis::parse(language, text, None).unwrap();
        let mut queue = std::collections::VecDeque::from([tree.root_node()]);
        while let Some(node) = queue.pop_front() {
            if node.kind() == kind {
                return f(node);
            }
            let mut cursor = node.walk();
            queue.extend(node.named_children(&mut cursor));
        }
        panic!("no {kind} in {text}");
    }

    fn labels(language: Language, text: &str, kind: &str) -> Vec<(Option<String>, String)> {
        read(language, text, kind, |n| {
            args(n, text.as_bytes())
                .into_iter()
                .map(|a| (a.label, a.text))
                .collect()
        })
    }

    fn arg(label: Option<&str>, text: &str) -> (Option<String>, String) {
        (label.map(str::to_owned), text.to_owned())
    }

    #[test]
    fn swift_dart_php_ruby_parameters() {
        let names = |language, text: &str, kind| {
            read(language, text, kind, |n| param_names(n, text.as_bytes()))
        };
        let swift = "func kick(_ ws: WebSocket, with code: UInt16, reason: String = \"\") { }";
        assert_eq!(
            names(Language::Swift, swift, "function_declaration"),
            ["ws", "code", "reason"]
        );
        let dart = "void kick(WebSocket ws, int code, [String? reason]) {}\n\
                    void deny(WebSocket ws, {required int code}) {}";
        assert_eq!(
            names(Language::Dart, dart, "formal_parameter_list"),
            ["ws", "code", "reason"]
        );
        let php = "<?php function kick($conn, int $code, string ...$rest) {}";
        assert_eq!(
            names(Language::Php, php, "formal_parameters"),
            ["$conn", "$code", "$rest"]
        );
        let ruby = "def kick(ws, code = 1000, reason:, **opts); end";
        assert_eq!(
            names(Language::Ruby, ruby, "method_parameters"),
            ["ws", "code", "reason", "opts"]
        );
    }

    #[test]
    fn cpp_parameters_through_declarators() {
        let text = "void kick(const std::string &why, char *p, uint16_t code, int a[]) {}";
        let names = read_first(Language::Cpp, text, "parameter_list", param_names);
        assert_eq!(names, ["why", "p", "code", "a"]);
    }

    #[test]
    fn php_and_ruby_labels() {
        let php = "<?php kick($conn, code: 4001);";
        assert_eq!(
            labels(Language::Php, php, "arguments"),
            [arg(None, "$conn"), arg(Some("$code"), "4001")]
        );
        let ruby = "kick ws, code: Codes::AUTH, :reason => 'x'";
        assert_eq!(
            labels(Language::Ruby, ruby, "argument_list"),
            [
                arg(None, "ws"),
                arg(Some("code"), "Codes::AUTH"),
                arg(Some("reason"), "'x'")
            ]
        );
        let dart = "void f() { deny(ch, code: Codes.auth); }";
        assert_eq!(
            labels(Language::Dart, dart, "arguments"),
            [arg(None, "ch"), arg(Some("code"), "Codes.auth")]
        );
        let swift = "session.kick(4001, reason: \"x\")";
        assert_eq!(
            labels(Language::Swift, swift, "value_arguments"),
            [arg(None, "4001"), arg(Some("reason"), "\"x\"")]
        );
    }
}

#[cfg(test)]
mod jvm_tests {
    use super::*;
    use crate::languages::Language;

    /// Parses `source` and gives what `read` reads from its first node of kind `kind`.
    fn first<T>(lang: Language, source: &str, kind: &str, read: impl Fn(Node) -> T) -> T {
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&lang.grammar()).unwrap();
        let tree = parser.parse(source, None).unwrap();
        let mut cursor = tree.walk();
        loop {
            if cursor.node().kind() == kind {
                return read(cursor.node());
            }
            if cursor.goto_first_child() || cursor.goto_next_sibling() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                assert!(cursor.goto_parent(), "no {kind} in {source}");
            }
        }
    }

    fn labelled(args: Vec<Arg>) -> Vec<(Option<String>, String)> {
        args.into_iter().map(|a| (a.label, a.text)).collect()
    }

    #[test]
    fn kotlin_parameters_skip_defaults_and_modifiers() {
        let src = "fun f(ws: WebSocket, reason: String = \"x\", vararg more: Int, code: Short = DEFAULT) {}";
        let names = first(Language::Kotlin, src, "function_value_parameters", |n| {
            param_names(n, src.as_bytes())
        });
        assert_eq!(names, ["ws", "reason", "more", "code"]);
    }

    #[test]
    fn kotlin_named_arguments() {
        let src = "fun g() { s.closeWith(code = 4001, reason = \"x\") }";
        let args = first(Language::Kotlin, src, "value_arguments", |n| {
            labelled(args(n, src.as_bytes()))
        });
        assert_eq!(
            args,
            [
                (Some("code".into()), "4001".into()),
                (Some("reason".into()), "\"x\"".into())
            ]
        );
    }

    #[test]
    fn csharp_extension_receiver_named_arguments_and_casts() {
        let src = "static class E { static Task F(this WebSocket ws, int code, string r) => ws.CloseAsync((WebSocketCloseStatus)code, r, ct); void G() { H(ws, code: 4001, (WebSocketCloseStatus)4002); } }";
        let names = first(Language::CSharp, src, "parameter_list", |n| {
            param_names(n, src.as_bytes())
        });
        assert_eq!(names, ["code", "r"]);
        let src = "class C { void G() { H(ws, code: 4001, (WebSocketCloseStatus)4002); } }";
        let args = first(Language::CSharp, src, "argument_list", |n| {
            labelled(args(n, src.as_bytes()))
        });
        assert_eq!(
            args,
            [
                (None, "ws".into()),
                (Some("code".into()), "4001".into()),
                (None, "4002".into())
            ]
        );
    }

    #[test]
    fn java_cast_argument_is_its_number() {
        let src = "class C { void g() { closeWith(session, (short) 4001); } }";
        let args = first(Language::Java, src, "argument_list", |n| {
            labelled(args(n, src.as_bytes()))
        });
        assert_eq!(args, [(None, "session".into()), (None, "4001".into())]);
    }
}
