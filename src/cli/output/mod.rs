//! Output formats of `wslsp check`, one file per format. Every format writes the whole report
//! to `out`; positions are 1-based lines and columns in characters (Unicode scalar values)
//! unless a format's own specification says otherwise.

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod json_lines;
mod junit;
mod sarif;
mod statistics;

use std::io::{self, Write};
use std::ops::Range;

use clap::ValueEnum;
use serde::Serialize;
use wslsp::position::{ColumnUnit, LineIndex};
use wslsp::rules::{Finding, Severity};

use super::walk::{FileResult, Report};

/// The `--format` of `wslsp check`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-like diagnostics with the source line.
    Human,
    /// One line per finding: `path:line:column: severity[rule]: message`.
    Concise,
    /// One JSON object (schema in the README).
    Json,
    /// One JSON object per finding per line, shaped as the `findings` of `json`.
    JsonLines,
    /// GitHub Actions workflow commands (`::error file=…::message`): annotations on the PR.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// A GitLab Code Quality report.
    Gitlab,
    /// A JUnit XML report: one test suite per file, one failing test case per finding.
    Junit,
}

/// What the caller wants besides the findings.
#[derive(Clone, Copy)]
pub struct Options {
    /// Print the findings only: no summary line (`--quiet`).
    pub quiet: bool,
    /// The terminal takes colours (human output only).
    pub styled: bool,
}

/// Writes `report` in `format`. Files that could not be checked go to stderr in the formats
/// that have no place for them.
pub fn write(
    format: Format,
    report: &Report,
    options: Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, options, out),
        Format::Concise => concise::write(report, options, out),
        Format::Json => json::write(report, out),
        Format::JsonLines => json_lines::write(report, out),
        Format::Github => github::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Gitlab => gitlab::write(report, out),
        Format::Junit => junit::write(report, out),
    }
}

/// `--statistics`: counts per rule, as JSON with `--format json`, else as a table.
pub fn write_statistics(format: Format, report: &Report, out: &mut dyn Write) -> io::Result<()> {
    statistics::write(format == Format::Json, report, out)
}

/// 1-based line and column; columns count Unicode scalar values; the end is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Span {
    /// The span of the byte range `range` of `text`.
    pub fn of(text: &str, index: &LineIndex, range: &Range<usize>) -> Span {
        let start = index.position(text, range.start, ColumnUnit::Char);
        let end = index.position(text, range.end, ColumnUnit::Char);
        Span {
            line: start.line + 1,
            column: start.column + 1,
            end_line: end.line + 1,
            end_column: end.column + 1,
        }
    }
}

/// A finding with its file and its span, in the report's order (by path, then source order).
pub struct Located<'a> {
    pub file: &'a FileResult,
    pub finding: &'a Finding,
    pub span: Span,
}

/// Every finding of the report, located.
pub fn located(report: &Report) -> Vec<Located<'_>> {
    let mut all = Vec::new();
    for file in &report.files {
        let index = LineIndex::new(&file.text);
        all.extend(file.analysis.findings.iter().map(|finding| Located {
            file,
            finding,
            span: Span::of(&file.text, &index, &finding.range),
        }));
    }
    all
}

/// Prints files that could not be checked to stderr, for formats with no place for them.
fn skipped_to_stderr(report: &Report) {
    for error in &report.errors {
        eprintln!("wslsp: {}: {}", error.path, error.message);
    }
}

/// "Checked 3 files: 1 error, 0 warnings." (with infos and skipped files when there are any).
fn summary(report: &Report) -> String {
    let count = |s: Severity| {
        report
            .files
            .iter()
            .flat_map(|f| &f.analysis.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "Checked {}: {}, {}",
        plural(report.files_checked, "file"),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning")
    );
    let infos = count(Severity::Info);
    if infos > 0 {
        line.push_str(&format!(", {}", plural(infos, "info")));
    }
    if !report.errors.is_empty() {
        line.push_str(&format!(
            "; {} skipped",
            plural(report.errors.len(), "file")
        ));
    }
    line.push('.');
    line
}
