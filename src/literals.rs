//! Reading code and reason expressions: integer literals in each language's spelling,
//! constant paths, and string literals.

use tree_sitter::Node;

use crate::detection::Reason;
use crate::languages::Language;

/// What a close-code expression is, read from its source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeExpr<'a> {
    /// An integer literal (`1008`, `-1`, `4001u16`, `0x3F0`, `1_000`).
    Int(i64),
    /// A path of identifiers: `websocket.ClosePolicyViolation` → `["websocket", "ClosePolicyViolation"]`;
    /// PHP's `\Amp\Websocket\WebsocketCloseCode::NORMAL_CLOSE` and Swift's `.goingAway` too.
    Path(Vec<&'a str>),
    /// A path applied to one argument, an integer or a name: `CloseCode::Library(4001)`,
    /// `CloseCode::from(APP_CODE)`.
    Wrapped(Vec<&'a str>, WrappedArg<'a>),
    /// Anything else (a variable expression, a call): not resolved.
    Other,
}

/// The argument of a [`CodeExpr::Wrapped`] code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrappedArg<'a> {
    Int(i64),
    /// A single identifier, resolved against the file's constants.
    Name(&'a str),
}

/// Classifies a code expression's text.
pub fn classify(expr: &str) -> CodeExpr<'_> {
    let expr = strip_parens(expr.trim());
    if let Some(n) = parse_int(expr) {
        return CodeExpr::Int(n);
    }
    if let Some(open) = expr.find('(')
        && expr.ends_with(')')
        && let Some(path) = parse_path(&expr[..open])
    {
        let inner = strip_label(expr[open + 1..expr.len() - 1].trim());
        let arg = match (parse_int(inner), parse_path(inner).as_deref()) {
            (Some(n), _) => WrappedArg::Int(n),
            (None, Some([name])) => WrappedArg::Name(name),
            _ => return CodeExpr::Other,
        };
        return CodeExpr::Wrapped(path, arg);
    }
    parse_path(expr).map_or(CodeExpr::Other, CodeExpr::Path)
}

/// A wrapper's argument without its Swift argument label (`rawValue: 4001` → `4001`); a
/// path's `::` is not a label.
fn strip_label(arg: &str) -> &str {
    match arg.split_once(':') {
        Some((label, rest)) if !rest.starts_with(':') && parse_path(label).is_some() => rest.trim(),
        _ => arg,
    }
}

/// Parses an integer literal as the supported languages spell it: an optional `-`, digit
/// separators `_`, `0x`/`0o`/`0b` prefixes, and Rust type suffixes (`u16`). Values beyond
/// `i64` saturate. Returns `None` for anything that is not a plain integer.
pub fn parse_int(text: &str) -> Option<i64> {
    let text = strip_parens(text.trim());
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let digits = strip_int_suffix(digits);
    let (radix, body) = match digits.get(..2) {
        Some("0x" | "0X") => (16, &digits[2..]),
        Some("0o" | "0O") => (8, &digits[2..]),
        Some("0b" | "0B") => (2, &digits[2..]),
        _ => (10, digits),
    };
    let cleaned: String = body.chars().filter(|c| *c != '_').collect();
    if radix == 10
        && let Some(value) = exponent_int(&cleaned)
    {
        let value = if negative { -value } else { value };
        return Some(value);
    }
    if cleaned.is_empty() || !cleaned.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let value = i128::from_str_radix(&cleaned, radix).unwrap_or(i128::MAX);
    let value = if negative { -value } else { value };
    Some(value.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
}

/// An integer written with an exponent, as minifiers write JavaScript numbers: `1e3` is 1000,
/// `4.5e3` 4500. Exponents above 9 are not close codes and give `None`.
fn exponent_int(text: &str) -> Option<i64> {
    let (mantissa, exp) = text.split_once(['e', 'E'])?;
    let exp: u32 = exp
        .strip_prefix('+')
        .unwrap_or(exp)
        .parse()
        .ok()
        .filter(|e| *e <= 9)?;
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let fraction = fraction.trim_end_matches('0');
    let shift = exp.checked_sub(u32::try_from(fraction.len()).ok()?)?;
    let digits: i64 = format!("{whole}{fraction}").parse().ok()?;
    digits.checked_mul(10_i64.checked_pow(shift)?)
}

fn strip_int_suffix(text: &str) -> &str {
    &text[..text.len() - int_suffix(text).len()]
}

/// The Rust integer type suffix of a literal, with its `_` separator (`"u16"` in `4001u16`,
/// `"_u16"` in `4001_u16`), or `""`.
pub fn int_suffix(text: &str) -> &str {
    const SUFFIXES: [&str; 12] = [
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
    ];
    SUFFIXES
        .iter()
        .find_map(|s| text.strip_suffix(s))
        .map_or("", |rest| &text[rest.trim_end_matches('_').len()..])
}

fn strip_parens(mut text: &str) -> &str {
    while let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        text = inner.trim();
    }
    text
}

