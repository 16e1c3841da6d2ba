//! `wslsp explain CODE [CODE]` and `wslsp rules [ID]`: the catalog and the rules in the
//! terminal, as text, JSON or Markdown. The Markdown of `wslsp rules ID` is what
//! `docs/rules/<id>.md` holds (the pages SARIF's `helpUri` and the LSP's `codeDescription`
//! link to; `tests/cli_docs.rs` keeps them in sync).

use std::fmt::Write as _;

use clap::ValueEnum;
use serde::Serialize;
use wslsp::catalog::{Entry, Sender, catalog};
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
pub fn explain(code: u16, format: DocFormat) -> String {
    let entry = catalog().lookup(code);
    match format {
        DocFormat::Json => to_json(&EntryView::new(code, entry)),
        DocFormat::Text => entry_text(code, entry),
        DocFormat::Markdown => entry_markdown(code, entry, "#"),
    }
}

/// `explain A B`: the two entries side by side: each one's meaning, the key differences, and
/// when to use which.
pub fn compare(a: u16, b: u16, format: DocFormat) -> String {
    let comparison = Comparison::new(a, b);
    match format {
        DocFormat::Json => to_json(&comparison),
        DocFormat::Text | DocFormat::Markdown => comparison_document(&comparison, format),
    }
}

