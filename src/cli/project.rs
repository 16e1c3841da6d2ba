//! The project configuration as `wslsp check` applies it: `--config`, else the `wslsp.toml`
//! (or `pyproject.toml` with `[tool.wslsp]`) nearest each file, found once per directory;
//! then the severity flags (`--error RULE`, `--warn RULE`, …), which win over the file.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use wslsp::analysis::Options;
use wslsp::config::{self, Config, ConfigError, Level};
use wslsp::manifest::Manifests;
use wslsp::rules::{self, Finding};

/// What applies to one file.
pub struct FileConfig {
    pub options: Options,
    /// `[limits] file-time-budget-ms` of the file's configuration, if it sets one.
    pub time_budget: Option<std::time::Duration>,
    /// `[files]` leaves the file out.
    pub excluded: bool,
    config: Option<Arc<Config>>,
}

/// The configurations of one run, shared by the walker's threads.
pub struct Project {
    /// `--config PATH`: used for every file instead of discovery.
    explicit: Option<Arc<Config>>,
    /// The configuration that applies in each directory seen so far (`None`: none does, or
    /// the one that would is broken).
    by_dir: Mutex<HashMap<PathBuf, Option<Arc<Config>>>>,
    /// Broken configuration files met, each once.
    errors: Mutex<Vec<ConfigError>>,
    /// Levels from the command line, by rule id.
    flags: BTreeMap<String, Level>,
    /// The project manifests above each file (which library's own code it is), read once
    /// per directory.
    manifests: Manifests,
}

impl Project {
    /// `explicit` is `--config`'s file, already loaded; `flags` the levels from the
    /// command line.
    pub fn new(explicit: Option<Config>, flags: BTreeMap<String, Level>) -> Project {
        Project {
            explicit: explicit.map(Arc::new),
            by_dir: Mutex::default(),
            errors: Mutex::default(),
            flags,
            manifests: Manifests::new(),
        }
    }

    /// What applies to the file `path` (as walked, relative to the current directory or not).
    pub fn for_file(&self, path: &Path) -> FileConfig {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let config = match &self.explicit {
            Some(config) => Some(Arc::clone(config)),
            None => absolute.parent().and_then(|dir| self.in_dir(dir)),
        };
        let options = config
            .as_ref()
            .map(|c| c.options_for(&absolute))
            .unwrap_or_default();
        FileConfig {
            options: Options {
                own_libraries: self.manifests.own_libraries(&absolute),
                ..options
            },
            time_budget: config.as_ref().and_then(|c| c.file_time_budget()),
            excluded: config.as_ref().is_some_and(|c| c.is_excluded(&absolute)),
            config,
        }
    }

    /// The configuration that applies in `dir` (absolute): its own file, else its parent's.
    fn in_dir(&self, dir: &Path) -> Option<Arc<Config>> {
        if let Some(known) = self.by_dir.lock().unwrap().get(dir) {
            return known.clone();
        }
        let found = match Config::in_dir(dir) {
            Some(file) => match Config::load(&file) {
                Ok(config) => Some(Arc::new(config)),
                Err(e) => {
                    self.errors.lock().unwrap().push(e);
                    None
                }
            },
            None => dir.parent().and_then(|parent| self.in_dir(parent)),
        };
        // Two threads may both look a directory up; the first answer is kept, and an error is
        // reported once because `errors` is deduplicated in `into_errors`.
        self.by_dir
            .lock()
            .unwrap()
            .entry(dir.to_owned())
            .or_insert(found)
            .clone()
    }

    /// Applies the levels to one file's findings: the command line's, else the file's, else
    /// the rule's default in `check` (off for `magic-close-code` until one of them enables it).
    pub fn apply_levels(&self, file: &FileConfig, findings: &mut Vec<Finding>) {
        config::apply_levels(findings, |rule| {
            self.flags
                .get(rule)
                .copied()
                .or_else(|| file.config.as_ref()?.level(rule))
                .or_else(|| {
                    rules::default_severity_in_check(rule)
                        .is_none()
                        .then_some(Level::Off)
                })
        });
    }

    /// The broken configuration files met, sorted, each once.
    pub fn into_errors(self) -> Vec<ConfigError> {
        let mut errors = self.errors.into_inner().unwrap();
        errors.sort_by(|a, b| a.path.cmp(&b.path));
        errors.dedup();
        errors
    }
}

/// The levels of `--error`, `--warn`, `--info`, `--hint` and `--off`, by rule id. An unknown
/// rule id, or a rule given two different levels, is a usage error (its message).
pub fn levels_from_flags(flags: &[(Level, &[String])]) -> Result<BTreeMap<String, Level>, String> {
    let mut levels = BTreeMap::new();
    for (level, ids) in flags {
        for id in *ids {
            if rules::by_id(id).is_none() {
                return Err(format!("there is no rule {id:?}; `wslsp rules` lists them"));
            }
            if levels
                .insert(id.clone(), *level)
                .is_some_and(|old| old != *level)
            {
                return Err(format!("rule {id:?} is given two different severities"));
            }
        }
    }
    Ok(levels)
}
