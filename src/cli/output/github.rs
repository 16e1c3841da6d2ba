//! `--format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request's diff:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
//! Lines and columns are 1-based, columns in characters, `endColumn` exclusive.

use std::io::{self, Write};

use wslsp::rules::Severity;

use super::located;
use crate::cli::walk::Report;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for l in located(report) {
        let (s, f) = (l.span, l.finding);
        writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(f.severity),
            property(&l.file.path),
            s.line,
            s.column,
            s.end_line,
            s.end_column,
            property(&format!("wslsp ({})", f.rule)),
            data(&format!("{}\nhelp: {}", f.message, f.help)),
        )?;
    }
    // A skipped file is worth a visible warning in the run, not a silent pass.
    for e in &report.errors {
        writeln!(
            out,
            "::warning file={},title={}::{}",
            property(&e.path),
            property("wslsp skipped a file"),
            data(&e.message)
        )?;
    }
    Ok(())
}

/// The workflow command of a severity: GitHub has error, warning and notice.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    }
}

/// Escapes a command's message, as the runner's `escapeData` does.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, as the runner's `escapeProperty` does.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
