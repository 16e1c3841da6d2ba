//! `--statistics`: how many findings each rule has, most first, instead of the findings.

use std::io::{self, Write};

use serde::Serialize;
use wslsp::rules;

use crate::cli::walk::Report;

#[derive(Serialize)]
struct RuleCount {
    rule: &'static str,
    severity: &'static str,
    count: usize,
    /// How many of them have a fix `--fix` (safe) or `--unsafe-fixes` would apply.
    fixable: usize,
    title: &'static str,
}

/// Writes the counts as a table, or as a JSON array when `json`.
pub fn write(json: bool, report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let findings: Vec<_> = report
        .files
        .iter()
        .flat_map(|f| &f.analysis.findings)
        .collect();
    let mut counts: Vec<RuleCount> = rules::all()
        .iter()
        .map(|rule| {
            let of_rule = || findings.iter().filter(|f| f.rule == rule.id);
            RuleCount {
                rule: &rule.id,
                severity: rule.severity.name(),
                count: of_rule().count(),
                fixable: of_rule().filter(|f| !f.fixes.is_empty()).count(),
                title: &rule.title,
            }
        })
        .filter(|c| c.count > 0)
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(b.rule)));
    if json {
        serde_json::to_writer(&mut *out, &counts)?;
        return writeln!(out);
    }
    let width = counts.iter().map(|c| c.rule.len()).max().unwrap_or(0);
    for c in &counts {
        writeln!(
            out,
            "{:>5}  {:<width$}  {:<7}  {}",
            c.count, c.rule, c.severity, c.title
        )?;
    }
    Ok(())
}
