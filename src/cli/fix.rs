//! `wslsp check --fix`, `--unsafe-fixes` and `--diff`: applying the findings' fixes to the
//! files. Choosing and applying edits is the library's ([`wslsp::fixes::combine`],
//! [`wslsp::fixes::apply`]); this module re-checks, diffs and writes.

use std::io::{self, Write};
use std::path::Path;

use similar::TextDiff;
use wslsp::analysis;
use wslsp::fixes;

use super::walk::{FileResult, Report};

/// At most this many fix-and-recheck passes per file. One pass suffices for today's fixes
/// (replacements are checked to be clean); the recheck catches a fix that uncovers another.
const MAX_PASSES: usize = 10;

/// What fixing did to the report.
#[derive(Debug, Default)]
pub struct Fixed {
    /// Fixes applied (or, with `--diff`, that would be).
    pub applied: usize,
    /// Files whose text changed.
    pub files: usize,
    /// Findings left with only unsafe fixes, which `--unsafe-fixes` would apply.
    pub unsafe_left: usize,
}

/// Fixes every file of `report` in memory: each file's text and analysis become the fixed
/// ones, and `changed` receives each changed file with its original text. Applies unsafe
/// fixes only when `include_unsafe`.
pub fn fix_report(
    report: &mut Report,
    include_unsafe: bool,
    mut changed: impl FnMut(&FileResult, &str) -> io::Result<()>,
) -> io::Result<Fixed> {
    let mut fixed = Fixed::default();
    for file in &mut report.files {
        let original = file.text.clone();
        for _ in 0..MAX_PASSES {
            let combined = fixes::combine(file.analysis.findings.iter(), include_unsafe);
            if combined.edits.is_empty() {
                break;
            }
            fixed.applied += combined.applied;
            file.text = fixes::apply(&file.text, &combined.edits);
            file.analysis = analysis::analyze(file.language, &file.text);
        }
        fixed.unsafe_left +=
            fixes::combine(file.analysis.findings.iter(), include_unsafe).unsafe_skipped;
        if file.text != original {
            fixed.files += 1;
            changed(file, &original)?;
        }
    }
    Ok(fixed)
}

/// A unified diff of one file's change, with `a/` and `b/` headers as `git diff` writes them.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Replaces the file at `path` with `contents` atomically: a temporary file in the same
/// directory takes the contents and the original's permissions, then is renamed over it, so a
/// reader sees the old file or the new one, never a half-written one. A symlink is followed:
/// its target is replaced and the link kept.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.as_file().set_permissions(permissions)?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}
