//! The close-code catalog: one [`Entry`] for every WebSocket close code a user can meet.
//!
//! A close code (RFC 6455 calls it a *status code*) is the 2-byte unsigned integer, in network
//! byte order, at the start of a Close frame body (RFC 6455 §5.5.1). All codes in this module are
//! therefore plain `u16` values, 0 to 65535 inclusive; there are no other units.
//!
//! The data lives in `src/catalog.toml`, embedded at compile time and parsed once, on first use,
//! by [`catalog()`]. It holds:
//!
//! - the codes 1000–1015 one by one (RFC 6455 §7.4.1, plus 1012–1014 from the IANA registry),
//! - the IANA-registered 3000 Unauthorized, 3003 Forbidden and 3008 Timeout,
//! - the ranges 0–999, 1016–2999, 3000–3999, 4000–4999 (RFC 6455 §7.4.2) and 5000–65535
//!   (outside every range; the registry of RFC 6455 §11.7 stops at 4999).
//!
//! Together they cover every `u16` exactly once, with single-code entries taking precedence
//! over the range that contains them.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::locale::{self, Locale, PerLocale};

/// The TOML source of the catalog, embedded at compile time.
const SOURCE: &str = include_str!("catalog.toml");

/// Which endpoint may send a close code in a Close frame (RFC 6455 §7.4.1, §7.4.2).
///
/// "Client" is the endpoint that opened the handshake, "server" the one that accepted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sender {
    /// Only a client may send it (1010, RFC 6455 §7.4.1).
    Client,
    /// Only a server may send it (1012–1014, by their IANA registrations).
    Server,
    /// Either endpoint may send it.
    Either,
    /// No endpoint may send it: reserved for local reporting (1005, 1006, 1015), reserved
    /// without meaning (1004), unassigned (1016–2999), not used (0–999) or out of range
    /// (5000–65535).
    Nobody,
}

/// Another close code that users mix up with an entry, with advice on choosing between them.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Confusion {
    /// The other close code (a `u16` status code value, RFC 6455 §7.4). It always resolves
    /// through [`Catalog::lookup`], and never to the entry that lists it.
    pub code: u16,
    /// One or two sentences on how to choose between the entry's code and [`Confusion::code`].
    pub choose: String,
}

/// One catalog entry: a single close code (`first == last`) or an inclusive range of codes.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// First close code covered, inclusive (a `u16` status code value, RFC 6455 §7.4).
    pub first: u16,
    /// Last close code covered, inclusive; equal to [`Entry::first`] for a single code.
    pub last: u16,
    /// The IANA-registered name (RFC 6455 §11.7 and later registrations), e.g.
    /// "Policy Violation"; for a range, a descriptive name such as "Private Use".
    pub name: String,
    /// Which endpoint may send the code in a Close frame.
    pub sender: Sender,
    /// Whether the code may appear in a Close frame at all. False for 1005, 1006 and 1015
    /// (RFC 6455 §7.4.1 "MUST NOT be set"), for the reserved 1004, and for codes outside the
    /// ranges RFC 6455 §7.4.2 opens for use.
    pub on_wire: bool,
    /// Whether the WHATWG `WebSocket.close(code)` accepts the code: only 1000 and 3000–4999.
    pub browser_close: bool,
    /// One line of at most 80 characters (Unicode scalar values), for completion lists and
    /// inlay hints.
    pub summary: String,
    /// What the code means (2–3 sentences).
    pub meaning: String,
    /// When the code is seen in practice (2–3 sentences).
    pub when_seen: String,
    /// How to resolve it, or what to send instead (2–3 sentences).
    pub resolve: String,
    /// Where the code is defined, e.g. "RFC 6455 §7.4.1", "RFC 6455 §7.4.2" or
    /// "IANA WebSocket Close Code Number Registry".
    pub source: String,
    /// A link to [`Entry::source`].
    pub source_url: String,
    /// Codes that users confuse with this one, with advice on choosing.
    #[serde(default)]
    pub confused_with: Vec<Confusion>,
}

impl Entry {
    /// True if the entry covers more than one close code (`first != last`).
    pub fn is_range(&self) -> bool {
        self.first != self.last
    }

    /// A display label: "1008 Policy Violation" for a single code, or
    /// "4000–4999 Private Use" (with an en dash) for a range.
    pub fn label(&self) -> String {
        self.label_in(Locale::En)
    }

    /// True if `code` lies in `first..=last`.
    fn contains(&self, code: u16) -> bool {
        (self.first..=self.last).contains(&code)
    }

    /// The key of the entry in `src/locales/<tag>/catalog.toml`: `"1008"` for a single code,
    /// `"4000-4999"` for a range.
    pub fn key(&self) -> String {
        if self.is_range() {
            format!("{}-{}", self.first, self.last)
        } else {
            self.first.to_string()
        }
    }

