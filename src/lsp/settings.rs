//! The server's settings, from `initializationOptions` and `workspace/didChangeConfiguration`:
//!
//! ```json
//! { "inlayHints": true,
//!   "severity": { "unassigned-code": "error", "server-only-code": "off" },
//!   "locale": "ja" }
//! ```
//!
//! The object may also be wrapped as `{ "wslsp": { … } }`, the shape editors use for a
//! settings section. Each update replaces the whole settings; a key left out takes its default
//! (for `locale`: the one the client sent in `initialize`, else English).

use std::collections::BTreeMap;

use serde_json::Value;
use wslsp::locale::Locale;
use wslsp::rules::{self, Severity};

/// What a user chose for one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    /// The rule reports nothing.
    Off,
    /// The rule reports at this severity instead of its default.
    At(Severity),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Show the registered name after each numeric close code (`close(1008 ‹Policy Violation›)`).
    pub inlay_hints: bool,
    /// Per-rule severity overrides, by rule id.
    pub severity: BTreeMap<String, RuleLevel>,
    /// The language of hover text, diagnostic messages, completion details and code action
    /// titles: the `locale` setting (a BCP 47 tag), else the client's.
    pub locale: Locale,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            inlay_hints: true,
            severity: BTreeMap::new(),
            locale: Locale::En,
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
                    let level = match level.as_str() {
                        Some("off") => RuleLevel::Off,
                        Some("error") => RuleLevel::At(Severity::Error),
                        Some("warning") => RuleLevel::At(Severity::Warning),
                        Some("info") => RuleLevel::At(Severity::Info),
                        Some("hint") => RuleLevel::At(Severity::Hint),
                        _ => {
                            warnings.push(format!(
                                "severity.{rule} must be \"error\", \"warning\", \"info\", \"hint\" or \"off\", not {level}"
                            ));
                            continue;
                        }
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
        (settings, warnings)
    }

    /// The severity `rule` reports at, or `None` when the user switched it off.
    pub fn severity(&self, rule: &str, default: Severity) -> Option<Severity> {
        match self.severity.get(rule) {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::At(severity)) => Some(*severity),
            None => Some(default),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_both_shapes_and_reports_what_it_ignores() {
        let from_json = |value: &Value| Settings::from_json(value, Locale::En);
        let (s, w) = from_json(&json!({"wslsp": {"inlayHints": false,
            "severity": {"unassigned-code": "error", "server-only-code": "off",
                         "no-such-rule": "error", "reserved-code": "loud"}}}));
        assert!(!s.inlay_hints);
        assert_eq!(
            s.severity("unassigned-code", Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(s.severity("server-only-code", Severity::Warning), None);
        assert_eq!(
            s.severity("reserved-code", Severity::Error),
            Some(Severity::Error)
        );
        assert_eq!(w.len(), 2, "{w:?}");

        let (s, w) = from_json(&json!({"inlayHints": {"enabled": false}}));
        assert!(!s.inlay_hints && w.is_empty());
        assert_eq!(from_json(&Value::Null).0, Settings::default());
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
