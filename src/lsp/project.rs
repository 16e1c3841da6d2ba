//! The project configuration in the server: which `wslsp.toml` (or `pyproject.toml` with
//! `[tool.wslsp]`) applies to each document, found as `wslsp check` finds it, or the file the
//! `config` setting names. A file that stops parsing keeps its last good configuration in
//! force; its error is reported once per change.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use wslsp::config::{Config, ConfigError};

/// One configuration file as last read.
#[derive(Default)]
struct Loaded {
    /// The last configuration that parsed, still in force while the file is broken.
    good: Option<Arc<Config>>,
    error: Option<ConfigError>,
}

/// A configuration file whose state the user should hear about.
pub enum Report {
    /// It is broken; `kept` says whether an earlier good configuration stays in force.
    Broken { error: ConfigError, kept: bool },
    /// It was broken and is not any more (fixed, or deleted): clear its diagnostic.
    Fixed(PathBuf),
}

#[derive(Default)]
pub struct Projects {
    /// The configuration file that applies in each directory looked up (`None`: none).
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    files: HashMap<PathBuf, Loaded>,
    reports: Vec<Report>,
}

impl Projects {
    /// The configuration of the document at `path` (`None`: not a file), or the one in
    /// `explicit` (the `config` setting) for every document.
    pub fn for_document(
        &mut self,
        path: Option<&Path>,
        explicit: Option<&Path>,
    ) -> Option<Arc<Config>> {
        let file = match explicit {
            Some(explicit) => explicit.to_owned(),
            None => self.find(path?.parent()?)?,
        };
        match self.files.get(&file) {
            Some(loaded) => loaded.good.clone(),
            None => self.read(file),
        }
    }

    /// The configuration file for directory `dir`: its own, else its parent's.
    fn find(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.by_dir.get(dir) {
            return found.clone();
        }
        let found = Config::in_dir(dir).or_else(|| self.find(dir.parent()?));
        self.by_dir.insert(dir.to_owned(), found.clone());
        found
    }

    /// Reads `file` again; an error is reported when it is new.
    fn read(&mut self, file: PathBuf) -> Option<Arc<Config>> {
        let loaded = self.files.entry(file.clone()).or_default();
        match Config::load(&file) {
            Ok(config) => {
                loaded.good = Some(Arc::new(config));
                if loaded.error.take().is_some() {
                    self.reports.push(Report::Fixed(file));
                }
            }
            Err(error) if loaded.error.as_ref() != Some(&error) => {
                loaded.error = Some(error.clone());
                let kept = loaded.good.is_some();
                self.reports.push(Report::Broken { error, kept });
            }
            Err(_) => {}
        }
        loaded.good.clone()
    }

    /// Configuration files changed on disk (created, changed or deleted): every lookup is
    /// done again, and every file read so far is read again.
    pub fn reload(&mut self) {
        self.by_dir.clear();
        let files: Vec<PathBuf> = self.files.keys().cloned().collect();
        for file in files {
            if file.is_file() {
                self.read(file);
            } else if let Some(gone) = self.files.remove(&file)
                && gone.error.is_some()
            {
                self.reports.push(Report::Fixed(file));
            }
        }
    }

    /// What the user should hear about since the last call.
    pub fn take_reports(&mut self) -> Vec<Report> {
        std::mem::take(&mut self.reports)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_file_keeps_the_last_good_configuration_and_reports_once() {
        let dir = tempfile::tempdir().unwrap();
        let toml = dir.path().join("wslsp.toml");
        let doc = dir.path().join("src/a.js");
        std::fs::write(&toml, "[rules]\nreserved-code = \"off\"\n").unwrap();
        let mut projects = Projects::default();
        let config = projects.for_document(Some(&doc), None).unwrap();
        assert!(config.level("reserved-code").is_some());
        assert!(projects.take_reports().is_empty());

        std::fs::write(&toml, "[rules]\nreserved-code = \"loud\"\n").unwrap();
        projects.reload();
        let config = projects.for_document(Some(&doc), None).unwrap();
        assert!(config.level("reserved-code").is_some(), "the last good one");
        let reports = projects.take_reports();
        assert!(matches!(&reports[..], [Report::Broken { error, kept: true }] if error.line == 2));
        projects.reload();
        assert!(projects.take_reports().is_empty(), "the same error once");

        std::fs::remove_file(&toml).unwrap();
        projects.reload();
        assert!(matches!(&projects.take_reports()[..], [Report::Fixed(p)] if *p == toml));
        assert!(projects.for_document(Some(&doc), None).is_none());
    }
}
