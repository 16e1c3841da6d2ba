//! Manifest evidence: which WebSocket libraries a file is the own code of.
//!
//! A library's sources and tests never import the library itself (`this.close(1009)` in ws's
//! `lib/websocket.js`, `c.Close(StatusPolicyViolation, "")` in coder/websocket), so the
//! evidence an import gives elsewhere comes from the project's manifests instead: the names
//! that `package.json`, `go.mod`, `pyproject.toml`, `setup.cfg`, `PKG-INFO`, `Cargo.toml`,
//! `*.gemspec`, `pubspec.yaml`, `composer.json`, `*.csproj` and `pom.xml` declare in the file's directory
//! and every directory above it, up to a VCS root (a directory holding `.git`) or the file
//! system's root. Each name maps to libraries through their `packages`
//! ([`crate::libraries::owning`]).
//!
//! Only what a manifest says the project *is* counts, never what it depends on: a project
//! that depends on `ws` is not `ws`. Manifests that cannot be read or parsed count as absent.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use crate::languages::Language;
use crate::libraries;

/// A manifest larger than this is not read (no real manifest comes near it).
const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;

/// The manifests of one run, read once per directory and shared between threads.
#[derive(Debug, Default)]
pub struct Manifests {
    /// Directory (absolute) → the libraries whose own code files in it are.
    by_dir: Mutex<HashMap<PathBuf, &'static [&'static str]>>,
}

impl Manifests {
    /// An empty cache.
    pub fn new() -> Manifests {
        Manifests::default()
    }

    /// The ids of the libraries whose own code the file at `path` is (sorted, interned, so it
    /// fits in [`crate::analysis::Options`]); empty when no manifest above it names one.
    /// `path` should be absolute: a relative one stops at its first component.
    pub fn own_libraries(&self, path: &Path) -> &'static [&'static str] {
        match path.parent() {
            Some(dir) => self.in_dir(dir),
            None => &[],
        }
    }

    /// Forgets every directory read so far (a manifest changed).
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// The libraries of `dir`: its own manifests' and, below a VCS root, its parent's. Walks
    /// up in a loop to the first directory already known, then fills the cache downwards.
    fn in_dir(&self, dir: &Path) -> &'static [&'static str] {
        let mut chain: Vec<&Path> = Vec::new();
        let mut above: &'static [&'static str] = &[];
        let mut at = Some(dir);
        while let Some(d) = at {
            if let Some(known) = self.lock().get(d) {
                above = known;
                break;
            }
            chain.push(d);
            // Past a repository's root the manifests belong to another project.
            at = if d.join(".git").exists() {
                None
            } else {
                d.parent()
            };
        }
        for d in chain.into_iter().rev() {
            let mut ids: BTreeSet<&'static str> = above.iter().copied().collect();
            for (name, ecosystem) in names_in_dir(d) {
                ids.extend(libraries::owning(&name, |l| ecosystem.contains(&l)));
            }
            above = intern(ids.into_iter().collect());
            self.lock().insert(d.to_owned(), above);
        }
        above
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, &'static [&'static str]>> {
        // A poisoned cache holds only complete entries: keep using it.
        self.by_dir.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Every distinct set of library ids, leaked once, so that `Options` stays `Copy`. There are
/// as many sets as combinations of libraries seen in one process: a handful.
fn intern(ids: Vec<&'static str>) -> &'static [&'static str] {
    static SETS: LazyLock<Mutex<HashSet<&'static [&'static str]>>> = LazyLock::new(Mutex::default);
    if ids.is_empty() {
        return &[];
    }
    let mut sets = SETS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(known) = sets.get(ids.as_slice()) {
        return known;
    }
    let leaked: &'static [&'static str] = Box::leak(ids.into_boxed_slice());
    sets.insert(leaked);
    leaked
}

/// The languages whose libraries a manifest's name may be (a name means different projects in
/// npm and crates.io: `ws`).
type Ecosystem = &'static [Language];

const JS: Ecosystem = &[Language::JavaScript, Language::TypeScript, Language::Tsx];
const JVM: Ecosystem = &[Language::Java, Language::Kotlin];

