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
    /// Codes this API turns into a Close frame without a status code instead of sending them.
    #[serde(default)]
    pub body_less: Vec<i64>,
    #[serde(default)]
    qualifiers: Vec<String>,
    #[serde(default)]
    bare: bool,
    #[serde(default)]
    wrappers: Vec<String>,
    #[serde(default)]
    constants: BTreeMap<String, i64>,
}

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

    /// Whether `name` is one of this library's constants or wrappers.
    pub fn defines(&self, name: &str) -> bool {
        self.constants.contains_key(name) || self.wrappers.iter().any(|w| w == name)
    }

    fn accepts_qualifier(&self, qualifier: Option<&str>) -> bool {
        match qualifier {
            None => self.bare,
            Some(q) => self.qualifiers.iter().any(|x| x == "*" || x == q),
        }
    }
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

/// The library with this id.
pub fn by_id(id: &str) -> Option<&'static Library> {
    LIBRARIES.iter().find(|l| l.id == id)
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
    let (name, qualifier) = match segments {
        [] => return None,
        [name] => (*name, None),
        [.., q, name] => (*name, Some(*q)),
    };
    let mut candidates: Vec<ResolvedConstant> = LIBRARIES
        .iter()
        .filter(|lib| {
            language.uses_libraries_of(lib.language()) && lib.accepts_qualifier(qualifier)
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
