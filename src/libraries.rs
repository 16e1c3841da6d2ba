//! The WebSocket libraries wslsp knows (`src/libraries/<language>.toml`): their default roles, whether
//! the WHATWG `close()` rules apply, and their named close-code constants.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::languages::Language;

/// The role a library fixes for every socket it hands out, or `Infer` when it has both
/// server and client sockets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LibraryRole {
    Server,
    Client,
    Infer,
}

/// One `[[library]]` entry of `src/libraries/<language>.toml`.
#[derive(Debug, Deserialize)]
pub struct Library {
    /// Stable id, the `api` of a close site (`"ws"`, `"gorilla"`…).
    pub id: String,
    /// Human name (`"gorilla/websocket"`).
    pub name: String,
    language: String,
    /// The role every socket of this library has, or `Infer`.
    pub role: LibraryRole,
    /// The WHATWG `WebSocket.close()` rules apply (WHATWG WebSockets §3.1).
    #[serde(default)]
    pub whatwg: bool,
    /// Chosen only when no other candidate library has evidence in the file.
    #[serde(default)]
    pub fallback: bool,
    /// The library whose marks become this one's when this one has evidence in a file: `ws`
    /// shadows `browser`, because `import WebSocket from 'ws'` replaces the global constructor.
    #[serde(default)]
    pub shadows: Option<String>,
    /// What the library does with codes it does not send as they are: a Close frame without a
    /// status code, or an exception; first matching entry wins ([`Library::handling`]).
    #[serde(default)]
    code: Vec<CodeHandling>,
    /// Library functions that, handed some codes, fail the connection without sending a
    /// Close frame (RFC 6455 §7.1.7): a call of one with such a code is no close site
    /// ([`Library::drops`]).
    #[serde(default)]
    drop: Vec<DropFact>,
    #[serde(default)]
    qualifiers: Vec<String>,
    #[serde(default)]
    bare: bool,
    #[serde(default)]
    wrappers: Vec<String>,
    #[serde(default)]
    constants: BTreeMap<String, i64>,
    /// How a file that uses the library writes its constants, most specific first; the first
    /// whose import the file has wins ([`Library::qualifier_in`]).
    #[serde(default)]
    spelling: Vec<Spelling>,
    /// What turns a constant into the number where a call takes a number (Netty's `.code()`:
    /// its constants are objects); empty when the constants are numbers.
    #[serde(default)]
    pub number_suffix: String,
    /// How the API closes without a status code, if it can (a fix for a code that must not
    /// be sent).
    #[serde(default)]
    pub close_without_code: Option<NoCode>,
    /// The names the library's own code is published or declared under: a manifest's name
    /// (`package.json` `ws`, `go.mod` `nhooyr.io/websocket`, `pyproject.toml` `websockets`)
    /// or a package/namespace prefix its sources declare (`org.java_websocket`, `Fleck`).
    /// A file under such a manifest, or in such a package, is the library's own code
    /// ([`owning`]), where it never imports itself.
    #[serde(default)]
    pub packages: Vec<String>,
}

/// How an API sends a Close frame without a status code (RFC 6455 §5.5.1: the body is
/// optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoCode {
    /// The close call without arguments: `ws.close()`.
    NoArguments,
    /// `None` instead of `Some(frame)`: `Message::Close(None)`, `ws.close(None)`.
    None,
}

/// What a library does with a close code it is handed instead of putting it on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Handling {
    /// Sends a Close frame without a status code (RFC 6455 §5.5.1: the body is optional; the
    /// peer then reports 1005, §7.1.5): the library's idiom for "close without a code".
    NoCode,
    /// Rejects the code and throws (raises) before anything is sent.
    Throws,
}

/// One `[[library.code]]` entry: codes the library handles itself, and where the fact comes
/// from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeHandling {
    /// The codes, each a number or an inclusive `[first, last]` range.
    codes: Vec<CodeSpan>,
    /// What the library does with them.
    pub does: Handling,
    /// Words (whole words) of which a file must hold one for the fact to apply: the names that
    /// select an implementation (.NET's `HttpListener`); empty when it always applies.
    #[serde(default)]
    when: Vec<String>,
    /// The library source file (and function) the fact was read from.
    pub source: String,
}

/// One `[[library.drop]]` entry: functions of the library that send no Close frame for some
/// codes (websockets' `fail(1006)` closes the TCP connection only, RFC 6455 §7.1.7), and where
/// the fact comes from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropFact {
    /// The functions' names as a call spells them (`fail`, `fail_connection`).
    calls: Vec<String>,
    /// The codes, each a number or an inclusive `[first, last]` range.
    codes: Vec<CodeSpan>,
    /// The library source file (and function) the fact was read from.
    pub source: String,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(untagged)]
