//! `wslsp check --fix`, `--unsafe-fixes` and `--diff`: applying the findings' fixes to the
//! files. Choosing and applying edits is the library's ([`wslsp::fixes::combine`],
//! [`wslsp::fixes::apply`]); this module re-checks, diffs and writes.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

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

/// The canonical paths `--fix` may write below: the checked paths (the current directory when
/// none was given). A file reached through a symlink is written only when its target is inside
/// one of them.
pub fn roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    let given: &[PathBuf] = if paths.is_empty() {
        &[PathBuf::new()]
    } else {
        paths
    };
    given
        .iter()
        .filter_map(|p| {
            std::fs::canonicalize(if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            })
            .ok()
        })
        .collect()
}

/// Why `--fix` left a file alone; the file is unchanged and no temporary file is left.
#[derive(Debug, thiserror::Error)]
pub enum NotWritten {
    /// A symlink leads outside the checked paths.
    #[error("it is a link to {0}, outside the checked paths; not fixed")]
    Outside(PathBuf),
    /// The file changed on disk after wslsp read it.
    #[error("it changed on disk while wslsp was fixing it; not fixed, check it again")]
    Changed,
    #[error("cannot write it: {0}")]
    Io(#[from] io::Error),
}

/// Replaces the file at `path`, read as `original`, with `contents` atomically: a temporary
/// file in the same directory takes the contents and the original's permissions, then is
/// renamed over it, so a reader sees the old file or the new one, never a half-written one. A
/// symlink is followed (its target is replaced and the link kept) only to a target inside
/// `roots`. Right before the rename the file is read again: if it no longer holds `original`,
/// it is left alone. The temporary file is removed on every error.
pub fn write_atomically(
    path: &Path,
    original: &[u8],
    contents: &[u8],
    roots: &[PathBuf],
) -> Result<(), NotWritten> {
    let target = std::fs::canonicalize(path)?;
    if !roots.iter().any(|root| target.starts_with(root)) {
        return Err(NotWritten::Outside(target));
    }
    let permissions = std::fs::metadata(&target)?.permissions();
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.as_file().set_permissions(permissions)?;
    if std::fs::read(&target)? != original {
        return Err(NotWritten::Changed);
    }
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names in `dir`, sorted: a temporary file left behind would show here.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_only_inside_the_checked_paths_and_only_what_was_read() {
        use std::os::unix::fs::PermissionsExt;
        let tree = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let roots = roots(&[tree.path().to_owned()]);
        let file = tree.path().join("a.js");
        std::fs::write(&file, "old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();

        write_atomically(&file, b"old", b"new", &roots).unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"new");
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);

        // Changed on disk since it was read: left alone.
        let err = write_atomically(&file, b"old", b"newer", &roots).unwrap_err();
        assert!(matches!(err, NotWritten::Changed), "{err}");
        assert_eq!(std::fs::read(&file).unwrap(), b"new");

        // A link out of the tree: its target is left alone.
        let target = outside.path().join("b.js");
        std::fs::write(&target, "old").unwrap();
        let link = tree.path().join("b.js");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = write_atomically(&link, b"old", b"new", &roots).unwrap_err();
        assert!(matches!(err, NotWritten::Outside(_)), "{err}");
        assert_eq!(std::fs::read(&target).unwrap(), b"old");

        // No refusal left a temporary file behind.
        assert_eq!(names(tree.path()), ["a.js", "b.js"]);
        assert_eq!(names(outside.path()), ["b.js"]);
    }
}
