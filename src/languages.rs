//! The languages wslsp reads: their grammars, file extensions, comment syntax, byte
//! prefilters and compiled tree-sitter queries.
//!
//! The per-language facts live in `src/languages.toml` and `queries/<name>.scm`; this module
//! only links each grammar crate and loads the data once per process.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{LazyLock, OnceLock};

use memchr::memmem::Finder;
use serde::Deserialize;
use tree_sitter::Query;

/// A source language with its own grammar. JavaScript covers `.js .mjs .cjs .jsx`;
/// TypeScript and TSX are separate grammars that share `queries/typescript.scm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    JavaScript,
    TypeScript,
    Tsx,
    Python,
    Go,
    Rust,
    Java,
    Kotlin,
    CSharp,
    Cpp,
    Swift,
    Dart,
    Php,
    Ruby,
}

impl Language {
    /// Every language, in a stable order.
    pub const ALL: [Language; 14] = [
        Language::JavaScript,
        Language::TypeScript,
        Language::Tsx,
        Language::Python,
        Language::Go,
        Language::Rust,
        Language::Java,
        Language::Kotlin,
        Language::CSharp,
        Language::Cpp,
        Language::Swift,
        Language::Dart,
        Language::Php,
        Language::Ruby,
    ];

    /// The lowercase name used in output and in `src/languages.toml` (`"javascript"`, `"tsx"`…).
    pub fn name(self) -> &'static str {
        match self {
            Language::JavaScript => "javascript",
            Language::TypeScript => "typescript",
            Language::Tsx => "tsx",
            Language::Python => "python",
            Language::Go => "go",
            Language::Rust => "rust",
            Language::Java => "java",
            Language::Kotlin => "kotlin",
            Language::CSharp => "csharp",
            Language::Cpp => "cpp",
            Language::Swift => "swift",
            Language::Dart => "dart",
            Language::Php => "php",
            Language::Ruby => "ruby",
        }
    }

    /// The language whose library table applies: TypeScript and TSX use the JavaScript
    /// libraries (`ws`, the browser `WebSocket`…).
    pub fn family(self) -> Language {
        match self {
            Language::TypeScript | Language::Tsx => Language::JavaScript,
            other => other,
        }
    }

    /// Whether this language's files call the libraries of `table`'s library table
    /// (`src/libraries/<table>.toml`): its family's, and those its `libraries` key in
    /// `src/languages.toml` adds (Kotlin calls the Java libraries).
    pub fn uses_libraries_of(self, table: Language) -> bool {
        table == self.family() || self.spec().libraries.iter().any(|l| l == table.name())
    }

    /// Whether code in this language can name what a file of `other` defines (a constant, a
    /// close helper): the same family, or a family one of them calls (Kotlin calls Java).
    /// Nothing else crosses languages, so a project's files of other languages never matter
    /// to this one's resolution.
    pub fn can_name(self, other: Language) -> bool {
        let (here, there) = (self.family(), other.family());
        here == there || here.uses_libraries_of(there) || there.uses_libraries_of(here)
    }

    /// The tree-sitter grammar.
    pub fn grammar(self) -> tree_sitter::Language {
        match self {
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::Go => tree_sitter_go::LANGUAGE.into(),
            Language::Rust => tree_sitter_rust::LANGUAGE.into(),
            Language::Java => tree_sitter_java::LANGUAGE.into(),
            Language::Kotlin => tree_sitter_kotlin_ng::LANGUAGE.into(),
            Language::CSharp => tree_sitter_c_sharp::LANGUAGE.into(),
            Language::Cpp => tree_sitter_cpp::LANGUAGE.into(),
            Language::Swift => tree_sitter_swift::LANGUAGE.into(),
            Language::Dart => tree_sitter_dart::LANGUAGE.into(),
            // The PHP grammar with text outside `<?php` tags, as `.php` files are written.
            Language::Php => tree_sitter_php::LANGUAGE_PHP.into(),
            Language::Ruby => tree_sitter_ruby::LANGUAGE.into(),
        }
    }

    /// The language of a path, by its extension (case-sensitive, as compilers treat them).
    pub fn from_path(path: &Path) -> Option<Language> {
        let ext = path.extension()?.to_str()?;
        Language::ALL
            .into_iter()
            .find(|lang| lang.spec().extensions.iter().any(|e| e == ext))
    }

    /// The language named `name` as in [`Language::name`].
    pub fn from_name(name: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.name() == name)
    }

    /// The line-comment prefix (`//` or `#`), used when inserting a suppression comment.
    pub fn comment_prefix(self) -> &'static str {
        &self.spec().comment
    }

    /// Whether `source` can hold a close site at all: every prefilter group of this language
    /// has at least one of its byte strings in it. Each token is a SIMD substring search that
    /// stops at the first hit; nothing is parsed. A `false` is final.
    pub fn may_contain_close_site(self, source: &[u8]) -> bool {
        // Groups are listed rarest first, so most files fail the first group. Each token is a
        // SIMD substring search (memchr's memmem, tens of GB/s); an Aho-Corasick automaton over
        // the same tokens measured 80 times slower here (benches/engine.rs).
        LOADED[&self]
            .prefilter
            .iter()
            .all(|group| group.iter().any(|token| token.find(source).is_some()))
    }

    /// The compiled detection query (`queries/<name>.scm`, with its `; inherits:` files),
    /// compiled on first use: compiling a query costs milliseconds, so a run that meets only
    /// Python files never compiles the Rust one.
    pub fn query(self) -> &'static Query {
        LOADED[&self].query.get_or_init(|| {
            let name = &self.spec().query;
            Query::new(&self.grammar(), &query_source(name))
                .unwrap_or_else(|e| panic!("queries/{name}.scm does not compile: {e}"))
        })
    }

    fn spec(self) -> &'static LanguageSpec {
        &SPECS[self.name()]
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Deserialize)]
struct LanguageSpec {
    extensions: Vec<String>,
    query: String,
    comment: String,
    prefilter: Vec<Vec<String>>,
    /// Library tables used besides the family's own.
    #[serde(default)]
    libraries: Vec<String>,
}