/// A manifest: its file name (or extension, for `*.gemspec` and `*.csproj`), how to read its
/// names, and whose libraries they are.
type Reader = (&'static str, fn(&str) -> Vec<String>, Ecosystem);

const BY_NAME: &[Reader] = &[
    ("package.json", json_name, JS),
    ("composer.json", json_name, &[Language::Php]),
    ("go.mod", go_module, &[Language::Go]),
    ("pyproject.toml", pyproject_name, &[Language::Python]),
    ("setup.cfg", setup_cfg_name, &[Language::Python]),
    ("PKG-INFO", pkg_info_name, &[Language::Python]),
    ("Cargo.toml", cargo_name, &[Language::Rust]),
    ("pubspec.yaml", pubspec_name, &[Language::Dart]),
    ("pom.xml", pom_names, JVM),
];

const BY_EXTENSION: &[Reader] = &[
    ("gemspec", gemspec_name, &[Language::Ruby]),
    ("csproj", csproj_names, &[Language::CSharp]),
];

/// File-name patterns of every manifest read (for a client's file watchers; `pyproject.toml`
/// is also a configuration file).
pub const FILE_PATTERNS: &[&str] = &[
    "package.json",
    "composer.json",
    "go.mod",
    "pyproject.toml",
    "setup.cfg",
    "PKG-INFO",
    "Cargo.toml",
    "pubspec.yaml",
    "pom.xml",
    "*.gemspec",
    "*.csproj",
];

/// The names the manifests directly in `dir` declare the project under, each with the
/// languages whose libraries it may name.
pub fn names_in_dir(dir: &Path) -> Vec<(String, Ecosystem)> {
    // One `read_dir` per directory tells which manifests exist: trying to open each name would
    // cost a failed `open` per manifest kind in every directory of the walk.
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let (mut by_name, mut by_extension) = (Vec::new(), Vec::new());
    for entry in entries.flatten() {
        let path = entry.path();
        let file_name = entry.file_name();
        if let Some(order) = BY_NAME.iter().position(|r| file_name == r.0) {
            by_name.push((order, path));
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str());
        let Some(reader) = BY_EXTENSION.iter().find(|r| Some(r.0) == ext) else {
            continue;
        };
        // A project file's stem is its default assembly name.
        if ext == Some("csproj")
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        {
            by_extension.push((stem.to_owned(), reader.2));
        }
        if let Some(text) = read_small(&path) {
            by_extension.extend(read_names(reader, &text));
        }
    }
    // In the tables' order, whatever order the directory lists its files in.
    by_name.sort_by_key(|(order, _)| *order);
    let mut names: Vec<(String, Ecosystem)> = by_name
        .into_iter()
        .filter_map(|(order, path)| Some(read_names(&BY_NAME[order], &read_small(&path)?)))
        .flatten()
        .collect();
    names.extend(by_extension);
    names
}

/// The names `reader` finds in a manifest's `text`, with the reader's languages.
fn read_names(reader: &Reader, text: &str) -> Vec<(String, Ecosystem)> {
    (reader.1)(text)
        .into_iter()
        .map(|n| (n, reader.2))
        .collect()
}

/// A regular file's text, when it exists, is UTF-8 and is at most [`MAX_MANIFEST_BYTES`].
fn read_small(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_MANIFEST_BYTES {
        return None;
    }
    std::fs::read_to_string(path).ok()
}

/// `package.json`, `composer.json`: the top-level `"name"`.
fn json_name(text: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    value["name"]
        .as_str()
        .map(str::to_owned)
        .into_iter()
        .collect()
}

/// `go.mod`: the `module` directive's path (quotes and a trailing comment dropped).
fn go_module(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("module"))
        .filter(|rest| rest.starts_with(char::is_whitespace))
        .map(|rest| {
            rest.split("//")
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"')
        })
        .filter(|path| !path.is_empty())
        .map(str::to_owned)
        .take(1)
        .collect()
}

/// A TOML table's string at `path` (`["project", "name"]`).
fn toml_str(table: &toml::Table, path: &[&str]) -> Option<String> {
    let (last, tables) = path.split_last()?;
    let mut at = table;
    for key in tables {
        at = at.get(*key)?.as_table()?;
    }
    at.get(*last)?.as_str().map(str::to_owned)
}

