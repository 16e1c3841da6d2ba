//! Completion of close codes inside the code argument of a close call: the codes that fit
//! the socket's role, the usual ones first, each with its name and one-line summary (in the
//! settings' locale; a registered name stays as IANA spells it).

use std::ops::Range;

use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionItemLabelDetails, CompletionList,
    CompletionTextEdit, Documentation, Position, TextEdit,
};
use wslsp::catalog::{Sender, catalog};
use wslsp::detection::CodeForm;
use wslsp::roles::Role;

use super::document::Snapshot;

/// The completion list at `pos`, or `None` when `pos` is not in the code argument of a
/// close call.
pub fn completion(snap: &Snapshot, pos: Position) -> Option<CompletionList> {
    let offset = snap.map().exact_offset(pos)?;
    let (replace, role, browser_only) = context(snap, offset)?;
    let sender = match role {
        Role::Server => Sender::Server,
        Role::Client => Sender::Client,
        Role::Unknown => Sender::Either,
    };
    let range = snap.map().range(&replace);
    let locale = snap.settings.locale;
    let items = catalog()
        .suggested_codes(sender, browser_only)
        .into_iter()
        .enumerate()
        .map(|(rank, code)| {
            let text = catalog().lookup(code).text(locale);
            CompletionItem {
                label: code.to_string(),
                label_details: Some(CompletionItemLabelDetails {
                    detail: None,
                    description: Some(text.name.to_owned()),
                }),
                kind: Some(CompletionItemKind::VALUE),
                detail: Some(text.name.to_owned()),
                documentation: Some(Documentation::String(text.summary.to_owned())),
                sort_text: Some(format!("{rank:03}")),
                filter_text: Some(code.to_string()),
                preselect: Some(rank == 0),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                    range,
                    code.to_string(),
                ))),
                ..CompletionItem::default()
            }
        })
        .collect();
    Some(CompletionList {
        is_incomplete: false,
        items,
    })
}

/// What to replace, the socket's role, and whether only the browser's codes are allowed.
fn context(snap: &Snapshot, offset: usize) -> Option<(Range<usize>, Role, bool)> {
    let sites = &snap.analysis.sites;
    // Inside (or right after) the numeric code of a known close site.
    if let Some(site) = sites
        .iter()
        .find(|s| s.code_range.start <= offset && offset <= s.code_range.end)
    {
        return (site.form == CodeForm::Literal
            && snap.text[site.code_range.clone()]
                .bytes()
                .all(|b| b.is_ascii_digit()))
        .then(|| (site.code_range.clone(), site.role, site.library().whatwg));
    }
    // A close call being written: `…close(`, `…Close(`, `FormatCloseMessage(` then digits.
    let line_start = snap.text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &snap.text[line_start..offset];
    let digits_start = before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let head = before[..digits_start]
        .trim_end()
        .strip_suffix('(')?
        .trim_end();
    let callee_start = head
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    if !head[callee_start..].to_ascii_lowercase().contains("close") {
        return None;
    }
    // The role the file's sites agree on, if they do.
    let role = match sites.first() {
        Some(first) if sites.iter().all(|s| s.role == first.role) => first.role,
        _ => Role::Unknown,
    };
    let browser_only = !sites.is_empty() && sites.iter().all(|s| s.library().whatwg);
    Some((line_start + digits_start..offset, role, browser_only))
}
