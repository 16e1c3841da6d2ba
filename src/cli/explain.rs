//! `wslsp explain CODE [CODE]` and `wslsp rules [ID]`: the catalog and the rules in the
//! terminal, as text, JSON or Markdown, in the user's locale (labels, headings, range names
//! and prose; codes, rule ids, severities and JSON keys stay as they are). The English Markdown
//! of `wslsp rules ID` is what `docs/rules/<id>.md` holds (`tests/cli_docs.rs` keeps them in
//! sync). [`Comparison`] and the fact helpers also serve the catalog site (`site.rs`).

use std::fmt::Write as _;

use clap::ValueEnum;
use serde::Serialize;
use unicode_width::UnicodeWidthStr as _;
use wslsp::catalog::{Entry, EntryText, Sender, catalog};
use wslsp::locale::{Labels, Locale, labels};
use wslsp::rules::{self, Rule};

/// The `--format` of `explain` and `rules`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    /// Plain text for the terminal.
    Text,
    /// JSON, for tools.
    Json,
    /// Markdown, for documentation pages.
    Markdown,
}

/// Why a code could not be explained.
#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    #[error(
        "{0:?} is not a close code: give a number from 0 to 65535 (a close code is 16 bits, RFC 6455 §5.5.1)"
    )]
    NotACode(String),
    #[error("no rule {0:?}; `wslsp rules` lists them")]
    NoRule(String),
}

/// Parses a close code argument.
pub fn parse_code(arg: &str) -> Result<u16, ExplainError> {
    arg.trim()
        .parse()
        .map_err(|_| ExplainError::NotACode(arg.to_owned()))
}

/// `explain CODE`: the catalog entry of `code` (the range's entry for a code in a range).
pub fn explain(code: u16, format: DocFormat, locale: Locale) -> String {
    let entry = catalog().lookup(code);
    match format {
        DocFormat::Json => to_json(&EntryView::new(code, entry, locale)),
        DocFormat::Text => entry_text(code, entry, locale),
        DocFormat::Markdown => entry_markdown(code, entry, locale),
    }
}

/// `explain A B`: the two entries side by side: each one's meaning, the key differences, and
/// when to use which.
pub fn compare(a: u16, b: u16, format: DocFormat, locale: Locale) -> String {
    let comparison = Comparison::new(a, b, locale);
    match format {
        DocFormat::Json => to_json(&comparison),
        DocFormat::Text | DocFormat::Markdown => comparison_document(&comparison, format, locale),
    }
}

/// `rules` (all, when `id` is `None`) or `rules ID`.
pub fn rules(id: Option<&str>, format: DocFormat, locale: Locale) -> Result<String, ExplainError> {
    let selected: Vec<&Rule> = match id {
        Some(id) => vec![rules::by_id(id).ok_or_else(|| ExplainError::NoRule(id.to_owned()))?],
        None => rules::all().iter().collect(),
    };
    Ok(match format {
        DocFormat::Json if id.is_some() => to_json(&RuleView::new(selected[0], locale)),
        DocFormat::Json => to_json(
            &selected
                .iter()
                .map(|r| RuleView::new(r, locale))
                .collect::<Vec<_>>(),
        ),
        DocFormat::Text => selected
            .iter()
            .map(|r| rule_text(r, locale))
            .collect::<Vec<_>>()
            .join("\n"),
        DocFormat::Markdown if id.is_some() => rule_markdown(selected[0], "#", locale),
        DocFormat::Markdown => {
            let mut out = format!("# {}\n\n", labels(locale).rules_title);
            for rule in &selected {
                out.push('\n');
                out.push_str(&rule_markdown(rule, "##", locale));
            }
            out
        }
    })
}

fn to_json(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("plain data serializes");
    text.push('\n');
    text
}

/// Who may send an entry's code, as the value after [`Labels::sent_by`].
pub fn sender<'l>(entry: &Entry, labels: &'l Labels) -> &'l str {
    match entry.sender {
        Sender::Client => &labels.sender_client,
        Sender::Server => &labels.sender_server,
        Sender::Either => &labels.sender_either,
        Sender::Nobody => &labels.sender_nobody,
    }
}

/// Whether the code may be in a Close frame, as the value after [`Labels::on_wire`].
pub fn on_wire<'l>(entry: &Entry, labels: &'l Labels) -> &'l str {
    if entry.on_wire {
        &labels.on_wire_yes
    } else {
        &labels.on_wire_no
    }
}

/// What the WHATWG `close()` does with the code, as the value after [`Labels::browser_close`].
pub fn browser<'l>(entry: &Entry, labels: &'l Labels) -> &'l str {
    if entry.browser_close {
        &labels.browser_accepted
    } else {
        &labels.browser_throws
    }
}

