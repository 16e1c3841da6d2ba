//! `--format gitlab`: a GitLab Code Quality report (a JSON array of issues), which merge
//! requests show inline. See GitLab's "Code Quality report format".

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;
use wslsp::rules::Severity;

use super::{located, skipped_to_stderr};
use crate::cli::walk::Report;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut seen: HashMap<u64, u32> = HashMap::new();
    let issues: Vec<Issue> = located(report)
        .into_iter()
        .map(|l| {
            let line_text = line_around(&l.file.text, l.finding.range.start).trim();
            // The same finding keeps its fingerprint when lines above it move, so GitLab can
            // tell new findings from old ones; repeats on identical lines are numbered.
            let key = fnv1a(&[
                l.file.path.as_bytes(),
                l.finding.rule.as_bytes(),
                line_text.as_bytes(),
            ]);
            let nth = seen.entry(key).or_default();
            *nth += 1;
            Issue {
                description: &l.finding.message,
                check_name: l.finding.rule,
                fingerprint: format!("{key:016x}{:08x}", *nth),
                severity: severity(l.finding.severity),
                location: Location {
                    path: &l.file.path,
                    lines: Lines {
                        begin: l.span.line,
                        end: l.span.end_line,
                    },
                },
            }
        })
        .collect();
    skipped_to_stderr(report);
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

/// The line that holds byte `offset` of `text`, without its line break.
fn line_around(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    &text[start..end]
}

/// GitLab's severities are info, minor, major, critical and blocker.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info | Severity::Hint => "info",
    }
}

/// 64-bit FNV-1a over the parts, each followed by a 0 byte. A fixed, documented hash: the
/// fingerprint must not change between wslsp builds (std's `DefaultHasher` may).
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in parts.iter().flat_map(|p| p.iter().chain(&[0])) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}
