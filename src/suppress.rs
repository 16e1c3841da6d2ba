//! Suppression comments, found with tree-sitter (the same text inside a string is not one):
//!
//! - `// wslsp-ignore` silences every rule, `// wslsp-ignore: rule-a, rule-b` only those
//!   (`#` in Python); on its own line when it ends a line of code, on the next line when it
//!   stands alone on its line;
//! - `// wslsp-ignore-file` (or `wslsp-ignore-file: rule-a`) in the comments at the top of a
//!   file, before any code, silences the whole file.
//!
//! A suppression, or a rule id in one, that silences nothing is reported as
//! `unused-suppression`, with a safe fix that removes it. [`crate::analysis`] applies them, so
//! `wslsp check` and the language server honour the same comments.

use std::ops::Range;

use tree_sitter::{Node, Tree};

use crate::fixes::{Edit, Fix};
use crate::languages::Language;
use crate::position::{ColumnUnit, LineIndex};
use crate::rules::{self, Finding};

/// The text that starts a suppression inside a comment (`wslsp-ignore-file` for a file).
pub const MARKER: &str = "wslsp-ignore";

/// The rule that reports suppressions that silence nothing.
pub const UNUSED: &str = "unused-suppression";

/// Where a suppression applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One 0-based line.
    Line(usize),
    /// The whole file.
    File,
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub scope: Scope,
    /// The rule ids it names, each with its byte range; empty for every rule.
    pub rules: Vec<(String, Range<usize>)>,
    /// Byte range of the directive: from `wslsp-ignore` to the end of its rule list (where
    /// another rule id is appended).
    pub directive: Range<usize>,
    /// Byte range of the comment that holds it.
    pub comment: Range<usize>,
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
        // A directive starts a word: `// wslsp-ignore`, `#wslsp-ignore`, `/* wslsp-ignore */`.
        if bytes[..at]
            .last()
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
        {
            continue;
        }
        let start = comment.start_byte();
        line += memchr::memchr_iter(b'\n', &bytes[counted_to.min(start)..start]).count();
        counted_to = counted_to.max(start);
        let end = comment
            .end_byte()
            .min(text[at..].find('\n').map_or(text.len(), |i| at + i));
        let mut rest_start = at + MARKER.len();
        let file = text[rest_start..end].starts_with("-file");
        if file {
            rest_start += "-file".len();
        }
        let rest = &text[rest_start..end];
        if rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            continue; // `wslsp-ignored`, `wslsp-ignore-files`: another word
        }
        let rules = match rest.strip_prefix(':') {
            Some(list) => rule_list(list, rest_start + 1),
            None => Vec::new(),
        };
        let list_end = rules.last().map_or(rest_start, |(_, r)| r.end);
        let scope = if file {
            if !at_top(tree, comment) {
                continue;
            }
            Scope::File
        } else {
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let alone = text[line_start..start].trim().is_empty();
            Scope::Line(line + usize::from(alone))
        };
        out.push(Suppression {
            scope,
            rules,
            directive: at..list_end,
            comment: comment.byte_range(),
        });
    }
    out
}

/// The rule ids of a list after `wslsp-ignore:` starting at byte `offset`: ids of lowercase
/// letters, digits and dashes separated by commas; other text ends the list
/// (`wslsp-ignore: reserved-code -- legacy peers`).
fn rule_list(list: &str, offset: usize) -> Vec<(String, Range<usize>)> {
    let mut rules = Vec::new();
    let mut at = offset;
    for part in list.split(',') {
        let id = part.trim_start();
        let id_start = at + (part.len() - id.len());
        let id_len = id
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .unwrap_or(id.len());
        if id_len == 0 {
            break;
        }
        rules.push((id[..id_len].to_owned(), id_start..id_start + id_len));
        if id[id_len..].trim() != "" {
            break;
        }
        at += part.len() + 1;
    }
    rules
}

/// Whether `comment` is among the comments at the top of the file, before any code.
fn at_top(tree: &Tree, comment: Node) -> bool {
    let root = tree.root_node();
    let mut walk = root.walk();
    root.children(&mut walk)
        .take_while(|n| n.start_byte() < comment.start_byte())
        .all(|n| n.kind().contains("comment") || n.kind().contains("hash_bang"))
}