/// `pyproject.toml`: `[project] name`, else Poetry's `[tool.poetry] name`.
fn pyproject_name(text: &str) -> Vec<String> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    toml_str(&table, &["project", "name"])
        .or_else(|| toml_str(&table, &["tool", "poetry", "name"]))
        .into_iter()
        .collect()
}

/// `Cargo.toml`: `[package] name`.
fn cargo_name(text: &str) -> Vec<String> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    toml_str(&table, &["package", "name"]).into_iter().collect()
}

/// `setup.cfg` (INI): `name` in the `[metadata]` section.
fn setup_cfg_name(text: &str) -> Vec<String> {
    let mut in_metadata = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_metadata = line == "[metadata]";
        } else if in_metadata
            && let Some((key, value)) = line.split_once(['=', ':'])
            && key.trim() == "name"
            && !value.trim().is_empty()
        {
            return vec![value.trim().to_owned()];
        }
    }
    Vec::new()
}

/// `PKG-INFO` (the core metadata of a Python sdist, when `setup.py` computes the name): the
/// `Name:` header.
fn pkg_info_name(text: &str) -> Vec<String> {
    text.lines()
        .take_while(|line| !line.is_empty())
        .filter_map(|line| line.strip_prefix("Name:"))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .take(1)
        .collect()
}

/// `pubspec.yaml`: the top-level `name:` line.
fn pubspec_name(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.strip_prefix("name:"))
        .map(|v| {
            v.split('#')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(['"', '\''])
        })
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .take(1)
        .collect()
}

/// `*.gemspec`: the string assigned to `<spec>.name` (`s.name = "faye-websocket"`).
fn gemspec_name(text: &str) -> Vec<String> {
    for line in text.lines() {
        let Some((lhs, rhs)) = line.split_once('=') else {
            continue;
        };
        if !lhs.trim_end().ends_with(".name") || rhs.starts_with(['=', '~']) {
            continue;
        }
        let rhs = rhs.trim();
        if let Some(quote) = rhs.chars().next().filter(|c| *c == '"' || *c == '\'')
            && let Some(name) = rhs[1..].split(quote).next()
            && !name.is_empty()
        {
            return vec![name.to_owned()];
        }
    }
    Vec::new()
}

/// The text of the first `<tag>…</tag>` element in `xml`.
fn xml_element<'x>(xml: &'x str, tag: &str) -> Option<&'x str> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let len = xml[start..].find(&format!("</{tag}>"))?;
    Some(xml[start..start + len].trim())
}

/// `*.csproj`: `<PackageId>` and `<AssemblyName>` (the file's stem is added by the caller).
fn csproj_names(text: &str) -> Vec<String> {
    ["PackageId", "AssemblyName"]
        .iter()
        .filter_map(|tag| xml_element(text, tag))
        .filter(|name| !name.is_empty() && !name.contains("$("))
        .map(str::to_owned)
        .collect()
}