/// "1008 Policy Violation", or "4001: 4000–4999 Private Use" for a code inside a range other
/// than its first (the range's label alone for its first code).
pub fn title(code: u16, entry: &Entry, locale: Locale) -> String {
    if entry.is_range() && code != entry.first {
        format!("{code}: {}", entry.label_in(locale))
    } else {
        entry.label_in(locale)
    }
}

/// `template` with each `{name}` of `values` replaced.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// One entry in a locale, as JSON: the entry's fields (prose and a range's name translated)
/// plus the code asked about and its label.
#[derive(Serialize)]
pub struct EntryView<'a> {
    pub code: u16,
    pub locale: &'static str,
    pub label: String,
    pub first: u16,
    pub last: u16,
    pub name: &'a str,
    pub sender: Sender,
    pub on_wire: bool,
    pub browser_close: bool,
    pub summary: &'a str,
    pub meaning: &'a str,
    pub when_seen: &'a str,
    pub resolve: &'a str,
    pub source: &'a str,
    pub source_url: &'a str,
    pub confused_with: Vec<ConfusionView>,
    #[serde(skip)]
    pub entry: &'a Entry,
}

/// A code an entry is confused with, and the advice on choosing, in the entry's locale.
#[derive(Serialize)]
pub struct ConfusionView {
    pub code: u16,
    pub label: String,
    pub choose: String,
}

impl<'a> EntryView<'a> {
    pub fn new(code: u16, entry: &'a Entry, locale: Locale) -> Self {
        let EntryText {
            name,
            summary,
            meaning,
            when_seen,
            resolve,
            confused_with,
        } = entry.text(locale);
        EntryView {
            code,
            locale: locale.tag(),
            label: title(code, entry, locale),
            first: entry.first,
            last: entry.last,
            name,
            sender: entry.sender,
            on_wire: entry.on_wire,
            browser_close: entry.browser_close,
            summary,
            meaning,
            when_seen,
            resolve,
            source: &entry.source,
            source_url: &entry.source_url,
            confused_with: confused_with
                .into_iter()
                .map(|(code, choose)| ConfusionView {
                    code,
                    label: catalog().lookup(code).label_in(locale),
                    choose: choose.to_owned(),
                })
                .collect(),
            entry,
        }
    }

    /// The entry's prose under its headings: what it means, when you see it, how to resolve.
    pub fn sections(&self, labels: &'static Labels) -> [(&'static str, &'a str); 3] {
        [
            (&labels.meaning, self.meaning),
            (&labels.when_seen, self.when_seen),
            (&labels.resolve, self.resolve),
        ]
    }
}

/// Labels and values in two columns, the values aligned in a terminal's columns (a Japanese
/// character takes two).
fn aligned(rows: &[(String, String)]) -> String {
    let width = rows.iter().map(|(l, _)| l.width()).max().unwrap_or(0) + 2;
    rows.iter()
        .map(|(label, value)| {
            let pad = width - label.width();
            format!("{label}{}{value}\n", " ".repeat(pad))
        })
        .collect()
}

fn entry_text(code: u16, entry: &Entry, locale: Locale) -> String {
    let view = EntryView::new(code, entry, locale);
    let l = labels(locale);
    let mut out = format!("{}\n", view.label);
    let _ = writeln!(out, "{}\n", "=".repeat(view.label.width()));
    out.push_str(&aligned(&[
        (format!("{}:", l.sent_by), sender(entry, l).to_owned()),
        (format!("{}:", l.on_wire), on_wire(entry, l).to_owned()),
        (
            format!("{}:", l.browser_close.replace("{close}", "close()")),
            browser(entry, l).to_owned(),
        ),
        (
            format!("{}:", l.source),
            format!("{} <{}>", entry.source, entry.source_url),
        ),
    ]));
    out.push('\n');
    for (heading, text) in view.sections(l) {
        let _ = writeln!(out, "{heading}\n  {text}\n");
    }
    if !view.confused_with.is_empty() {
        let _ = writeln!(out, "{}", l.confused_with);
        for c in &view.confused_with {
            let _ = writeln!(out, "  {}: {}", c.label, c.choose);
        }
    }
    out
}

fn entry_markdown(code: u16, entry: &Entry, locale: Locale) -> String {
    let view = EntryView::new(code, entry, locale);
    let l = labels(locale);
    let mut out = format!("# {}\n\n", view.label);
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| {} | {} |", l.sent_by, sender(entry, l));
    let _ = writeln!(out, "| {} | {} |", l.on_wire, on_wire(entry, l));
    let _ = writeln!(
        out,
        "| {} | {} |",
        l.browser_close.replace("{close}", "`close()`"),
        browser(entry, l)
    );
    let _ = writeln!(
        out,
        "| {} | [{}]({}) |\n",
        l.source, entry.source, entry.source_url
    );
    for (heading, text) in view.sections(l) {
        let _ = writeln!(out, "## {heading}\n\n{text}\n");
    }
    if !view.confused_with.is_empty() {
        let _ = writeln!(out, "## {}\n", l.confused_with);
        for c in &view.confused_with {
            let _ = writeln!(out, "- **{}**: {}", c.label, c.choose);
        }
        out.push('\n');
    }
    out
}