    /// The entry's text in `locale`, English for any string the locale does not translate.
    /// A single code keeps its IANA-registered name in every locale; a range's descriptive
    /// name ("Private Use") is translated.
    pub fn text<'a>(&'a self, locale: Locale) -> EntryText<'a> {
        // English needs no look-up, and so never loads the translations.
        let translation = (locale != Locale::En)
            .then(|| TRANSLATIONS.get(locale)?.entry.get(&self.key()))
            .flatten();
        let pick = |field: fn(&EntryTranslation) -> &Option<String>, english: &'a str| {
            translation
                .and_then(|t| field(t).as_deref())
                .unwrap_or(english)
        };
        EntryText {
            // A single code keeps its registered name even if a translation has one.
            name: if self.is_range() {
                pick(|t| &t.name, &self.name)
            } else {
                &self.name
            },
            summary: pick(|t| &t.summary, &self.summary),
            meaning: pick(|t| &t.meaning, &self.meaning),
            when_seen: pick(|t| &t.when_seen, &self.when_seen),
            resolve: pick(|t| &t.resolve, &self.resolve),
            confused_with: self
                .confused_with
                .iter()
                .map(|c| {
                    let choose = translation
                        .and_then(|t| t.confused_with.get(&c.code.to_string()))
                        .map_or(c.choose.as_str(), String::as_str);
                    (c.code, choose)
                })
                .collect(),
        }
    }

    /// [`Entry::label`] in `locale`: a range's name is translated, a single code's is not.
    pub fn label_in(&self, locale: Locale) -> String {
        let name = self.text(locale).name;
        if self.is_range() {
            format!("{}\u{2013}{} {name}", self.first, self.last)
        } else {
            format!("{} {name}", self.first)
        }
    }
}

/// An entry's prose in one locale (see [`Entry::text`]); the fields mean what the same
/// fields of [`Entry`] mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryText<'a> {
    pub name: &'a str,
    pub summary: &'a str,
    pub meaning: &'a str,
    pub when_seen: &'a str,
    pub resolve: &'a str,
    /// `(code, choose)` for each of [`Entry::confused_with`], in the same order.
    pub confused_with: Vec<(u16, &'a str)>,
}

/// One locale's `catalog.toml`: translations by [`Entry::key`]. Every field is optional so
/// that a missing string falls back to English alone.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationFile {
    #[serde(default)]
    entry: BTreeMap<String, EntryTranslation>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryTranslation {
    /// Only for ranges: a single code keeps its registered name.
    name: Option<String>,
    summary: Option<String>,
    meaning: Option<String>,
    when_seen: Option<String>,
    resolve: Option<String>,
    /// `choose` by the other code, as a string key (`"1003"`).
    #[serde(default)]
    confused_with: BTreeMap<String, String>,
}

static TRANSLATIONS: LazyLock<PerLocale<TranslationFile>> =
    LazyLock::new(|| locale::load(locale::File::Catalog));

/// The parsed catalog, with an index for fast lookup by close code.
///
/// Obtain it with [`catalog()`].
#[derive(Debug)]
pub struct Catalog {
    /// All entries, in file order.
    entries: Vec<Entry>,
    /// Single-code entries as `(code, index into entries)`, sorted by code.
    exact: Vec<(u16, usize)>,
    /// Range entries as `(first, last, index into entries)`, sorted by `first`; they do not
    /// overlap and, together with `exact`, cover every `u16`.
    ranges: Vec<(u16, u16, usize)>,
}

impl Catalog {
    /// All entries, in the order of `src/catalog.toml`.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry for a close code (a `u16` status code value, RFC 6455 §7.4).
    ///
    /// Exact single-code entries win over ranges (3000 is its own entry inside 3000–3999).
    /// Every `u16` resolves, since the catalog is checked for full coverage when parsed.
    /// Two binary searches over small sorted slices; no allocation.
    pub fn lookup(&self, code: u16) -> &Entry {
        if let Ok(i) = self.exact.binary_search_by_key(&code, |&(c, _)| c) {
            return &self.entries[self.exact[i].1];
        }
        // The last range whose `first` is <= code; coverage guarantees it contains `code`.
        let i = self.ranges.partition_point(|&(first, _, _)| first <= code);
        let (_, _, idx) = self.ranges[i - 1];
        &self.entries[idx]
    }

    /// The entry for any integer value, e.g. a literal found in source code.
    ///
    /// Any integer: None below 0 or above 65535, the range of the 2-byte status code field
    /// (RFC 6455 §5.5.1); otherwise the same as [`Catalog::lookup`].
    pub fn lookup_value(&self, value: i64) -> Option<&Entry> {
        u16::try_from(value).ok().map(|code| self.lookup(code))
    }

