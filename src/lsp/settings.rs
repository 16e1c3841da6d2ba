//! The server's settings, from `initializationOptions` and `workspace/didChangeConfiguration`:
//!
//! ```json
//! { "inlayHints": true,
//!   "severity": { "unassigned-code": "error", "server-only-code": "off" },
//!   "locale": "ja",
//!   "config": "/path/to/wslsp.toml",
//!   "parseTrees": { "documents": 8, "megabytes": 64 } }
//! ```
//!
//! `parseTrees` bounds the documents that keep their parse tree and analysis cache (the most
//! recently refreshed ones; see `trees.rs`): how many, and how many mebibytes (estimated)
//! they and the project indexes may take together.
//!
//! The object may also be wrapped as `{ "wslsp": { … } }`, the shape editors use for a
//! settings section. Each update replaces the whole settings; a key left out takes its default
//! (for `locale`: the one the client sent in `initialize`, else English).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;
use wslsp::config::{LEVELS, Level};
use wslsp::locale::Locale;
use wslsp::rules;

use super::trees::Limits;

/// The keys [`Settings::from_json`] reads.
pub const KEYS: [&str; 5] = ["inlayHints", "severity", "locale", "config", "parseTrees"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Show the registered name after each numeric close code (`close(1008 ‹Policy Violation›)`).
    pub inlay_hints: bool,
    /// Per-rule severity overrides, by rule id; they win over the project configuration's.
    pub severity: BTreeMap<String, Level>,
    /// The language of hover text, diagnostic messages, completion details and code action
    /// titles: the `locale` setting (a BCP 47 tag), else the client's.
    pub locale: Locale,
    /// A configuration file used for every document instead of the one nearest it: absolute,
    /// or relative to the server's working directory.
    pub config: Option<PathBuf>,
    /// Which documents keep their tree: a count and a byte bound.
    pub parse_trees: Limits,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            inlay_hints: true,
            severity: BTreeMap::new(),
            locale: Locale::En,
            config: None,
            parse_trees: Limits::default(),
        }
    }
}

impl Settings {
    /// Reads settings from JSON; returns them with a warning for each value it ignored.
    /// `null` and non-objects give the defaults; `client_locale` is the locale when the
    /// settings name none (the `locale` of `initialize`).
    pub fn from_json(value: &Value, client_locale: Locale) -> (Settings, Vec<String>) {
        let mut settings = Settings {
            locale: client_locale,
            ..Settings::default()
        };
        let mut warnings = Vec::new();
        let value = value.get("wslsp").unwrap_or(value);
        let Some(object) = value.as_object() else {
            return (settings, warnings);
        };
        match object.get("inlayHints") {
            None | Some(Value::Null) => {}
            Some(Value::Bool(on)) => settings.inlay_hints = *on,
            Some(Value::Object(o)) if o.get("enabled").is_some_and(Value::is_boolean) => {
                settings.inlay_hints = o["enabled"].as_bool().unwrap_or(true);
            }
            Some(other) => warnings.push(format!("inlayHints must be true or false, not {other}")),
        }
        match object.get("severity") {
            None | Some(Value::Null) => {}
            Some(Value::Object(levels)) => {
                for (rule, level) in levels {
                    if rules::by_id(rule).is_none() {
                        warnings.push(format!("severity: there is no rule {rule:?}"));
                        continue;
                    }
                    let Some(level) = level.as_str().and_then(Level::parse) else {
                        warnings.push(format!("severity.{rule} must be {LEVELS}, not {level}"));
                        continue;
                    };
                    settings.severity.insert(rule.clone(), level);
                }
            }
            Some(other) => warnings.push(format!("severity must be an object, not {other}")),
        }
        match object.get("locale") {
            None | Some(Value::Null) => {}
            Some(Value::String(tag)) => match Locale::parse(tag) {
                Some(locale) => settings.locale = locale,
                None => warnings.push(format!(
                    "locale {tag:?} has no translation; the languages are en, fr, ja, pt-BR and vi"
                )),
            },
            Some(other) => warnings.push(format!("locale must be a language tag, not {other}")),
        }
        match object.get("config") {
            None | Some(Value::Null) => {}
            Some(Value::String(path)) if !path.is_empty() => {
                settings.config = Some(PathBuf::from(path));
            }
            Some(other) => warnings.push(format!("config must be a file path, not {other}")),
        }
        match object.get("parseTrees") {
            None | Some(Value::Null) => {}
            Some(Value::Object(limits)) => {
                let mut number = |key: &str, unit: usize, into: &mut usize| match limits.get(key) {
                    None | Some(Value::Null) => {}
                    Some(v) => match v.as_u64().and_then(|n| usize::try_from(n).ok()) {
                        Some(n) if n > 0 => *into = n.saturating_mul(unit),
                        _ => warnings.push(format!(
                            "parseTrees.{key} must be a positive integer, not {v}"
                        )),
                    },
                };
                number("documents", 1, &mut settings.parse_trees.documents);
                number("megabytes", 1024 * 1024, &mut settings.parse_trees.bytes);
            }
            Some(other) => warnings.push(format!(
                "parseTrees must be an object with documents and megabytes, not {other}"
            )),
        }
        (settings, warnings)
    }

