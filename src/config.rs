//! Project configuration: a `wslsp.toml` file, or the `[tool.wslsp]` table of a
//! `pyproject.toml`, found by walking up from the file being checked (the nearest wins).
//!
//! ```toml
//! [rules]            # per-rule severity: "error" | "warning" | "info" | "hint" | "off"
//! browser-close-code = "warning"
//! [roles]            # the role of sites whose role detection leaves unknown
//! server = ["backend/**"]
//! client = ["web/**"]
//! browser = ["web/static/**"]   # client code that runs in a browser: WHATWG close() rules
//! [files]
//! include = ["src/**"]
//! exclude = ["**/vendor/**"]
//! [limits]
//! file-time-budget-ms = 5000    # per file; 0: no limit (default 2000, `crate::budget`)
//! ```
//!
//! Globs are relative to the directory of the file that holds them, and use gitignore-like
//! syntax (`*` stays within one path component, `**` crosses them). Unknown keys, unknown rule
//! ids, bad severities and bad globs are errors that name the file, line and column.
//!
//! Like the rest of the library, this module knows nothing of LSP or the terminal: the CLI and
//! the server both read a [`Config`] and apply it the same way ([`Config::options_for`],
//! [`Config::is_excluded`], [`apply_levels`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use crate::analysis::Options;
use crate::position::{ColumnUnit, LineIndex};
use crate::roles::Role;
use crate::rules::{self, Finding, Severity};

/// The name of wslsp's own configuration file.
pub const FILE_NAME: &str = "wslsp.toml";
/// The Python project file whose `[tool.wslsp]` table is read too.
pub const PYPROJECT: &str = "pyproject.toml";

/// What a user chose for one rule, in a config file, an LSP setting or a CLI flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The rule reports nothing.
    Off,
    /// The rule reports at this severity instead of its default.
    At(Severity),
}

impl Level {
    /// `"error"`, `"warning"`, `"info"`, `"hint"` or `"off"`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Level> {
        Some(match text {
            "off" => Level::Off,
            "error" => Level::At(Severity::Error),
            "warning" => Level::At(Severity::Warning),
            "info" => Level::At(Severity::Info),
            "hint" => Level::At(Severity::Hint),
            _ => return None,
        })
    }
}

/// The values [`Level::parse`] accepts, as error messages quote them.
pub const LEVELS: &str = "\"error\", \"warning\", \"info\", \"hint\" or \"off\"";

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Level::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("severity must be {LEVELS}, not {text:?}"))
        })
    }
}

/// Keeps the findings whose rule is not off and sets each one's severity to its level;
/// `level` gives the level chosen for a rule id, `None` for its default.
pub fn apply_levels(findings: &mut Vec<Finding>, level: impl Fn(&str) -> Option<Level>) {
    findings.retain_mut(|finding| match level(finding.rule) {
        None => true,
        Some(Level::Off) => false,
        Some(Level::At(severity)) => {
            finding.severity = severity;
            true
        }
    });
}

/// A configuration file that could not be used: its path, where in it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct ConfigError {
    /// The file, as it was found or given.
    pub path: PathBuf,
    /// 1-based line; 1 when the error is about the whole file (it cannot be read).
    pub line: usize,
    /// 1-based column, in characters (Unicode scalar values).
    pub column: usize,
    pub message: String,
}

/// A parsed, valid configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// The file's directory: globs match paths relative to it.
    root: PathBuf,
    rules: BTreeMap<String, Level>,
    server: GlobSet,
    client: GlobSet,
    /// Files whose client code runs in a browser.
    browser: GlobSet,
    /// `None`: every file is included.
    include: Option<GlobSet>,
    exclude: GlobSet,
    /// `[limits] file-time-budget-ms`.
    file_time_budget: Option<std::time::Duration>,
}

