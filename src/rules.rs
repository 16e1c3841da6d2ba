//! The rules checked at each close site. Each rule is one small predicate; its id, severity,
//! message template, source and fix candidates are data in `src/rules.toml`.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::catalog::catalog;
use crate::detection::{CloseSite, CodeForm};
use crate::fixes::{self, Fix};
use crate::locale::{self, Locale, PerLocale};
use crate::roles::Role;

/// How much a finding matters; `wslsp check --fail-on` compares against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    /// `"error"`, `"warning"`, `"info"` or `"hint"`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A rule's metadata from `src/rules.toml`.
#[derive(Debug, Deserialize)]
pub struct Rule {
    /// Stable kebab-case id (`"client-only-code"`).
    pub id: String,
    /// Default severity.
    pub severity: Severity,
    /// One-line title.
    pub title: String,
    /// Where the rule comes from (`"RFC 6455 §7.4.1"`).
    pub source: String,
    pub source_url: String,
    /// A paragraph explaining the rule.
    pub summary: String,
    /// A line of code the rule flags, and the same line fixed.
    pub flagged: String,
    pub fixed: String,
    /// Whether the rule's fixes keep the program's meaning (safe: `--fix` applies them
    /// alone); fixes that change a close code's value or a reason are not.
    #[serde(default)]
    pub safe_fixes: bool,
    /// Whether `wslsp check` reports the rule when nothing enables it; the language server
    /// always does (at its severity). See [`default_severity_in_check`].
    #[serde(default = "yes")]
    pub enabled_in_check: bool,
    message: String,
    /// Messages for single codes (`"1004"`) that `message` would misdescribe.
    #[serde(default)]
    message_for: HashMap<String, String>,
    /// What to do instead: a finding's `help` line, also shown by `wslsp rules`.
    pub help: String,
    #[serde(default)]
    replace: HashMap<String, Vec<Replacement>>,
    /// `prefer-specific-code`: a code, a more specific one, and the reason words that call for it.
    #[serde(default)]
    prefer: Vec<Prefer>,
}

fn yes() -> bool {
    true
}

/// A more specific code for `code` when the reason mentions one of `words` (lowercase
/// substrings of the reason).
#[derive(Debug, Deserialize)]
struct Prefer {
    code: i64,
    better: i64,
    words: Vec<String>,
}

/// PLACEHOLDER: the project's public repository, the one place its URL is written. Rule
/// documentation links (SARIF `helpUri`, LSP `codeDescription`) point into it; set it to the
/// real URL when the project is published (the README's `cargo install --git` line too).
pub const REPOSITORY_URL: &str = "https://github.com/PLACEHOLDER-OWNER/wslsp";

impl Rule {
    /// The rule's documentation page, `docs/rules/<id>.md` in [`REPOSITORY_URL`] (generated
    /// by `wslsp rules <id> --format markdown`).
    pub fn doc_url(&self) -> String {
        format!("{REPOSITORY_URL}/blob/main/docs/rules/{}.md", self.id)
    }

    /// The rule's translation into `locale`, if the locale has one (never for English).
    fn translation(&self, locale: Locale) -> Option<&'static RuleTranslation> {
        if locale == Locale::En {
            return None;
        }
        TRANSLATIONS.get(locale)?.rule.get(&self.id)
    }

    /// [`Rule::title`] in `locale`, English if the locale lacks it.
    pub fn title_in(&self, locale: Locale) -> &str {
        self.translation(locale)
            .and_then(|t| t.title.as_deref())
            .unwrap_or(&self.title)
    }

    /// [`Rule::summary`] in `locale`, English if the locale lacks it.
    pub fn summary_in(&self, locale: Locale) -> &str {
        self.translation(locale)
            .and_then(|t| t.summary.as_deref())
            .unwrap_or(&self.summary)
    }

    /// The help template in `locale`, English if the locale lacks it.
    fn help_in(&self, locale: Locale) -> &str {
        self.translation(locale)
            .and_then(|t| t.help.as_deref())
            .unwrap_or(&self.help)
    }

    /// The message for `key` in `message_for` (a code, or `"file"`), else the general one.
    fn message_for_key(&self, key: &str, locale: Locale) -> &str {
        let translation = self.translation(locale);
        match self.message_for.get(key) {
            Some(english) => translation
                .and_then(|t| t.message_for.get(key))
                .unwrap_or(english),
            None => translation
                .and_then(|t| t.message.as_deref())
                .unwrap_or(&self.message),
        }
    }
}

/// One locale's `rules.toml`: translations by rule id. Every field is optional so that a
/// missing string falls back to English alone.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationFile {
    #[serde(default)]
    rule: HashMap<String, RuleTranslation>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleTranslation {
    title: Option<String>,
    message: Option<String>,
    #[serde(default)]
    message_for: HashMap<String, String>,
    help: Option<String>,
    summary: Option<String>,
}

