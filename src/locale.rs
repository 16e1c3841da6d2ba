//! The languages wslsp writes its messages in, and the translations of its user-facing text.
//!
//! English is the source of truth: `src/catalog.toml`, `src/rules.toml` and
//! `src/locales/en/ui.toml`. Each other locale has `src/locales/<tag>/` with `catalog.toml`
//! (keyed by entry: `"1008"`, or `"4000-4999"` for a range), `rules.toml` (keyed by rule id)
//! and `ui.toml` (the labels hover and terminal output print). All are embedded at compile
//! time and parsed once, on first use. A string a translation lacks falls back to English, one
//! string at a time; `tests/locales.rs` fails when any is missing.
//!
//! Rule ids, close codes, IANA-registered names ("Policy Violation"), API names and JSON keys
//! are never translated.

use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A language of wslsp's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Locale {
    /// English, the source text and the fallback for every string.
    #[default]
    En,
    /// French.
    Fr,
    /// Japanese.
    Ja,
    /// Brazilian Portuguese; also chosen for `pt` and other Portuguese regions.
    PtBr,
    /// Vietnamese.
    Vi,
}

impl Locale {
    /// Every locale, English first.
    pub const ALL: [Locale; 5] = [Locale::En, Locale::Fr, Locale::Ja, Locale::PtBr, Locale::Vi];

    /// The BCP 47 tag: `"en"`, `"fr"`, `"ja"`, `"pt-BR"` or `"vi"`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Ja => "ja",
            Locale::PtBr => "pt-BR",
            Locale::Vi => "vi",
        }
    }

    /// The locale for a BCP 47 language tag (`"ja"`, `"fr-CA"`, `"pt-BR"`) or a POSIX locale
    /// name (`"pt_BR.UTF-8"`, `"vi_VN@euro"`), matched by its language subtag, case-insensitively:
    /// `fr_CA` gives French, any `pt` gives Brazilian Portuguese. `"C"` and `"POSIX"` give
    /// English. `None` for a language wslsp has no translation for, or an empty name.
    pub fn parse(name: &str) -> Option<Locale> {
        // POSIX: language[_territory][.codeset][@modifier]; BCP 47: language[-script][-region]…
        let name = name.split(['.', '@']).next().unwrap_or_default();
        let language = name.split(['_', '-']).next().unwrap_or_default();
        match language.to_ascii_lowercase().as_str() {
            "en" | "c" | "posix" => Some(Locale::En),
            "fr" => Some(Locale::Fr),
            "ja" => Some(Locale::Ja),
            "pt" => Some(Locale::PtBr),
            "vi" => Some(Locale::Vi),
            _ => None,
        }
    }

    /// The locale of messages from the environment, as POSIX orders it: the first non-empty
    /// of `LC_ALL`, `LC_MESSAGES` and `LANG`; English when none is set or wslsp has no
    /// translation for the one that is.
    pub fn from_env() -> Locale {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// [`Locale::from_env`] over any variable source (`var(name)` gives a variable's value).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Locale {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(var)
            .find(|value| !value.is_empty())
            .and_then(|value| Locale::parse(&value))
            .unwrap_or_default()
    }

    /// The index of the locale in [`Locale::ALL`].
    fn index(self) -> usize {
        self as usize
    }

    /// The embedded translation files; `None` for English, whose text is the source.
    fn sources(self) -> Option<&'static Sources> {
        match self {
            Locale::En => None,
            Locale::Fr => Some(&FR),
            Locale::Ja => Some(&JA),
            Locale::PtBr => Some(&PT_BR),
            Locale::Vi => Some(&VI),
        }
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

/// One locale's translation files, as embedded text.
struct Sources {
    catalog: &'static str,
    rules: &'static str,
    ui: &'static str,
}

macro_rules! sources {
    ($dir:literal) => {
        Sources {
            catalog: include_str!(concat!("locales/", $dir, "/catalog.toml")),
            rules: include_str!(concat!("locales/", $dir, "/rules.toml")),
            ui: include_str!(concat!("locales/", $dir, "/ui.toml")),
        }
    };
}

const FR: Sources = sources!("fr");
const JA: Sources = sources!("ja");
const PT_BR: Sources = sources!("pt-BR");
const VI: Sources = sources!("vi");