enum CodeSpan {
    One(i64),
    Range([i64; 2]),
}

impl CodeSpan {
    fn contains(self, code: i64) -> bool {
        match self {
            CodeSpan::One(n) => n == code,
            CodeSpan::Range([first, last]) => (first..=last).contains(&code),
        }
    }
}

impl CodeHandling {
    /// Whether this fact covers `code` in a file whose text is `source`.
    fn applies(&self, code: i64, source: &str) -> bool {
        self.codes.iter().any(|span| span.contains(code))
            && (self.when.is_empty()
                || self
                    .when
                    .iter()
                    .any(|word| find_word(source, word, 0, source.len()).is_some()))
    }
}

/// One way a file brings a library's constants into scope: when the file has `import` (a
/// whole word, on a line that also has the word `line_has`), constants are written
/// `qualifier` + name, or with the alias the import gives.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spelling {
    /// Text of the import (`"github.com/gorilla/websocket"`); empty for a spelling that needs
    /// no import (a fully qualified path such as `axum::extract::ws::close_code::`).
    import: String,
    #[serde(default)]
    line_has: Option<String>,
    qualifier: String,
    /// Where the import names an alias: `"before"` (Go: `ws "github.com/gorilla/websocket"`,
    /// `.` for none) or `"as"` (Python, Dart: `... as st`).
    #[serde(default)]
    alias: Option<Alias>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Alias {
    Before,
    As,
}

/// Imports are looked for in a file's first 64 KiB, where they are; a bound that keeps the
/// look-up cheap in files with thousands of close calls.
const IMPORT_REGION: usize = 64 * 1024;

impl Library {
    /// The language family whose files use this library.
    pub fn language(&self) -> Language {
        Language::from_name(&self.language).expect("libraries.toml names a known language")
    }

    /// The constant this library names `code` with, if any.
    pub fn constant_for(&self, code: i64) -> Option<&str> {
        // Each library names a code once; should one ever name it twice, the shortest wins.
        self.constants
            .iter()
            .filter(|(_, v)| **v == code)
            .map(|(k, _)| k.as_str())
            .min_by_key(|k| k.len())
    }

    /// What this library does with `code` when it is not sent as it is (a Close frame without
    /// a code, or an exception), in a file whose text is `source`; `None` when the library puts
    /// the code on the wire unchanged.
    pub fn handling(&self, code: i64, source: &str) -> Option<&CodeHandling> {
        self.code.iter().find(|h| h.applies(code, source))
    }

    /// The fact that the library's function `call` sends no Close frame at all when handed
    /// `code` (it fails the connection, RFC 6455 §7.1.7), if there is one.
    pub fn drops(&self, code: i64, call: &str) -> Option<&DropFact> {
        self.drop.iter().find(|d| {
            d.calls.iter().any(|c| c == call) && d.codes.iter().any(|span| span.contains(code))
        })
    }

    /// Whether the library turns `code` into a Close frame without a status code in `source`.
    pub fn sends_no_code(&self, code: i64, source: &str) -> bool {
        self.handling(code, source)
            .is_some_and(|h| h.does == Handling::NoCode)
    }

    /// Whether `name` is one of this library's constants or wrappers.
    pub fn defines(&self, name: &str) -> bool {
        self.constants.contains_key(name) || self.wrappers.iter().any(|w| w == name)
    }

    /// Whether `name` is one of the types the constants are written after
    /// (`CloseCode` in `CloseCode.policyViolation`), as opposed to a package alias.
    pub fn is_qualifier(&self, name: &str) -> bool {
        self.qualifiers.iter().any(|q| q == name)
    }

    /// What stands before a constant's name in `source`, a file that uses this library
    /// (`"websocket."`, `"ws."` for an aliased import, `"status."`, `"close_code::"`), from
    /// the first of its spellings whose import the file has; `None` when the file shows none.
    pub fn qualifier_in(&self, source: &str) -> Option<String> {
        let mut end = source.len().min(IMPORT_REGION);
        while !source.is_char_boundary(end) {
            end -= 1;
        }
        let head = &source[..end];
        self.spelling.iter().find_map(|s| s.find_in(head))
    }

    fn accepts_qualifier(&self, qualifier: Option<&str>) -> bool {
        match qualifier {
            None => self.bare,
            Some(q) => self.qualifiers.iter().any(|x| x == "*" || x == q),
        }
    }
}