static TRANSLATIONS: LazyLock<PerLocale<TranslationFile>> =
    LazyLock::new(|| locale::load(locale::File::Rules));

/// A fix candidate: a code, `"private"` for the private-use mirror of the code, or
/// `"no-code"` for a close without a code in the library's API.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Replacement {
    Code(i64),
    Keyword(Keyword),
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Keyword {
    /// 4000 + (code mod 1000): the private-use code that mirrors the offending one.
    Private,
    /// A Close frame without a status code, written as the library writes it
    /// ([`fixes::close_without_code`]).
    #[serde(rename = "no-code")]
    NoCode,
}

#[derive(Deserialize)]
struct RulesFile {
    rule: Vec<Rule>,
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    toml::from_str::<RulesFile>(include_str!("rules.toml"))
        .expect("src/rules.toml is valid")
        .rule
});

/// Every rule, in the order of `src/rules.toml`.
pub fn all() -> &'static [Rule] {
    &RULES
}

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The severity `wslsp check` reports rule `id` at when no option names it: the rule's
/// severity, or `None` for an unknown rule or one that is off in `check` unless enabled
/// (`magic-close-code`, a style hint the language server shows).
pub fn default_severity_in_check(id: &str) -> Option<Severity> {
    by_id(id).filter(|r| r.enabled_in_check).map(|r| r.severity)
}

/// A rule violation at a close site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule id.
    pub rule: &'static str,
    /// Index of the site in [`crate::analysis::Analysis::sites`] the finding is about; `None`
    /// for a finding about a suppression comment.
    pub site: Option<usize>,
    pub severity: Severity,
    /// Byte range the finding points at: the code expression, or the reason literal for
    /// `reason-too-long`.
    pub range: Range<usize>,
    /// The site's close code; `None` for a finding about a suppression comment.
    pub code: Option<i64>,
    /// One sentence naming the code and its meaning, ending with the rule's source.
    pub message: String,
    /// What to do instead.
    pub help: String,
    /// Suggested fixes, best first.
    pub fixes: Vec<Fix>,
    /// What the message quotes when the finding is not about a close site.
    pub detail: Option<Detail>,
}

/// The subject of a finding that is not about a close site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// An `unused-suppression`: the idle rule ids as quoted (`` `reserved-code` ``, or
    /// `` `wslsp-ignore` `` for a suppression of every rule), and whether it is file-wide.
    Suppression { quoted: String, file: bool },
}

impl Finding {
    /// [`Finding::message`] in `locale`; `site` is the close site the finding is about
    /// (`analysis.sites[finding.site]`, `None` when it has none), whose reason length
    /// `reason-too-long` quotes. Equal to `message` for English.
    pub fn message_in(&self, site: Option<&CloseSite>, locale: Locale) -> String {
        let Some(rule) = by_id(self.rule) else {
            return self.message.clone();
        };
        match (&self.detail, self.code) {
            (Some(Detail::Suppression { quoted, file }), _) => {
                let key = if *file { "file" } else { "" };
                let template = rule.message_for_key(key, locale);
                format!("{} ({})", template.replace("{rules}", quoted), rule.source)
            }
            (None, Some(code)) => {
                let key = site
                    .and_then(|s| message_key(rule, s))
                    .unwrap_or_else(|| code.to_string());
                render(rule, rule.message_for_key(&key, locale), code, site, locale)
            }
            (None, None) => self.message.clone(),
        }
    }

    /// [`Finding::help`] in `locale`; equal to `help` for English.
    pub fn help_in(&self, locale: Locale) -> String {
        by_id(self.rule).map_or_else(
            || self.help.clone(),
            |rule| match self.code {
                Some(code) => fill(rule.help_in(locale), code, None, locale),
                None => rule.help_in(locale).to_owned(),
            },
        )
    }
}

/// The rules that fire at `site`, ignoring the reason (so that fixes can test a replacement
/// code with the same predicate).
fn code_rules(site: &CloseSite, code: i64) -> Vec<&'static str> {
    let library = site.library();
    let body_less = library.body_less.contains(&code);
    let mut fired = Vec::new();
    if matches!(code, 1004 | 1005 | 1006 | 1015) && !body_less {
        fired.push("reserved-code");
    }
    if !(1000..=4999).contains(&code) && !body_less {
        fired.push("invalid-code");
    }
    if (1016..=2999).contains(&code) {
        fired.push("unassigned-code");
    }
    if site.role == Role::Server && code == 1010 {
        fired.push("client-only-code");
    }
    if site.role == Role::Client && matches!(code, 1012..=1014) {
        fired.push("server-only-code");
    }
    if site.role == Role::Server && code == 1014 {
        fired.push("peer-rejects-code");
    }
    if (3000..=3999).contains(&code) && !REGISTERED_3XXX.contains(&code) {
        fired.push("unregistered-code");
    }
    if (library.whatwg || site.in_browser) && code != 1000 && !(3000..=4999).contains(&code) {
        fired.push("browser-close-code");
    }
    fired
}

