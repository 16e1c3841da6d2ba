//! Hover on a close code: the catalog entry of the code, led by the site's findings.
//!
//! It answers on every character of the code expression, the first included, whether the
//! code is a literal (`1008`) or a constant (`websocket.ClosePolicyViolation`), and on code
//! that reads a received close code (`event.code === 1006`).

use std::fmt::Write;

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};
use wslsp::catalog::{Entry, Sender, catalog};

use super::diagnostics;
use super::document::Snapshot;

/// The hover at `pos`, or `None` where there is no close code.
pub fn hover(snap: &Snapshot, pos: Position, markdown: bool) -> Option<Hover> {
    let offset = snap.map().exact_offset(pos)?;
    let (range, text) = if let Some((index, site)) = snap.analysis.site_at(offset) {
        let findings: Vec<String> = diagnostics::visible(snap)
            .filter(|(f, _)| f.site == Some(index))
            .map(|(f, severity)| {
                let head = if markdown {
                    format!(
                        "**{}** `{}`: {}",
                        severity.name(),
                        f.rule,
                        escape(&f.message)
                    )
                } else {
                    format!("{}[{}]: {}", severity.name(), f.rule, f.message)
                };
                format!(
                    "{head}\n\nhelp: {}",
                    if markdown {
                        escape(&f.help)
                    } else {
                        f.help.clone()
                    }
                )
            })
            .collect();
        (
            site.code_range.clone(),
            explain(site.code, &findings, None, markdown),
        )
    } else {
        let read = snap
            .tree
            .as_ref()
            .zip(snap.language)
            .and_then(|(tree, language)| {
                wslsp::detection::read_at(language, tree, snap.text.as_bytes(), offset)
            })?;
        let note = "A received close code: what the peer (or the local stack) reported.";
        (
            read.range.clone(),
            explain(read.code, &[], Some(note), markdown),
        )
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: if markdown {
                MarkupKind::Markdown
            } else {
                MarkupKind::PlainText
            },
            value: text,
        }),
        range: Some(snap.map().range(&range)),
    })
}

/// The explanation of close code `code`: `findings` first (already rendered), then the
/// catalog entry; Markdown or plain text.
pub fn explain(code: i64, findings: &[String], note: Option<&str>, markdown: bool) -> String {
    let mut out = String::new();
    for finding in findings {
        out.push_str(finding);
        out.push_str(if markdown { "\n\n---\n\n" } else { "\n\n" });
    }
    if let Some(note) = note {
        let _ = write!(out, "{note}\n\n");
    }
    let Some(entry) = catalog().lookup_value(code) else {
        let _ = write!(
            out,
            "{h}{code} is not a close code\n\nA close code is a 2-byte unsigned integer \
             (0–65535) at the start of a Close frame's body (RFC 6455 §5.5.1); {code} cannot \
             be sent at all.",
            h = if markdown { "### " } else { "" },
        );
        return out;
    };
    entry_text(&mut out, code, entry, markdown);
    out
}

fn entry_text(out: &mut String, code: i64, entry: &Entry, markdown: bool) {
    let title = if entry.is_range() {
        format!(
            "{code} {} ({}\u{2013}{})",
            entry.name, entry.first, entry.last
        )
    } else {
        entry.label()
    };
    let sender = match entry.sender {
        Sender::Client => "the client only",
        Sender::Server => "the server only",
        Sender::Either => "either endpoint",
        Sender::Nobody => "no endpoint",
    };
    let on_wire = if entry.on_wire {
        "yes"
    } else {
        "no, never in a Close frame"
    };
    let browser = if entry.browser_close {
        "accepted"
    } else {
        "throws InvalidAccessError"
    };
    if markdown {
        let _ = write!(
            out,
            "### {title}\n\n**Sent by:** {sender} · **On the wire:** {on_wire} · \
             **Browser `close()`:** {browser}\n\n{}\n\n**When you see it:** {}\n\n\
             **How to resolve:** {}\n\n",
            escape(&entry.meaning),
            escape(&entry.when_seen),
            escape(&entry.resolve)
        );
        if !entry.confused_with.is_empty() {
            out.push_str("**Confused with:**\n\n");
            for c in &entry.confused_with {
                let _ = writeln!(
                    out,
                    "- **{}**: {}",
                    catalog().lookup(c.code).label(),
                    escape(&c.choose)
                );
            }
            out.push('\n');
        }
        let _ = write!(out, "[{}]({})", entry.source, entry.source_url);
    } else {
        let _ = write!(
            out,
            "{title}\n\nSent by: {sender}. On the wire: {on_wire}. Browser close(): {browser}.\n\n\
             {}\n\nWhen you see it: {}\n\nHow to resolve: {}\n\n",
            entry.meaning, entry.when_seen, entry.resolve
        );
        if !entry.confused_with.is_empty() {
            out.push_str("Confused with:\n");
            for c in &entry.confused_with {
                let _ = writeln!(out, "- {}: {}", catalog().lookup(c.code).label(), c.choose);
            }
            out.push('\n');
        }
        let _ = write!(out, "Source: {} <{}>", entry.source, entry.source_url);
    }
}

/// Escapes the characters that Markdown would read as markup in catalog prose.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '*' | '_' | '`' | '<' | '>' | '[' | ']' | '\\' | '#') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_explains_without_markup_in_plain_text() {
        for code in [-1, 0, 999, 1000, 1006, 1010, 2500, 3003, 4001, 65535, 70000] {
            let plain = explain(code, &[], None, false);
            assert!(plain.contains(&code.to_string()), "{plain}");
            assert!(!plain.contains("**") && !plain.contains("###"), "{plain}");
            let md = explain(code, &[], None, true);
            assert!(md.starts_with("### "), "{md}");
        }
        assert!(explain(1008, &[], None, true).contains("[RFC 6455 §7.4.1](https://"));
        assert!(explain(4001, &[], None, false).starts_with("4001 Private Use (4000–4999)"));
    }
}