/// `rules` (all, when `id` is `None`) or `rules ID`.
pub fn rules(id: Option<&str>, format: DocFormat) -> Result<String, ExplainError> {
    let selected: Vec<&Rule> = match id {
        Some(id) => vec![rules::by_id(id).ok_or_else(|| ExplainError::NoRule(id.to_owned()))?],
        None => rules::all().iter().collect(),
    };
    Ok(match format {
        DocFormat::Json if id.is_some() => to_json(&RuleView::new(selected[0])),
        DocFormat::Json => to_json(
            &selected
                .iter()
                .map(|r| RuleView::new(r))
                .collect::<Vec<_>>(),
        ),
        DocFormat::Text => selected
            .iter()
            .map(|r| rule_text(r))
            .collect::<Vec<_>>()
            .join("\n"),
        DocFormat::Markdown if id.is_some() => rule_markdown(selected[0], "#"),
        DocFormat::Markdown => {
            let mut out = String::from("# wslsp rules\n\n");
            for rule in &selected {
                out.push('\n');
                out.push_str(&rule_markdown(rule, "##"));
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

/// Who may send an entry's code, as a sentence fragment.
fn sender(entry: &Entry) -> &'static str {
    match entry.sender {
        Sender::Client => "only a client",
        Sender::Server => "only a server",
        Sender::Either => "either endpoint",
        Sender::Nobody => "no endpoint",
    }
}

fn on_wire(entry: &Entry) -> &'static str {
    if entry.on_wire {
        "allowed"
    } else {
        "never (RFC 6455 §7.4)"
    }
}

fn browser(entry: &Entry) -> &'static str {
    if entry.browser_close {
        "accepted"
    } else {
        "throws InvalidAccessError"
    }
}

/// "1008 Policy Violation", or "4001: 4000–4999 Private Use" for a code in a range.
fn title(code: u16, entry: &Entry) -> String {
    if entry.is_range() {
        format!("{code}: {}", entry.label())
    } else {
        entry.label()
    }
}

/// One entry as JSON: the entry's own fields plus the code asked about.
#[derive(Serialize)]
struct EntryView<'a> {
    code: u16,
    label: String,
    #[serde(flatten)]
    entry: &'a Entry,
}

impl<'a> EntryView<'a> {
    fn new(code: u16, entry: &'a Entry) -> Self {
        EntryView {
            code,
            label: entry.label(),
            entry,
        }
    }
}

fn entry_text(code: u16, entry: &Entry) -> String {
    let mut out = format!("{}\n", title(code, entry));
    let _ = writeln!(out, "{}\n", "=".repeat(title(code, entry).chars().count()));
    let _ = writeln!(out, "Who may send it:    {}", sender(entry));
    let _ = writeln!(out, "In a Close frame:   {}", on_wire(entry));
    let _ = writeln!(out, "Browser close():    {}", browser(entry));
    let _ = writeln!(
        out,
        "Source:             {} <{}>\n",
        entry.source, entry.source_url
    );
    for (heading, text) in [
        ("What it means", &entry.meaning),
        ("When you see it", &entry.when_seen),
        ("How to resolve it", &entry.resolve),
    ] {
        let _ = writeln!(out, "{heading}\n  {text}\n");
    }
    if !entry.confused_with.is_empty() {
        out.push_str("Confused with\n");
        for c in &entry.confused_with {
            let _ = writeln!(out, "  {}: {}", catalog().lookup(c.code).label(), c.choose);
        }
    }
    out
}

/// An entry as Markdown under a heading of level `h` (`"#"`, `"##"`).
fn entry_markdown(code: u16, entry: &Entry, h: &str) -> String {
    let mut out = format!("{h} {}\n\n", title(code, entry));
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| Who may send it | {} |", sender(entry));
    let _ = writeln!(out, "| In a Close frame | {} |", on_wire(entry));
    let _ = writeln!(out, "| Browser `close()` | {} |", browser(entry));
    let _ = writeln!(
        out,
        "| Source | [{}]({}) |\n",
        entry.source, entry.source_url
    );
    for (heading, text) in [
        ("What it means", &entry.meaning),
        ("When you see it", &entry.when_seen),
        ("How to resolve it", &entry.resolve),
    ] {
        let _ = writeln!(out, "{h}# {heading}\n\n{text}\n");
    }
    if !entry.confused_with.is_empty() {
        let _ = writeln!(out, "{h}# Confused with\n");
        for c in &entry.confused_with {
            let _ = writeln!(
                out,
                "- **{}**: {}",
                catalog().lookup(c.code).label(),
                c.choose
            );
        }
        out.push('\n');
    }
    out
}

/// An aspect of an entry a comparison shows, and how to read it.
type Fact = (&'static str, fn(&Entry) -> String);

/// Two catalog entries compared: the facts that differ and the advice on choosing.
#[derive(Serialize)]
struct Comparison<'a> {
    first: EntryView<'a>,
    second: EntryView<'a>,
    /// Both codes resolve to the same entry (two codes of one range).
    same_entry: bool,
    /// The facts that differ, with each code's value.
    differences: Vec<Difference>,
    /// Advice on choosing, from either entry's `confused_with` naming the other.
    choose: Vec<&'a str>,
}

#[derive(Serialize)]
struct Difference {
    aspect: &'static str,
    first: String,
    second: String,
}

impl<'a> Comparison<'a> {
    fn new(a: u16, b: u16) -> Self {
        let (ea, eb) = (catalog().lookup(a), catalog().lookup(b));
        let facts: [Fact; 4] = [
            ("Who may send it", |e| sender(e).to_owned()),
            ("In a Close frame", |e| on_wire(e).to_owned()),
            ("Browser close()", |e| browser(e).to_owned()),
            ("Defined in", |e| e.source.clone()),
        ];
        let differences = facts
            .iter()
            .map(|(aspect, fact)| Difference {
                aspect,
                first: fact(ea),
                second: fact(eb),
            })
            .filter(|d| d.first != d.second)
            .collect();
        // Advice from an entry that names the other code (or a code of the other's range).
        let names = |from: &'a Entry, to: &'a Entry| {
            from.confused_with
                .iter()
                .filter(move |c| std::ptr::eq(catalog().lookup(c.code), to))
                .map(|c| c.choose.as_str())
        };
        let choose = names(ea, eb).chain(names(eb, ea)).collect();
        Comparison {
            first: EntryView::new(a, ea),
            second: EntryView::new(b, eb),
            same_entry: std::ptr::eq(ea, eb),
            differences,
            choose,
        }
    }
}

fn comparison_document(c: &Comparison, format: DocFormat) -> String {
    let (a, b) = (&c.first, &c.second);
    let markdown = format == DocFormat::Markdown;
    let heading = |out: &mut String, level: usize, text: &str| {
        if markdown {
            let _ = writeln!(out, "{} {text}\n", "#".repeat(level));
        } else {
            let underline = if level == 1 { "=" } else { "-" };
            let _ = writeln!(out, "{text}\n{}\n", underline.repeat(text.chars().count()));
        }
    };
    let mut out = String::new();
    let (ta, tb) = (title(a.code, a.entry), title(b.code, b.entry));
    heading(&mut out, 1, &format!("{ta} vs {tb}"));
    if c.same_entry {
        let _ = writeln!(
            out,
            "{} and {} are both in {}: the same meaning and the same rules.\n",
            a.code,
            b.code,
            a.entry.label()
        );
    }
    let _ = writeln!(
        out,
        "{ta}: {}\n{}{tb}: {}\n",
        a.entry.summary,
        if markdown { "\n" } else { "" },
        b.entry.summary
    );
    for view in [a, b] {
        heading(&mut out, 2, &title(view.code, view.entry));
        for (label, text) in [
            ("What it means", &view.entry.meaning),
            ("When you see it", &view.entry.when_seen),
            ("How to resolve it", &view.entry.resolve),
        ] {
            if markdown {
                let _ = writeln!(out, "**{label}:** {text}\n");
            } else {
                let _ = writeln!(out, "{label}:\n  {text}\n");
            }
        }
    }
    heading(&mut out, 2, "Key differences");
    if c.differences.is_empty() {
        out.push_str("Both are sent by the same endpoints under the same rules; they differ in meaning only.\n\n");
    }
    for d in &c.differences {
        let _ = writeln!(
            out,
            "- {}: {} {}; {} {}",
            d.aspect, a.code, d.first, b.code, d.second
        );
    }
    if !c.differences.is_empty() {
        out.push('\n');
    }
    heading(&mut out, 2, "When to use which");
    for advice in &c.choose {
        let _ = writeln!(out, "{advice}\n");
    }
    for view in [a, b] {
        let _ = writeln!(out, "- {}: {}", view.code, view.entry.resolve);
    }
    out
}

/// A rule as JSON.
#[derive(Serialize)]
struct RuleView<'a> {
    id: &'a str,
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
    fn new(rule: &'a Rule) -> Self {
        RuleView {
            id: &rule.id,
            severity: rule.severity.name(),
            title: &rule.title,
            summary: &rule.summary,
            flagged: &rule.flagged,
            fixed: &rule.fixed,
            help: &rule.help,
            source: &rule.source,
            source_url: &rule.source_url,
            doc_url: rule.doc_url(),
        }
    }
}