impl Spelling {
    /// The qualifier this spelling gives in `head`, if `head` has its import.
    fn find_in(&self, head: &str) -> Option<String> {
        if self.import.is_empty() {
            return Some(self.qualifier.clone());
        }
        memchr::memmem::find_iter(head.as_bytes(), &self.import).find_map(|at| {
            let end = at + self.import.len();
            if !is_word_at(head, at, end) {
                return None;
            }
            let line_start = head[..at].rfind('\n').map_or(0, |i| i + 1);
            let line_end = head[end..].find('\n').map_or(head.len(), |i| end + i);
            let mut after = end;
            if let Some(word) = &self.line_has {
                after = find_word(head, word, line_start, line_end)?;
            }
            match self.alias {
                Some(Alias::Before) => alias_before(&head[line_start..at], &self.qualifier),
                Some(Alias::As) => Some(
                    alias_after(&head[after..line_end]).map_or(self.qualifier.clone(), |a| a + "."),
                ),
                None => Some(self.qualifier.clone()),
            }
        })
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `text[start..end]` is not part of a longer identifier on either side (only checked
/// on a side where the text itself begins or ends with an identifier character).
fn is_word_at(text: &str, start: usize, end: usize) -> bool {
    let inner = &text[start..end];
    let starts_word = inner.chars().next().is_some_and(is_ident_char);
    let ends_word = inner.chars().next_back().is_some_and(is_ident_char);
    let glued_before = starts_word && text[..start].chars().next_back().is_some_and(is_ident_char);
    let glued_after = ends_word && text[end..].chars().next().is_some_and(is_ident_char);
    !glued_before && !glued_after
}

/// The end of the first whole-word `word` in `text[from..to]`.
fn find_word(text: &str, word: &str, from: usize, to: usize) -> Option<usize> {
    text[from..to]
        .match_indices(word)
        .map(|(i, _)| from + i)
        .find(|&at| is_word_at(text, at, at + word.len()))
        .map(|at| at + word.len())
}

/// Go: the alias written before an import path (`ws "github.com/..."` → `ws.`, `.` → bare,
/// `_` → none, nothing → `default`).
fn alias_before(before: &str, default: &str) -> Option<String> {
    let token = before
        .trim()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    match token {
        "_" => None,
        "." => Some(String::new()),
        "" | "import" | "(" => Some(default.to_owned()),
        alias if alias.chars().all(is_ident_char) => Some(format!("{alias}.")),
        _ => Some(default.to_owned()),
    }
}

/// Python, Dart: the alias in `as alias` at the start of `after` (quotes of a Dart import
/// skipped).
fn alias_after(after: &str) -> Option<String> {
    let rest = after.trim_start_matches(['\'', '"']).trim_start();
    let alias: String = rest
        .strip_prefix("as")?
        .strip_prefix(char::is_whitespace)?
        .trim_start()
        .chars()
        .take_while(|c| is_ident_char(*c))
        .collect();
    (!alias.is_empty()).then_some(alias)
}

#[derive(Deserialize)]
struct File {
    library: Vec<Library>,
}

/// The library tables, one per language family.
const TABLES: &[(&str, &str)] = &[
    ("javascript", include_str!("libraries/javascript.toml")),
    ("python", include_str!("libraries/python.toml")),
    ("go", include_str!("libraries/go.toml")),
    ("rust", include_str!("libraries/rust.toml")),
    ("java", include_str!("libraries/java.toml")),
    ("kotlin", include_str!("libraries/kotlin.toml")),
    ("csharp", include_str!("libraries/csharp.toml")),
    ("cpp", include_str!("libraries/cpp.toml")),
    ("swift", include_str!("libraries/swift.toml")),
    ("dart", include_str!("libraries/dart.toml")),
    ("php", include_str!("libraries/php.toml")),
    ("ruby", include_str!("libraries/ruby.toml")),
];

static LIBRARIES: LazyLock<Vec<Library>> = LazyLock::new(|| {
    TABLES
        .iter()
        .flat_map(|(name, text)| {
            toml::from_str::<File>(text)
                .unwrap_or_else(|e| panic!("src/libraries/{name}.toml: {e}"))
                .library
        })
        .collect()
});

/// Every known library.
pub fn all() -> &'static [Library] {
    &LIBRARIES
}

/// A library's id as the tables spell it (`"ws"`): one `&'static str` per library, so sites
/// and helpers name their library without a copy.
pub type LibraryId = &'static str;

/// The library with this id.
pub fn by_id(id: &str) -> Option<&'static Library> {
    LIBRARIES.iter().find(|l| l.id == id)
}

/// What stands before a constant's name for each library `language` reads, in `source`
/// ([`Library::qualifier_in`]): the fixes of `magic-close-code` depend on it, so a change means
/// findings kept across an edit must be checked again.
pub fn qualifiers_in(language: Language, source: &str) -> Vec<Option<String>> {
    LIBRARIES
        .iter()
        .filter(|lib| language.uses_libraries_of(lib.language()))
        .map(|lib| lib.qualifier_in(source))
        .collect()
}

/// The ids of the libraries whose own code `name` declares (a manifest's name or a source
/// file's package, module or namespace): `name` equals one of a library's `packages`, or
/// starts with one followed by a separator (`org.java_websocket.drafts`, `Fleck.Handlers`,
/// `github.com/gorilla/websocket/examples`), among the libraries of a language `family` accepts
/// (the same name means different projects in npm and crates.io: `ws`). Empty when none;
/// never panics.
pub fn owning(name: &str, family: impl Fn(Language) -> bool) -> Vec<&'static str> {
    let name = name.trim();
    LIBRARIES
        .iter()
        .filter(|lib| family(lib.language()) && lib.packages.iter().any(|p| declares(name, p)))
        .map(|lib| lib.id.as_str())
        .collect()
}