    /// The level the user chose for `rule` in the settings, if any.
    pub fn level(&self, rule: &str) -> Option<Level> {
        self.severity.get(rule).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wslsp::rules::Severity;

    #[test]
    fn reads_both_shapes_and_reports_what_it_ignores() {
        let from_json = |value: &Value| Settings::from_json(value, Locale::En);
        let (s, w) = from_json(&json!({"wslsp": {"inlayHints": false,
            "severity": {"unassigned-code": "error", "server-only-code": "off",
                         "no-such-rule": "error", "reserved-code": "loud"}}}));
        assert!(!s.inlay_hints);
        assert_eq!(s.level("unassigned-code"), Some(Level::At(Severity::Error)));
        assert_eq!(s.level("server-only-code"), Some(Level::Off));
        assert_eq!(s.level("reserved-code"), None);
        assert_eq!(w.len(), 2, "{w:?}");

        let (s, w) = from_json(&json!({"config": "/p/wslsp.toml"}));
        assert_eq!(s.config, Some(PathBuf::from("/p/wslsp.toml")));
        assert!(w.is_empty());
        let (s, w) = from_json(&json!({"config": 3}));
        assert_eq!((s.config, w.len()), (None, 1));

        let (s, w) = from_json(&json!({"inlayHints": {"enabled": false}}));
        assert!(!s.inlay_hints && w.is_empty());
        assert_eq!(from_json(&Value::Null).0, Settings::default());

        let (s, w) = from_json(&json!({"parseTrees": {"documents": 2, "megabytes": 10}}));
        assert_eq!(
            (s.parse_trees, w.len()),
            (
                Limits {
                    documents: 2,
                    bytes: 10 << 20
                },
                0
            )
        );
        let (s, w) = from_json(&json!({"parseTrees": {"documents": 0, "megabytes": "x"}}));
        assert_eq!((s.parse_trees, w.len()), (Limits::default(), 2));
    }

    #[test]
    fn the_locale_setting_wins_over_the_client_locale() {
        let (s, w) = Settings::from_json(&json!({"locale": "pt-BR"}), Locale::Ja);
        assert_eq!((s.locale, w.len()), (Locale::PtBr, 0));
        let (s, w) = Settings::from_json(&json!({"inlayHints": true}), Locale::Ja);
        assert_eq!((s.locale, w.len()), (Locale::Ja, 0));
        // An unknown or malformed setting is reported and leaves the client's locale.
        let (s, w) = Settings::from_json(&json!({"locale": "de-DE"}), Locale::Vi);
        assert_eq!((s.locale, w.len()), (Locale::Vi, 1));
        let (s, w) = Settings::from_json(&json!({"locale": 7}), Locale::Fr);
        assert_eq!((s.locale, w.len()), (Locale::Fr, 1));
    }
}