fn parse_path(text: &str) -> Option<Vec<&str>> {
    let segments: Vec<&str> = text
        .split(['.', ':', '\\'])
        .filter(|s| !s.is_empty())
        .map(str::trim)
        .collect();
    let is_ident = |s: &&str| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
            && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    };
    (!segments.is_empty() && segments.iter().all(is_ident)).then_some(segments)
}

/// Node kinds that are string literals, per grammar.
const STRING_KINDS: &[&str] = &[
    "string",                     // JavaScript, TypeScript, Python
    "template_string",            // JavaScript, TypeScript
    "interpreted_string_literal", // Go
    "raw_string_literal",         // Go, Rust
    "string_literal",             // Rust, Dart
    "encapsed_string",            // PHP "..."
    "line_string_literal",        // Swift
    "multi_line_string_literal",  // Swift
];

/// Node kinds inside a string literal that make its value depend on run-time data.
/// PHP interpolates variables and member reads into `"..."` without a delimiter node.
const INTERPOLATION_KINDS: &[&str] = &[
    "template_substitution",    // JavaScript, TypeScript, Dart
    "interpolation",            // Python, Ruby
    "interpolated_expression",  // Swift
    "variable_name",            // PHP
    "dynamic_variable_name",    // PHP
    "member_access_expression", // PHP
    "subscript_expression",     // PHP
];

/// Node kinds a reason literal is never looked for inside: a format macro's first argument is
/// a template, not the reason.
const OPAQUE_KINDS: &[&str] = &["macro_invocation", "binary_expression", "binary_operator"];

/// Call node kinds, per grammar.
const CALL_KINDS: &[&str] = &["call_expression", "call"];

/// Calls that only convert a string, so the literal inside is the reason:
/// `"bye".into()`, `Utf8Bytes::from_static("bye")`, `Some("bye".to_owned())`, `"bye".encode()`.
/// Any other call (`"a".repeat(200)`) computes the reason at run time.
const CONVERSIONS: &[&str] = &[
    "into",
    "to_owned",
    "to_string",
    "into_owned",
    "from",
    "from_static",
    "Some",
    "Borrowed",
    "Owned",
    "encode",
    "String",
];

fn is_conversion_call(node: Node, source: &[u8]) -> bool {
    let Some(function) = node.child_by_field_name("function") else {
        return true; // a grammar without the field: look inside as before
    };
    let name = std::str::from_utf8(&source[function.byte_range()]).unwrap_or("");
    let last = name.rsplit(['.', ':']).next().unwrap_or(name).trim();
    CONVERSIONS.contains(&last)
}

/// The string literal a reason expression consists of, looking through wrappers such as
/// `"bye".into()`, `Utf8Bytes::from_static("bye")` or `Some("bye".to_string())` (breadth
/// first, a few levels deep). `None` when the reason is not a plain literal.
pub fn string_literal(_language: Language, node: Node, source: &[u8]) -> Option<Reason> {
    let mut queue = std::collections::VecDeque::from([(node, 0)]);
    while let Some((n, depth)) = queue.pop_front() {
        if STRING_KINDS.contains(&n.kind()) {
            return read_string(n, source);
        }
        if depth >= 4
            || OPAQUE_KINDS.contains(&n.kind())
            || (CALL_KINDS.contains(&n.kind()) && !is_conversion_call(n, source))
        {
            continue;
        }
        let mut cursor = n.walk();
        for child in n.named_children(&mut cursor) {
            queue.push_back((child, depth + 1));
        }
    }
    None
}

fn read_string(node: Node, source: &[u8]) -> Option<Reason> {
    if has_interpolation(node) {
        return None;
    }
    let raw = std::str::from_utf8(&source[node.byte_range()]).ok()?;
    let (prefix_len, quote) = opening(raw)?;
    let content_start = node.start_byte() + prefix_len + quote.len();
    let closing = raw
        .len()
        .checked_sub(quote.len() + (prefix_len - raw_prefix_letters(raw)))?;
    let content_end = node.start_byte() + closing;
    if content_end < content_start {
        return None;
    }
    let body = std::str::from_utf8(&source[content_start..content_end]).ok()?;
    let is_raw = raw[..raw_prefix_letters(raw)].contains(['r', 'R']) || quote == "`";
    let escaped = !is_raw && body.contains('\\');
    Some(Reason {
        text: if escaped {
            unescape(body)
        } else {
            body.to_owned()
        },
        range: node.byte_range(),
        content_range: content_start..content_end,
        escaped,
    })
}

/// Whether a string literal interpolates run-time values anywhere inside it (Dart nests the
/// quoted part in a second node, so direct children are not enough). A cursor walk of the
/// literal's subtree: interpolations nest strings in strings as deep as the input does.
fn has_interpolation(node: Node) -> bool {
    let mut cursor = node.walk();
    if !cursor.goto_first_child() {
        return false;
    }
    loop {
        let n = cursor.node();
        if n.is_named() && INTERPOLATION_KINDS.contains(&n.kind()) {
            return true;
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() || cursor.node() == node {
                return false;
            }
        }
    }
}