/// Removes the findings that suppression comments silence, then adds an `unused-suppression`
/// finding for each suppression, or rule id in one, that silenced nothing. `findings` must be
/// sorted by position; the result is too.
pub fn apply(findings: &mut Vec<Finding>, tree: &Tree, text: &str) {
    if memchr::memmem::find(text.as_bytes(), MARKER.as_bytes()).is_none() {
        return;
    }
    let suppressions = suppressions(tree, text);
    if suppressions.is_empty() {
        return;
    }
    let index = LineIndex::new(text);
    // Per suppression, per rule id (or one slot for "every rule"): did it silence anything?
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.rules.len().max(1)])
        .collect();
    findings.retain(|f| {
        let line = index.position(text, f.range.start, ColumnUnit::Utf8).line as usize;
        let mut silenced = false;
        for (s, used) in suppressions.iter().zip(&mut used) {
            if s.scope != Scope::File && s.scope != Scope::Line(line) {
                continue;
            }
            if s.rules.is_empty() {
                used[0] = true;
                silenced = true;
            } else if let Some(k) = s.rules.iter().position(|(id, _)| id == f.rule) {
                used[k] = true;
                silenced = true;
            }
        }
        !silenced
    });
    // An unused suppression is itself silenced only by naming `unused-suppression`.
    let allows_unused = |line: usize| {
        suppressions.iter().any(|o| {
            (o.scope == Scope::File || o.scope == Scope::Line(line))
                && o.rules.iter().any(|(id, _)| id == UNUSED)
        })
    };
    for (s, used) in suppressions.iter().zip(&used) {
        if let Some(finding) = unused(s, used, text) {
            let line = index
                .position(text, finding.range.start, ColumnUnit::Utf8)
                .line;
            if !allows_unused(line as usize) {
                findings.push(finding);
            }
        }
    }
    findings.sort_by_key(|f| (f.range.start, f.range.end));
}

/// The `unused-suppression` finding of a suppression whose rule ids (or whose "every rule")
/// silenced nothing, with the fix that removes them; `None` when all were used. An
/// `unused-suppression` id is never reported itself.
fn unused(s: &Suppression, used: &[bool], text: &str) -> Option<Finding> {
    let idle: Vec<usize> = (0..used.len())
        .filter(|&k| !used[k])
        .filter(|&k| s.rules.get(k).is_none_or(|(id, _)| id != UNUSED))
        .collect();
    if idle.is_empty() {
        return None;
    }
    let names: Vec<&str> = idle
        .iter()
        .filter_map(|&k| s.rules.get(k).map(|(id, _)| id.as_str()))
        .collect();
    let (range, edit) = if idle.len() == used.len() {
        (s.directive.clone(), remove_directive(s, text))
    } else {
        // Keep the used ids: one edit over the whole list.
        let kept: Vec<&str> = (0..used.len())
            .filter(|k| !idle.contains(k))
            .map(|k| s.rules[k].0.as_str())
            .collect();
        let list = s.rules[0].1.start..s.rules[s.rules.len() - 1].1.end;
        let edit = Edit {
            range: list,
            new_text: kept.join(", "),
        };
        (s.rules[idle[0]].1.clone(), edit)
    };
    Some(rules::unused_suppression(
        range,
        &names,
        s.scope == Scope::File,
        Fix {
            title: "Remove the unused suppression".to_owned(),
            edits: vec![edit],
            safe: rules::by_id(UNUSED).is_some_and(|r| r.safe_fixes),
        },
    ))
}

