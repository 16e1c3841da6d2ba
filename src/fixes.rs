//! Fixes: text edits that resolve a finding. Edits are byte ranges into the analysed text;
//! the CLI and the server convert them to their own positions.

use std::ops::Range;

use crate::catalog::catalog;
use crate::detection::{CloseSite, Reason};
use crate::libraries::NoCode;
use crate::literals::{self, CodeExpr};
use crate::rules::{Finding, MAX_REASON_BYTES};

/// Replace the bytes in `range` with `new_text`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Edit {
    /// Byte range in the analysed text.
    pub range: Range<usize>,
    /// The replacement text (UTF-8).
    pub new_text: String,
}

/// A titled set of edits that resolves one finding.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// The safe fix of `magic-close-code`: the site's numeric code replaced with the library's
/// constant for it, qualified as the file already refers to the library: as the wrapper the
/// site writes (`CloseCode::from(1008)` → `CloseCode::Policy`), else as the file's import
/// gives it ([`crate::libraries::Library::qualifier_in`]). `None` when the file shows no
/// import that brings the constant into scope: wslsp does not add imports.
pub fn use_constant(site: &CloseSite, source: &str) -> Option<Fix> {
    let library = site.library();
    let name = library.constant_for(site.code)?;
    let expr = source.get(site.code_range.clone())?.trim();
    let new_text = match literals::classify(expr) {
        CodeExpr::Int(_) => {
            let qualifier = library.qualifier_in(source)?;
            format!("{qualifier}{name}{}", library.number_suffix)
        }
        CodeExpr::Wrapped(segments, _) => {
            let wrapper = *segments.last()?;
            let path = expr[..expr.find('(')?].trim_end();
            if library.is_qualifier(wrapper) {
                // Swift's `CloseCode(rawValue: 1008)`: the constant is a member of the wrapper.
                let separator = if path.contains("::") { "::" } else { "." };
                format!("{path}{separator}{name}")
            } else {
                // `CloseCode::from(1008)`, `websocket.StatusCode(1008)`: a sibling of the wrapper.
                format!("{}{name}", &path[..path.len() - wrapper.len()])
            }
        }
        _ => return None,
    };
    Some(Fix {
        title: format!("Write {new_text}"),
        edits: vec![Edit {
            range: site.code_range.clone(),
            new_text,
        }],
        safe: true,
    })
}

/// A fix that closes without a status code instead of sending one that must never be sent
/// (1005), in the library's API: `ws.close()` or `Message::Close(None)`. `None` when the
/// library has no such form or the call is not written in the shape it expects.
pub fn close_without_code(site: &CloseSite, source: &str) -> Option<Fix> {
    // At a helper's call (`fail(ws, 1005)`) the code is the helper's argument, not the
    // library's: dropping it would break the call.
    if site.via.is_some() {
        return None;
    }
    let call = site.call_range.clone();
    let (range, new_text) = match site.library().close_without_code? {
        NoCode::NoArguments => {
            // The code must be the call's first argument: `close(1005, ...)`, `close(code=1005)`.
            let open = call.start + source.get(call.start..site.code_range.start)?.rfind('(')?;
            let between = source[open + 1..site.code_range.start].trim();
            let keyword = between.strip_suffix(['=', ':']).unwrap_or(between);
            if !keyword.chars().all(|c| c.is_alphanumeric() || c == '_')
                || !source.get(..call.end)?.ends_with(')')
            {
                return None;
            }
            (open + 1..call.end - 1, String::new())
        }
        NoCode::None => {
            // The site is the frame in `Some(frame)`: the option becomes `None`.
            let before = source.get(..call.start)?.trim_end().strip_suffix("Some(")?;
            let after = source.get(call.end..)?;
            let close = call.end + after.len() - after.trim_start().len();
            if !after.trim_start().starts_with(')') {
                return None;
            }
            (before.len()..close + 1, "None".to_owned())
        }
    };
    Some(Fix {
        title: "Close without a status code".to_owned(),
        edits: vec![Edit { range, new_text }],
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

/// The fixes chosen for one text by [`combine`]: their edits, ready for [`apply`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Combined {
    /// Non-overlapping edits of the chosen fixes, sorted by start.
    pub edits: Vec<Edit>,
    /// How many fixes were chosen (one per finding at most).
    pub applied: usize,
    /// Findings that had a fix but none was chosen: only unsafe ones while `include_unsafe`
    /// is false. Findings left out because their fix overlapped a chosen one are not counted.
    pub unsafe_skipped: usize,
}

/// Chooses for every finding its first fix that may be applied (safe ones, and unsafe ones too
/// when `include_unsafe`), leaving out any fix whose edits overlap an edit already chosen, as
/// the edits of one pass must not overlap. Findings are taken in source order.
pub fn combine<'a>(findings: impl Iterator<Item = &'a Finding>, include_unsafe: bool) -> Combined {
    let mut combined = Combined::default();
    let mut chosen: Vec<&Fix> = Vec::new();
    for finding in findings {
        match finding.fixes.iter().find(|fix| fix.safe || include_unsafe) {
            Some(fix) => chosen.push(fix),
            None if !finding.fixes.is_empty() => combined.unsafe_skipped += 1,
            None => {}
        }
    }
    chosen.sort_by_key(|fix| fix.edits.iter().map(|e| e.range.start).min());
    for fix in chosen {
        let overlaps = fix.edits.iter().any(|e| {
            combined
                .edits
                .iter()
                .any(|t| e.range.start < t.range.end && t.range.start < e.range.end)
        });
        if !overlaps {
            combined.edits.extend(fix.edits.iter().cloned());
            combined.applied += 1;
        }
    }
    combined.edits.sort_by_key(|e| e.range.start);
    combined
}

/// `text` with `edits` applied. The edits must be sorted and must not overlap (as
/// [`combine`] returns them); their ranges are byte offsets on char boundaries of `text`.
/// Bytes outside the edits, line endings and a byte order mark included, are kept as they are.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.new_text);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::languages::Language;

    #[test]
    fn unsafe_fixes_apply_only_when_asked_and_the_result_is_clean() {
        let source = "const s = new WebSocket(u);\r\ns.close(1006);\r\ns.close(2001);\r\n";
        let analysis = analyze(Language::JavaScript, source);
        let safe_only = combine(analysis.findings.iter(), false);
        assert_eq!(safe_only.edits, vec![]);
        let with_fixes = analysis.findings.iter().filter(|f| !f.fixes.is_empty());
        assert_eq!(safe_only.unsafe_skipped, with_fixes.count());

        let all = combine(analysis.findings.iter(), true);
        // 1006 and 2001 have two findings each on the same range: one fix for both.
        assert_eq!(all.applied, 2, "{all:?}");
        let fixed = apply(source, &all.edits);
        assert_eq!(
            fixed,
            "const s = new WebSocket(u);\r\ns.close(1000);\r\ns.close(4001);\r\n"
        );
        assert!(analyze(Language::JavaScript, &fixed).findings.is_empty());
    }
}
