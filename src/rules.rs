//! The rules checked at each close site. Each rule is one small predicate; its id, severity,
//! message template, source and fix candidates are data in `src/rules.toml`.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::catalog::catalog;
use crate::detection::CloseSite;
use crate::fixes::{self, Fix};
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
    message: String,
    /// Messages for single codes (`"1004"`) that `message` would misdescribe.
    #[serde(default)]
    message_for: HashMap<String, String>,
    /// What to do instead: a finding's `help` line, also shown by `wslsp rules`.
    pub help: String,
    #[serde(default)]
    replace: HashMap<String, Vec<Replacement>>,
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

    /// The message template for `code`: its own when the rule has one, else the general one.
    fn message_for(&self, code: i64) -> &str {
        self.message_for
            .get(&code.to_string())
            .unwrap_or(&self.message)
    }
}

/// A fix candidate: a code, or `"private"` for the private-use mirror of the code.
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

/// A rule violation at a close site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule id.
    pub rule: &'static str,
    /// Index of the site in [`crate::analysis::Analysis::sites`] the finding is about.
    pub site: usize,
    pub severity: Severity,
    /// Byte range the finding points at: the code expression, or the reason literal for
    /// `reason-too-long`.
    pub range: Range<usize>,
    /// The site's close code.
    pub code: i64,
    /// One sentence naming the code and its meaning, ending with the rule's source.
    pub message: String,
    /// What to do instead.
    pub help: String,
    /// Suggested fixes, best first.
    pub fixes: Vec<Fix>,
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
    if library.whatwg && code != 1000 && !(3000..=4999).contains(&code) {
        fired.push("browser-close-code");
    }
    fired
}

/// The maximum reason length in bytes of UTF-8 (RFC 6455 §5.5: 125-byte control frame payload
/// minus the 2-byte status code).
pub const MAX_REASON_BYTES: usize = 123;

/// Whether `code` would pass every code rule at `site`.
pub fn is_clean_replacement(site: &CloseSite, code: i64) -> bool {
    code_rules(site, code).is_empty()
}

/// Checks one close site; `index` is its position in the file's site list.
pub fn check(index: usize, site: &CloseSite, source: &str) -> Vec<Finding> {
    let mut findings: Vec<Finding> = code_rules(site, site.code)
        .into_iter()
        .map(|id| code_finding(index, site, by_id(id).expect("rule in rules.toml"), source))
        .collect();
    if let Some(reason) = &site.reason
        && reason.text.len() > MAX_REASON_BYTES
    {
        let rule = by_id("reason-too-long").expect("rule in rules.toml");
        findings.push(Finding {
            rule: &rule.id,
            site: index,
            severity: rule.severity,
            range: reason.range.clone(),
            code: site.code,
            message: render(rule, &rule.message, site.code, Some(reason.text.len())),
            help: fill(&rule.help, site.code, None),
            fixes: fixes::truncate_reason(reason).into_iter().collect(),
        });
    }
    findings
}

fn code_finding(index: usize, site: &CloseSite, rule: &'static Rule, source: &str) -> Finding {
    let key = site.code.to_string();
    let candidates = rule
        .replace
        .get(&key)
        .or_else(|| rule.replace.get("*"))
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut codes: Vec<i64> = candidates
        .iter()
        .map(|r| match r {
            Replacement::Code(c) => *c,
            Replacement::Keyword(Keyword::Private) => 4000 + site.code.rem_euclid(1000),
        })
        .filter(|&c| is_clean_replacement(site, c))
        .collect();
    codes.dedup();
    Finding {
        rule: &rule.id,
        site: index,
        severity: rule.severity,
        range: site.code_range.clone(),
        code: site.code,
        message: render(rule, rule.message_for(site.code), site.code, None),
        help: fill(&rule.help, site.code, None),
        fixes: codes
            .into_iter()
            .filter_map(|c| fixes::replace_code(site, c, source))
            .collect(),
    }
}

/// A finding's message: the template filled in, then the rule's source.
fn render(rule: &Rule, template: &str, code: i64, bytes: Option<usize>) -> String {
    format!("{} ({})", fill(template, code, bytes), rule.source)
}

/// Fills `{code}`, `{name}` (the catalog's name for the code) and `{bytes}` into a template.
fn fill(template: &str, code: i64, bytes: Option<usize>) -> String {
    let name = catalog()
        .lookup_value(code)
        .map_or("out of range", |e| e.name.as_str());
    let text = template
        .replace("{code}", &code.to_string())
        .replace("{name}", name);
    match bytes {
        Some(bytes) => text.replace("{bytes}", &bytes.to_string()),
        None => text,
    }
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
