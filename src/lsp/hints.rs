//! Inlay hints: the registered name after each numeric close code,
//! `close(1008 ‹Policy Violation›)`.

use std::ops::Range;

use tower_lsp_server::ls_types::{InlayHint, InlayHintLabel, InlayHintTooltip};
use wslsp::catalog::catalog;
use wslsp::detection::CodeForm;

use super::document::Snapshot;

/// The hints for the sites whose code lies in the byte range `range`; none when the user
/// switched hints off.
pub fn inlay_hints(snap: &Snapshot, range: Range<usize>) -> Vec<InlayHint> {
    if !snap.settings.inlay_hints {
        return Vec::new();
    }
    let map = snap.map();
    let first = snap
        .analysis
        .sites
        .partition_point(|s| s.code_range.end < range.start);
    snap.analysis.sites[first..]
        .iter()
        .take_while(|s| s.code_range.start <= range.end)
        .filter(|s| s.form == CodeForm::Literal)
        .map(|site| {
            let (name, summary) = match catalog().lookup_value(site.code) {
                Some(entry) => (entry.name.as_str(), entry.summary.as_str()),
                None => (
                    "not a close code",
                    "A close code is a 2-byte value, 0–65535",
                ),
            };
            InlayHint {
                position: map.position(site.code_range.end),
                label: InlayHintLabel::String(format!("‹{name}›")),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::String(summary.to_owned())),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            }
        })
        .collect()
}
