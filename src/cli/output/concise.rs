//! `--format concise`: one line per finding, `path:line:column: severity[rule]: message`, the
//! shape editors and `grep` parse; then the summary line.

use std::io::{self, Write};

use wslsp::rules::Finding;

use super::{Options, Span, located, skipped_to_stderr, summary};
use crate::cli::walk::Report;

pub fn write(report: &Report, options: Options, out: &mut dyn Write) -> io::Result<()> {
    for l in located(report) {
        writeln!(out, "{}", line(&l.file.path, l.span, l.finding))?;
    }
    skipped_to_stderr(report);
    if !options.quiet {
        writeln!(out, "{}", summary(report))?;
    }
    Ok(())
}

/// A finding's one line, also the first line of each finding in `human`.
pub fn line(path: &str, span: Span, finding: &Finding) -> String {
    format!(
        "{path}:{}:{}: {}[{}]: {}",
        span.line,
        span.column,
        finding.severity.name(),
        finding.rule,
        finding.message
    )
}
