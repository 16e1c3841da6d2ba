//! Code actions: each finding's fixes as quick fixes (the best one preferred), "Ignore
//! <rule> on this line" (a `wslsp-ignore:` comment in the file's comment syntax, which
//! `wslsp check` honours too), and `source.fixAll.wslsp`, which applies every safe fix in the
//! document at once.

use std::collections::HashMap;
use std::ops::Range;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, WorkspaceEdit,
};
use wslsp::fixes::{self, Edit};
use wslsp::locale::labels;
use wslsp::rules::Finding;
use wslsp::suppress;

use super::diagnostics;
use super::document::Snapshot;

/// The kind of the fix-all action.
pub const FIX_ALL: CodeActionKind = CodeActionKind::new("source.fixAll.wslsp");

/// Whether the client asked for `kind`: `only` absent, or one of its kinds is `kind` or a
/// dot-separated prefix of it (`source` and `source.fixAll` both ask for `source.fixAll.wslsp`).
pub fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|only| only.iter().any(|o| asks_for(o, kind)))
}

fn asks_for(asked: &CodeActionKind, kind: &CodeActionKind) -> bool {
    let (asked, kind) = (asked.as_str(), kind.as_str());
    kind == asked
        || kind
            .strip_prefix(asked)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// The code actions for the byte range `range` (the findings it touches) and, when asked,
/// fix-all. `only` is the client's `context.only`.
pub fn code_actions(
    snap: &Snapshot,
    range: Range<usize>,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeActionOrCommand> {
    let mut actions = Vec::new();
    if wanted(only, &CodeActionKind::QUICKFIX) {
        for (finding, severity) in diagnostics::visible(snap) {
            let touches = finding.range.start <= range.end && range.start <= finding.range.end;
            if !touches {
                continue;
            }
            let diagnostic = diagnostics::diagnostic(snap, finding, severity);
            for (i, fix) in finding.fixes.iter().enumerate() {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(workspace_edit(snap, &fix.edits)),
                    is_preferred: Some(i == 0),
                    ..CodeAction::default()
                }));
            }
            if let Some(edit) = suppress_edit(snap, finding) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: labels(snap.settings.locale)
                        .ignore_rule
                        .replace("{rule}", finding.rule),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic]),
                    edit: Some(workspace_edit(snap, &[edit])),
                    is_preferred: Some(false),
                    ..CodeAction::default()
                }));
            }
        }
    }
    // Fix-all is offered when explicitly asked for (editors run it on save), even with nothing
    // to do, and otherwise only when it has something to do.
    let asked = only.is_some_and(|only| only.iter().any(|o| asks_for(o, &FIX_ALL)));
    if asked || only.is_none() {
        let edits = safe_edits(diagnostics::visible(snap).map(|(f, _)| f));
        if asked || !edits.is_empty() {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: labels(snap.settings.locale).fix_all.clone(),
                kind: Some(FIX_ALL),
                edit: Some(workspace_edit(snap, &edits)),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

/// The edits of every finding's first safe fix, in source order, leaving out any fix whose
/// edits overlap an edit already taken (the edits of one fix-all must not overlap).
pub fn safe_edits<'a>(findings: impl Iterator<Item = &'a Finding>) -> Vec<Edit> {
    fixes::combine(findings, false).edits
}

/// The edit that adds a `wslsp-ignore` comment for `finding`, in the file's comment syntax.
fn suppress_edit(snap: &Snapshot, finding: &Finding) -> Option<Edit> {
    let (tree, language) = (snap.tree()?, snap.language?);
    suppress::insert(
        language,
        &tree,
        &snap.text,
        finding.range.start,
        finding.rule,
    )
}

fn workspace_edit(snap: &Snapshot, edits: &[Edit]) -> WorkspaceEdit {
    let map = snap.map();
    let edits = edits
        .iter()
        .map(|e| TextEdit::new(map.range(&e.range), e.new_text.clone()))
        .collect();
    WorkspaceEdit {
        changes: Some(HashMap::from([(snap.uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wslsp::fixes::Fix;
    use wslsp::rules::Severity;

    fn finding(range: Range<usize>, fixes: Vec<Fix>) -> Finding {
        Finding {
            rule: "reserved-code",
            site: Some(0),
            severity: Severity::Error,
            range,
            code: Some(1006),
            message: "m".into(),
            help: "h".into(),
            fixes,
            detail: None,
        }
    }

    fn fix(range: Range<usize>, safe: bool) -> Fix {
        Fix {
            title: "t".into(),
            edits: vec![Edit {
                range,
                new_text: "x".into(),
            }],
            safe,
        }
    }

    #[test]
    fn fix_all_takes_the_first_safe_fix_of_each_finding_without_overlaps() {
        let findings = [
            finding(20..24, vec![fix(20..24, false), fix(20..24, true)]),
            finding(0..4, vec![fix(0..4, true)]),
            finding(2..6, vec![fix(2..6, true)]),
            finding(30..34, vec![fix(30..34, false)]),
        ];
        let ranges: Vec<_> = safe_edits(findings.iter())
            .into_iter()
            .map(|e| e.range)
            .collect();
        assert_eq!(ranges, vec![0..4, 20..24]);
    }

    #[test]
    fn kinds_match_by_dotted_prefix() {
        let k = |s: &'static str| CodeActionKind::new(s);
        assert!(wanted(None, &FIX_ALL));
        assert!(wanted(Some(&[k("source")]), &FIX_ALL));
        assert!(wanted(Some(&[k("source.fixAll")]), &FIX_ALL));
        assert!(!wanted(Some(&[k("source.fix")]), &FIX_ALL));
        assert!(!wanted(Some(&[k("quickfix")]), &FIX_ALL));
        assert!(wanted(Some(&[k("quickfix")]), &CodeActionKind::QUICKFIX));
    }
}
