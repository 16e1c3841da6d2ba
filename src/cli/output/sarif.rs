//! `--format sarif`: SARIF 2.1.0 (OASIS), as GitHub code scanning uploads it. Built with
//! serde_json rather than serde-sarif: that crate generates its types from the 112 KB schema
//! in a build script (syn, quote, prettyplease at build time) and wraps every object in a
//! typed builder, which costs more compile time and code than the 20 fields used here.
//! `tests/cli_formats.rs` validates the output against the published schema.
//!
//! Lines and columns are 1-based; `columnKind` is `unicodeCodePoints` (characters).

use std::io::{self, Write};

use serde_json::{Value, json};
use wslsp::fixes::Fix;
use wslsp::position::LineIndex;
use wslsp::rules::{self, Finding, REPOSITORY_URL, Severity};

use super::Span;
use crate::cli::walk::Report;

/// The schema the output declares: the OASIS-published SARIF 2.1.0 (errata 01) schema.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = rules::all()
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "shortDescription": { "text": rule.title },
                "fullDescription": { "text": rule.summary },
                "help": { "text": rule.help },
                "helpUri": rule.doc_url(),
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": { "source": rule.source, "sourceUri": rule.source_url },
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in &report.files {
        let index = LineIndex::new(&file.text);
        results.extend(
            file.analysis
                .findings
                .iter()
                .map(|f| result(&file.path, &file.text, &index, f)),
        );
    }
    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            json!({
                "level": "warning",
                "message": { "text": e.message },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(&e.path) } } }],
            })
        })
        .collect();
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "wslsp",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": REPOSITORY_URL,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn result(path: &str, text: &str, index: &LineIndex, finding: &Finding) -> Value {
    let rule_index = rules::all().iter().position(|r| r.id == finding.rule);
    let fixes: Vec<Value> = finding
        .fixes
        .iter()
        .map(|fix| sarif_fix(path, text, index, fix))
        .collect();
    json!({
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": level(finding.severity),
        "message": { "text": format!("{}\nhelp: {}", finding.message, finding.help) },
        "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": uri(path) },
            "region": region(Span::of(text, index, &finding.range)),
        }}],
        "fixes": fixes,
    })
}

fn sarif_fix(path: &str, text: &str, index: &LineIndex, fix: &Fix) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|e| {
            json!({
                "deletedRegion": region(Span::of(text, index, &e.range)),
                "insertedContent": { "text": e.new_text },
            })
        })
        .collect();
    json!({
        "description": { "text": fix.title },
        "artifactChanges": [{
            "artifactLocation": { "uri": uri(path) },
            "replacements": replacements,
        }],
        "properties": { "safe": fix.safe },
    })
}

fn region(span: Span) -> Value {
    json!({
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    })
}

/// SARIF levels: error, warning, note (and none).
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// A path as a URI reference (RFC 3986): `/` separators, and every byte outside the
/// unreserved set and `/` percent-encoded as UTF-8 (`café.js` → `caf%C3%A9.js`). Relative
/// paths stay relative to the directory wslsp ran in; absolute ones become `file://` URIs.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}