/// One value per locale; `None` for English, whose text lives in the source files.
pub(crate) struct PerLocale<T>(Vec<Option<T>>);

impl<T> PerLocale<T> {
    /// The value for `locale`, `None` for English.
    pub(crate) fn get(&self, locale: Locale) -> Option<&T> {
        self.0.get(locale.index())?.as_ref()
    }
}

/// Which translation file of a locale to read.
#[derive(Clone, Copy)]
pub(crate) enum File {
    Catalog,
    Rules,
}

/// Parses one translation file of every locale other than English.
///
/// Panics if an embedded file does not parse; `tests/locales.rs` catches that before release.
pub(crate) fn load<T: serde::de::DeserializeOwned>(file: File) -> PerLocale<T> {
    PerLocale(
        Locale::ALL
            .iter()
            .map(|locale| {
                let sources = locale.sources()?;
                let (name, text) = match file {
                    File::Catalog => ("catalog.toml", sources.catalog),
                    File::Rules => ("rules.toml", sources.rules),
                };
                Some(
                    toml::from_str(text).unwrap_or_else(|e| {
                        panic!("src/locales/{locale}/{name} does not parse: {e}")
                    }),
                )
            })
            .collect(),
    )
}

/// The words around the catalog and rule text that hover and terminal output print, in one
/// locale. `{code}`, `{rule}` and `{close}` are filled in where a label has them.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// Heading before the endpoints that may send a code.
    pub sent_by: String,
    /// [`crate::catalog::Sender::Client`], as the value after `sent_by`.
    pub sender_client: String,
    /// [`crate::catalog::Sender::Server`].
    pub sender_server: String,
    /// [`crate::catalog::Sender::Either`].
    pub sender_either: String,
    /// [`crate::catalog::Sender::Nobody`].
    pub sender_nobody: String,
    /// Heading: whether the code may be in a Close frame.
    pub on_wire: String,
    pub on_wire_yes: String,
    pub on_wire_no: String,
    /// Heading: what the WHATWG `close()` does with the code; `{close}` is `close()`.
    pub browser_close: String,
    pub browser_accepted: String,
    pub browser_throws: String,
    /// Heading before the entry's `when_seen`.
    pub when_seen: String,
    /// Heading before the entry's `resolve`.
    pub resolve: String,
    /// Heading before the codes an entry is confused with.
    pub confused_with: String,
    /// Heading before the entry's source (plain text only).
    pub source: String,
    /// Title for a value outside 0–65535; `{code}` is the value.
    pub not_a_close_code: String,
    /// Why such a value cannot be sent; `{code}` is the value.
    pub not_a_close_code_detail: String,
    /// The name `{name}` stands for when a finding's value is outside 0–65535.
    pub out_of_range_name: String,
    /// Heading of the hover on code that reads a received close code.
    pub received_code: String,
    /// Hover note on a site whose library sends its code as a Close frame without a status
    /// code; `{library}` is the library's name, `{code}` the code.
    pub library_no_code: String,
    /// Hover note on a site whose library rejects its code before sending; `{library}`, `{code}`.
    pub library_throws: String,
    /// Label before a finding's help.
    pub help: String,
    /// Code action that writes a `wslsp-ignore:` comment; `{rule}` is the rule id.
    pub ignore_rule: String,
    /// Code action that applies every safe fix in the document.
    pub fix_all: String,
    /// `explain`, `rules` and the catalog site: headings and sentences around the catalog
    /// and rule text (`src/locales/en/ui.toml` says what each holds and its placeholders).
    pub meaning: String,
    pub versus: String,
    pub same_entry: String,
    pub meaning_only: String,
    pub key_differences: String,
    pub when_to_use: String,
    pub default_severity: String,
    pub rule_source: String,
    pub flagged: String,
    pub fixed: String,
    pub fix: String,
    pub how_to_fix: String,
    pub fixes_safe: String,
    pub fixes_unsafe: String,
    pub ignore_line: String,
    pub rules_title: String,
    pub sentence: String,
    /// The locale's name in its own language ("Français").
    pub language_name: String,
    pub site_title: String,
    pub site_description: String,
    pub filter: String,
    pub filter_hint: String,
    pub filter_none: String,
    pub codes: String,
    pub ranges: String,
    pub comparisons: String,
    pub rules: String,
    pub all_codes: String,
    pub rules_for_code: String,
    pub codes_for_rule: String,
    pub why: String,
    pub configuration: String,
    pub configure: String,
    pub off_in_check: String,
    pub pair_description: String,
    /// A site reached through close helpers: `{chain}` lists them down to the close call.
    pub through_helper: String,
}