/// The codes in 3000–3999 the IANA registry holds; the rest of the range is unregistered.
const REGISTERED_3XXX: [i64; 3] = [3000, 3003, 3008];

/// The maximum reason length in bytes of UTF-8 (RFC 6455 §5.5: 125-byte control frame payload
/// minus the 2-byte status code).
pub const MAX_REASON_BYTES: usize = 123;

/// Whether `code` would pass every code rule at `site`.
pub fn is_clean_replacement(site: &CloseSite, code: i64) -> bool {
    code_rules(site, code).is_empty()
}

/// Checks one close site; `index` is its position in the file's site list, `source` the text
/// it was found in (fixes read how the file spells the library's constants).
pub fn check(index: usize, site: &CloseSite, source: &str) -> Vec<Finding> {
    let fired = code_rules(site, site.code);
    // Advice about a code's spelling or choice only makes sense for a code that is allowed.
    let advise = fired.is_empty();
    let mut findings: Vec<Finding> = fired
        .into_iter()
        .map(|id| code_finding(index, site, by_id(id).expect("rule in rules.toml"), source))
        .collect();
    if advise {
        findings.extend(magic_close_code(index, site, source));
        findings.extend(prefer_specific_code(index, site, source));
    }
    if let Some(reason) = &site.reason
        && reason.text.len() > MAX_REASON_BYTES
    {
        let rule = by_id("reason-too-long").expect("rule in rules.toml");
        let fixes = fixes::truncate_reason(reason).into_iter().collect();
        findings.push(site_finding(index, site, rule, reason.range.clone(), fixes));
    }
    findings
}

/// A finding about `site` at `range` with its message and help in English.
fn site_finding(
    index: usize,
    site: &CloseSite,
    rule: &'static Rule,
    range: Range<usize>,
    fixes: Vec<Fix>,
) -> Finding {
    let key = message_key(rule, site).unwrap_or_else(|| site.code.to_string());
    Finding {
        rule: &rule.id,
        site: Some(index),
        severity: rule.severity,
        range,
        code: Some(site.code),
        message: render(
            rule,
            rule.message_for_key(&key, Locale::En),
            site.code,
            Some(site),
            Locale::En,
        ),
        help: fill(&rule.help, site.code, None, Locale::En),
        fixes,
        detail: None,
    }
}

/// `magic-close-code`: a numeric code (`1008`, `CloseCode::from(1008)`) where the site's
/// library names the code and the file already refers to where the constant lives, so that
/// the fix can write it without a new import (a hint that needs one is left out).
fn magic_close_code(index: usize, site: &CloseSite, source: &str) -> Option<Finding> {
    if site.form != CodeForm::Literal {
        return None;
    }
    let fix = fixes::use_constant(site, source)?;
    let rule = by_id("magic-close-code").expect("rule in rules.toml");
    Some(site_finding(
        index,
        site,
        rule,
        site.code_range.clone(),
        vec![fix],
    ))
}

/// `prefer-specific-code`: a generic code whose literal reason names a cause that a more
/// specific code stands for; offered only when that code is itself allowed at the site.
fn prefer_specific_code(index: usize, site: &CloseSite, source: &str) -> Option<Finding> {
    let rule = by_id("prefer-specific-code").expect("rule in rules.toml");
    let better = preferred_code(rule, site)?;
    let fixes = fixes::replace_code(site, better, source)
        .into_iter()
        .collect();
    Some(site_finding(
        index,
        site,
        rule,
        site.code_range.clone(),
        fixes,
    ))
}

/// The more specific code `rule`'s `prefer` table gives for the site's code and reason.
fn preferred_code(rule: &Rule, site: &CloseSite) -> Option<i64> {
    let reason = site.reason.as_ref()?.text.to_lowercase();
    rule.prefer
        .iter()
        .filter(|p| p.code == site.code)
        .find(|p| p.words.iter().any(|w| reason.contains(w.as_str())))
        .map(|p| p.better)
        .filter(|&better| is_clean_replacement(site, better))
}

/// The `message_for` key of a finding of `rule` at `site` when it is not the site's code:
/// `prefer-specific-code` has one message per better code, since each says why.
fn message_key(rule: &Rule, site: &CloseSite) -> Option<String> {
    preferred_code(rule, site).map(|c| c.to_string())
}

