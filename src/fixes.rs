//! Fixes: text edits that resolve a finding. Edits are byte ranges into the analysed text;
//! the CLI and the server convert them to their own positions.

use std::ops::Range;

use crate::catalog::catalog;
use crate::detection::{CloseSite, Reason};
use crate::literals::{self, CodeExpr};
use crate::rules::MAX_REASON_BYTES;

/// Replace the bytes in `range` with `new_text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the analysed text.
    pub range: Range<usize>,
    /// The replacement text (UTF-8).
    pub new_text: String,
}

/// A titled set of edits that resolves one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, e.g. "Use 1011 (Internal Error)".
    pub title: String,
    /// Non-overlapping edits, in source order.
    pub edits: Vec<Edit>,
    /// Safe fixes keep the program's meaning (in the ruff sense) and may be applied
    /// unattended; every fix that changes a close code's value is unsafe.
    pub safe: bool,
}

/// A fix that replaces the site's code with `code`, written the way the site writes codes:
/// as the library's constant when the site uses one and the library names `code`, else as a
/// literal (keeping a Rust type suffix such as `u16`).
pub fn replace_code(site: &CloseSite, code: i64, source: &str) -> Option<Fix> {
    let expr = &source[site.code_range.clone()];
    let new_text = match literals::classify(expr) {
        CodeExpr::Int(_) => format!("{code}{}", literals::int_suffix(expr)),
        CodeExpr::Path(segments) | CodeExpr::Wrapped(segments, _) => {
            let last = *segments.last()?;
            let library = site.library();
            match library.constant_for(code) {
                // Keep the qualifier as written: `websocket.` in `websocket.CloseAbnormalClosure`.
                Some(name) if library.defines(last) => {
                    format!("{}{name}", &expr[..expr.rfind(last)?])
                }
                // The file's own constant: a literal is always valid there.
                _ if segments.len() == 1 && !library.defines(last) => code.to_string(),
                // A library type without a name for this code: a bare number may not type-check.
                _ => return None,
            }
        }
        CodeExpr::Other => return None,
    };
    let name = catalog()
        .lookup_value(code)
        .map_or(String::new(), |e| format!(" ({})", e.name));
    Some(Fix {
        title: format!("Use {code}{name}"),
        edits: vec![Edit {
            range: site.code_range.clone(),
            new_text,
        }],
        safe: false,
    })
}

/// A fix that cuts a too-long reason literal to at most 123 bytes on a character boundary.
/// `None` for literals with escape sequences, whose source bytes differ from their value.
pub fn truncate_reason(reason: &Reason) -> Option<Fix> {
    if reason.escaped {
        return None;
    }
    let mut end = MAX_REASON_BYTES.min(reason.text.len());
    while !reason.text.is_char_boundary(end) {
        end -= 1;
    }
    Some(Fix {
        title: format!("Shorten the reason to {end} bytes"),
        edits: vec![Edit {
            range: reason.content_range.clone(),
            new_text: reason.text[..end].to_owned(),
        }],
        safe: false,
    })
}