/// The schema, as written; spans locate errors found after parsing.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Level>,
    #[serde(default)]
    roles: RawRoles,
    #[serde(default)]
    files: RawFiles,
    #[serde(default)]
    limits: RawLimits,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLimits {
    file_time_budget_ms: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoles {
    #[serde(default)]
    server: Vec<Spanned<String>>,
    #[serde(default)]
    client: Vec<Spanned<String>>,
    #[serde(default)]
    browser: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFiles {
    include: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
}

/// `pyproject.toml`: only `[tool.wslsp]` is read, every other key is someone else's.
#[derive(Deserialize)]
struct Pyproject {
    tool: Option<Tool>,
}

#[derive(Deserialize)]
struct Tool {
    wslsp: Option<Raw>,
}

impl Config {
    /// Reads and validates the configuration in `path`: a `pyproject.toml` (its
    /// `[tool.wslsp]` table, which must be there) or any other name as a `wslsp.toml`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_owned(),
            line: 1,
            column: 1,
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(path, &text)
    }

    /// Validates `text`, the contents of the configuration file `path` (whose name decides
    /// whether it is a `pyproject.toml`, and whose directory globs are relative to).
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let error = |span: Option<std::ops::Range<usize>>, message: String| {
            let at = span.map_or(0, |s| s.start.min(text.len()));
            let position = LineIndex::new(text).position(text, at, ColumnUnit::Char);
            ConfigError {
                path: path.to_owned(),
                line: position.line as usize + 1,
                column: position.column as usize + 1,
                message,
            }
        };
        let toml_error = |e: toml::de::Error| error(e.span(), e.message().to_owned());
        let raw = if is_pyproject(path) {
            toml::from_str::<Pyproject>(text)
                .map_err(toml_error)?
                .tool
                .and_then(|t| t.wslsp)
                .ok_or_else(|| error(None, "there is no [tool.wslsp] table".to_owned()))?
        } else {
            toml::from_str::<Raw>(text).map_err(toml_error)?
        };
        let globs = |list: &[Spanned<String>]| {
            glob_set(list).map_err(|(span, message)| error(Some(span), message))
        };
        let mut rules = BTreeMap::new();
        for (id, level) in raw.rules {
            if rules::by_id(id.get_ref()).is_none() {
                let message = format!(
                    "there is no rule {:?} (`wslsp rules` lists them)",
                    id.get_ref()
                );
                return Err(error(Some(id.span()), message));
            }
            rules.insert(id.into_inner(), level);
        }
        Ok(Config {
            path: path.to_owned(),
            root: path.parent().map(Path::to_owned).unwrap_or_default(),
            rules,
            server: globs(&raw.roles.server)?,
            client: globs(&raw.roles.client)?,
            browser: globs(&raw.roles.browser)?,
            include: raw.files.include.as_deref().map(globs).transpose()?,
            exclude: globs(&raw.files.exclude)?,
            file_time_budget: raw
                .limits
                .file_time_budget_ms
                .map(std::time::Duration::from_millis),
        })
    }

    /// The configuration file that applies in directory `dir`: the nearest one in `dir` or
    /// an ancestor, a `wslsp.toml` winning over a `pyproject.toml` in the same directory; a
    /// `pyproject.toml` counts only when it has a `[tool.wslsp]` table.
    pub fn find(dir: &Path) -> Option<PathBuf> {
        dir.ancestors().find_map(Config::in_dir)
    }

    /// The configuration file in `dir` itself, if it holds one (as [`Config::find`]).
    pub fn in_dir(dir: &Path) -> Option<PathBuf> {
        let own = dir.join(FILE_NAME);
        if own.is_file() {
            return Some(own);
        }
        let pyproject = dir.join(PYPROJECT);
        let text = std::fs::read_to_string(&pyproject).ok()?;
        declares_wslsp(&text).then_some(pyproject)
    }

    /// The configuration for the file `path`: [`Config::find`] from its directory, then
    /// [`Config::load`]. `Ok(None)` when no configuration file applies.
    pub fn discover(path: &Path) -> Result<Option<Config>, ConfigError> {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let dir = path.parent().unwrap_or(&path);
        Config::find(dir)
            .map(|found| Config::load(&found))
            .transpose()
    }

    /// How long one file's analysis may take (`[limits] file-time-budget-ms`; zero: no
    /// limit), if the file says.
    pub fn file_time_budget(&self) -> Option<std::time::Duration> {
        self.file_time_budget
    }

    /// The level chosen for rule `id`, if the file chose one.
    pub fn level(&self, id: &str) -> Option<Level> {
        self.rules.get(id).copied()
    }

    /// `path` relative to the configuration's directory; `None` for a path outside it,
    /// which no glob matches. A relative `path` is taken from the current directory.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        let path = std::path::absolute(path).ok()?;
        let root = std::path::absolute(&self.root).ok()?;
        path.strip_prefix(root).ok().map(Path::to_owned)
    }

    /// The role `[roles]` gives the file `path`: `None` when no glob or both roles match.
    pub fn role_for(&self, path: &Path) -> Option<Role> {
        let relative = self.relative(path)?;
        match (
            self.server.is_match(&relative),
            self.client.is_match(&relative),
        ) {
            (true, false) => Some(Role::Server),
            (false, true) => Some(Role::Client),
            _ => None,
        }
    }

    /// Whether `[files]` leaves `path` out: an `include` list that does not match it, or an
    /// `exclude` glob that does. A file outside the configuration's directory is excluded only
    /// when there is an `include` list.
    pub fn is_excluded(&self, path: &Path) -> bool {
        let Some(relative) = self.relative(path) else {
            return self.include.is_some();
        };
        self.include
            .as_ref()
            .is_some_and(|i| !i.is_match(&relative))
            || self.exclude.is_match(&relative)
    }

    /// The analysis options for the file `path` (its role by glob).
    pub fn options_for(&self, path: &Path) -> Options {
        let browser = self
            .relative(path)
            .is_some_and(|relative| self.browser.is_match(relative));
        Options {
            // Code in a browser is a client's.
            role_for_unknown: self.role_for(path).or(browser.then_some(Role::Client)),
            browser,
            ..Options::default()
        }
    }
}