fn code_finding(index: usize, site: &CloseSite, rule: &'static Rule, source: &str) -> Finding {
    let key = site.code.to_string();
    let candidates = rule
        .replace
        .get(&key)
        .or_else(|| rule.replace.get("*"))
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut codes: Vec<i64> = Vec::new();
    let mut fixes = Vec::new();
    for candidate in candidates {
        let fix = match candidate {
            Replacement::Keyword(Keyword::NoCode) => fixes::close_without_code(site, source),
            Replacement::Code(c) => replacement(site, *c, &mut codes, source),
            Replacement::Keyword(Keyword::Private) => {
                replacement(site, 4000 + site.code.rem_euclid(1000), &mut codes, source)
            }
        };
        fixes.extend(fix);
    }
    site_finding(index, site, rule, site.code_range.clone(), fixes)
}

/// The fix that writes `code` at `site`, unless it would be flagged there or an earlier
/// candidate (`tried`) already offered it.
fn replacement(site: &CloseSite, code: i64, tried: &mut Vec<i64>, source: &str) -> Option<Fix> {
    if tried.contains(&code) || !is_clean_replacement(site, code) {
        return None;
    }
    tried.push(code);
    fixes::replace_code(site, code, source)
}

/// An `unused-suppression` finding ([`crate::suppress`]) at `range`: `names` are the rule ids
/// that silenced nothing (empty for a suppression of every rule), `file` for a
/// `wslsp-ignore-file`.
pub fn unused_suppression(range: Range<usize>, names: &[&str], file: bool, fix: Fix) -> Finding {
    let rule = by_id(crate::suppress::UNUSED).expect("rule in rules.toml");
    let quoted = if names.is_empty() {
        format!("`{}`", crate::suppress::MARKER)
    } else {
        format!("`{}`", names.join(", "))
    };
    let mut finding = Finding {
        rule: &rule.id,
        site: None,
        severity: rule.severity,
        range,
        code: None,
        message: String::new(),
        help: rule.help.clone(),
        fixes: vec![fix],
        detail: Some(Detail::Suppression { quoted, file }),
    };
    finding.message = finding.message_in(None, Locale::En);
    finding
}

/// A finding's message: the template filled in, then the rule's source.
fn render(
    rule: &Rule,
    template: &str,
    code: i64,
    site: Option<&CloseSite>,
    locale: Locale,
) -> String {
    format!("{} ({})", fill(template, code, site, locale), rule.source)
}

/// Fills `{code}`, `{name}` (the catalog's name for the code in `locale`), and from `site`
/// `{bytes}` (its reason's length in UTF-8 bytes) and `{constant}` (its library's name for
/// the code) into a template.
fn fill(template: &str, code: i64, site: Option<&CloseSite>, locale: Locale) -> String {
    let name = catalog().lookup_value(code).map_or_else(
        || locale::labels(locale).out_of_range_name.as_str(),
        |e| e.text(locale).name,
    );
    let mut text = template
        .replace("{code}", &code.to_string())
        .replace("{name}", name);
    if let Some(reason) = site.and_then(|s| s.reason.as_ref()) {
        text = text.replace("{bytes}", &reason.text.len().to_string());
    }
    if let Some(constant) = site.and_then(|s| s.library().constant_for(code)) {
        text = text.replace("{constant}", constant);
    }
    text
}

#[cfg(test)]
mod tests {
    use crate::analysis::analyze;
    use crate::languages::Language;

    fn messages(source: &str) -> Vec<(String, String)> {
        analyze(Language::JavaScript, source)
            .findings
            .into_iter()
            .map(|f| (f.rule.to_owned(), f.message))
            .collect()
    }

    #[test]
    fn messages_name_the_code_and_end_with_the_source() {
        let found = messages("const s = new WebSocket(u);\ns.close(1006);\ns.close(2001);\n");
        assert_eq!(found.len(), 4, "{found:?}");
        for (rule, message) in &found {
            let source = &super::by_id(rule).unwrap().source;
            assert!(message.ends_with(&format!("({source})")), "{message}");
            assert!(
                message.contains("1006") || message.contains("2001"),
                "{message}"
            );
        }
        assert!(
            found
                .iter()
                .any(|(_, m)| m.contains("1006 (Abnormal Closure)"))
        );
    }

    #[test]
    fn reserved_1004_is_not_called_a_local_report() {
        let found = messages("const s = new WebSocket(u);\ns.close(1004);\n");
        let reserved = found.iter().find(|(r, _)| r == "reserved-code").unwrap();
        assert!(reserved.1.starts_with("1004 is reserved"), "{}", reserved.1);
        assert!(!reserved.1.contains("locally"));
    }
}
