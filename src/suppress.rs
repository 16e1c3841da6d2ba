//! Suppression comments: `// wslsp-ignore: rule-id` (`# wslsp-ignore: rule-id` in Python),
//! with several rule ids separated by commas, silences those rules
//!
//! - on its own line, when it ends a line of code (`ws.close(1006); // wslsp-ignore: reserved-code`);
//! - on the next line, when it stands alone on its line.
//!
//! Only real comments count (tree-sitter says so), never the same text in a string.
//! [`crate::analysis::analyze_tree`] applies them, so `wslsp check` and the language server
//! honour the same comments.

use std::ops::Range;

use tree_sitter::{Node, Tree};

use crate::fixes::Edit;
use crate::languages::Language;
use crate::position::{ColumnUnit, LineIndex};
use crate::rules::Finding;

/// The text that starts a suppression inside a comment.
pub const MARKER: &str = "wslsp-ignore:";

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The 0-based line whose findings it silences.
    pub line: usize,
    /// The rule ids it names.
    pub rules: Vec<String>,
    /// Where its rule list ends (to append another rule id there).
    pub list_end: usize,
}

/// Every suppression comment in `text`, parsed into `tree`, in source order.
pub fn suppressions(tree: &Tree, text: &str) -> Vec<Suppression> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut line, mut counted_to) = (0, 0);
    for at in memchr::memmem::find_iter(bytes, MARKER) {
        let Some(comment) = tree
            .root_node()
            .descendant_for_byte_range(at, at + MARKER.len())
            .filter(|n| n.kind().contains("comment"))
        else {
            continue;
        };
        let start = comment.start_byte();
        line += memchr::memchr_iter(b'\n', &bytes[counted_to.min(start)..start]).count();
        counted_to = counted_to.max(start);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let alone = text[line_start..start].trim().is_empty();
        // The rule list: ids of lowercase letters, digits and dashes, separated by commas.
        let rest_end = comment
            .end_byte()
            .min(text[at..].find('\n').map_or(text.len(), |i| at + i));
        let list = &text[at + MARKER.len()..rest_end];
        let mut rules = Vec::new();
        let mut list_end = at + MARKER.len();
        let mut offset = at + MARKER.len();
        for part in list.split(',') {
            let id = part.trim();
            let id_len = id
                .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
                .unwrap_or(id.len());
            if id_len == 0 {
                break;
            }
            let id_start = offset + (part.len() - part.trim_start().len());
            rules.push(id[..id_len].to_owned());
            list_end = id_start + id_len;
            if id_len < id.len() {
                break; // text after the id ends the list: `wslsp-ignore: reserved-code -- why`
            }
            offset += part.len() + 1;
        }
        if !rules.is_empty() {
            out.push(Suppression {
                line: line + usize::from(alone),
                rules,
                list_end,
            });
        }
    }
    out
}

/// Removes the findings that a suppression comment silences.
pub fn retain_unsuppressed(findings: &mut Vec<Finding>, tree: &Tree, text: &str) {
    if findings.is_empty() || memchr::memmem::find(text.as_bytes(), MARKER.as_bytes()).is_none() {
        return;
    }
    let suppressions = suppressions(tree, text);
    if suppressions.is_empty() {
        return;
    }
    let index = LineIndex::new(text);
    findings.retain(|f| {
        let line = index.position(text, f.range.start, ColumnUnit::Utf8).line as usize;
        !suppressions
            .iter()
            .any(|s| s.line == line && s.rules.iter().any(|r| r == f.rule))
    });
}

/// The edit that silences `rule` on the line holding byte `offset`: the rule id added to the
/// line's own suppression comment if it has one; else a comment at the end of the line; else,
/// when the line ends inside a string (or JSX), a comment line above it. `None` when neither
/// place is safe.
pub fn insert(
    language: Language,
    tree: &Tree,
    text: &str,
    offset: usize,
    rule: &str,
) -> Option<Edit> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line_end = if text[..line_end].ends_with('\r') {
        line_end - 1
    } else {
        line_end
    };
    let line = text[..line_start].matches('\n').count();
    if let Some(s) = suppressions(tree, text)
        .into_iter()
        .find(|s| s.line == line && (line_start..=line_end).contains(&s.list_end))
    {
        return Some(Edit {
            range: s.list_end..s.list_end,
            new_text: format!(", {rule}"),
        });
    }
    let prefix = language.comment_prefix();
    if !inside_text(tree, line_end) {
        let gap = if language == Language::Python {
            "  "
        } else {
            " "
        };
        return Some(Edit {
            range: line_end..line_end,
            new_text: format!("{gap}{prefix} {MARKER} {rule}"),
        });
    }
    if !inside_text(tree, line_start) {
        let indent_len = text[line_start..]
            .find(|c: char| c != ' ' && c != '\t')
            .unwrap_or(0);
        let indent = &text[line_start..line_start + indent_len];
        return Some(Edit {
            range: line_start..line_start,
            new_text: format!("{indent}{prefix} {MARKER} {rule}\n"),
        });
    }
    None
}