static SPECS: LazyLock<HashMap<String, LanguageSpec>> = LazyLock::new(|| {
    toml::from_str(include_str!("languages.toml")).expect("src/languages.toml is valid")
});

struct Loaded {
    query: OnceLock<Query>,
    /// One substring searcher per token, grouped as in `src/languages.toml`.
    prefilter: Vec<Vec<Finder<'static>>>,
}

static LOADED: LazyLock<HashMap<Language, Loaded>> = LazyLock::new(|| {
    Language::ALL
        .into_iter()
        .map(|lang| (lang, load(lang)))
        .collect()
});

fn load(lang: Language) -> Loaded {
    let spec = lang.spec();
    let prefilter = spec
        .prefilter
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|token| Finder::new(token.as_bytes()).into_owned())
                .collect()
        })
        .collect();
    Loaded {
        query: OnceLock::new(),
        prefilter,
    }
}

/// The text of `queries/<name>.scm`, with the files named on its `; inherits: a, b` first
/// line prepended (the convention of tree-sitter's own highlight queries).
fn query_source(name: &str) -> String {
    let own = QUERY_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
        .unwrap_or_else(|| panic!("no queries/{name}.scm"));
    let mut out = String::new();
    if let Some(rest) = own
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("; inherits:"))
    {
        for parent in rest.split(',') {
            out.push_str(&query_source(parent.trim()));
            out.push('\n');
        }
    }
    out.push_str(own);
    // The facts the project index reads (`queries/<name>.facts.scm`): definitions, calls,
    // constants and imports.
    if let Some((_, facts)) = FACT_FILES.iter().find(|(n, _)| *n == name) {
        out.push('\n');
        out.push_str(facts);
    }
    out
}

const FACT_FILES: &[(&str, &str)] = &[
    (
        "javascript",
        include_str!("../queries/javascript.facts.scm"),
    ),
    (
        "typescript",
        include_str!("../queries/typescript.facts.scm"),
    ),
    ("python", include_str!("../queries/python.facts.scm")),
    ("go", include_str!("../queries/go.facts.scm")),
    ("rust", include_str!("../queries/rust.facts.scm")),
    ("java", include_str!("../queries/java.facts.scm")),
    ("kotlin", include_str!("../queries/kotlin.facts.scm")),
    ("csharp", include_str!("../queries/csharp.facts.scm")),
    ("cpp", include_str!("../queries/cpp.facts.scm")),
    ("swift", include_str!("../queries/swift.facts.scm")),
    ("dart", include_str!("../queries/dart.facts.scm")),
    ("php", include_str!("../queries/php.facts.scm")),
    ("ruby", include_str!("../queries/ruby.facts.scm")),
];