/// Whether `name` is `package` or inside it (a `.`, `/`, `\\` or `::` after the prefix).
fn declares(name: &str, package: &str) -> bool {
    match name.strip_prefix(package) {
        Some("") => true,
        Some(rest) => [".", "/", "\\", "::"]
            .iter()
            .any(|sep| rest.starts_with(sep)),
        None => false,
    }
}

/// A named constant resolved to its close code.
#[derive(Debug, Clone, Copy)]
pub struct ResolvedConstant {
    pub library: &'static Library,
    pub code: i64,
}

/// Resolves a constant path (its segments, e.g. `["websocket", "ClosePolicyViolation"]` or
/// `["CloseCode", "Library"]` with `wrapped = Some(4001)`) among the libraries of `language`.
///
/// When several libraries define the name, those in `evidence` (the library ids the file
/// shows signs of using) are kept, then those in `prefer` (the libraries the call itself may
/// belong to). Returns `None` when no library defines the name or the candidates left
/// disagree on the number.
pub fn resolve_constant(
    language: Language,
    segments: &[&str],
    wrapped: Option<i64>,
    evidence: &[&str],
    prefer: &[&str],
) -> Option<ResolvedConstant> {
    resolve_constant_in(language, segments, wrapped, evidence, prefer, &[])
}

