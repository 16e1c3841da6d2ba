//! `--format json`: one object whose schema the README documents and scripts depend on.

use std::io::{self, Write};

use serde::Serialize;
use wslsp::detection::CodeForm;
use wslsp::fixes::Fix;
use wslsp::position::LineIndex;
use wslsp::rules::Finding;

use super::Span;
use crate::cli::walk::Report;

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

/// One finding as `json` lists it and `json-lines` prints it.
#[derive(Serialize)]
pub struct JsonFinding<'a> {
    path: &'a str,
    #[serde(flatten)]
    span: Span,
    rule: &'static str,
    severity: &'static str,
    code: Option<i64>,
    message: &'a str,
    fixes: Vec<JsonFix<'a>>,
}

impl<'a> JsonFinding<'a> {
    /// `finding` of the file at `path` whose text is `text`.
    pub fn new(path: &'a str, text: &str, index: &LineIndex, finding: &'a Finding) -> Self {
        JsonFinding {
            path,
            span: Span::of(text, index, &finding.range),
            rule: finding.rule,
            severity: finding.severity.name(),
            code: finding.code,
            message: &finding.message,
            fixes: finding
                .fixes
                .iter()
                .map(|fix| JsonFix::new(text, index, fix))
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    safe: bool,
    edits: Vec<JsonEdit<'a>>,
}

impl<'a> JsonFix<'a> {
    fn new(text: &str, index: &LineIndex, fix: &'a Fix) -> Self {
        JsonFix {
            title: &fix.title,
            safe: fix.safe,
            edits: fix
                .edits
                .iter()
                .map(|e| JsonEdit {
                    span: Span::of(text, index, &e.range),
                    new_text: &e.new_text,
                })
                .collect(),
        }
    }
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

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut sites = Vec::new();
    let mut findings = Vec::new();
    for file in &report.files {
        let index = LineIndex::new(&file.text);
        for site in &file.analysis.sites {
            sites.push(JsonSite {
                path: &file.path,
                span: Span::of(&file.text, &index, &site.code_range),
                language: file.language.name(),
                code: site.code,
                form: site.form,
                expr: &site.expr,
                reason: site.reason.as_ref().map(|r| r.text.as_str()),
                api: site.api,
                role: site.role.name(),
            });
        }
        findings.extend(
            file.analysis
                .findings
                .iter()
                .map(|f| JsonFinding::new(&file.path, &file.text, &index, f)),
        );
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
    serde_json::to_writer(&mut *out, &doc)?;
    writeln!(out)
}