fn rule_text(rule: &Rule) -> String {
    format!(
        "{} ({} by default)\n  {}\n\n  {}\n\n  Flagged:  {}\n  Fixed:    {}\n  Fix:      {}\n  Source:   {} <{}>\n",
        rule.id,
        rule.severity.name(),
        rule.title,
        rule.summary,
        rule.flagged,
        rule.fixed,
        rule.help,
        rule.source,
        rule.source_url
    )
}

/// A rule as Markdown under a heading of level `h` (`"#"` for its own page).
fn rule_markdown(rule: &Rule, h: &str) -> String {
    format!(
        "{h} `{id}`: {title}\n\n\
         Default severity: **{severity}**. Source: [{source}]({url}).\n\n\
         {summary}\n\n\
         {h}# Flagged\n\n```\n{flagged}\n```\n\n\
         {h}# Fixed\n\n```\n{fixed}\n```\n\n\
         {h}# How to fix it\n\n{help}.\n\n\
         {fixes} Silence one line with `wslsp-ignore: {id}`.\n",
        fixes = if rule.safe_fixes {
            "`wslsp check --fix` applies this rule's fixes: they keep the program's meaning."
        } else {
            "`wslsp check` offers fixes for this rule where it can; they change a close code's \
             value or a reason, so they are unsafe and apply with `--fix --unsafe-fixes`."
        },
        id = rule.id,
        title = rule.title,
        severity = rule.severity.name(),
        source = rule.source,
        url = rule.source_url,
        summary = rule.summary,
        flagged = rule.flagged,
        fixed = rule.fixed,
        help = capitalize(&rule.help),
    )
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