/// [`resolve_constant`] in a file of the libraries `own` (their own code, [`owning`]), where
/// a constant of theirs may stand alone (`StatusPolicyViolation` inside coder/websocket's
/// `package websocket`): it is declared in the same package, so it needs no qualifier.
pub fn resolve_constant_in(
    language: Language,
    segments: &[&str],
    wrapped: Option<i64>,
    evidence: &[&str],
    prefer: &[&str],
    own: &[&str],
) -> Option<ResolvedConstant> {
    let (name, qualifier) = match segments {
        [] => return None,
        [name] => (*name, None),
        [.., q, name] => (*name, Some(*q)),
    };
    let mut candidates: Vec<ResolvedConstant> = LIBRARIES
        .iter()
        .filter(|lib| {
            language.uses_libraries_of(lib.language())
                && (lib.accepts_qualifier(qualifier)
                    || (qualifier.is_none() && own.contains(&lib.id.as_str())))
        })
        .filter_map(|library| {
            let code = match wrapped {
                Some(n) => library.wrappers.iter().any(|w| w == name).then_some(n)?,
                None => *library.constants.get(name)?,
            };
            Some(ResolvedConstant { library, code })
        })
        .collect();
    for ids in [evidence, prefer] {
        if candidates
            .iter()
            .any(|c| ids.contains(&c.library.id.as_str()))
        {
            candidates.retain(|c| ids.contains(&c.library.id.as_str()));
        }
    }
    let first = *candidates.first()?;
    candidates
        .iter()
        .all(|c| c.code == first.code)
        .then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn qualifier(id: &str, source: &str) -> Option<String> {
        by_id(id).unwrap().qualifier_in(source)
    }

    #[test]
    fn library_ids_are_unique_across_tables() {
        // `by_id` returns the first match: a second table reusing an id would be unreachable.
        let mut ids: Vec<&str> = all().iter().map(|l| l.id.as_str()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "a library id appears in two entries");
    }

    #[test]
    fn drop_facts_name_the_function_and_the_code() {
        let websockets = by_id("websockets").unwrap();
        assert!(websockets.drops(1006, "fail").is_some());
        assert!(websockets.drops(1006, "fail_connection").is_some());
        assert!(websockets.drops(1011, "fail").is_none());
        assert!(websockets.drops(1006, "close").is_none());
        for lib in all() {
            for fact in &lib.drop {
                assert!(
                    !fact.calls.is_empty() && !fact.source.is_empty(),
                    "{}",
                    lib.id
                );
            }
        }
    }

    #[test]
    fn code_facts_say_what_a_library_does_with_a_code() {
        let jetty = by_id("jetty").unwrap();
        for code in [1005, 1006, 1015] {
            assert!(jetty.sends_no_code(code, ""), "{code}");
        }
        assert_eq!(jetty.handling(1004, "").unwrap().does, Handling::Throws);
        assert!(jetty.handling(1000, "").is_none());
        // .NET's Empty is "no code" only where the file uses a Windows implementation.
        let dotnet = by_id("dotnet").unwrap();
        assert!(!dotnet.sends_no_code(1005, "var ws = new ClientWebSocket();"));
        assert!(dotnet.sends_no_code(1005, "HttpListenerWebSocketContext c;"));
        assert!(!dotnet.sends_no_code(1005, "MyHttpListenerish x;"));
        assert_eq!(dotnet.handling(1006, "").unwrap().does, Handling::Throws);
        let okhttp = by_id("okhttp").unwrap();
        assert_eq!(
            okhttp.handling(98_724_976, "").unwrap().does,
            Handling::Throws
        );
        assert!(
            okhttp
                .handling(0, "")
                .is_some_and(|h| h.does == Handling::Throws)
        );
    }

    #[test]
    fn every_code_fact_cites_its_source() {
        for lib in all() {
            for fact in &lib.code {
                assert!(!fact.source.trim().is_empty(), "{}", lib.id);
                assert!(!fact.codes.is_empty(), "{}", lib.id);
            }
        }
    }

    #[test]
    fn go_imports_give_the_package_name_or_its_alias() {
        let plain = "package m\nimport \"github.com/gorilla/websocket\"\n";
        assert_eq!(qualifier("gorilla", plain).as_deref(), Some("websocket."));
        let aliased = "package m\nimport (\n\tws \"github.com/gorilla/websocket\"\n)\n";
        assert_eq!(qualifier("gorilla", aliased).as_deref(), Some("ws."));
        let dot = "package m\nimport . \"github.com/gorilla/websocket\"\n";
        assert_eq!(qualifier("gorilla", dot).as_deref(), Some(""));
        let blank = "package m\nimport _ \"github.com/gorilla/websocket\"\n";
        assert_eq!(qualifier("gorilla", blank), None);
        // gobwas's wsutil alone does not bring `ws.` into scope.
        let wsutil = "package m\nimport \"github.com/gobwas/ws/wsutil\"\n";
        assert_eq!(qualifier("gobwas", wsutil), None);
    }

    #[test]
    fn python_imports_need_the_name_on_the_line_and_whole_words() {
        let fastapi = "from fastapi import FastAPI, WebSocket, status\n";
        assert_eq!(qualifier("starlette", fastapi).as_deref(), Some("status."));
        let aliased = "from starlette import status as st\n";
        assert_eq!(qualifier("starlette", aliased).as_deref(), Some("st."));
        let without = "from fastapi import FastAPI, WebSocket\nstatus_code = 1\n";
        assert_eq!(qualifier("starlette", without), None);
        assert_eq!(
            qualifier("websocket-client", "import websocket\n").as_deref(),
            Some("websocket.")
        );
        assert_eq!(qualifier("websocket-client", "import websockets\n"), None);
        let aiohttp = "import aiohttp\n";
        assert_eq!(
            qualifier("aiohttp", aiohttp).as_deref(),
            Some("aiohttp.WSCloseCode.")
        );
    }

    #[test]
    fn rust_paths_are_fully_qualified_without_an_import() {
        assert_eq!(
            qualifier("axum", "use axum::Router;\n").as_deref(),
            Some("axum::extract::ws::close_code::")
        );
        let imported = "use axum::extract::ws::{close_code, Message};\n";
        assert_eq!(qualifier("axum", imported).as_deref(), Some("close_code::"));
    }
}