/// Two catalog entries compared in one locale: the facts that differ and the advice on
/// choosing.
#[derive(Serialize)]
pub struct Comparison<'a> {
    pub first: EntryView<'a>,
    pub second: EntryView<'a>,
    /// Both codes resolve to the same entry (two codes of one range).
    pub same_entry: bool,
    /// The facts that differ, with each code's value.
    pub differences: Vec<Difference>,
    /// Advice on choosing, from either entry's `confused_with` naming the other.
    pub choose: Vec<String>,
}

/// A fact two entries disagree on.
#[derive(Serialize)]
pub struct Difference {
    /// Which fact: `sender`, `on_wire`, `browser_close` or `source` (never translated).
    pub aspect: &'static str,
    /// The fact's label in the comparison's locale.
    pub label: String,
    pub first: String,
    pub second: String,
}

impl<'a> Comparison<'a> {
    /// `a` and `b` compared, each looked up in the catalog.
    pub fn new(a: u16, b: u16, locale: Locale) -> Comparison<'static> {
        Comparison::of((a, catalog().lookup(a)), (b, catalog().lookup(b)), locale)
    }

    /// Two entries compared, each with the code it stands for (its title's code).
    pub fn of(a: (u16, &'a Entry), b: (u16, &'a Entry), locale: Locale) -> Self {
        let l = labels(locale);
        let (ea, eb) = (a.1, b.1);
        type Fact = (&'static str, String, fn(&Entry, &'static Labels) -> String);
        let facts: [Fact; 4] = [
            ("sender", l.sent_by.clone(), |e, l| sender(e, l).to_owned()),
            ("on_wire", l.on_wire.clone(), |e, l| {
                on_wire(e, l).to_owned()
            }),
            (
                "browser_close",
                l.browser_close.replace("{close}", "close()"),
                |e, l| browser(e, l).to_owned(),
            ),
            ("source", l.source.clone(), |e, _| e.source.clone()),
        ];
        let differences = facts
            .into_iter()
            .map(|(aspect, label, fact)| Difference {
                aspect,
                label,
                first: fact(ea, l),
                second: fact(eb, l),
            })
            .filter(|d| d.first != d.second)
            .collect();
        let (first, second) = (
            EntryView::new(a.0, ea, locale),
            EntryView::new(b.0, eb, locale),
        );
        // Advice from an entry that names the other code (or a code of the other's range).
        let names = |from: &EntryView, to: &Entry| -> Vec<String> {
            from.confused_with
                .iter()
                .filter(|c| std::ptr::eq(catalog().lookup(c.code), to))
                .map(|c| c.choose.clone())
                .collect()
        };
        let mut choose = names(&first, eb);
        choose.extend(names(&second, ea));
        Comparison {
            same_entry: std::ptr::eq(ea, eb),
            first,
            second,
            differences,
            choose,
        }
    }

    /// "1008 Policy Violation vs 1010 Mandatory Ext.", in the comparison's locale.
    pub fn title(&self, locale: Locale) -> String {
        fill(
            &labels(locale).versus,
            &[("a", &self.first.label), ("b", &self.second.label)],
        )
    }

    /// The sentence saying both codes are in one range; `None` for two entries.
    pub fn same_entry_sentence(&self, locale: Locale) -> Option<String> {
        self.same_entry.then(|| {
            fill(
                &labels(locale).same_entry,
                &[
                    ("a", &self.first.code.to_string()),
                    ("b", &self.second.code.to_string()),
                    ("range", &self.first.entry.label_in(locale)),
                ],
            )
        })
    }
}