    /// The close codes worth offering when someone writes a close call, usual ones first:
    /// every single-code entry that may go on the wire and that `sender` may send (pass
    /// [`Sender::Server`] or [`Sender::Client`] for a known role, [`Sender::Either`] when the
    /// role is unknown, which offers the codes of both), then 4000, the first private-use code.
    /// With `browser_only`, only codes the WHATWG `WebSocket.close()` accepts (1000, 3000–4999).
    pub fn suggested_codes(&self, sender: Sender, browser_only: bool) -> Vec<u16> {
        /// How often each code is the right choice, most often first; the rest follow by value.
        const USUAL: [u16; 6] = [1000, 1001, 1011, 1008, 1002, 1003];
        let rank = |code: u16| USUAL.iter().position(|&c| c == code).unwrap_or(USUAL.len());
        let mut codes: Vec<u16> = self
            .exact
            .iter()
            .map(|&(code, i)| (code, &self.entries[i]))
            .filter(|(_, e)| e.on_wire && (!browser_only || e.browser_close))
            .filter(|(_, e)| {
                e.sender == Sender::Either || sender == Sender::Either || e.sender == sender
            })
            .map(|(code, _)| code)
            .collect();
        codes.sort_by_key(|&code| (rank(code), code));
        codes.push(4000);
        codes
    }

    /// Parses and validates catalog TOML, building the lookup index.
    fn parse(source: &str) -> Result<Self, CatalogError> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            entry: Vec<Entry>,
        }
        let file: File = toml::from_str(source)?;
        Self::build(file.entry)
    }

    /// Checks the invariants the rest of the program relies on and builds the index.
    fn build(entries: Vec<Entry>) -> Result<Self, CatalogError> {
        let mut exact = Vec::new();
        let mut ranges = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if e.first > e.last {
                return Err(CatalogError::Invalid(format!(
                    "{}: first > last",
                    e.label()
                )));
            }
            if e.is_range() {
                ranges.push((e.first, e.last, i));
            } else {
                exact.push((e.first, i));
            }
        }
        exact.sort_unstable();
        ranges.sort_unstable();

        if let Some(w) = exact.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(CatalogError::Invalid(format!(
                "close code {} has two single-code entries",
                w[0].0
            )));
        }
        if let Some(w) = ranges.windows(2).find(|w| w[1].0 <= w[0].1) {
            return Err(CatalogError::Invalid(format!(
                "ranges {}-{} and {}-{} overlap",
                w[0].0, w[0].1, w[1].0, w[1].1
            )));
        }

        // Coverage: the union of all entries must be exactly 0..=65535.
        let mut spans: Vec<(u32, u32)> = entries
            .iter()
            .map(|e| (u32::from(e.first), u32::from(e.last)))
            .collect();
        spans.sort_unstable();
        let mut next = 0u32;
        for (first, last) in spans {
            if first > next {
                return Err(CatalogError::Invalid(format!(
                    "close codes {next}-{} are not covered",
                    first - 1
                )));
            }
            next = next.max(last + 1);
        }
        if next <= u32::from(u16::MAX) {
            return Err(CatalogError::Invalid(format!(
                "close codes {next}-65535 are not covered"
            )));
        }

        let catalog = Catalog {
            entries,
            exact,
            ranges,
        };

        for e in &catalog.entries {
            if e.summary.chars().count() > 80 {
                return Err(CatalogError::Invalid(format!(
                    "{}: summary is longer than 80 characters",
                    e.label()
                )));
            }
            for c in &e.confused_with {
                if e.contains(c.code) && std::ptr::eq(catalog.lookup(c.code), e) {
                    return Err(CatalogError::Invalid(format!(
                        "{}: confused_with {} resolves to the entry itself",
                        e.label(),
                        c.code
                    )));
                }
            }
        }
        Ok(catalog)
    }
}

/// Why the embedded catalog could not be loaded.
#[derive(Debug, thiserror::Error)]
enum CatalogError {
    #[error("catalog.toml does not parse: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("catalog.toml is inconsistent: {0}")]
    Invalid(String),
}

static CATALOG: LazyLock<Catalog> =
    LazyLock::new(|| Catalog::parse(SOURCE).unwrap_or_else(|e| panic!("{e}")));

/// The close-code catalog, parsed from the embedded `src/catalog.toml` on first use.
///
/// Panics only if the embedded TOML is invalid (does not parse, leaves a close code uncovered,
/// has duplicate or overlapping entries); `tests/catalog.rs` catches that before release.
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_codes_fit_the_role_and_put_the_usual_first() {
        let server = catalog().suggested_codes(Sender::Server, false);
        assert_eq!(&server[..4], &[1000, 1001, 1011, 1008]);
        assert!(server.contains(&1012) && !server.contains(&1010));
        assert!(!server.iter().any(|c| matches!(c, 1004..=1006 | 1015)));
        assert_eq!(server.last(), Some(&4000));

        let client = catalog().suggested_codes(Sender::Client, false);
        assert!(client.contains(&1010) && !client.contains(&1012));

        let either = catalog().suggested_codes(Sender::Either, false);
        assert!(either.contains(&1010) && either.contains(&1014));

        let browser = catalog().suggested_codes(Sender::Client, true);
        assert_eq!(browser, vec![1000, 3000, 3003, 3008, 4000]);
    }
}