/// Whether a comment inserted at `offset` would land inside a string, template or JSX text.
fn inside_text(tree: &Tree, offset: usize) -> bool {
    let Some(node) = tree.root_node().descendant_for_byte_range(offset, offset) else {
        return false;
    };
    std::iter::successors(Some(node), Node::parent).any(|n| {
        let kind = n.kind();
        let range: Range<usize> = n.byte_range();
        (kind.contains("string") || kind.contains("template") || kind.starts_with("jsx"))
            && range.start < offset
            && offset < range.end
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, parse};

    const JS: &str = "import WebSocket from 'ws';\nconst ws = new WebSocket(u);\n";

    fn rules_fired(language: Language, text: &str) -> Vec<(usize, &'static str)> {
        analyze(language, text)
            .findings
            .iter()
            .map(|f| (text[..f.range.start].matches('\n').count(), f.rule))
            .collect()
    }

    #[test]
    fn trailing_and_own_line_comments_silence_the_named_rules_only() {
        let text = format!(
            "{JS}ws.close(1006); // wslsp-ignore: reserved-code\n\
             // wslsp-ignore: unassigned-code, reserved-code -- legacy peers\n\
             ws.close(1005);\n\
             ws.close(2001); // wslsp-ignore: reserved-code\n\
             const s = '// wslsp-ignore: reserved-code'; ws.close(1015);\n"
        );
        assert_eq!(
            rules_fired(Language::JavaScript, &text),
            vec![(5, "unassigned-code"), (6, "reserved-code")]
        );
        let tree = parse(Language::JavaScript, &text, None).unwrap();
        let s = suppressions(&tree, &text);
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].line, 4);
        assert_eq!(s[1].rules, ["unassigned-code", "reserved-code"]);
        assert_eq!(&text[s[1].list_end - 13..s[1].list_end], "reserved-code");
    }

    #[test]
    fn python_uses_hash_comments() {
        let text = "import websockets\n\nasync def h(ws):\n    await ws.close(1006)  # wslsp-ignore: reserved-code\n    await ws.close(1006)\n";
        assert_eq!(
            rules_fired(Language::Python, text),
            vec![(4, "reserved-code")]
        );
    }

    fn apply(text: &str, edit: &Edit) -> String {
        let mut out = text.to_owned();
        out.replace_range(edit.range.clone(), &edit.new_text);
        out
    }

    #[test]
    fn inserted_comments_silence_the_finding_they_were_made_for() {
        for (language, text) in [
            (Language::JavaScript, format!("{JS}  ws.close(1006);\r\n")),
            (Language::JavaScript, format!("{JS}ws.close(1006); // legacy\n")),
            (Language::JavaScript, format!("{JS}ws.close(1006, `x\ny`);\n")),
            (Language::JavaScript, format!("{JS}ws.close(1006); // wslsp-ignore: unassigned-code\n")),
            (
                Language::Python,
                "import websockets\nasync def h(ws):\n    await ws.close(1006)\n".to_owned(),
            ),
            (
                Language::Go,
                "package m\nimport \"github.com/gorilla/websocket\"\nvar u = websocket.Upgrader{}\nfunc f() {\n\tc, _ := u.Upgrade(w, r, nil)\n\tc.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(1006, \"\"))\n}\n".to_owned(),
            ),
        ] {
            let tree = parse(language, &text, None).unwrap();
            let finding = analyze(language, &text).findings.last().cloned().expect("a finding");
            let edit = insert(language, &tree, &text, finding.range.start, finding.rule).unwrap();
            let fixed = apply(&text, &edit);
            let after = analyze(language, &fixed);
            assert_eq!(
                after.findings.len() + 1,
                analyze(language, &text).findings.len(),
                "{fixed}"
            );
            assert_eq!(after.sites.len(), analyze(language, &text).sites.len(), "{fixed}");
        }
    }
}
