//! `--format human` (the default): each finding rustc-like, with its source line rendered by
//! annotate-snippets, then a summary line.

use std::io::{self, Write};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use wslsp::position::{ColumnUnit, LineIndex};
use wslsp::rules::Severity;

use super::{Options, Span, concise, skipped_to_stderr, summary};
use crate::cli::walk::Report;

pub fn write(report: &Report, options: Options, out: &mut dyn Write) -> io::Result<()> {
    let renderer = if options.styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for file in &report.files {
        let index = LineIndex::new(&file.text);
        for finding in &file.analysis.findings {
            let span = Span::of(&file.text, &index, &finding.range);
            writeln!(out, "{}", concise::line(&file.path, span, finding))?;
            let (lines, range, first_line) = enclosing_lines(&file.text, &index, &finding.range);
            let group = Group::with_level(level(finding.severity))
                .element(
                    Snippet::source(lines)
                        .line_start(first_line + 1)
                        .annotation(AnnotationKind::Primary.span(range)),
                )
                .element(Level::HELP.message(finding.help.as_str()));
            writeln!(out, "{}", renderer.render(&[group]))?;
        }
    }
    skipped_to_stderr(report);
    if !options.quiet {
        writeln!(out, "{}", summary(report))?;
    }
    Ok(())
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