/// The edit that deletes a whole directive: the comment with it when the comment holds
/// nothing else (its line too when it stands alone), else the directive's text.
fn remove_directive(s: &Suppression, text: &str) -> Edit {
    let comment = &text[s.comment.clone()];
    let before = &comment[..s.directive.start - s.comment.start];
    let only = before
        .trim_start_matches(['/', '#', '*', ' ', '\t', '!'])
        .trim()
        .is_empty();
    if !only {
        let start = text[..s.directive.start].trim_end().len();
        return Edit {
            range: start..s.directive.end,
            new_text: String::new(),
        };
    }
    let line_start = text[..s.comment.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[s.comment.end..]
        .find('\n')
        .map_or(text.len(), |i| s.comment.end + i);
    let after = text[s.comment.end..line_end].trim();
    if text[line_start..s.comment.start].trim().is_empty() && after.is_empty() {
        let end = (line_end + 1).min(text.len());
        return Edit {
            range: line_start..end,
            new_text: String::new(),
        };
    }
    let start = text[..s.comment.start].trim_end_matches([' ', '\t']).len();
    Edit {
        range: start..s.comment.end,
        new_text: String::new(),
    }
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
    if let Some(s) = suppressions(tree, text).into_iter().find(|s| {
        s.scope == Scope::Line(line)
            && !s.rules.is_empty()
            && (line_start..=line_end).contains(&s.directive.end)
    }) {
        return Some(Edit {
            range: s.directive.end..s.directive.end,
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
            new_text: format!("{gap}{prefix} {MARKER}: {rule}"),
        });
    }
    if !inside_text(tree, line_start) {
        let indent_len = text[line_start..]
            .find(|c: char| c != ' ' && c != '\t')
            .unwrap_or(0);
        let indent = &text[line_start..line_start + indent_len];
        return Some(Edit {
            range: line_start..line_start,
            new_text: format!("{indent}{prefix} {MARKER}: {rule}\n"),
        });
    }
    None
}

/// Whether a comment inserted at `offset` would land inside a string, template or JSX text:
/// one descent from the root through the nodes that hold `offset` (`Node::parent` in a loop
/// would cost the depth squared).
fn inside_text(tree: &Tree, offset: usize) -> bool {
    let mut cursor = tree.root_node().walk();
    loop {
        let n = cursor.node();
        let kind = n.kind();
        let range: Range<usize> = n.byte_range();
        if (kind.contains("string") || kind.contains("template") || kind.starts_with("jsx"))
            && range.start < offset
            && offset < range.end
        {
            return true;
        }
        if cursor.goto_first_child_for_byte(offset).is_none() {
            return false;
        }
    }
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
            vec![
                (3, UNUSED),
                (5, "unassigned-code"),
                (5, UNUSED),
                (6, "reserved-code")
            ]
        );
        let tree = parse(Language::JavaScript, &text, None).unwrap();
        let s = suppressions(&tree, &text);
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].scope, Scope::Line(4));
        let ids: Vec<&str> = s[1].rules.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["unassigned-code", "reserved-code"]);
        assert_eq!(
            &text[s[1].directive.end - 13..s[1].directive.end],
            "reserved-code"
        );
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

    #[test]
    fn a_bare_directive_silences_every_rule_and_a_file_directive_the_file() {
        let text = format!(
            "{JS}ws.close(1006); // wslsp-ignore\n// wslsp-ignore\nws.close(2001);\nws.close(1005);\n"
        );
        assert_eq!(
            rules_fired(Language::JavaScript, &text),
            vec![(5, "reserved-code")]
        );
        let file = format!(
            "// Legacy peers need these.\n// wslsp-ignore-file: reserved-code\n{JS}ws.close(1006);\nws.close(1005);\nws.close(2001);\n"
        );
        assert_eq!(
            rules_fired(Language::JavaScript, &file),
            vec![(6, "unassigned-code")]
        );
        // Below code it is not at the top of the file: not a file directive, and not a line one.
        let late = format!("{JS}// wslsp-ignore-file\nws.close(1006);\n");
        assert_eq!(
            rules_fired(Language::JavaScript, &late),
            vec![(3, "reserved-code")]
        );
        // Other words that start with the marker are not directives.
        let words = format!("{JS}ws.close(1006); // wslsp-ignored; my-wslsp-ignore\n");
        assert_eq!(
            rules_fired(Language::JavaScript, &words),
            vec![(2, "reserved-code")]
        );
    }

    /// `text` after applying the first fix of every `unused-suppression` finding.
    fn without_unused(language: Language, text: &str) -> String {
        let mut edits: Vec<Edit> = analyze(language, text)
            .findings
            .into_iter()
            .filter(|f| f.rule == UNUSED)
            .flat_map(|f| {
                assert!(f.fixes[0].safe);
                f.fixes[0].edits.clone()
            })
            .collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        let mut out = text.to_owned();
        for e in edits {
            out.replace_range(e.range, &e.new_text);
        }
        out
    }

    #[test]
    fn suppressions_that_silence_nothing_are_reported_with_a_fix_that_removes_them() {
        let text = format!(
            "{JS}ws.close(1000); // wslsp-ignore: reserved-code\n\
             // wslsp-ignore\n\
             ws.close(4001);\n\
             ws.close(1006); // wslsp-ignore: unassigned-code, reserved-code, client-only-code\n\
             ws.close(1006); // legacy; wslsp-ignore: reserved-code\n\
             const s = '// wslsp-ignore: reserved-code';\n"
        );
        let fired = rules_fired(Language::JavaScript, &text);
        assert_eq!(fired, vec![(2, UNUSED), (3, UNUSED), (5, UNUSED)], "{text}");
        let unused = analyze(Language::JavaScript, &text).findings;
        assert!(
            unused[0].message.contains("`reserved-code`"),
            "{}",
            unused[0].message
        );
        assert!(
            unused[1].message.contains("`wslsp-ignore`"),
            "{}",
            unused[1].message
        );
        assert!(
            unused[2]
                .message
                .contains("`unassigned-code, client-only-code`"),
            "{}",
            unused[2].message
        );
        assert_eq!(unused[0].severity, crate::rules::Severity::Info);
        assert_eq!((unused[0].site, unused[0].code), (None, None));
        let fixed = without_unused(Language::JavaScript, &text);
        assert_eq!(
            fixed,
            format!(
                "{JS}ws.close(1000);\n\
                 ws.close(4001);\n\
                 ws.close(1006); // wslsp-ignore: reserved-code\n\
                 ws.close(1006); // legacy; wslsp-ignore: reserved-code\n\
                 const s = '// wslsp-ignore: reserved-code';\n"
            )
        );
        assert!(rules_fired(Language::JavaScript, &fixed).is_empty());
        // A used directive that also names `unused-suppression` is left alone.
        let quiet =
            format!("{JS}ws.close(1006); // wslsp-ignore: reserved-code, unused-suppression\n");
        assert!(rules_fired(Language::JavaScript, &quiet).is_empty());
    }

    #[test]
    fn an_unused_file_directive_is_removed_with_its_line() {
        let text = "# wslsp-ignore-file: reserved-code\nimport websockets\nasync def h(ws):\n    await ws.close(1000)\n";
        assert_eq!(rules_fired(Language::Python, text), vec![(0, UNUSED)]);
        assert_eq!(
            without_unused(Language::Python, text),
            "import websockets\nasync def h(ws):\n    await ws.close(1000)\n"
        );
        let message = &analyze(Language::Python, text).findings[0].message;
        assert!(message.contains("in this file"), "{message}");
    }
}