const QUERY_FILES: &[(&str, &str)] = &[
    ("javascript", include_str!("../queries/javascript.scm")),
    ("typescript", include_str!("../queries/typescript.scm")),
    ("python", include_str!("../queries/python.scm")),
    ("go", include_str!("../queries/go.scm")),
    ("rust", include_str!("../queries/rust.scm")),
    ("java", include_str!("../queries/java.scm")),
    ("kotlin", include_str!("../queries/kotlin.scm")),
    ("csharp", include_str!("../queries/csharp.scm")),
    ("cpp", include_str!("../queries/cpp.scm")),
    ("swift", include_str!("../queries/swift.scm")),
    ("dart", include_str!("../queries/dart.scm")),
    ("php", include_str!("../queries/php.scm")),
    ("ruby", include_str!("../queries/ruby.scm")),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detection::read_at;

    /// The received code a hover sees at `needle` in `text`, if any.
    fn read(language: Language, text: &str, needle: &str) -> Option<i64> {
        let tree = crate::analysis::parse(language, text, None).unwrap();
        let at = text.find(needle).unwrap();
        read_at(language, &tree, text.as_bytes(), at).map(|r| r.code)
    }

    #[test]
    fn received_codes_in_the_jvm_dotnet_and_cpp_languages() {
        let java = "class A { void f(CloseReason r, int code) {\n\
                    if (r.getCloseCode().getCode() == 1006) {}\n\
                    switch (code) { case 1001: break; }\n\
                    if (r.getCloseCode().getCode() == 404) {} } }";
        assert_eq!(read(Language::Java, java, "1006"), Some(1006));
        assert_eq!(read(Language::Java, java, "1001"), Some(1001));
        assert_eq!(read(Language::Java, java, "404"), None);
        let kotlin = "fun f(r: CloseReason?, code: Int) {\n\
                      if (r?.code == 1006.toShort()) {}\n\
                      when (code) { 1001 -> println() }\n}";
        assert_eq!(read(Language::Kotlin, kotlin, "1006"), Some(1006));
        assert_eq!(read(Language::Kotlin, kotlin, "1001"), Some(1001));
        let csharp = "class A { void F(WebSocketReceiveResult result) {\n\
                      if (result.CloseStatus == WebSocketCloseStatus.EndpointUnavailable) {} } }";
        assert_eq!(
            read(
                Language::CSharp,
                csharp,
                "WebSocketCloseStatus.EndpointUnavailable"
            ),
            Some(1001)
        );
        let cpp = "void f(server::connection_ptr con) {\n\
                   if (con->get_remote_close_code() == 1006) {}\n\
                   if (ws.reason().code == websocket::close_code::going_away) {} }";
        assert_eq!(read(Language::Cpp, cpp, "1006"), Some(1006));
        assert_eq!(
            read(Language::Cpp, cpp, "websocket::close_code::going_away"),
            Some(1001)
        );
    }

    #[test]
    fn kotlin_reads_the_java_library_tables_and_java_does_not_read_kotlins() {
        assert!(Language::Kotlin.uses_libraries_of(Language::Java));
        assert!(Language::Kotlin.uses_libraries_of(Language::Kotlin));
        assert!(!Language::Java.uses_libraries_of(Language::Kotlin));
        assert!(!Language::CSharp.uses_libraries_of(Language::Java));
    }

    #[test]
    fn new_extensions_map_to_their_languages() {
        for (file, lang) in [
            ("A.java", Language::Java),
            ("a.kt", Language::Kotlin),
            ("build.gradle.kts", Language::Kotlin),
            ("A.cs", Language::CSharp),
            ("a.cc", Language::Cpp),
            ("a.hpp", Language::Cpp),
            ("lws.c", Language::Cpp),
        ] {
            assert_eq!(Language::from_path(Path::new(file)), Some(lang), "{file}");
        }
    }
}
