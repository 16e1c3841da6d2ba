//! `--format json-lines`: one finding per line, each shaped as an element of the `findings`
//! of `--format json`, so a stream can be processed line by line (`jq -c`).

use std::io::{self, Write};

use wslsp::position::LineIndex;

use super::json::JsonFinding;
use super::skipped_to_stderr;
use crate::cli::walk::Report;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        let index = LineIndex::new(&file.text);
        for finding in &file.analysis.findings {
            serde_json::to_writer(
                &mut *out,
                &JsonFinding::new(&file.path, &file.text, &index, finding),
            )?;
            writeln!(out)?;
        }
    }
    skipped_to_stderr(report);
    Ok(())
}