fn comparison_document(c: &Comparison, format: DocFormat, locale: Locale) -> String {
    let l = labels(locale);
    let (a, b) = (&c.first, &c.second);
    let markdown = format == DocFormat::Markdown;
    let heading = |out: &mut String, level: usize, text: &str| {
        if markdown {
            let _ = writeln!(out, "{} {text}\n", "#".repeat(level));
        } else {
            let underline = if level == 1 { "=" } else { "-" };
            let _ = writeln!(out, "{text}\n{}\n", underline.repeat(text.width()));
        }
    };
    let mut out = String::new();
    heading(&mut out, 1, &c.title(locale));
    if let Some(sentence) = c.same_entry_sentence(locale) {
        let _ = writeln!(out, "{sentence}\n");
    }
    let _ = writeln!(
        out,
        "{}: {}\n{}{}: {}\n",
        a.label,
        a.summary,
        if markdown { "\n" } else { "" },
        b.label,
        b.summary
    );
    for view in [a, b] {
        heading(&mut out, 2, &view.label);
        for (label, text) in view.sections(l) {
            if markdown {
                let _ = writeln!(out, "**{label}:** {text}\n");
            } else {
                let _ = writeln!(out, "{label}:\n  {text}\n");
            }
        }
    }
    heading(&mut out, 2, &l.key_differences);
    if c.differences.is_empty() {
        let _ = writeln!(out, "{}\n", l.meaning_only);
    }
    for d in &c.differences {
        let _ = writeln!(
            out,
            "- {}: {} {}; {} {}",
            d.label, a.code, d.first, b.code, d.second
        );
    }
    if !c.differences.is_empty() {
        out.push('\n');
    }
    heading(&mut out, 2, &l.when_to_use);
    for advice in &c.choose {
        let _ = writeln!(out, "{advice}\n");
    }
    for view in [a, b] {
        let _ = writeln!(out, "- {}: {}", view.code, view.resolve);
    }
    out
}

/// A rule in a locale, as JSON; `id`, `severity` and the examples are never translated.
#[derive(Serialize)]
struct RuleView<'a> {
    id: &'a str,
    locale: &'static str,
    severity: &'static str,
    title: &'a str,
    summary: &'a str,
    flagged: &'a str,
    fixed: &'a str,
    help: &'a str,
    source: &'a str,
    source_url: &'a str,
    doc_url: String,
}

impl<'a> RuleView<'a> {
    fn new(rule: &'a Rule, locale: Locale) -> Self {
        RuleView {
            id: &rule.id,
            locale: locale.tag(),
            severity: rule.severity.name(),
            title: rule.title_in(locale),
            summary: rule.summary_in(locale),
            flagged: &rule.flagged,
            fixed: &rule.fixed,
            help: rule.help_in(locale),
            source: &rule.source,
            source_url: &rule.source_url,
            doc_url: rule.doc_url(),
        }
    }
}

fn rule_text(rule: &Rule, locale: Locale) -> String {
    let l = labels(locale);
    let default = fill(&l.default_severity, &[("severity", rule.severity.name())]);
    let mut out = format!(
        "{} ({default})\n  {}\n\n  {}\n\n",
        rule.id,
        rule.title_in(locale),
        rule.summary_in(locale),
    );
    let rows = aligned(&[
        (format!("{}:", l.flagged), rule.flagged.clone()),
        (format!("{}:", l.fixed), rule.fixed.clone()),
        (format!("{}:", l.fix), rule.help_in(locale).to_owned()),
        (
            format!("{}:", l.source),
            format!("{} <{}>", rule.source, rule.source_url),
        ),
    ]);
    for line in rows.lines() {
        let _ = writeln!(out, "  {line}");
    }
    out
}

/// The sentences after a rule's help: which fixes `--fix` applies, and how to silence a line.
pub fn fixes_sentence(rule: &Rule, locale: Locale) -> String {
    let l = labels(locale);
    let fixes = if rule.safe_fixes {
        &l.fixes_safe
    } else {
        &l.fixes_unsafe
    };
    format!("{fixes} {}", fill(&l.ignore_line, &[("rule", &rule.id)]))
}

/// A rule's help as a sentence: capitalized, with the locale's final stop.
pub fn help_sentence(rule: &Rule, locale: Locale) -> String {
    fill(
        &labels(locale).sentence,
        &[("text", &capitalize(rule.help_in(locale)))],
    )
}

/// A rule as Markdown under a heading of level `h` (`"#"` for its own page).
fn rule_markdown(rule: &Rule, h: &str, locale: Locale) -> String {
    let l = labels(locale);
    let severity = format!("**{}**", rule.severity.name());
    let source = format!("[{}]({})", rule.source, rule.source_url);
    format!(
        "{h} `{id}`: {title}\n\n\
         {severity_line}\n\n\
         {summary}\n\n\
         {h}# {flagged_heading}\n\n```\n{flagged}\n```\n\n\
         {h}# {fixed_heading}\n\n```\n{fixed}\n```\n\n\
         {h}# {how_to_fix}\n\n{help}\n\n\
         {fixes}\n",
        id = rule.id,
        title = rule.title_in(locale),
        severity_line = fill(
            &l.rule_source,
            &[("severity", &severity), ("source", &source)]
        ),
        summary = rule.summary_in(locale),
        flagged_heading = l.flagged,
        flagged = rule.flagged,
        fixed_heading = l.fixed,
        fixed = rule.fixed,
        how_to_fix = l.how_to_fix,
        help = help_sentence(rule, locale),
        fixes = fixes_sentence(rule, locale),
    )
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