/// `pom.xml`: `groupId:artifactId` of the project itself, and its `groupId` (the `<parent>`
/// block and dependencies skipped; a missing `groupId` is the parent's).
fn pom_names(text: &str) -> Vec<String> {
    let parent = xml_element(text, "parent").unwrap_or("");
    let mut own = text.to_owned();
    if let (Some(start), Some(end)) = (own.find("<parent>"), own.find("</parent>"))
        && start < end
    {
        own.replace_range(start..end + "</parent>".len(), "");
    }
    // The project's own coordinates come before its dependencies and build plugins.
    let head_end = ["<dependencies>", "<build>", "<dependencyManagement>"]
        .iter()
        .filter_map(|t| own.find(t))
        .min()
        .unwrap_or(own.len());
    let head = &own[..head_end];
    let group = xml_element(head, "groupId").or_else(|| xml_element(parent, "groupId"));
    let artifact = xml_element(head, "artifactId");
    let mut names = Vec::new();
    if let Some(group) = group {
        if let Some(artifact) = artifact {
            names.push(format!("{group}:{artifact}"));
        }
        names.push(group.to_owned());
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_manifest_gives_the_project_name_only() {
        let pkg = r#"{"name": "ws", "dependencies": {"express": "4"}}"#;
        assert_eq!(json_name(pkg), ["ws"]);
        assert!(json_name("{not json").is_empty());
        assert!(json_name(r#"{"name": 3}"#).is_empty());
        let gomod = "// c\nmodule \"github.com/gorilla/websocket\" // x\n\ngo 1.12\n";
        assert_eq!(go_module(gomod), ["github.com/gorilla/websocket"]);
        assert!(go_module("modules x\n").is_empty());
        let py = "[project]\nname = \"websockets\"\n[tool.x]\nname = \"no\"\n";
        assert_eq!(pyproject_name(py), ["websockets"]);
        assert_eq!(pyproject_name("[tool.poetry]\nname = \"p\"\n"), ["p"]);
        assert!(pyproject_name("[project\n").is_empty());
        let pkg_info = "Metadata-Version: 2.1\nName: websockify\nVersion: 0.13.0\n\nName: body\n";
        assert_eq!(pkg_info_name(pkg_info), ["websockify"]);
        let cfg = "[options]\nname = no\n[metadata]\nname = websockify\n";
        assert_eq!(setup_cfg_name(cfg), ["websockify"]);
        assert_eq!(
            cargo_name("[package]\nname = \"tungstenite\"\n"),
            ["tungstenite"]
        );
        assert_eq!(
            pubspec_name("name: web_socket_channel # c\n"),
            ["web_socket_channel"]
        );
        let gem =
            "Gem::Specification.new do |s|\n  s.name    = 'faye-websocket'\n  s.version = '1'\n";
        assert_eq!(gemspec_name(gem), ["faye-websocket"]);
        assert!(gemspec_name("if s.name == 'x'\n").is_empty());
        let csproj = "<Project><PropertyGroup><PackageId>Fleck</PackageId><AssemblyName>$(X)</AssemblyName></PropertyGroup></Project>";
        assert_eq!(csproj_names(csproj), ["Fleck"]);
        let pom = "<project><parent><groupId>org.sonatype.oss</groupId><artifactId>oss-parent</artifactId></parent>\
                   <groupId>org.java-websocket</groupId><artifactId>Java-WebSocket</artifactId>\
                   <dependencies><dependency><groupId>org.slf4j</groupId></dependency></dependencies></project>";
        assert_eq!(
            pom_names(pom),
            ["org.java-websocket:Java-WebSocket", "org.java-websocket"]
        );
        let inherited =
            "<project><parent><groupId>g</groupId></parent><artifactId>a</artifactId></project>";
        assert_eq!(pom_names(inherited), ["g:a", "g"]);
    }

    #[test]
    fn manifests_above_a_file_name_its_libraries_up_to_the_vcs_root() {
        let root = tempfile::tempdir().unwrap();
        let outer = root.path().join("outer");
        let repo = outer.join("repo");
        let lib = repo.join("node_modules/ws/lib");
        std::fs::create_dir_all(&lib).unwrap();
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        // Above the repository: not this project's manifest.
        std::fs::write(
            outer.join("go.mod"),
            "module github.com/gorilla/websocket\n",
        )
        .unwrap();
        std::fs::write(repo.join("package.json"), r#"{"name": "app"}"#).unwrap();
        std::fs::write(
            repo.join("node_modules/ws/package.json"),
            r#"{"name": "ws"}"#,
        )
        .unwrap();
        let manifests = Manifests::new();
        assert_eq!(manifests.own_libraries(&lib.join("websocket.js")), ["ws"]);
        assert!(manifests.own_libraries(&repo.join("server.js")).is_empty());
        // Cached per directory: the same interned slice.
        let again = manifests.own_libraries(&lib.join("sender.js"));
        assert!(std::ptr::eq(
            again,
            manifests.own_libraries(&lib.join("x.js"))
        ));
        assert!(manifests.own_libraries(Path::new("x.js")).is_empty());
        assert!(manifests.own_libraries(Path::new("/")).is_empty());
    }
}