static LABELS: LazyLock<Vec<Labels>> = LazyLock::new(|| {
    let english: toml::Table = toml::from_str(include_str!("locales/en/ui.toml"))
        .unwrap_or_else(|e| panic!("src/locales/en/ui.toml does not parse: {e}"));
    Locale::ALL
        .iter()
        .map(|locale| {
            let mut table = english.clone();
            if let Some(sources) = locale.sources() {
                table.extend(overlay(*locale, sources.ui, &english));
            }
            table
                .try_into()
                .unwrap_or_else(|e| panic!("src/locales/{locale}/ui.toml: {e}"))
        })
        .collect()
});

/// A locale's `ui.toml` as strings to lay over the English table; panics on a key English
/// does not have, since it would be silently ignored otherwise.
fn overlay(locale: Locale, source: &str, english: &toml::Table) -> BTreeMap<String, toml::Value> {
    let table: toml::Table = toml::from_str(source)
        .unwrap_or_else(|e| panic!("src/locales/{locale}/ui.toml does not parse: {e}"));
    table
        .into_iter()
        .inspect(|(key, _)| {
            assert!(
                english.contains_key(key),
                "src/locales/{locale}/ui.toml: unknown label {key:?}"
            );
        })
        .collect()
}

/// The labels of `locale`, English for any label it does not translate.
pub fn labels(locale: Locale) -> &'static Labels {
    &LABELS[locale.index()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bcp47_tags_and_posix_names() {
        let cases = [
            ("en", Some(Locale::En)),
            ("en-US", Some(Locale::En)),
            ("fr", Some(Locale::Fr)),
            ("fr_CA", Some(Locale::Fr)),
            ("FR-be", Some(Locale::Fr)),
            ("ja", Some(Locale::Ja)),
            ("ja_JP.UTF-8", Some(Locale::Ja)),
            ("pt", Some(Locale::PtBr)),
            ("pt-BR", Some(Locale::PtBr)),
            ("pt_BR.UTF-8", Some(Locale::PtBr)),
            ("pt_PT", Some(Locale::PtBr)),
            ("vi_VN.UTF-8", Some(Locale::Vi)),
            ("vi-VN@saigon", Some(Locale::Vi)),
            ("C", Some(Locale::En)),
            ("C.UTF-8", Some(Locale::En)),
            ("POSIX", Some(Locale::En)),
            ("de_DE.UTF-8", None),
            ("zh-Hant-TW", None),
            ("", None),
            ("-", None),
            ("français", None),
        ];
        for (name, want) in cases {
            assert_eq!(Locale::parse(name), want, "{name:?}");
        }
        for locale in Locale::ALL {
            assert_eq!(Locale::parse(locale.tag()), Some(locale));
        }
    }

    #[test]
    fn the_environment_follows_the_posix_order() {
        let env = |pairs: &'static [(&str, &str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(Locale::from_vars(env(&[])), Locale::En);
        assert_eq!(
            Locale::from_vars(env(&[("LANG", "vi_VN.UTF-8")])),
            Locale::Vi
        );
        assert_eq!(
            Locale::from_vars(env(&[("LANG", "vi_VN.UTF-8"), ("LC_MESSAGES", "ja_JP")])),
            Locale::Ja
        );
        assert_eq!(
            Locale::from_vars(env(&[("LC_ALL", "fr_FR"), ("LC_MESSAGES", "ja_JP")])),
            Locale::Fr
        );
        // An empty variable does not count; an untranslated language means English.
        assert_eq!(
            Locale::from_vars(env(&[("LC_ALL", ""), ("LANG", "pt_BR")])),
            Locale::PtBr
        );
        assert_eq!(
            Locale::from_vars(env(&[("LC_ALL", "de_DE"), ("LANG", "pt_BR")])),
            Locale::En
        );
    }

    #[test]
    fn every_locale_has_all_labels() {
        for locale in Locale::ALL {
            assert!(!labels(locale).when_seen.is_empty(), "{locale}");
        }
        assert_eq!(labels(Locale::En).when_seen, "When you see it");
    }
}
