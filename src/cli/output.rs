//! Output formats of `wslsp check`: `human` (rustc-like, rendered by annotate-snippets) and
//! `json` (one object whose schema the README documents and scripts depend on).

use std::io::{self, Write};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;
use wslsp::detection::CodeForm;
use wslsp::position::{ColumnUnit, LineIndex};
use wslsp::rules::Severity;

use super::walk::{FileResult, Report};

/// Prints each finding with its source line, then a summary; skipped files go to stderr.
pub fn human(report: &Report) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let renderer = if std::io::IsTerminal::is_terminal(&io::stdout()) {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for file in &report.files {
        let index = LineIndex::new(&file.text);
        for finding in &file.analysis.findings {
            let start = index.position(&file.text, finding.range.start, ColumnUnit::Char);
            writeln!(
                out,
                "{}:{}:{}: {}[{}]: {}",
                file.path,
                start.line + 1,
                start.column + 1,
                finding.severity.name(),
                finding.rule,
                finding.message
            )?;
            let (lines, span, first_line) = enclosing_lines(&file.text, &index, &finding.range);
            let group = Group::with_level(level(finding.severity))
                .element(
                    Snippet::source(lines)
                        .line_start(first_line + 1)
                        .annotation(AnnotationKind::Primary.span(span)),
                )
                .element(Level::HELP.message(finding.help.as_str()));
            writeln!(out, "{}", renderer.render(&[group]))?;
        }
    }
    for error in &report.errors {
        eprintln!("wslsp: {}: {}", error.path, error.message);
    }
    let count = |s: Severity| {
        report
            .files
            .iter()
            .flat_map(|f| &f.analysis.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    write!(
        out,
        "Checked {}: {}, {}",
        plural(report.files_checked, "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )?;
    if infos > 0 {
        write!(out, ", {}", plural(infos, "info"))?;
    }
    if !report.errors.is_empty() {
        write!(out, "; {} skipped", plural(report.errors.len(), "file"))?;
    }
    writeln!(out, ".")
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::NOTE,
    }
}

/// The whole lines around `range`, the range relative to them, and the first line's index.
fn enclosing_lines<'t>(
    text: &'t str,
    index: &LineIndex,
    range: &Range<usize>,
) -> (&'t str, Range<usize>, usize) {
    let first = index.position(text, range.start, ColumnUnit::Utf8).line as usize;
    let last = index.position(text, range.end, ColumnUnit::Utf8).line as usize;
    let start = index.line_start(first);
    let end = index.line_start(last + 1).min(text.len());
    let lines = text[start..end].trim_end_matches(['\n', '\r']);
    let span = (range.start - start)..(range.end - start).min(lines.len());
    (lines, span, first)
}

/// Version of the JSON output schema; bumped on any incompatible change.
const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    files_checked: usize,
    sites: Vec<JsonSite<'a>>,
    findings: Vec<JsonFinding<'a>>,
    errors: Vec<JsonError<'a>>,
}

/// 1-based line and column; columns count Unicode scalar values; the end is exclusive.
#[derive(Serialize)]
struct Span {
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
struct JsonSite<'a> {
    path: &'a str,
    #[serde(flatten)]
    span: Span,
    language: &'static str,
    code: i64,
    form: CodeForm,
    expr: &'a str,
    reason: Option<&'a str>,
    api: &'static str,
    role: &'static str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    #[serde(flatten)]
    span: Span,
    rule: &'static str,
    severity: &'static str,
    code: Option<i64>,
    message: &'a str,
    fixes: Vec<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    safe: bool,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    #[serde(flatten)]
    span: Span,
    new_text: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    message: &'a str,
}

/// Prints the whole report as one JSON object.
pub fn json(report: &Report) -> io::Result<()> {
    let mut sites = Vec::new();
    let mut findings = Vec::new();
    for file in &report.files {
        let index = LineIndex::new(&file.text);
        let span = |range: &Range<usize>| span(file, &index, range);
        for site in &file.analysis.sites {
            sites.push(JsonSite {
                path: &file.path,
                span: span(&site.code_range),
                language: file.language.name(),
                code: site.code,
                form: site.form,
                expr: &site.expr,
                reason: site.reason.as_ref().map(|r| r.text.as_str()),
                api: site.api,
                role: site.role.name(),
            });
        }
        for finding in &file.analysis.findings {
            findings.push(JsonFinding {
                path: &file.path,
                span: span(&finding.range),
                rule: finding.rule,
                severity: finding.severity.name(),
                code: finding.code,
                message: &finding.message,
                fixes: finding
                    .fixes
                    .iter()
                    .map(|fix| JsonFix {
                        title: &fix.title,
                        safe: fix.safe,
                        edits: fix
                            .edits
                            .iter()
                            .map(|e| JsonEdit {
                                span: span(&e.range),
                                new_text: &e.new_text,
                            })
                            .collect(),
                    })
                    .collect(),
            });
        }
    }
    let doc = JsonReport {
        version: JSON_VERSION,
        files_checked: report.files_checked,
        sites,
        findings,
        errors: report
            .errors
            .iter()
            .map(|e| JsonError {
                path: &e.path,
                message: &e.message,
            })
            .collect(),
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    serde_json::to_writer(&mut out, &doc)?;
    writeln!(out)
}

fn span(file: &FileResult, index: &LineIndex, range: &Range<usize>) -> Span {
    let start = index.position(&file.text, range.start, ColumnUnit::Char);
    let end = index.position(&file.text, range.end, ColumnUnit::Char);
    Span {
        line: start.line + 1,
        column: start.column + 1,
        end_line: end.line + 1,
        end_column: end.column + 1,
    }
}