/// Letters before the opening quote (`b`, `r`, `f`, `u`, `br`…).
fn raw_prefix_letters(raw: &str) -> usize {
    raw.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(0)
}

/// Length of everything before the quote (letters and Rust raw-string `#`s), and the quote.
fn opening(raw: &str) -> Option<(usize, &'static str)> {
    let letters = raw_prefix_letters(raw);
    let hashes = raw[letters..].len() - raw[letters..].trim_start_matches('#').len();
    let rest = &raw[letters + hashes..];
    let quote = ["\"\"\"", "'''", "\"", "'", "`"]
        .into_iter()
        .find(|q| rest.starts_with(q))?;
    Some((letters + hashes, quote))
}

/// Decodes the common escapes (`\n`, `\t`, `\\`, quotes, `\xHH`, `\uXXXX`, `\u{X…}`); an
/// unknown escape keeps its backslash, which can only make the byte count larger.
fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some(q @ ('\\' | '"' | '\'' | '`')) => out.push(q),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => out.push_str(&format!("\\x{hex}")),
                }
            }
            Some('u') => {
                let hex: String = if chars.peek() == Some(&'{') {
                    chars.next();
                    chars.by_ref().take_while(|c| *c != '}').collect()
                } else {
                    chars.by_ref().take(4).collect()
                };
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => out.push_str(&format!("\\u{hex}")),
                }
            }
            Some('\n') => {} // line continuation
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_written_with_an_exponent() {
        assert_eq!(parse_int("1e3"), Some(1000));
        assert_eq!(parse_int("3e3"), Some(3000));
        assert_eq!(parse_int("4.5e3"), Some(4500));
        assert_eq!(parse_int("1E3"), Some(1000));
        assert_eq!(parse_int("1.5e0"), None);
        assert_eq!(parse_int("1e99"), None);
        assert_eq!(parse_int("e3"), None);
    }

    #[test]
    fn integers_in_every_spelling() {
        assert_eq!(parse_int("1008"), Some(1008));
        assert_eq!(parse_int("-1"), Some(-1));
        assert_eq!(parse_int("4001u16"), Some(4001));
        assert_eq!(parse_int("4_001_u16"), Some(4001));
        assert_eq!(parse_int("1_000"), Some(1000));
        assert_eq!(parse_int("0x3E8"), Some(1000));
        assert_eq!(parse_int("(1000)"), Some(1000));
        assert_eq!(parse_int("99999999999999999999999"), Some(i64::MAX));
        assert_eq!(parse_int("1.5"), None);
        assert_eq!(parse_int("code"), None);
        assert_eq!(parse_int(""), None);
    }

    #[test]
    fn paths_and_wrappers() {
        assert_eq!(
            classify("websocket.ClosePolicyViolation"),
            CodeExpr::Path(vec!["websocket", "ClosePolicyViolation"])
        );
        assert_eq!(
            classify("CloseCode::Policy"),
            CodeExpr::Path(vec!["CloseCode", "Policy"])
        );
        assert_eq!(
            classify("CloseCode::Library(4001)"),
            CodeExpr::Wrapped(vec!["CloseCode", "Library"], WrappedArg::Int(4001))
        );
        assert_eq!(
            classify("CloseCode::from(APP_CODE)"),
            CodeExpr::Wrapped(vec!["CloseCode", "from"], WrappedArg::Name("APP_CODE"))
        );
        assert_eq!(
            classify("\\Amp\\Websocket\\WebsocketCloseCode::NORMAL_CLOSE"),
            CodeExpr::Path(vec![
                "Amp",
                "Websocket",
                "WebsocketCloseCode",
                "NORMAL_CLOSE"
            ])
        );
        assert_eq!(classify(".goingAway"), CodeExpr::Path(vec!["goingAway"]));
        assert_eq!(
            classify(".unknown(4001)"),
            CodeExpr::Wrapped(vec!["unknown"], WrappedArg::Int(4001))
        );
        assert_eq!(
            classify("URLSessionWebSocketTask.CloseCode(rawValue: 4000)"),
            CodeExpr::Wrapped(
                vec!["URLSessionWebSocketTask", "CloseCode"],
                WrappedArg::Int(4000)
            )
        );
        assert_eq!(classify("CloseCode::Library(Foo::BAR)"), CodeExpr::Other);
        assert_eq!(classify("code + 1"), CodeExpr::Other);
        assert_eq!(classify("getCode()"), CodeExpr::Other);
    }

    #[test]
    fn unescapes_what_changes_byte_counts() {
        assert_eq!(unescape(r"a\nb"), "a\nb");
        assert_eq!(unescape(r"\u00e9"), "é");
        assert_eq!(unescape(r"\u{1F600}"), "😀");
        assert_eq!(unescape(r"\x41"), "A");
        assert_eq!(unescape(r"\q"), "\\q");
    }
}
