//! Findings as LSP diagnostics: the rule id as `code`, the rule's documentation page as
//! `codeDescription`, `wslsp` as `source`, the severity after the user's overrides.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::LazyLock;

use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range, Uri,
};
use wslsp::config::{ConfigError, Level};
use wslsp::rules::{self, Finding, Severity};

use super::document::Snapshot;

/// The `source` of every diagnostic.
pub const SOURCE: &str = "wslsp";

/// Each rule's documentation page, parsed once: a change republishes every diagnostic of the
/// document, which need not format and parse a URI for each diagnostic.
static DOC_URIS: LazyLock<HashMap<&'static str, Uri>> = LazyLock::new(|| {
    rules::all()
        .iter()
        .filter_map(|r| Some((r.id.as_str(), Uri::from_str(&r.doc_url()).ok()?)))
        .collect()
});

/// The findings the user sees, with their effective severity: the `severity` setting's level
/// for the rule, else the project configuration's, else the rule's default. Rules switched
/// off are left out.
pub fn visible(snap: &Snapshot) -> impl Iterator<Item = (&Finding, Severity)> {
    snap.analysis.findings.iter().filter_map(|f| {
        let level = snap
            .settings
            .level(f.rule)
            .or_else(|| snap.config.as_ref()?.level(f.rule));
        match level {
            None => Some((f, f.severity)),
            Some(Level::At(severity)) => Some((f, severity)),
            Some(Level::Off) => None,
        }
    })
}

/// A configuration file's error as a diagnostic on its whole line (lines are the same in
/// every position encoding).
pub fn config_diagnostic(error: &ConfigError) -> Diagnostic {
    let line = u32::try_from(error.line.saturating_sub(1)).unwrap_or(u32::MAX - 1);
    Diagnostic {
        range: Range::new(Position::new(line, 0), Position::new(line + 1, 0)),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.to_owned()),
        message: error.message.clone(),
        ..Diagnostic::default()
    }
}

/// The document's diagnostics, in source order; computed once per snapshot, and kept with it
/// for the requests that read them again (pulled diagnostics, `workspace/diagnostic`).
pub fn diagnostics(snap: &Snapshot) -> &[Diagnostic] {
    snap.diagnostics.get_or_init(|| compute(snap))
}

/// The document's diagnostics to publish: those the snapshot kept, else computed and not
/// kept. A push client never asks for them again, so the snapshot does not hold a second copy
/// of what was sent (a few hundred bytes per finding, for every open document).
pub fn to_publish(snap: &Snapshot) -> Vec<Diagnostic> {
    snap.diagnostics
        .get()
        .map_or_else(|| compute(snap), Vec::clone)
}

/// The diagnostics of a document's findings, in source order.
fn compute(snap: &Snapshot) -> Vec<Diagnostic> {
    let positions = snap.map().positions();
    visible(snap)
        .map(|(finding, severity)| {
            let range = positions.range(&finding.range);
            diagnostic_at(snap, finding, severity, range)
        })
        .collect()
}

/// The `resultId` of a pulled diagnostic report: a hash of its diagnostics as sent, so that a
/// client that asks again with it gets `unchanged` exactly when they are the same.
pub fn result_id(diagnostics: &[Diagnostic]) -> String {
    let json = serde_json::to_vec(diagnostics).unwrap_or_default();
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&json))
}

/// One finding as a diagnostic, its message in the settings' locale.
pub fn diagnostic(snap: &Snapshot, finding: &Finding, severity: Severity) -> Diagnostic {
    diagnostic_at(snap, finding, severity, snap.map().range(&finding.range))
}

/// [`diagnostic`], its LSP range already converted.
fn diagnostic_at(
    snap: &Snapshot,
    finding: &Finding,
    severity: Severity,
    range: Range,
) -> Diagnostic {
    let rule = rules::by_id(finding.rule);
    let locale = snap.settings.locale;
    let site = finding.site.and_then(|i| snap.analysis.sites.get(i));
    let message = finding.message_in(site, locale);
    let message = if message.trim().is_empty() {
        // Never send an empty message: some clients drop or mangle such diagnostics.
        rule.map_or_else(
            || finding.rule.to_owned(),
            |r| r.title_in(locale).to_owned(),
        )
    } else {
        message
    };
    Diagnostic {
        range,
        severity: Some(lsp_severity(severity)),
        code: Some(NumberOrString::String(finding.rule.to_owned())),
        code_description: DOC_URIS
            .get(finding.rule)
            .map(|href| CodeDescription { href: href.clone() }),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: None,
        tags: None,
        data: None,
    }
}

pub fn lsp_severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}
