//! Hover on a close code: the catalog entry of the code, led by the site's findings.
//!
//! It answers on every character of the code expression, the first included, whether the
//! code is a literal (`1008`) or a constant (`websocket.ClosePolicyViolation`), and on code
//! that reads a received close code (`event.code === 1006`).

use std::fmt::Write;

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};
use wslsp::catalog::{Entry, Sender, catalog};
use wslsp::libraries::Handling;
use wslsp::locale::{Locale, labels};

use super::diagnostics;
use super::document::Snapshot;

/// The hover at `pos`, or `None` where there is no close code; in the settings' locale.
pub fn hover(snap: &Snapshot, pos: Position, markdown: bool) -> Option<Hover> {
    let offset = snap.map().exact_offset(pos)?;
    let locale = snap.settings.locale;
    let help = &labels(locale).help;
    let (range, text) = if let Some((index, site)) = snap.analysis.site_at(offset) {
        let findings: Vec<String> = diagnostics::visible(snap)
            .filter(|(f, _)| f.site == Some(index))
            .map(|(f, severity)| {
                let (message, help_text) = (f.message_in(Some(site), locale), f.help_in(locale));
                if markdown {
                    format!(
                        "**{}** `{}`: {}\n\n{help}: {}",
                        severity.name(),
                        f.rule,
                        escape(&message),
                        escape(&help_text)
                    )
                } else {
                    format!(
                        "{}[{}]: {message}\n\n{help}: {help_text}",
                        severity.name(),
                        f.rule
                    )
                }
            })
            .collect();
        let origin = origin(site, markdown);
        let note = library_note(site, &snap.text, locale);
        let notes: Vec<&str> = [origin.as_deref(), note.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let notes = (!notes.is_empty()).then(|| notes.join("\n\n"));
        (
            site.code_range.clone(),
            explain(site.code, &findings, notes.as_deref(), markdown, locale),
        )
    } else {
        let read = snap
            .tree()
            .zip(snap.language)
            .and_then(|(tree, language)| {
                wslsp::detection::read_at(language, &tree, snap.text.as_bytes(), offset)
            })?;
        let note = labels(locale).received_code.as_str();
        (
            read.range.clone(),
            explain(read.code, &[], Some(note), markdown, locale),
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

/// Where a site's code comes from when the project index resolved it: the constant's
/// definition in another file (`` `AUTH` = 4001, defined at codes.py:1 ``), and the chain of
/// close helpers a helper call closes through
/// (`` closes through `fail()` (errors.py:3) → `ws.close(code)` ``).
fn origin(site: &wslsp::detection::CloseSite, markdown: bool) -> Option<String> {
    let code = |s: &str| {
        if markdown {
            format!("`{}`", s.replace('`', "'"))
        } else {
            s.to_owned()
        }
    };
    let mut lines = Vec::new();
    if let Some(defined) = &site.defined {
        lines.push(format!(
            "{} = {}, defined at {}",
            code(site.expr.trim()),
            defined.value,
            code(&format!("{}:{}", defined.path.display(), defined.line + 1))
        ));
    }
    if let Some(via) = site.via.as_deref() {
        let links: Vec<&wslsp::index::Step> = via.links().collect();
        let mut chain: Vec<String> = links
            .iter()
            .map(|step| {
                format!(
                    "{} ({})",
                    code(&step.shown()),
                    code(&format!("{}:{}", step.path.display(), step.line + 1))
                )
            })
            .collect();
        if let Some(last) = links.last() {
            chain.push(code(&last.call));
        }
        lines.push(format!("closes through {}", chain.join(" → ")));
    }
    (!lines.is_empty()).then(|| lines.join("\n\n"))
}

/// What the site's library does with its code when it does not send it as it is (a Close
/// frame without a code, or an exception), from the library table; `source` is the file's
/// text, which names the implementation where that matters.
fn library_note(
    site: &wslsp::detection::CloseSite,
    source: &str,
    locale: Locale,
) -> Option<String> {
    let library = site.library();
    let labels = labels(locale);
    let template = match library.handling(site.code, source)?.does {
        Handling::NoCode => &labels.library_no_code,
        Handling::Throws => &labels.library_throws,
    };
    Some(
        template
            .replace("{library}", &library.name)
            .replace("{code}", &site.code.to_string()),
    )
}

/// The explanation of close code `code` in `locale`: `findings` first (already rendered),
/// then the catalog entry; Markdown or plain text.
pub fn explain(
    code: i64,
    findings: &[String],
    note: Option<&str>,
    markdown: bool,
    locale: Locale,
) -> String {
    let mut out = String::new();
    for finding in findings {
        out.push_str(finding);
        out.push_str(if markdown { "\n\n---\n\n" } else { "\n\n" });
    }
    if let Some(note) = note {
        let _ = write!(out, "{note}\n\n");
    }
    let Some(entry) = catalog().lookup_value(code) else {
        let labels = labels(locale);
        let code = code.to_string();
        let _ = write!(
            out,
            "{h}{}\n\n{}",
            labels.not_a_close_code.replace("{code}", &code),
            labels.not_a_close_code_detail.replace("{code}", &code),
            h = if markdown { "### " } else { "" },
        );
        return out;
    };
    entry_text(&mut out, code, entry, markdown, locale);
    out
}

fn entry_text(out: &mut String, code: i64, entry: &Entry, markdown: bool, locale: Locale) {
    let labels = labels(locale);
    let text = entry.text(locale);
    let title = if entry.is_range() {
        format!(
            "{code} {} ({}\u{2013}{})",
            text.name, entry.first, entry.last
        )
    } else {
        entry.label_in(locale)
    };
    let sender = match entry.sender {
        Sender::Client => &labels.sender_client,
        Sender::Server => &labels.sender_server,
        Sender::Either => &labels.sender_either,
        Sender::Nobody => &labels.sender_nobody,
    };
    let on_wire = if entry.on_wire {
        &labels.on_wire_yes
    } else {
        &labels.on_wire_no
    };
    let browser = if entry.browser_close {
        &labels.browser_accepted
    } else {
        &labels.browser_throws
    };
    let (sent_by, wire, when_seen, resolve) = (
        &labels.sent_by,
        &labels.on_wire,
        &labels.when_seen,
        &labels.resolve,
    );
    if markdown {
        let browser_close = labels.browser_close.replace("{close}", "`close()`");
        let _ = write!(
            out,
            "### {title}\n\n**{sent_by}:** {sender} · **{wire}:** {on_wire} · \
             **{browser_close}:** {browser}\n\n{}\n\n**{when_seen}:** {}\n\n\
             **{resolve}:** {}\n\n",
            escape(text.meaning),
            escape(text.when_seen),
            escape(text.resolve)
        );
        if !text.confused_with.is_empty() {
            let _ = write!(out, "**{}:**\n\n", labels.confused_with);
            for (other, choose) in &text.confused_with {
                let _ = writeln!(
                    out,
                    "- **{}**: {}",
                    catalog().lookup(*other).label_in(locale),
                    escape(choose)
                );
            }
            out.push('\n');
        }
        let _ = write!(out, "[{}]({})", entry.source, entry.source_url);
    } else {
        let browser_close = labels.browser_close.replace("{close}", "close()");
        let _ = write!(
            out,
            "{title}\n\n{sent_by}: {sender}. {wire}: {on_wire}. {browser_close}: {browser}.\n\n\
             {}\n\n{when_seen}: {}\n\n{resolve}: {}\n\n",
            text.meaning, text.when_seen, text.resolve
        );
        if !text.confused_with.is_empty() {
            let _ = writeln!(out, "{}:", labels.confused_with);
            for (other, choose) in &text.confused_with {
                let _ = writeln!(
                    out,
                    "- {}: {choose}",
                    catalog().lookup(*other).label_in(locale)
                );
            }
            out.push('\n');
        }
        let _ = write!(
            out,
            "{}: {} <{}>",
            labels.source, entry.source, entry.source_url
        );
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
            let plain = explain(code, &[], None, false, Locale::En);
            assert!(plain.contains(&code.to_string()), "{plain}");
            assert!(!plain.contains("**") && !plain.contains("###"), "{plain}");
            let md = explain(code, &[], None, true, Locale::En);
            assert!(md.starts_with("### "), "{md}");
        }
        assert!(explain(1008, &[], None, true, Locale::En).contains("[RFC 6455 §7.4.1](https://"));
        assert!(
            explain(4001, &[], None, false, Locale::En).starts_with("4001 Private Use (4000–4999)")
        );
    }
}