fn is_pyproject(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == PYPROJECT)
}

/// Whether a `pyproject.toml`'s text has a `[tool.wslsp]` table. Text that is not TOML counts
/// when it names the table, so that its syntax error is reported rather than ignored.
fn declares_wslsp(text: &str) -> bool {
    match text.parse::<toml::Table>() {
        Ok(table) => table.get("tool").and_then(|t| t.get("wslsp")).is_some(),
        Err(_) => text.contains("tool.wslsp"),
    }
}

/// Compiles globs; an error gives the bad glob's span and what is wrong.
fn glob_set(list: &[Spanned<String>]) -> Result<GlobSet, (std::ops::Range<usize>, String)> {
    let mut set = GlobSetBuilder::new();
    for glob in list {
        let compiled = GlobBuilder::new(glob.get_ref())
            .literal_separator(true)
            .build()
            .map_err(|e| (glob.span(), format!("bad glob: {e}")))?;
        set.add(compiled);
    }
    set.build()
        .map_err(|e| (list.first().map_or(0..0, Spanned::span), e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("/p/wslsp.toml"), text)
    }

    const FULL: &str = r#"
[rules]
browser-close-code = "warning"
reserved-code = "off"

[roles]
server = ["backend/**"]
client = ["web/**", "*.client.js"]

[files]
include = ["backend/**", "web/**", "*.js"]
exclude = ["**/generated/**"]
"#;

    #[test]
    fn parses_every_table() {
        let config = parse(FULL).unwrap();
        assert_eq!(
            config.level("browser-close-code"),
            Some(Level::At(Severity::Warning))
        );
        assert_eq!(config.level("reserved-code"), Some(Level::Off));
        assert_eq!(config.level("invalid-code"), None);
        let role = |p: &str| config.role_for(Path::new(p));
        assert_eq!(role("/p/backend/a/ws.ts"), Some(Role::Server));
        assert_eq!(role("/p/web/app.js"), Some(Role::Client));
        assert_eq!(role("/p/x.client.js"), Some(Role::Client));
        // `*` stays within one component; a path outside the config's directory matches nothing.
        assert_eq!(role("/p/lib/x.client.js"), None);
        assert_eq!(role("/q/backend/ws.ts"), None);
        let excluded = |p: &str| config.is_excluded(Path::new(p));
        assert!(!excluded("/p/backend/ws.ts"));
        assert!(excluded("/p/backend/generated/ws.ts"));
        assert!(excluded("/p/lib/ws.ts"), "not included");
        assert!(excluded("/q/web/ws.ts"), "outside, with an include list");
        assert_eq!(
            config.options_for(Path::new("/p/backend/ws.ts")),
            Options {
                role_for_unknown: Some(Role::Server),
                browser: false,
                ..Options::default()
            }
        );
    }

    #[test]
    fn an_empty_file_changes_nothing() {
        let config = parse("").unwrap();
        assert!(!config.is_excluded(Path::new("/anywhere/a.js")));
        assert_eq!(config.role_for(Path::new("/p/a.js")), None);
    }

    fn error_at(text: &str) -> (usize, usize, String) {
        let e = parse(text).unwrap_err();
        assert_eq!(e.path, Path::new("/p/wslsp.toml"));
        (e.line, e.column, e.message)
    }

    #[test]
    fn errors_name_the_line_and_what_is_wrong() {
        let (line, _, message) = error_at("[rules]\n\nno-such-rule = \"error\"\n");
        assert_eq!(line, 3);
        assert!(message.contains("no-such-rule"), "{message}");

        let (line, _, message) = error_at("[rules]\nreserved-code = \"loud\"\n");
        assert_eq!(line, 2);
        assert!(
            message.contains("loud") && message.contains("\"off\""),
            "{message}"
        );

        let (line, _, message) = error_at("[files]\nexclude = [\"ok/**\",\n  \"a/{b\"]\n");
        assert_eq!(line, 3);
        assert!(message.contains("bad glob"), "{message}");

        let (line, _, message) = error_at("[roles]\nserver = [\"a\"]\nbrowsers = [\"b\"]\n");
        assert_eq!(line, 3);
        assert!(message.contains("browsers"), "{message}");

        let (line, _, message) = error_at("[severity]\n");
        assert_eq!(line, 1);
        assert!(message.contains("severity"), "{message}");

        let (line, column, _) = error_at("[rules]\nreserved-code = \n");
        assert_eq!((line, column), (2, 17));

        let e = Config::load(Path::new("/no/such/dir/wslsp.toml")).unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
        assert!(
            e.to_string()
                .starts_with("/no/such/dir/wslsp.toml:1:1: cannot read")
        );
    }

    #[test]
    fn errors_count_columns_in_characters() {
        let e = parse("[files]\nexclude = [\"é/**\", \"[\"]\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 20));
    }

    fn write(dir: &Path, name: &str, text: &str) {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn discovery_takes_the_nearest_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "wslsp.toml", "[rules]\nreserved-code = \"off\"\n");
        write(root, "a/wslsp.toml", "[rules]\nreserved-code = \"hint\"\n");
        write(root, "a/b/c/x.js", "");
        write(root, "d/x.js", "");
        let level = |file: &str| {
            Config::discover(&root.join(file))
                .unwrap()
                .unwrap()
                .level("reserved-code")
        };
        assert_eq!(level("a/b/c/x.js"), Some(Level::At(Severity::Hint)));
        assert_eq!(level("d/x.js"), Some(Level::Off));
        assert_eq!(
            Config::find(&root.join("a/b")),
            Some(root.join("a/wslsp.toml"))
        );
    }

    #[test]
    fn pyproject_counts_only_with_a_tool_wslsp_table() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "wslsp.toml", "[rules]\nreserved-code = \"off\"\n");
        // Someone else's pyproject.toml: discovery goes on up.
        write(
            root,
            "py/pyproject.toml",
            "[tool.ruff]\nline-length = 100\n",
        );
        assert_eq!(
            Config::find(&root.join("py")),
            Some(root.join("wslsp.toml"))
        );
        // Ours: it wins over the one further up, and its errors point into the whole file.
        write(
            root,
            "ours/pyproject.toml",
            "[project]\nname = \"x\"\n\n[tool.wslsp.rules]\nreserved-code = \"warning\"\n",
        );
        let config = Config::discover(&root.join("ours/m.py")).unwrap().unwrap();
        assert_eq!(config.path, root.join("ours/pyproject.toml"));
        assert_eq!(
            config.level("reserved-code"),
            Some(Level::At(Severity::Warning))
        );
        write(
            root,
            "bad/pyproject.toml",
            "[project]\nname = \"x\"\n[tool.wslsp.rules]\nnope = \"off\"\n",
        );
        let e = Config::discover(&root.join("bad/m.py")).unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        // In one directory, wslsp.toml wins.
        write(root, "ours/wslsp.toml", "");
        assert_eq!(
            Config::find(&root.join("ours")),
            Some(root.join("ours/wslsp.toml"))
        );
    }

    #[test]
    fn levels_retune_and_remove_findings() {
        let text = "const s = new WebSocket(u);\ns.close(1006);\ns.close(2001);\n";
        let mut findings =
            crate::analysis::analyze(crate::languages::Language::JavaScript, text).findings;
        let before: Vec<_> = findings.iter().map(|f| f.rule).collect();
        assert!(before.contains(&"reserved-code") && before.contains(&"unassigned-code"));
        apply_levels(&mut findings, |rule| match rule {
            "reserved-code" => Some(Level::Off),
            "unassigned-code" => Some(Level::At(Severity::Hint)),
            _ => None,
        });
        assert!(findings.iter().all(|f| f.rule != "reserved-code"));
        let unassigned = findings
            .iter()
            .find(|f| f.rule == "unassigned-code")
            .unwrap();
        assert_eq!(unassigned.severity, Severity::Hint);
        assert_eq!(findings.len(), before.len() - 1);
    }
}
